// NAS-Bench-Macro genome and the plain TypeScript reference of assembly/spaces/nbMacro.ts.
// Genome: 8 bytes, one choice per searched layer: 0 identity, 1 MBv2 k3 e3, 2 MBv2 k5 e6. The layers
// form 3 stages of 2, 3, 3 (layers 0-1, 2-4, 5-7); the first layer of each stage downsamples and
// doubles the channels whatever its choice, the others keep shape, so an identity there computes
// nothing and the benchmark maps each code to the code with those identities moved to the stage's
// end (its `get_real_arch`). That is the canonical form: 6,561 codes, 9 x 21 x 21 = 3,969 networks.
//
// Edit distance between networks, a move being: change one layer's choice in any code of the network
// (applyMove acts on the code it is given; "10" and "01" are one network, so from it a block can be
// inserted before or after the existing one). Write a stage as its first choice
// f and its tail's non-identity sequence t (length <= 2 in stages 1, 2; <= 1 in stage 0). Then
// d = sum over stages of [f_a != f_b] + Levenshtein(t_a, t_b), and this is the shortest walk:
// - Lower bound: one move changes one layer of one stage: f (Hamming +-1), or a tail layer, which
//   is a substitution (x -> y, both ops), deletion (op -> identity) or insertion (identity -> op) on
//   t, so the sum changes by at most 1.
// - Upper bound: order a Levenshtein script deletions first, then substitutions, then insertions:
//   t never exceeds the tail length. An insertion is possible at either end of a one-op tail, since
//   "0x" and "x0" are the same network; a deletion sets the op's layer to identity.
// Canonicalisation does not change t or f, so d is defined on classes; it is zero exactly on equal
// canonical forms and is a metric (a path metric). Largest value: 2 (stage 0) + 3 + 3 = 8, e.g.
// 00000000 vs 11112222 (test/nbMacro.test.ts).
import type { SpaceReference } from "../space.js";

export const NB_MACRO_CHOICES = ["identity", "mbv2_k3_e3", "mbv2_k5_e6"] as const;
export const NB_MACRO_LENGTH = 8;
/** 8 layers x 2 other choices, then 4 insertions in front of a one-block tail (see applyMove). */
export const NB_MACRO_MOVES = 20;
export const NB_MACRO_MAX_EDIT_DISTANCE = 8;
/** Layers per stage, as the benchmark's network builds them. */
export const NB_MACRO_STAGES = [2, 3, 3] as const;

/** Each stage's tail moved into canonical order (non-identities first, stable). */
function sortTails(genome: Uint8Array): void {
  let start = 0;
  for (const layers of NB_MACRO_STAGES) {
    const tail = Array.from(genome.subarray(start + 1, start + layers));
    const ops = tail.filter((op) => op !== 0);
    genome.set([...ops, ...Array(tail.length - ops.length).fill(0)], start + 1);
    start += layers;
  }
}

function levenshtein(a: number[], b: number[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + +(a[i - 1] !== b[j - 1])));
    previous = row;
  }
  return previous[b.length];
}

/** Stage tail j of 7 (later stages): none, one op (1, 2), or two ops (11, 12, 21, 22). */
function tailOf(t: number): [number, number] {
  if (t === 0) return [0, 0];
  if (t < 3) return [t, 0];
  return [1 + ((t - 3) >> 1), 1 + ((t - 3) & 1)];
}

export const nbMacroReference: SpaceReference = {
  sample(rng) {
    const genome = new Uint8Array(NB_MACRO_LENGTH);
    genome[0] = rng.below(3);
    genome[1] = rng.below(3);
    genome[2] = rng.below(3);
    genome.set(tailOf(rng.below(7)), 3);
    genome[5] = rng.below(3);
    genome.set(tailOf(rng.below(7)), 6);
    return genome;
  },
  canonicalize(genome) {
    if (genome.length !== NB_MACRO_LENGTH || genome.some((op) => op >= NB_MACRO_CHOICES.length)) return false;
    sortTails(genome);
    return true;
  },
  editDistance(a, b) {
    let d = 0;
    let start = 0;
    for (const layers of NB_MACRO_STAGES) {
      const tail = (g: Uint8Array) => Array.from(g.subarray(start + 1, start + layers)).filter((op) => op !== 0);
      d += +(a[start] !== b[start]) + levenshtein(tail(a), tail(b));
      start += layers;
    }
    return d;
  },
  moveCount: NB_MACRO_MOVES,
  applyMove(genome, k) {
    if (!Number.isInteger(k) || k < 0 || k >= NB_MACRO_MOVES) return null;
    const out = genome.slice();
    if (k >= 16) {
      // "x0" -> "vx" in stage 1 or 2's tail: one layer of the equivalent code "0x".
      const tail = (k - 16) >> 1 === 0 ? 3 : 6;
      if (genome[tail] === 0 || genome[tail + 1] !== 0) return null;
      out[tail] = 1 + (k & 1);
      out[tail + 1] = genome[tail];
      return out;
    }
    const layer = k >> 1;
    const other = k & 1;
    out[layer] = other >= genome[layer] ? other + 1 : other;
    return out;
  },
};
