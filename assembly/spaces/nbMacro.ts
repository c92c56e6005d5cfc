// NAS-Bench-Macro: 8 layers in 3 stages (layers 0-1, 2-4, 5-7), each layer 0 = identity, 1 = MBv2 k3 e3,
// 2 = MBv2 k5 e6. The first layer of a stage downsamples (stride 2, channels x2) whatever its choice;
// an identity elsewhere in a stage computes nothing, so the benchmark maps each code to the network
// with the stage's identities moved to its end: 6,561 codes, 3,969 networks. That move is the
// canonical form here. The TypeScript reference (src/spaces/nb-macro/genome.ts) mirrors this file.
import { rngBelow } from "../common";

export const NB_MACRO_LENGTH: i32 = 8;
export const NB_MACRO_OPS: i32 = 3;
// 8 layers x 2 other choices, then 4 insertions in front of a one-block tail (stages 1, 2 x ops 1, 2)
export const NB_MACRO_MOVES: i32 = 20;

/** Stable partition of a stage tail (layers after its first): non-identities first, identities last. */
// @ts-ignore: decorator
@inline
function sortTail(g: usize, first: i32, end: i32): void {
  let write = first;
  for (let i = first; i < end; i++) {
    const op = load<u8>(g + <usize>i);
    if (op != 0) {
      store<u8>(g + <usize>write, op);
      write++;
    }
  }
  for (; write < end; write++) store<u8>(g + <usize>write, 0);
}

export function nbMacroCanonicalize(g: usize): bool {
  for (let i = 0; i < NB_MACRO_LENGTH; i++) if (<i32>load<u8>(g + <usize>i) >= NB_MACRO_OPS) return false;
  sortTail(g, 3, 5);
  sortTail(g, 6, 8);
  return true;
}

/** Writes a 2-layer stage tail from t in 0..6: none, one op (1, 2), or two ops (11, 12, 21, 22). */
// @ts-ignore: decorator
@inline
function writeTail(out: usize, t: u32): void {
  if (t == 0) {
    store<u8>(out, 0);
    store<u8>(out + 1, 0);
  } else if (t < 3) {
    store<u8>(out, <u8>t);
    store<u8>(out + 1, 0);
  } else {
    store<u8>(out, <u8>(1 + ((t - 3) >> 1)));
    store<u8>(out + 1, <u8>(1 + ((t - 3) & 1)));
  }
}

/** Uniform over the 3,969 networks: 9 choices of stage 0, then per later stage 3 first layers x 7 tails. */
export function nbMacroSample(out: usize): void {
  store<u8>(out, <u8>rngBelow(3));
  store<u8>(out + 1, <u8>rngBelow(3));
  store<u8>(out + 2, <u8>rngBelow(3));
  writeTail(out + 3, rngBelow(7));
  store<u8>(out + 5, <u8>rngBelow(3));
  writeTail(out + 6, rngBelow(7));
}

/**
 * Move k (0..15): layer k/2 takes the (k%2)-th choice other than its current one. Moves 16..19 insert
 * op 1 + (k & 1) in front of the single block of stage 1 + ((k - 16) >> 1)'s tail ("x0" -> "vx"): a
 * one-layer change of the equivalent code "0x", so walks from canonical codes reach every network at
 * its edit distance.
 */
export function nbMacroApplyMove(src: usize, dst: usize, k: i32): bool {
  if (<u32>k >= <u32>NB_MACRO_MOVES) return false;
  memory.copy(dst, src, NB_MACRO_LENGTH);
  if (k >= 16) {
    const tail = (k - 16) >> 1 == 0 ? 3 : 6;
    const first = load<u8>(src + <usize>tail);
    if (first == 0 || load<u8>(src + <usize>(tail + 1)) != 0) return false;
    store<u8>(dst + <usize>tail, <u8>(1 + (k & 1)));
    store<u8>(dst + <usize>(tail + 1), first);
    return true;
  }
  const layer = k >> 1;
  const current = <i32>load<u8>(src + <usize>layer);
  let op = k & 1;
  if (op >= current) op++;
  store<u8>(dst + <usize>layer, <u8>op);
  return true;
}

/**
 * Levenshtein distance between the non-identity sequences of two 2-layer stage tails (length <= 2):
 * equal lengths -> Hamming; lengths 1 and 2 -> 1 when the single op occurs in the pair, else 2;
 * one empty -> the other's length.
 */
// @ts-ignore: decorator
@inline
function tailDistance(a: usize, b: usize): i32 {
  const a0 = <i32>load<u8>(a), a1 = <i32>load<u8>(a + 1), b0 = <i32>load<u8>(b), b1 = <i32>load<u8>(b + 1);
  // Non-identities first, as canonicalisation would place them.
  const x0 = a0 != 0 ? a0 : a1, x1 = a0 != 0 ? a1 : 0;
  const y0 = b0 != 0 ? b0 : b1, y1 = b0 != 0 ? b1 : 0;
  const m = i32(x0 != 0) + i32(x1 != 0), n = i32(y0 != 0) + i32(y1 != 0);
  if (m == n) return i32(x0 != y0) + i32(x1 != y1);
  if (m == 0) return n;
  if (n == 0) return m;
  if (m == 1) return (x0 == y0 || x0 == y1) ? 1 : 2;
  return (y0 == x0 || y0 == x1) ? 1 : 2;
}

/**
 * Per stage: first layers that differ + Levenshtein distance of the tails' non-identity sequences
 * (stage 0's tail is one layer: Hamming). Equal to the shortest walk between the networks, a move
 * changing one layer in any code of a network (proof in src/spaces/nb-macro/genome.ts); defined on raw
 * codes, invariant under canonicalisation.
 */
export function nbMacroEditDistance(a: usize, b: usize): i32 {
  let d = i32(load<u8>(a) != load<u8>(b)) + i32(load<u8>(a + 1) != load<u8>(b + 1));
  d += i32(load<u8>(a + 2) != load<u8>(b + 2)) + tailDistance(a + 3, b + 3);
  d += i32(load<u8>(a + 5) != load<u8>(b + 5)) + tailDistance(a + 6, b + 6);
  return d;
}
