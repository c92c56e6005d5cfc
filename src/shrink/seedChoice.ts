// Which members of the current space seed the next iteration's pockets. The top-scored members (the
// paper's rule) are joined by diversity seeds, so that the pockets span the space instead of piling
// onto one region: the best member of each cost stratum when a cost is known, otherwise members spread
// out in edit distance (greedy farthest-point choice among the best candidates).
import type { GenomeList } from "./genomeList.js";
import type { SpaceKernels } from "../spaces/kernels.js";

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

/** a ranks before b: higher score, then lower key (keys in a list are distinct, so the order is total). */
function ranksBefore(list: GenomeList, a: number, b: number): boolean {
  return list.scores[a] > list.scores[b] || (list.scores[a] === list.scores[b] && list.keys[a] < list.keys[b]);
}

/** Per stratum with members, its best-scored member (index into `list`), in stratum order. */
export function bestPerStratum(list: GenomeList, costs: Float32Array, edges: Float64Array): number[] {
  const strata = Math.max(0, edges.length - 1);
  const best = new Int32Array(strata).fill(-1);
  for (let i = 0; i < list.count; i++) {
    if (Number.isNaN(list.scores[i])) continue;
    const s = stratumOf(costs[i], edges);
    if (s < 0) continue;
    if (best[s] < 0 || ranksBefore(list, i, best[s])) best[s] = i;
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
  const genomes = new Uint8Array(pool.length * length);
  pool.forEach((i, n) => genomes.set(list.genome(i), n * length));
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
