// TransNAS-Bench-101 macro genome and the plain TypeScript reference of assembly/spaces/tnb101Macro.ts.
// Genome: 6 bytes, the module codes in order (1 normal, 2 channels x2, 3 resolution /2, 4 both), then
// 0 for absent modules. Members (the benchmark's rule, as its search-space code samples them): 4 to 6
// modules, 1 to 4 of them downsampling (codes 3, 4), 1 to 3 doubling the channels (codes 2, 4):
// 3,256 networks, each trained separately, so there is no isomorphism (canonical form = the genome).
//
// Moves (52 indices): substitute one module's code (6 x 3), insert a module (7 positions x 4 codes),
// delete a module (6); a move is allowed only when its result is a member.
//
// Edit distance = the shortest walk of allowed moves. Plain Levenshtein distance on the module
// sequences is NOT it: the walk must stay inside the space, e.g. 1424 -> 1242 is Levenshtein 2
// (delete the first 4, append 2) but deleting first leaves 3 modules and appending first gives
// 14242 with 4 doubling modules, so the walk needs 3 moves; 921 of 1.3M pairs checked differ.
// The distance is computed exactly by iterative deepening: for budgets B = L(a, b), L(a, b)+1, ..
// a depth-first search over allowed moves, pruning any genome g with L(g, b) > remaining budget.
// - L (Levenshtein) is a lower bound: every move is one Levenshtein operation, so L(g, b) drops by at
//   most 1 per move; pruning therefore never cuts a walk of length <= B.
// - The search at budget B is exhaustive over walks of length <= B, so the first B that reaches b is
//   the shortest walk. The space is connected (every member reaches every other), the largest
//   distance is 6 (both by breadth-first search over all 3,256 members, test/tnb101Macro.test.ts).
// It is symmetric (every move has an inverse move) and a metric (a path metric).
import type { SpaceReference } from "../space.js";

export const TNB101_MACRO_CODES = ["normal", "channels x2", "resolution /2", "channels x2 and resolution /2"] as const;
export const TNB101_MACRO_LENGTH = 6;
export const TNB101_MACRO_MIN_MODULES = 4;
export const TNB101_MACRO_DOWNSAMPLING = [1, 4] as const;
export const TNB101_MACRO_DOUBLING = [1, 3] as const;
export const TNB101_MACRO_MOVES = 52;
export const TNB101_MACRO_MAX_EDIT_DISTANCE = 6;
const SUBSTITUTE_MOVES = 18;
const INSERT_MOVES = 28;

export function moduleCount(genome: Uint8Array): number {
  let n = 0;
  while (n < TNB101_MACRO_LENGTH && genome[n] !== 0) n++;
  return n;
}

export const isDownsampling = (code: number) => code === 3 || code === 4;
export const isDoubling = (code: number) => code === 2 || code === 4;

export function isMember(genome: Uint8Array): boolean {
  const n = moduleCount(genome);
  if (genome.length !== TNB101_MACRO_LENGTH || n < TNB101_MACRO_MIN_MODULES) return false;
  if (genome.some((code, i) => (i < n ? code > 4 : code !== 0))) return false;
  const modules = Array.from(genome.subarray(0, n));
  const down = modules.filter(isDownsampling).length;
  const wide = modules.filter(isDoubling).length;
  return down >= TNB101_MACRO_DOWNSAMPLING[0] && down <= TNB101_MACRO_DOWNSAMPLING[1] &&
    wide >= TNB101_MACRO_DOUBLING[0] && wide <= TNB101_MACRO_DOUBLING[1];
}

export function levenshtein(a: Uint8Array, b: Uint8Array): number {
  const m = moduleCount(a);
  const n = moduleCount(b);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const row = [i];
    for (let j = 1; j <= n; j++) row.push(Math.min(previous[j - 1] + +(a[i - 1] !== b[j - 1]), previous[j] + 1, row[j - 1] + 1));
    previous = row;
  }
  return previous[n];
}

function applyMove(genome: Uint8Array, k: number): Uint8Array | null {
  if (!Number.isInteger(k) || k < 0 || k >= TNB101_MACRO_MOVES) return null;
  const n = moduleCount(genome);
  const modules = Array.from(genome.subarray(0, n));
  if (k < SUBSTITUTE_MOVES) {
    const position = Math.floor(k / 3);
    if (position >= n) return null;
    const other = 1 + (k % 3);
    modules[position] = other >= genome[position] ? other + 1 : other;
  } else if (k < SUBSTITUTE_MOVES + INSERT_MOVES) {
    const position = (k - SUBSTITUTE_MOVES) >> 2;
    if (n === TNB101_MACRO_LENGTH || position > n) return null;
    modules.splice(position, 0, 1 + ((k - SUBSTITUTE_MOVES) & 3));
  } else {
    const position = k - SUBSTITUTE_MOVES - INSERT_MOVES;
    if (position >= n || n === TNB101_MACRO_MIN_MODULES) return null;
    modules.splice(position, 1);
  }
  const out = new Uint8Array(TNB101_MACRO_LENGTH);
  out.set(modules);
  return isMember(out) ? out : null;
}

function reachable(current: Uint8Array, target: Uint8Array, budget: number): boolean {
  const bound = levenshtein(current, target);
  if (bound === 0) return true;
  if (bound > budget) return false;
  for (let k = 0; k < TNB101_MACRO_MOVES; k++) {
    const next = applyMove(current, k);
    if (next !== null && reachable(next, target, budget - 1)) return true;
  }
  return false;
}

export const tnb101MacroReference: SpaceReference = {
  sample(rng) {
    const genome = new Uint8Array(TNB101_MACRO_LENGTH);
    for (;;) {
      let x = rng.below(5376);
      let n = 4;
      if (x >= 256 + 1024) {
        n = 6;
        x -= 256 + 1024;
      } else if (x >= 256) {
        n = 5;
        x -= 256;
      }
      genome.fill(0);
      for (let i = n - 1; i >= 0; i--, x >>= 2) genome[i] = 1 + (x & 3);
      if (isMember(genome)) return genome;
    }
  },
  canonicalize: isMember,
  editDistance(a, b) {
    for (let budget = levenshtein(a, b); budget <= TNB101_MACRO_MAX_EDIT_DISTANCE; budget++) {
      if (reachable(a, b, budget)) return budget;
    }
    return levenshtein(a, b);
  },
  moveCount: TNB101_MACRO_MOVES,
  applyMove,
};
