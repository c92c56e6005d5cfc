// Picking rows out of a genome batch (count x genomeLength bytes, concatenated): shared by every layer that
// scores, measures or queries a subset of a batch.

/** The genomes at `indices` of a batch of `length`-byte genomes, in that order, as one new batch. */
export function gatherGenomes(genomes: Uint8Array, indices: ArrayLike<number>, length: number): Uint8Array {
  const out = new Uint8Array(indices.length * length);
  for (let n = 0; n < indices.length; n++) out.set(genomes.subarray(indices[n] * length, (indices[n] + 1) * length), n * length);
  return out;
}

/**
 * Indices of the first occurrence of each key that `known` lacks, in batch order, at most `limit` of them:
 * what a budgeted cache (a predictor budget, a search's distinct queries) still has to ask for.
 */
export function unknownFirstOccurrences(keys: BigUint64Array, known: ReadonlyMap<bigint, unknown>, limit: number): number[] {
  const fresh: number[] = [];
  const claimed = new Set<bigint>();
  for (let i = 0; i < keys.length && fresh.length < limit; i++) {
    if (known.has(keys[i]) || claimed.has(keys[i])) continue;
    claimed.add(keys[i]);
    fresh.push(i);
  }
  return fresh;
}
