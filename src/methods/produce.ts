// Helpers shared by the methods: distinct uniform draws, the best-K selection, and turning a list of
// members into a ProducedSpace (with the universe members it holds).
import type { SpaceKernels } from "../spaces/kernels.js";
import type { MethodContext, ProducedSpace, Universe } from "./method.js";

export interface Members {
  /** Canonical genomes, concatenated. */
  genomes: Uint8Array;
  keys: BigUint64Array;
  /**
   * The architectures drawn, before canonicalisation, where the mask test must see them (a space whose
   * canonical form moves operations between genes); absent when the canonical genomes serve.
   */
  drawn?: Uint8Array;
}

/** Universe indices of the keys the universe holds, in key order of `keys`. */
export function universeClasses(universe: Universe | undefined, keys: BigUint64Array): number[] | null {
  if (universe === undefined) return null;
  const classes: number[] = [];
  for (const key of keys) {
    const c = universe.index.get(key);
    if (c !== undefined) classes.push(c);
  }
  return classes;
}

/** A space whose members are all materialised: its size is their count. */
export function explicitSpace(context: MethodContext, members: Members, scored: number, reason: string | null = null): ProducedSpace {
  return {
    genomes: members.genomes, keys: members.keys, classes: universeClasses(context.universe, members.keys),
    size: members.keys.length, estimated: false, scored, reason,
  };
}

/**
 * Up to `count` distinct canonical classes drawn uniformly (raw genomes drawn uniformly, then
 * canonicalised), from the RNG stream `stream` of `seed`; fewer when the space runs out first.
 */
export function drawDistinct(kernels: SpaceKernels, count: number, seed: bigint, stream: bigint): Members {
  const length = kernels.space.genomeLength;
  const seen = new Set<bigint>();
  const genomes = new Uint8Array(count * length);
  const keys = new BigUint64Array(count);
  let drawn = 0n;
  let taken = 0;
  // A space smaller than `count` classes stops on a batch that brings nothing new.
  for (let fruitless = 0; taken < count && fruitless < 4;) {
    const want = Math.max(64, (count - taken) * 2);
    const batch = kernels.sample(want, seed, { stream, firstIndex: drawn });
    drawn += BigInt(want);
    const batchKeys = kernels.keys(batch);
    const before = taken;
    for (let i = 0; i < want && taken < count; i++) {
      if (seen.has(batchKeys[i])) continue;
      seen.add(batchKeys[i]);
      genomes.set(batch.subarray(i * length, (i + 1) * length), taken * length);
      keys[taken++] = batchKeys[i];
    }
    fruitless = taken === before ? fruitless + 1 : 0;
  }
  return { genomes: genomes.slice(0, taken * length), keys: keys.slice(0, taken) };
}

/** Indices of the `k` best finite scores, best first; ties by key so the choice is deterministic. */
export function bestIndices(scores: ArrayLike<number>, keys: BigUint64Array, k: number): number[] {
  k = Math.max(0, k);
  // Only candidates at or above the k-th best score are sorted with the comparator (K is often << N).
  const finite = Float64Array.from(scores).filter((x) => !Number.isNaN(x)).sort();
  if (finite.length === 0 || k === 0) return [];
  const bar = finite[Math.max(0, finite.length - k)];
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i] >= bar) order.push(i);
  order.sort((a, b) => scores[b] - scores[a] || (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  return order.slice(0, k);
}

/** The members at `indices`, in that order. */
export function pick(members: Members, indices: number[], length: number): Members {
  const genomes = new Uint8Array(indices.length * length);
  const keys = new BigUint64Array(indices.length);
  indices.forEach((i, n) => {
    genomes.set(members.genomes.subarray(i * length, (i + 1) * length), n * length);
    keys[n] = members.keys[i];
  });
  return { genomes, keys };
}

/** log-distance to the target: how "near" a size is, symmetric in over- and undershoot. */
export function sizeGap(size: number, target: number): number {
  return size <= 0 || target <= 0 ? Infinity : Math.abs(Math.log(size / target));
}
