// TransNAS-Bench-101 macro skeleton: 4 to 6 modules, each 1 = normal, 2 = channels x2, 3 = resolution /2,
// 4 = both; the benchmark's rule: 1 to 4 downsampling modules (3, 4) and 1 to 3 channel-doubling
// modules (2, 4): 3,256 networks. Genome (6 bytes): the module codes in order, 0 = absent after the
// last module. Every member is a distinct network (no isomorphism): the canonical form is the genome.
// Moves: substitute, insert or delete one module, whenever the result is a member. The edit distance
// is the shortest walk of such moves, found by iterative deepening bounded below by the Levenshtein
// distance (proof in src/spaces/tnb101-macro/genome.ts). The reference there mirrors this file.
import { rngBelow } from "../common";

export const TNB101_MACRO_LENGTH: i32 = 6;
export const TNB101_MACRO_MIN_MODULES: i32 = 4;
const SUBSTITUTE_MOVES: i32 = 18; // 6 positions x 3 other codes
const INSERT_MOVES: i32 = 28; // 7 positions x 4 codes
export const TNB101_MACRO_MOVES: i32 = SUBSTITUTE_MOVES + INSERT_MOVES + 6; // + 6 deletions
/** Largest distance between members (exact, by enumeration in test/tnb101Macro.test.ts). */
export const TNB101_MACRO_MAX_DISTANCE: i32 = 6;

// Levenshtein table (7 x 7 i32) and one genome per search depth of the edit distance.
const LEVENSHTEIN: usize = memory.data(7 * 7 * 4);
const LEVELS: usize = memory.data(8 * (TNB101_MACRO_MAX_DISTANCE + 1));

// @ts-ignore: decorator
@inline
function moduleCount(g: usize): i32 {
  let n = 0;
  while (n < TNB101_MACRO_LENGTH && load<u8>(g + <usize>n) != 0) n++;
  return n;
}

/** Member check: codes 1..4 then only zeros, 4..6 modules, 1..4 downsampling, 1..3 channel doubling. */
export function tnb101MacroCanonicalize(g: usize): bool {
  const n = moduleCount(g);
  if (n < TNB101_MACRO_MIN_MODULES) return false;
  let down = 0, wide = 0;
  for (let i = 0; i < TNB101_MACRO_LENGTH; i++) {
    const code = <i32>load<u8>(g + <usize>i);
    if (i >= n) {
      if (code != 0) return false;
      continue;
    }
    if (code > 4) return false;
    down += i32(code >= 3);
    wide += i32(code == 2 || code == 4);
  }
  return down >= 1 && down <= 4 && wide >= 1 && wide <= 3;
}

/**
 * Rejection sampling: x uniform over the 4^4 + 4^5 + 4^6 = 5,376 module sequences (4, then 5, then 6
 * modules; base 4, first module most significant), redrawn until a member: uniform over the 3,256.
 */
export function tnb101MacroSample(out: usize): void {
  for (;;) {
    let x = rngBelow(5376);
    let n = 4;
    if (x >= 256 + 1024) { n = 6; x -= 256 + 1024; }
    else if (x >= 256) { n = 5; x -= 256; }
    for (let i = TNB101_MACRO_LENGTH - 1; i >= 0; i--) {
      if (i >= n) {
        store<u8>(out + <usize>i, 0);
      } else {
        store<u8>(out + <usize>i, <u8>(1 + (x & 3)));
        x >>= 2;
      }
    }
    if (tnb101MacroCanonicalize(out)) return;
  }
}

/**
 * Move k (0..51): k < 18 substitutes module k/3 with the (k%3)-th other code; k < 46 inserts code
 * (k-18)%4+1 before position (k-18)/4 (position = count appends); k < 52 deletes module k-46.
 * False when the position does not exist or the result is not a member.
 */
export function tnb101MacroApplyMove(src: usize, dst: usize, k: i32): bool {
  if (<u32>k >= <u32>TNB101_MACRO_MOVES) return false;
  const n = moduleCount(src);
  if (k < SUBSTITUTE_MOVES) {
    const position = k / 3;
    if (position >= n) return false;
    const current = <i32>load<u8>(src + <usize>position);
    let code = 1 + k % 3;
    if (code >= current) code++;
    memory.copy(dst, src, TNB101_MACRO_LENGTH);
    store<u8>(dst + <usize>position, <u8>code);
  } else if (k < SUBSTITUTE_MOVES + INSERT_MOVES) {
    const position = (k - SUBSTITUTE_MOVES) >> 2;
    if (n == TNB101_MACRO_LENGTH || position > n) return false;
    memory.copy(dst, src, position);
    store<u8>(dst + <usize>position, <u8>(1 + ((k - SUBSTITUTE_MOVES) & 3)));
    memory.copy(dst + <usize>(position + 1), src + <usize>position, TNB101_MACRO_LENGTH - 1 - position);
  } else {
    const position = k - SUBSTITUTE_MOVES - INSERT_MOVES;
    if (position >= n || n == TNB101_MACRO_MIN_MODULES) return false;
    memory.copy(dst, src, position);
    memory.copy(dst + <usize>position, src + <usize>(position + 1), TNB101_MACRO_LENGTH - 1 - position);
    store<u8>(dst + <usize>(TNB101_MACRO_LENGTH - 1), 0);
  }
  return tnb101MacroCanonicalize(dst);
}

/** Levenshtein distance between the module sequences (absent trailing modules ignored). */
function levenshtein(a: usize, b: usize): i32 {
  const m = moduleCount(a), n = moduleCount(b);
  for (let i = 0; i <= m; i++) store<i32>(LEVENSHTEIN + (<usize>(i * 7) << 2), i);
  for (let j = 0; j <= n; j++) store<i32>(LEVENSHTEIN + (<usize>j << 2), j);
  for (let i = 1; i <= m; i++) {
    const ai = load<u8>(a + <usize>(i - 1));
    for (let j = 1; j <= n; j++) {
      const up = load<i32>(LEVENSHTEIN + (<usize>((i - 1) * 7 + j) << 2)) + 1;
      const left = load<i32>(LEVENSHTEIN + (<usize>(i * 7 + j - 1) << 2)) + 1;
      const diagonal = load<i32>(LEVENSHTEIN + (<usize>((i - 1) * 7 + j - 1) << 2)) + i32(ai != load<u8>(b + <usize>(j - 1)));
      store<i32>(LEVENSHTEIN + (<usize>(i * 7 + j) << 2), min(diagonal, min(up, left)));
    }
  }
  return load<i32>(LEVENSHTEIN + (<usize>(m * 7 + n) << 2));
}

/** True when target is reachable from current in at most `budget` moves (depth-first, Levenshtein-pruned). */
function reachable(current: usize, target: usize, budget: i32, depth: i32): bool {
  const bound = levenshtein(current, target);
  if (bound == 0) return true;
  if (bound > budget) return false;
  const next = LEVELS + <usize>(depth << 3);
  for (let k = 0; k < TNB101_MACRO_MOVES; k++) {
    if (tnb101MacroApplyMove(current, next, k) && reachable(next, target, budget - 1, depth + 1)) return true;
  }
  return false;
}

/**
 * Shortest walk of valid moves between two members: the smallest budget from the Levenshtein bound up
 * that reaches b. Non-members (never passed by lissnas) get the Levenshtein distance.
 */
export function tnb101MacroEditDistance(a: usize, b: usize): i32 {
  for (let budget = levenshtein(a, b); budget <= TNB101_MACRO_MAX_DISTANCE; budget++) {
    if (reachable(a, b, budget, 0)) return budget;
  }
  return levenshtein(a, b);
}
