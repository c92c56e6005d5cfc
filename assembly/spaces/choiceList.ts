// Genomes of independent categorical choices (SPOS, FairNAS, Accel-NASBench MnasNet): one gene per decision,
// every combination valid and distinct (a fixed network skeleton, no isomorphisms), so the canonical form
// is the genome itself. A space is a static u8 table that the space's file defines with memory.data:
//   byte 0: number of genes L (1..255);
//   byte 1: the cardinality all genes share, or 0 when they differ (lets applyMove divide instead of scan);
//   bytes 2..L+1: cardinality of gene i (2..255); gene i takes the values 0..cardinality - 1.
// The TypeScript reference (src/spaces/spos/choiceGenome.ts, choiceReference) mirrors this file draw for draw.
import { rngBelow } from "../common";

// @ts-ignore: decorator
@inline
export function choiceLength(table: usize): i32 {
  return <i32>load<u8>(table);
}

// @ts-ignore: decorator
@inline
function cardinality(table: usize, gene: i32): i32 {
  return <i32>load<u8>(table + 2 + <usize>gene);
}

/** Moves addressable by choiceApplyMove: cardinality(i) - 1 per gene (one per other value). */
export function choiceMoveCount(table: usize): i32 {
  const length = choiceLength(table);
  let moves = 0;
  for (let i = 0; i < length; i++) moves += cardinality(table, i) - 1;
  return moves;
}

/** Validates every gene against its cardinality; the genome is already canonical. */
export function choiceCanonicalize(table: usize, g: usize): bool {
  const length = choiceLength(table);
  for (let i = 0; i < length; i++) {
    if (<i32>load<u8>(g + <usize>i) >= cardinality(table, i)) return false;
  }
  return true;
}

/** One draw per gene, in gene order. */
export function choiceSample(table: usize, out: usize): void {
  const length = choiceLength(table);
  for (let i = 0; i < length; i++) store<u8>(out + <usize>i, <u8>rngBelow(<u32>cardinality(table, i)));
}

/**
 * Move k: genes in order, gene i owning cardinality(i) - 1 consecutive moves, the r-th of which sets
 * its r-th value other than the current one.
 */
export function choiceApplyMove(table: usize, src: usize, dst: usize, k: i32): bool {
  if (k < 0) return false;
  const length = choiceLength(table);
  const shared = <i32>load<u8>(table + 1);
  let gene = 0;
  let r = k;
  if (shared != 0) {
    gene = k / (shared - 1);
    r = k % (shared - 1);
    if (gene >= length) return false;
  } else {
    while (r >= cardinality(table, gene) - 1) {
      r -= cardinality(table, gene) - 1;
      if (++gene == length) return false;
    }
  }
  if (r >= <i32>load<u8>(src + <usize>gene)) r++;
  memory.copy(dst, src, length);
  store<u8>(dst + <usize>gene, <u8>r);
  return true;
}

/** Hamming distance: each differing gene needs exactly one move. */
export function choiceEditDistance(table: usize, a: usize, b: usize): i32 {
  const length = choiceLength(table);
  let d = 0;
  for (let i = 0; i < length; i++) d += i32(load<u8>(a + <usize>i) != load<u8>(b + <usize>i));
  return d;
}
