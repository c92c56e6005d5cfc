// TransNAS-Bench-101 micro cell: 4 nodes, 6 edges in arch-string order (1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2),
// each an op in 0..3 = none, skip_connect, nor_conv_1x1, nor_conv_3x3. Every genome is a member; the
// benchmark trains and reports all 4,096 cells separately, so the canonical form is the genome itself.
// The TypeScript reference (src/spaces/tnb101-micro/genome.ts) mirrors this file draw for draw.
import { rngBelow } from "../common";

export const TNB101_MICRO_LENGTH: i32 = 6;
export const TNB101_MICRO_OPS: i32 = 4;
export const TNB101_MICRO_MOVES: i32 = 18; // 6 edges x 3 other ops

export function tnb101MicroCanonicalize(g: usize): bool {
  for (let i = 0; i < TNB101_MICRO_LENGTH; i++) if (<i32>load<u8>(g + <usize>i) >= TNB101_MICRO_OPS) return false;
  return true;
}

export function tnb101MicroSample(out: usize): void {
  for (let i = 0; i < TNB101_MICRO_LENGTH; i++) store<u8>(out + <usize>i, <u8>rngBelow(TNB101_MICRO_OPS));
}

/** Move k (0..17): edge k/3 takes the (k%3)-th op other than its current one. */
export function tnb101MicroApplyMove(src: usize, dst: usize, k: i32): bool {
  if (<u32>k >= <u32>TNB101_MICRO_MOVES) return false;
  memory.copy(dst, src, TNB101_MICRO_LENGTH);
  const edge = k / 3;
  const current = <i32>load<u8>(src + <usize>edge);
  let op = k % 3;
  if (op >= current) op++;
  store<u8>(dst + <usize>edge, <u8>op);
  return true;
}

/** Hamming distance: one move changes one edge, and any edge can take any op. */
export function tnb101MicroEditDistance(a: usize, b: usize): i32 {
  let d = 0;
  for (let i = 0; i < TNB101_MICRO_LENGTH; i++) d += i32(load<u8>(a + <usize>i) != load<u8>(b + <usize>i));
  return d;
}
