// NAS-Bench-201 cell: 6 genes (edges 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2 in arch-string order),
// each an op in 0..4 = none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3.
// Every genome is valid; isomorphism follows NATS-Bench: a class per 15,625 cells is stored in a
// table the host fills once (nb201ClassTable), so canonicalisation is one lookup per genome.
import { rngBelow } from "../common";

export const NB201_LENGTH: i32 = 6;
export const NB201_OPS: i32 = 5;
export const NB201_MOVES: i32 = 24; // 6 edges x 4 other ops
export const NB201_CELLS: i32 = 15625;

// Genome index (base-5, gene 0 most significant) -> index of its class representative.
// Filled by the host from the TypeScript definition of the equivalence (one call at start-up).
let classTable: usize = 0;

export function nb201SetClassTable(ptr: usize): void {
  classTable = ptr;
}

// @ts-ignore: decorator
@inline
export function nb201Index(g: usize): i32 {
  let index = 0;
  for (let i = 0; i < NB201_LENGTH; i++) index = index * NB201_OPS + <i32>load<u8>(g + <usize>i);
  return index;
}

export function nb201FromIndex(index: i32, out: usize): void {
  for (let i = NB201_LENGTH - 1; i >= 0; i--) {
    store<u8>(out + <usize>i, <u8>(index % NB201_OPS));
    index /= NB201_OPS;
  }
}

export function nb201Canonicalize(g: usize): bool {
  if (classTable == 0) return true;
  nb201FromIndex(load<u16>(classTable + (<usize>nb201Index(g) << 1)), g);
  return true;
}

export function nb201Sample(out: usize): void {
  for (let i = 0; i < NB201_LENGTH; i++) store<u8>(out + <usize>i, <u8>rngBelow(NB201_OPS));
}

/** Move k: edge k/4 takes the (k%4)-th op other than its current one. */
export function nb201ApplyMove(src: usize, dst: usize, k: i32): bool {
  memory.copy(dst, src, NB201_LENGTH);
  const edge = k >> 2;
  const current = <i32>load<u8>(src + <usize>edge);
  let op = k & 3;
  if (op >= current) op++;
  store<u8>(dst + <usize>edge, <u8>op);
  return true;
}

export function nb201EditDistance(a: usize, b: usize): i32 {
  let d = 0;
  for (let i = 0; i < NB201_LENGTH; i++) d += i32(load<u8>(a + <usize>i) != load<u8>(b + <usize>i));
  return d;
}
