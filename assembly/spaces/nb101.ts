// PLACEHOLDER: filled in by the nb101 space work; returns "not a member" for everything until then.
export const NB101_LENGTH: i32 = 26;
export const NB101_MOVES: i32 = 1;
export function nb101Canonicalize(g: usize): bool { return false; }
export function nb101Sample(out: usize): void { memory.fill(out, 0, NB101_LENGTH); }
export function nb101ApplyMove(src: usize, dst: usize, k: i32): bool { return false; }
export function nb101EditDistance(a: usize, b: usize): i32 { return -1; }
