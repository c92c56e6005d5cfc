// Cost-conditional P(good): is a space dense in networks that are good *for their cost*? A hardware-aware
// user picks within a cost budget, so a cheap network is judged against the cheap part of the full space,
// not against the best networks overall (which a global threshold does, and which a space of big networks
// wins by leaving the cheap end out).
import { LissnasError } from "../errors.js";
import { quantileOfSorted } from "./summary.js";
import { sortedCopy } from "./validate.js";

/** Cost bins of the full space and each bin's good threshold. */
export interface CostBins {
  /** Upper edges (inclusive) of every bin but the last, ascending: bin b holds costs in (edges[b-1], edges[b]]. */
  edges: Float64Array;
  /** Per bin: the value at or above which a member is good for its cost. */
  thresholds: Float64Array;
}

/**
 * Cuts the full space's classes (`cost`, `value`: larger is better; pairs with a NaN are left out) into at
 * most `bins` bins at quantiles of cost. Edges are cost values of classes, and equal edges merge, so a
 * discrete cost (NB201's FLOPs) gives fewer bins, never an empty one. A bin's threshold is the `good`
 * quantile of its classes' values (type 7, as the global good threshold): the best (1 - good) of each bin
 * are good for their cost, so the full space scores about 1 - good.
 */
export function costBins(cost: ArrayLike<number>, value: ArrayLike<number>, bins = 10, good = 0.8): CostBins {
  if (!Number.isInteger(bins) || bins < 1) throw new LissnasError("E_OPTION", `expected a whole number of bins >= 1; found ${bins}`, { field: "bins" });
  if (cost.length !== value.length) throw new LissnasError("E_DATA", `expected as many costs as values; found ${cost.length} and ${value.length}`, { field: "cost" });
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < cost.length; i++) if (Number.isFinite(cost[i]) && Number.isFinite(value[i])) pairs.push([cost[i], value[i]]);
  if (pairs.length === 0) throw new LissnasError("E_DATA", "expected classes with a finite cost and value; found none", { field: "cost" });
  const sorted = sortedCopy(Float64Array.from(pairs, (p) => p[0]));
  const highest = sorted[sorted.length - 1];
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((b * sorted.length) / bins))];
    // The last bin must hold the dearest class: an edge at the maximum would leave it empty.
    if (edge < highest && (edges.length === 0 || edge > edges[edges.length - 1])) edges.push(edge);
  }
  const edgeArray = Float64Array.from(edges);
  const byBin: number[][] = Array.from({ length: edges.length + 1 }, () => []);
  for (const [c, v] of pairs) byBin[binOf(edgeArray, c)].push(v);
  const thresholds = Float64Array.from(byBin, (values) => quantileOfSorted(sortedCopy(Float64Array.from(values)), good));
  return { edges: edgeArray, thresholds };
}

/** The bin of a cost: the number of edges below it (a cost outside the full range joins the end bin). */
export function binOf(edges: Float64Array, cost: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (edges[middle] < cost) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Per bin of the full space, the share of a space's members in the bin that are good for their cost: 0 for
 * a bin the space holds no member of (the space gave that cost up), NaN for one whose members all lack a
 * value (a sparse truth: unknown). A member without a finite cost could lie in any bin: while there is one,
 * an empty bin is unknown (NaN), not 0.
 */
export function costBinShares(bins: CostBins, cost: ArrayLike<number>, value: ArrayLike<number>): Float64Array {
  if (cost.length !== value.length) throw new LissnasError("E_DATA", `expected as many costs as values; found ${cost.length} and ${value.length}`, { field: "cost" });
  const count = bins.thresholds.length;
  const members = new Int32Array(count);
  const valued = new Int32Array(count);
  const good = new Int32Array(count);
  let unpriced = 0;
  for (let i = 0; i < cost.length; i++) {
    if (!Number.isFinite(cost[i])) {
      unpriced++;
      continue;
    }
    const b = binOf(bins.edges, cost[i]);
    members[b]++;
    if (Number.isNaN(value[i])) continue;
    valued[b]++;
    if (value[i] >= bins.thresholds[b]) good[b]++;
  }
  return Float64Array.from(members, (m, b) => (m === 0 ? (unpriced > 0 ? NaN : 0) : valued[b] === 0 ? NaN : good[b] / valued[b]));
}

/** Cost-conditional P(good): the mean of costBinShares over the bins that are known; NaN when none is. */
export function costConditionalPGood(bins: CostBins, cost: ArrayLike<number>, value: ArrayLike<number>): number {
  return meanOfKnownShares(costBinShares(bins, cost, value));
}

/** The mean of bin shares over the known ones (not NaN); NaN when none is. */
export function meanOfKnownShares(shares: ArrayLike<number>): number {
  let sum = 0;
  let known = 0;
  for (let b = 0; b < shares.length; b++) {
    const share = shares[b];
    if (Number.isNaN(share)) continue;
    sum += share;
    known++;
  }
  return known === 0 ? NaN : sum / known;
}
