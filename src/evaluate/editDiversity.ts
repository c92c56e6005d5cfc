// Edit-distance diversity of a space: mean and largest pairwise edit distance between its members,
// normalised by the space's maximum edit distance, on a seeded sample of pairs. Unlike the cosine
// distance of one-hot rows (which reaches 1 as soon as two members share no operation), it keeps
// separating spaces whose members differ by more moves.
import type { SpaceKernels } from "../spaces/kernels.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";
import { integerParameter } from "../stats/validate.js";

/** Pairs drawn per space unless told otherwise. */
export const DEFAULT_DIVERSITY_PAIRS = 2000;

export interface EditDiversity {
  /** Mean and largest edit distance of the pairs, divided by the space's maxEditDistance; NaN below 2 members. */
  mean: number;
  max: number;
  /** Pairs measured: every pair when there are at most `pairs` of them, else `pairs` drawn with replacement. */
  pairs: number;
  exact: boolean;
}

/**
 * Edit diversity of `count` genomes (concatenated). With at most `pairs` distinct pairs every pair is
 * measured; otherwise `pairs` pairs i != j are drawn uniformly (seeded), and all go through the batched
 * kernel in one call.
 */
export function editDiversity(kernels: SpaceKernels, genomes: Uint8Array, seed: bigint, pairs = DEFAULT_DIVERSITY_PAIRS): EditDiversity {
  integerParameter(pairs, "pairs", 1);
  const length = kernels.space.genomeLength;
  const count = genomes.length / length;
  if (count < 2) return { mean: NaN, max: NaN, pairs: 0, exact: true };
  const all = (count * (count - 1)) / 2;
  const exact = all <= pairs;
  const used = exact ? all : pairs;
  const a = new Uint8Array(used * length);
  const b = new Uint8Array(used * length);
  let k = 0;
  const put = (i: number, j: number) => {
    a.set(genomes.subarray(i * length, (i + 1) * length), k * length);
    b.set(genomes.subarray(j * length, (j + 1) * length), k * length);
    k++;
  };
  if (exact) {
    for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) put(i, j);
  } else {
    const rng = new ReferenceRng(streamState(seed, 0xd1e5n, 0n));
    for (let p = 0; p < used; p++) {
      const i = rng.below(count);
      // j uniform over the other count - 1 members.
      let j = rng.below(count - 1);
      if (j >= i) j++;
      put(i, j);
    }
  }
  const distances = kernels.editDistances(a, b);
  const scale = kernels.space.maxEditDistance;
  let sum = 0;
  let largest = 0;
  for (let p = 0; p < used; p++) {
    sum += distances[p];
    if (distances[p] > largest) largest = distances[p];
  }
  return { mean: sum / used / scale, max: largest / scale, pairs: used, exact };
}
