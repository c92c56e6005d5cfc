// Enumeration of the NAS-Bench-101 space: every isomorphism class exactly once, as its canonical genome.
// For each vertex count k = 2..7 and each k-vertex upper-triangular matrix with <= 9 edges whose
// vertices all lie on input->output paths (so pruning leaves it whole), every op labelling whose
// invariant sequence is non-decreasing (a canonical form's necessary condition) is canonicalised and
// kept when it is its own canonical form. Matrices whose structural invariants are out of order are
// skipped before any labelling is tried.
import { STATUS_BAD_ARGUMENT } from "./common";
import { NB101_LENGTH, NB101_EDGES, edgeGene, liveVertices, computeInvariants, invariantOf, nb101Canonicalize } from "./spaces/nb101";

const MAX_LABELLINGS: i32 = 243; // 3^5
const PAIR_GENE: usize = memory.data(24); // matrix bit -> edge gene in the 7-vertex layout
const PAIR_SHIFT: usize = memory.data(24); // matrix bit -> bit of the packed adjacency
const NO_OPS: usize = memory.data(8);
const STRUCTURE: usize = memory.data(4 * 8); // invariant without the op, per layout position
const CANDIDATE: usize = memory.data(32);

function preparePairs(k: i32): void {
  let bit = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const from = i == k - 1 ? 6 : i;
      const to = j == k - 1 ? 6 : j;
      store<u8>(PAIR_GENE + <usize>bit, <u8>edgeGene(from, to));
      store<u8>(PAIR_SHIFT + <usize>bit, <u8>((from << 3) + to));
      bit++;
    }
  }
}

/**
 * Writes up to `capacity` canonical genomes (capacity >= 243) to `out` and returns how many. The cursor
 * at `state` (i32 vertex count, i32 next matrix; start at {2, 0}) is advanced so that the next call
 * resumes; enumeration is complete when the vertex count reads 8. Called by the host in a loop
 * (SearchSpace.enumerate), about 423,624 / capacity times.
 */
export function nb101Enumerate(state: usize, out: usize, capacity: i32): i32 {
  if (capacity < MAX_LABELLINGS) return STATUS_BAD_ARGUMENT;
  let k = load<i32>(state);
  let matrix = load<i32>(state + 4);
  let count = 0;
  while (k <= 7) {
    const inner = k - 2;
    const pairs = (k * (k - 1)) >> 1;
    let labellings = 1;
    for (let i = 0; i < inner; i++) labellings *= 3;
    let required: u32 = 1 << 6;
    for (let v = 0; v < k - 1; v++) required |= 1 << <u32>v;
    preparePairs(k);
    const total = 1 << pairs;
    while (matrix < total) {
      if (count + labellings > capacity) {
        store<i32>(state, k);
        store<i32>(state + 4, matrix);
        return count;
      }
      const bits = <u32>matrix;
      matrix++;
      if (popcnt(bits) > 9) continue;
      let adj: u64 = 0;
      let rest = bits;
      while (rest != 0) {
        const b = <usize>ctz(rest);
        rest &= rest - 1;
        adj |= (<u64>1) << (<u64>load<u8>(PAIR_SHIFT + b));
      }
      if (liveVertices(adj) != required) continue;
      computeInvariants(adj, required, NO_OPS);
      let sorted = true;
      for (let v = 1; v <= inner; v++) {
        const structure = invariantOf(v);
        store<u32>(STRUCTURE + (<usize>v << 2), structure);
        if (v > 1 && structure < load<u32>(STRUCTURE + (<usize>(v - 1) << 2))) sorted = false;
      }
      if (!sorted) continue;
      for (let labelling = 0; labelling < labellings; labelling++) {
        const slot = out + <usize>(count * NB101_LENGTH);
        memory.fill(slot, 0, NB101_LENGTH);
        rest = bits;
        while (rest != 0) {
          const b = <usize>ctz(rest);
          rest &= rest - 1;
          store<u8>(slot + <usize>load<u8>(PAIR_GENE + b), 1);
        }
        let digits = labelling;
        let ordered = true;
        let previous: u32 = 0;
        for (let v = 1; v <= inner; v++) {
          const op = digits % 3;
          digits /= 3;
          store<u8>(slot + <usize>(NB101_EDGES + v - 1), <u8>op);
          const full = load<u32>(STRUCTURE + (<usize>v << 2)) | <u32>op;
          if (v > 1 && full < previous) ordered = false;
          previous = full;
        }
        if (!ordered) continue;
        memory.copy(CANDIDATE, slot, NB101_LENGTH);
        nb101Canonicalize(CANDIDATE);
        if (memory.compare(CANDIDATE, slot, NB101_LENGTH) == 0) count++;
      }
    }
    k++;
    matrix = 0;
  }
  store<i32>(state, k);
  store<i32>(state + 4, matrix);
  return count;
}
