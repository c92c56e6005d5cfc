// Every class of an enumerable space, canonical and keyed, computed once per process and space: topk-all
// scores it, the operation-pruning methods count and draw their subspaces from it.
import type { SpaceKernels } from "../spaces/kernels.js";
import { freeGenes } from "./operationMask.js";

export interface Enumeration {
  genomes: Uint8Array;
  keys: BigUint64Array;
  /** Free-gene flags of every class (see operationMask.ts), computed on first use. */
  free(): Uint8Array;
}

const cache = new Map<string, Enumeration>();

/** The space's enumeration, or undefined when the space cannot be enumerated. */
export function enumeration(kernels: SpaceKernels): Enumeration | undefined {
  const space = kernels.space;
  if (space.enumerate === undefined) return undefined;
  let cached = cache.get(space.id);
  if (cached === undefined) {
    const batches = [...space.enumerate(kernels.core)];
    const genomes = new Uint8Array(batches.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of batches) { genomes.set(b, at); at += b.length; }
    let free: Uint8Array | undefined;
    cached = { genomes, keys: kernels.keys(genomes), free: () => (free ??= freeGenes(kernels, genomes)) };
    cache.set(space.id, cached);
  }
  return cached;
}
