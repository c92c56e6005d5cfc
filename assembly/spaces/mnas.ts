// Accel-NASBench MnasNet/EfficientNet-style space: 7 blocks, each with 4 genes
// (gene 4*block + {0: expansion index in (1, 4, 6), 1: kernel index in (3, 5),
//  2: layers - 1 (1..3; block 5: 1..4), 3: squeeze-excite 0 = off, 1 = on}).
// Every genome is valid and distinct (the benchmark trains each config as its own network), so it is
// canonical. The TypeScript reference (src/spaces/mnas/index.ts) mirrors this file draw for draw.
import { rngBelow } from "../common";

export const MNAS_LENGTH: i32 = 28;
// Moves per gene = cardinality - 1: 2 + 1 + 2 + 1 per block, block 5 has one more layer choice.
export const MNAS_MOVES: i32 = 7 * 6 + 1;

/** Number of values of gene i. */
// @ts-ignore: decorator
@inline
function cardinality(i: i32): i32 {
  const field = i & 3;
  if (field == 0) return 3;
  if (field == 2) return (i >> 2) == 5 ? 4 : 3;
  return 2;
}

/** Validates every gene against its cardinality; the genome is already canonical. */
export function mnasCanonicalize(g: usize): bool {
  for (let i = 0; i < MNAS_LENGTH; i++) {
    if (<i32>load<u8>(g + <usize>i) >= cardinality(i)) return false;
  }
  return true;
}

export function mnasSample(out: usize): void {
  for (let i = 0; i < MNAS_LENGTH; i++) store<u8>(out + <usize>i, <u8>rngBelow(<u32>cardinality(i)));
}

/** Move k: genes in order, gene i owning cardinality(i) - 1 consecutive moves to its other values. */
export function mnasApplyMove(src: usize, dst: usize, k: i32): bool {
  if (<u32>k >= <u32>MNAS_MOVES) return false;
  let gene = 0;
  let r = k;
  while (r >= cardinality(gene) - 1) {
    r -= cardinality(gene) - 1;
    gene++;
  }
  if (r >= <i32>load<u8>(src + <usize>gene)) r++;
  memory.copy(dst, src, MNAS_LENGTH);
  store<u8>(dst + <usize>gene, <u8>r);
  return true;
}

/** Hamming distance over the 28 genes: each differing gene needs exactly one move. */
export function mnasEditDistance(a: usize, b: usize): i32 {
  let d = 0;
  for (let i = 0; i < MNAS_LENGTH; i++) d += i32(load<u8>(a + <usize>i) != load<u8>(b + <usize>i));
  return d;
}
