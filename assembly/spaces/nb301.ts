// NAS-Bench-301 / DARTS cells: a normal and a reduce cell, each with 4 intermediate nodes k = 0..3
// (node ids 2..5) taking two distinct inputs from {0, .., k+1}, every edge with one of 7 ops
// (max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5).
// Genome (32 bytes): gene cell*16 + node*4 + edge*2 + {0: input node, 1: op}.
// Canonical form: each node's two edges ordered by input (inputs are distinct, so the op never decides).
// Node relabellings are NOT identified: the canonical form is pair-sorted only.
// The TypeScript reference (src/spaces/nb301/genome.ts) mirrors this file draw for draw.
import { rngBelow, copyGenome } from "../common";

export const NB301_LENGTH: i32 = 32;
export const NB301_OPS: i32 = 7;
const CELL_GENES: i32 = 16;
const NODES: i32 = 4;
// Moves per cell: node k has 2 edges x (6 other ops + (k+1) other inputs) = 2(k+7) -> 14+16+18+20.
const CELL_MOVES: i32 = 68;
export const NB301_MOVES: i32 = 2 * CELL_MOVES;

/** Validates every node (inputs in range and distinct, ops in range), then sorts each node's pair. */
export function nb301Canonicalize(g: usize): bool {
  for (let node = 0; node < 2 * NODES; node++) {
    const base = g + <usize>(node << 2);
    const limit = <u32>((node & 3) + 2);
    const in0 = <u32>load<u8>(base);
    const in1 = <u32>load<u8>(base + 2);
    if (in0 >= limit || in1 >= limit || in0 == in1) return false;
    if (<i32>load<u8>(base + 1) >= NB301_OPS || <i32>load<u8>(base + 3) >= NB301_OPS) return false;
  }
  for (let node = 0; node < 2 * NODES; node++) {
    const base = g + <usize>(node << 2);
    if (load<u8>(base) > load<u8>(base + 2)) {
      const edge0 = load<u16>(base);
      store<u16>(base, load<u16>(base + 2));
      store<u16>(base + 2, edge0);
    }
  }
  return true;
}

/**
 * Per node: an ordered pair of distinct inputs drawn uniformly (first input, its op, second input, its op),
 * so after pair sorting every canonical genome has probability 1 / (size of the canonical space).
 */
export function nb301Sample(out: usize): void {
  for (let node = 0; node < 2 * NODES; node++) {
    const base = out + <usize>(node << 2);
    const inputs = <u32>((node & 3) + 2);
    const first = rngBelow(inputs);
    store<u8>(base, <u8>first);
    store<u8>(base + 1, <u8>rngBelow(NB301_OPS));
    let second = rngBelow(inputs - 1);
    if (second >= first) second++;
    store<u8>(base + 2, <u8>second);
    store<u8>(base + 3, <u8>rngBelow(NB301_OPS));
  }
}

/**
 * Move k (0..135): cell k / 68; within a cell node k's block of 2(k+7) moves starts at 0, 14, 30, 48.
 * In a block, edge = r / (k+7), t = r % (k+7): t < 6 sets the t-th op other than the current one,
 * t >= 6 sets the (t-6)-th input other than the current one; false when that input is the sibling's.
 */
export function nb301ApplyMove(src: usize, dst: usize, k: i32): bool {
  if (<u32>k >= <u32>NB301_MOVES) return false;
  const cell = k / CELL_MOVES;
  let r = k % CELL_MOVES;
  let node = 0;
  if (r >= 48) { node = 3; r -= 48; }
  else if (r >= 30) { node = 2; r -= 30; }
  else if (r >= 14) { node = 1; r -= 14; }
  const perEdge = node + 7;
  const edge = r / perEdge;
  const t = r % perEdge;
  const nodeBase = cell * CELL_GENES + (node << 2);
  const gene = nodeBase + (edge << 1);
  if (t < NB301_OPS - 1) {
    const current = <i32>load<u8>(src + <usize>(gene + 1));
    let op = t;
    if (op >= current) op++;
    copyGenome(dst, src, NB301_LENGTH);
    store<u8>(dst + <usize>(gene + 1), <u8>op);
    return true;
  }
  const current = <i32>load<u8>(src + <usize>gene);
  let input = t - (NB301_OPS - 1);
  if (input >= current) input++;
  const sibling = <i32>load<u8>(src + <usize>(nodeBase + ((1 - edge) << 1)));
  if (input == sibling) return false;
  copyGenome(dst, src, NB301_LENGTH);
  store<u8>(dst + <usize>gene, <u8>input);
  return true;
}

/**
 * Sum over the 8 nodes of the smaller Hamming distance of the two matchings of their edges.
 * Equal to the shortest walk of valid moves (proof in src/spaces/nb301/genome.ts).
 */
export function nb301EditDistance(a: usize, b: usize): i32 {
  let d = 0;
  for (let node = 0; node < 2 * NODES; node++) {
    const offset = <usize>(node << 2);
    const a0 = load<u8>(a + offset), a1 = load<u8>(a + offset + 1), a2 = load<u8>(a + offset + 2), a3 = load<u8>(a + offset + 3);
    const b0 = load<u8>(b + offset), b1 = load<u8>(b + offset + 1), b2 = load<u8>(b + offset + 2), b3 = load<u8>(b + offset + 3);
    const straight = i32(a0 != b0) + i32(a1 != b1) + i32(a2 != b2) + i32(a3 != b3);
    const crossed = i32(a0 != b2) + i32(a1 != b3) + i32(a2 != b0) + i32(a3 != b1);
    d += min(straight, crossed);
  }
  return d;
}
