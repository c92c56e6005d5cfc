// Finds the cheapest and the dearest architectures a space holds near a starting pair, by greedy descent
// (ascent) in cost over random-walk neighbourhoods. Costs only: no predictor call until the end. The
// initial sample rarely holds the extremes of a cost range (NB201's all-conv3x3 cell is 1 of 15,625),
// so the shrinker anchors its cost range with these two.
import type { SpaceKernels } from "../spaces/kernels.js";
import { gatherGenomes } from "../spaces/genomeBatch.js";
import type { CostModel } from "./costModel.js";

/** RNG stream of the probes (distinct from the sample's 0 and the iterations' 1..). */
const PROBE_STREAM = 0x70b3n;
/** Steps of a probe at most. */
const MAX_PROBE_STEPS = 64;
/** Climbs per end, each from one of the sample's most extreme members (greedy climbs stop at local optima). */
const PROBE_STARTS = 8;
/** Steps along the extreme cost's plateau looking for a better-scored architecture of that cost. */
const PLATEAU_STEPS = 8;

export interface CostExtremes {
  /** The extreme genomes found (canonical), each with its cost: [cheapest, dearest]. */
  genomes: [Uint8Array, Uint8Array];
  costs: [number, number];
}

/**
 * From `start` (canonical genomes with their costs), walks to ever cheaper (dearer) neighbours within
 * `radius`, `perStep` walks a step, until a step finds none. Deterministic for a given seed.
 */
export async function probeCostExtremes(kernels: SpaceKernels, cost: CostModel, score: (genomes: Uint8Array) => Promise<Float32Array>,
  start: Uint8Array, startCosts: Float32Array, radius: number, perStep: number, seed: bigint): Promise<CostExtremes | undefined> {
  const length = kernels.space.genomeLength;
  const finite: number[] = [];
  for (let i = 0; i < startCosts.length; i++) if (Number.isFinite(startCosts[i])) finite.push(i);
  if (finite.length === 0) return undefined;
  // Ascending cost, ties in sample order: the first PROBE_STARTS of each end start a climb each.
  finite.sort((a, b) => startCosts[a] - startCosts[b] || a - b);

  const climb = async (from: number, direction: 1 | -1, stream: bigint): Promise<[Uint8Array, number]> => {
    let genome = start.slice(from * length, (from + 1) * length);
    let value = startCosts[from];
    for (let step = 0; step < MAX_PROBE_STEPS; step++) {
      const { genomes } = kernels.walkNeighbours(genome, radius, perStep, seed, { stream, firstIndex: BigInt(step * perStep) });
      const costs = await cost.predict(genomes);
      let best = -1;
      for (let i = 0; i < costs.length; i++) {
        if (Number.isFinite(costs[i]) && direction * (costs[i] - value) > 0 && (best < 0 || direction * (costs[i] - costs[best]) > 0)) best = i;
      }
      if (best < 0) break;
      genome = genomes.slice(best * length, (best + 1) * length);
      value = costs[best];
    }
    return [genome, value];
  };

  // Many architectures may share the extreme cost (NB201: every cell without a convolution); of those
  // met on the plateau, the best-scored one is the anchor.
  const plateau = async (genome: Uint8Array, value: number, stream: bigint): Promise<Uint8Array> => {
    let [genomeScore] = await score(genome);
    for (let step = 0; step < PLATEAU_STEPS; step++) {
      const { genomes } = kernels.walkNeighbours(genome, radius, perStep, seed, { stream, firstIndex: BigInt(step * perStep) });
      const costs = await cost.predict(genomes);
      const same: number[] = [];
      for (let i = 0; i < costs.length; i++) if (costs[i] === value) same.push(i);
      if (same.length === 0) break;
      const batch = gatherGenomes(genomes, same, length);
      const scores = await score(batch);
      let best = -1;
      for (let n = 0; n < scores.length; n++) if (scores[n] > (best < 0 ? genomeScore : scores[best])) best = n;
      if (best < 0) break;
      genome = batch.slice(best * length, (best + 1) * length);
      genomeScore = scores[best];
    }
    return genome;
  };

  const extreme = async (direction: 1 | -1): Promise<[Uint8Array, number]> => {
    const starts = direction < 0 ? finite.slice(0, PROBE_STARTS) : finite.slice(-PROBE_STARTS).reverse();
    let found: [Uint8Array, number] | undefined;
    for (let s = 0; s < starts.length; s++) {
      const climbed = await climb(starts[s], direction, PROBE_STREAM + BigInt(2 * s + (direction < 0 ? 0 : 1)));
      if (found === undefined || direction * (climbed[1] - found[1]) > 0) found = climbed;
    }
    return [await plateau(found![0], found![1], PROBE_STREAM + BigInt(2 * PROBE_STARTS + (direction < 0 ? 0 : 1))), found![1]];
  };
  const [cheapest, lowCost] = await extreme(-1);
  const [dearest, highCost] = await extreme(1);
  return { genomes: [cheapest, dearest], costs: [lowCost, highCost] };
}
