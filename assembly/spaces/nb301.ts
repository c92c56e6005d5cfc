// PLACEHOLDER: filled in by the nb301 space work; returns "not a member" for everything until then.
export const NB301_LENGTH: i32 = 32;
export const NB301_MOVES: i32 = 1;
export function nb301Canonicalize(g: usize): bool { return false; }
export function nb301Sample(out: usize): void { memory.fill(out, 0, NB301_LENGTH); }
export function nb301ApplyMove(src: usize, dst: usize, k: i32): bool { return false; }
export function nb301EditDistance(a: usize, b: usize): i32 { return -1; }
