// SPOS (Single Path One-Shot) ShuffleNetV2 supernet: 20 choice blocks, each one of 4 choices
// (0 ShuffleNet 3x3, 1 ShuffleNet 5x5, 2 ShuffleNet 7x7, 3 Shuffle-Xception), one gene per block.
// Every genome is valid and distinct (a fixed-depth chain: no isomorphisms), so the canonical form is
// the genome itself. The TypeScript reference (src/spaces/spos/index.ts) mirrors this file draw for draw.
import { rngBelow } from "../common";

export const SPOS_LENGTH: i32 = 20;
export const SPOS_CHOICES: i32 = 4;
export const SPOS_MOVES: i32 = SPOS_LENGTH * (SPOS_CHOICES - 1); // 60: one block takes another choice

/** Validates every gene (< 4); the genome is already canonical. */
export function sposCanonicalize(g: usize): bool {
  for (let i = 0; i < SPOS_LENGTH; i++) {
    if (<i32>load<u8>(g + <usize>i) >= SPOS_CHOICES) return false;
  }
  return true;
}

export function sposSample(out: usize): void {
  for (let i = 0; i < SPOS_LENGTH; i++) store<u8>(out + <usize>i, <u8>rngBelow(SPOS_CHOICES));
}

/** Move k: block k/3 takes the (k%3)-th choice other than its current one. */
export function sposApplyMove(src: usize, dst: usize, k: i32): bool {
  if (<u32>k >= <u32>SPOS_MOVES) return false;
  const gene = k / (SPOS_CHOICES - 1);
  let value = k % (SPOS_CHOICES - 1);
  if (value >= <i32>load<u8>(src + <usize>gene)) value++;
  memory.copy(dst, src, SPOS_LENGTH);
  store<u8>(dst + <usize>gene, <u8>value);
  return true;
}

/** Hamming distance over blocks: each differing block needs exactly one move. */
export function sposEditDistance(a: usize, b: usize): i32 {
  let d = 0;
  for (let i = 0; i < SPOS_LENGTH; i++) d += i32(load<u8>(a + <usize>i) != load<u8>(b + <usize>i));
  return d;
}
