// FairNAS supernet: 19 searchable MBConv layers, each one of 6 choices, one gene per layer:
// choice = 3 * (expansion == 6) + (kernel - 3) / 2, i.e. 0 k3e3, 1 k5e3, 2 k7e3, 3 k3e6, 4 k5e6, 5 k7e6
// (the ids of FairNAS's model_meta lists). Every genome is valid and distinct, so it is canonical.
// The TypeScript reference (src/spaces/fairnas/index.ts) mirrors this file draw for draw.
import { rngBelow } from "../common";

export const FAIRNAS_LENGTH: i32 = 19;
export const FAIRNAS_CHOICES: i32 = 6;
export const FAIRNAS_MOVES: i32 = FAIRNAS_LENGTH * (FAIRNAS_CHOICES - 1); // 95

/** Validates every gene (< 6); the genome is already canonical. */
export function fairnasCanonicalize(g: usize): bool {
  for (let i = 0; i < FAIRNAS_LENGTH; i++) {
    if (<i32>load<u8>(g + <usize>i) >= FAIRNAS_CHOICES) return false;
  }
  return true;
}

export function fairnasSample(out: usize): void {
  for (let i = 0; i < FAIRNAS_LENGTH; i++) store<u8>(out + <usize>i, <u8>rngBelow(FAIRNAS_CHOICES));
}

/** Move k: layer k/5 takes the (k%5)-th choice other than its current one. */
export function fairnasApplyMove(src: usize, dst: usize, k: i32): bool {
  if (<u32>k >= <u32>FAIRNAS_MOVES) return false;
  const gene = k / (FAIRNAS_CHOICES - 1);
  let value = k % (FAIRNAS_CHOICES - 1);
  if (value >= <i32>load<u8>(src + <usize>gene)) value++;
  memory.copy(dst, src, FAIRNAS_LENGTH);
  store<u8>(dst + <usize>gene, <u8>value);
  return true;
}

/** Hamming distance over layers: each differing layer needs exactly one move. */
export function fairnasEditDistance(a: usize, b: usize): i32 {
  let d = 0;
  for (let i = 0; i < FAIRNAS_LENGTH; i++) d += i32(load<u8>(a + <usize>i) != load<u8>(b + <usize>i));
  return d;
}
