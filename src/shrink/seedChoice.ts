// Which members of the current space seed the next iteration's pockets. The top-scored members (the
// paper's rule) are joined by diversity seeds, so that the pockets span the space instead of piling
// onto one region: the best member of each cost stratum when a cost is known, otherwise members spread
// out in edit distance (greedy farthest-point choice among the best candidates).
import type { GenomeList } from "./genomeList.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { gatherGenomes } from "../spaces/genomeBatch.js";
import { byScoreThenKey } from "./ranking.js";

/**
 * Edges of `strata` cost strata (strata + 1 values, ascending) over the initial sample's finite costs:
 * "width" cuts its [min, max] into equal widths (the cheapest and the dearest strata reach the ends of
 * the range), "quantile" into equal counts. Empty when no cost is finite.
 */
export function strataEdges(costs: Float32Array, strata: number, bins: "width" | "quantile"): Float64Array {
  const finite = Float64Array.from(costs.filter((c) => Number.isFinite(c))).sort();
  if (finite.length === 0 || strata < 1) return new Float64Array(0);
  const edges = new Float64Array(strata + 1);
  const low = finite[0];
  const high = finite[finite.length - 1];
  for (let s = 0; s <= strata; s++) {
    if (bins === "width") {
      edges[s] = low + ((high - low) * s) / strata;
    } else {
      const position = ((finite.length - 1) * s) / strata;
      const at = Math.floor(position);
      const next = Math.min(finite.length - 1, at + 1);
      edges[s] = finite[at] + (finite[next] - finite[at]) * (position - at);
    }
  }
  edges[0] = low;
  edges[strata] = high;
  return edges;
}

/** Stratum of a cost: values below the first edge go to stratum 0, above the last to the last; NaN to -1. */
export function stratumOf(cost: number, edges: Float64Array): number {
  if (!Number.isFinite(cost) || edges.length < 2) return -1;
  const strata = edges.length - 1;
  let low = 0;
  let high = strata - 1;
  // The last stratum whose lower edge is <= cost (binary search over strata lower edges).
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (edges[mid] <= cost) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Per stratum with members, its best-scored member (index into `list`), in stratum order. */
export function bestPerStratum(list: GenomeList, costs: Float32Array, edges: Float64Array): number[] {
  const strata = Math.max(0, edges.length - 1);
  const best = new Int32Array(strata).fill(-1);
  const order = byScoreThenKey(list.scores, list.keys);
  for (let i = 0; i < list.count; i++) {
    if (Number.isNaN(list.scores[i])) continue;
    const s = stratumOf(costs[i], edges);
    if (s < 0) continue;
    if (best[s] < 0 || order(i, best[s]) < 0) best[s] = i;
  }
  return Array.from(best).filter((i) => i >= 0);
}

/**
 * `count` members spread out in edit distance: candidates are the best `poolSize` members; the first
 * pick is the best, each next one the candidate farthest (in minimum edit distance) from those picked,
 * ties to the better score. One batched edit-distance call per pick.
 */
export function spreadByEditDistance(list: GenomeList, kernels: SpaceKernels, count: number, poolSize: number): number[] {
  const pool = list.topByScore(Math.min(list.count, Math.max(count, poolSize)));
  if (pool.length === 0) return [];
  const length = list.length;
  const genomes = gatherGenomes(list.genomes, pool, length);
  const nearest = new Float64Array(pool.length).fill(Infinity);
  const picked: number[] = [];
  let next = 0;
  while (picked.length < Math.min(count, pool.length)) {
    picked.push(pool[next]);
    const distances = kernels.distancesFrom(genomes.subarray(next * length, (next + 1) * length), genomes);
    let far = -1;
    for (let n = 0; n < pool.length; n++) {
      nearest[n] = Math.min(nearest[n], distances[n]);
      // Pool order is score order, so the first of equally far candidates is the better one.
      if (nearest[n] > 0 && (far < 0 || nearest[n] > nearest[far])) far = n;
    }
    if (far < 0) break;
    next = far;
  }
  return picked;
}

/**
 * The `count` best members lying at least `minDistance` apart in edit distance: in score order, each
 * candidate of the best `poolSize` joins when it is that far from every member already picked; when the
 * pool holds fewer such members, the best of the rest fill up to `count` (the seed budget stays the same).
 * One batched edit-distance call per pick.
 */
export function spacedTop(list: GenomeList, kernels: SpaceKernels, count: number, minDistance: number, poolSize: number): number[] {
  const pool = list.topByScore(Math.min(list.count, Math.max(count, poolSize)));
  if (minDistance <= 1 || pool.length <= count) return pool.slice(0, count);
  const length = list.length;
  const genomes = gatherGenomes(list.genomes, pool, length);
  const nearest = new Float64Array(pool.length).fill(Infinity);
  const taken = new Uint8Array(pool.length);
  const picked: number[] = [];
  for (let n = 0; n < pool.length && picked.length < count; n++) {
    if (nearest[n] < minDistance) continue;
    picked.push(pool[n]);
    taken[n] = 1;
    const distances = kernels.distancesFrom(genomes.subarray(n * length, (n + 1) * length), genomes);
    for (let m = n + 1; m < pool.length; m++) nearest[m] = Math.min(nearest[m], distances[m]);
  }
  for (let n = 0; n < pool.length && picked.length < count; n++) if (taken[n] === 0) picked.push(pool[n]);
  return picked;
}
