// The admission bar of a cost stratum: a cheap pocket is judged against the cheap part of the initial
// sample, so it admits the networks predicted good for their cost, not only those good against all.
import { quantile } from "../stats/index.js";
import { stratumOf } from "./seedChoice.js";

/** Sample members a stratum needs for a bar of its own (a quantile of a handful is noise); with fewer, the global bar. */
export const MIN_STRATUM_SAMPLE = 20;

/**
 * Per cost stratum (`edges` as strataEdges gives them): the `q` quantile of the scores of the sample's
 * members in it, or `fallback` where it holds fewer than MIN_STRATUM_SAMPLE scored members.
 */
export function stratumBars(scores: ArrayLike<number>, costs: ArrayLike<number>, edges: Float64Array, q: number, fallback: number): Float64Array {
  const strata = Math.max(0, edges.length - 1);
  const members: number[][] = Array.from({ length: strata }, () => []);
  for (let i = 0; i < scores.length; i++) {
    const s = stratumOf(costs[i], edges);
    if (s >= 0 && Number.isFinite(scores[i])) members[s].push(scores[i]);
  }
  return Float64Array.from(members, (values) => (values.length >= MIN_STRATUM_SAMPLE ? quantile(values, q) : fallback));
}
