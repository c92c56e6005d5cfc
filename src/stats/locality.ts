// Locality of a search space (the premise of LISSNAS): nearby architectures have similar accuracy.
// Two views, after NAS-Bench-101/201 locality analyses: the autocorrelation of accuracy along random
// walks, and the mean accuracy difference of pairs as a function of their edit distance.
import { LissnasError } from "../errors.js";
import { pearsonOf } from "./correlation.js";
import { finiteValues, integerParameter, sameLength } from "./validate.js";
import { compensatedSum, standardDeviationOf } from "./summary.js";

/** Autocorrelation at one lag. */
export interface LagCorrelation {
  readonly lag: number;
  /** Pearson r of (value at step t, value at step t + lag), NaN with fewer than 2 pairs or a constant side. */
  readonly correlation: number;
  /** Number of (t, t + lag) pairs pooled over all walks. */
  readonly pairs: number;
}

/**
 * For k = 1..maxLag: the Pearson correlation between the value at step t and at step t + k, pooling the pairs
 * of every walk (t = 0..length-1-k within each walk; walks never pair across each other). Walks shorter than
 * k + 1 steps contribute no pairs at lag k. Each walk must hold finite values; `walks` must be non-empty.
 */
export function randomWalkAutocorrelation(walks: ReadonlyArray<ArrayLike<number>>, maxLag: number): LagCorrelation[] {
  if (!Array.isArray(walks) || walks.length === 0) {
    throw new LissnasError("E_DATA", `expected a non-empty array of walks; found ${Array.isArray(walks) ? "an empty array" : typeof walks}`, { field: "walks" });
  }
  integerParameter(maxLag, "maxLag", 1);
  const checked = walks.map((walk, w) => finiteValues(walk, `walks[${w}]`, { minLength: 0 }));
  const result: LagCorrelation[] = [];
  for (let lag = 1; lag <= maxLag; lag++) {
    let pairs = 0;
    for (const walk of checked) pairs += Math.max(0, walk.length - lag);
    const earlier = new Float64Array(pairs);
    const later = new Float64Array(pairs);
    let k = 0;
    for (const walk of checked) {
      for (let t = 0; t + lag < walk.length; t++, k++) {
        earlier[k] = walk[t];
        later[k] = walk[t + lag];
      }
    }
    result.push({ lag, correlation: pearsonOf(earlier, later), pairs });
  }
  return result;
}

/** Two-sided 95% standard normal quantile, Φ^{-1}(0.975). */
export const Z_95 = 1.959963984540054;

/** Mean |a - b| of the pairs at one edit distance. */
export interface DistanceDifference {
  readonly distance: number;
  readonly count: number;
  /** Mean |a - b|; NaN when count = 0. */
  readonly mean: number;
  /** Sample standard deviation (n - 1) of |a - b|; NaN when count < 2. */
  readonly standardDeviation: number;
  /** 95% confidence interval of the mean, mean ∓ 1.96 s/√count; NaN when count < 2. */
  readonly low: number;
  readonly high: number;
}

/** Pairs given one object per pair. */
export interface DistancePair {
  readonly distance: number;
  readonly a: number;
  readonly b: number;
}

/** Pairs given as parallel arrays (the shape the WASM distance kernels return). */
export interface DistancePairColumns {
  readonly distance: ArrayLike<number>;
  readonly a: ArrayLike<number>;
  readonly b: ArrayLike<number>;
}

function toColumns(pairs: ReadonlyArray<DistancePair> | DistancePairColumns): { distance: Float64Array; a: Float64Array; b: Float64Array } {
  if (Array.isArray(pairs)) {
    const list = pairs as ReadonlyArray<DistancePair>;
    const pick = (key: keyof DistancePair) =>
      list.map((pair, i) => {
        if (pair === null || typeof pair !== "object") {
          throw new LissnasError("E_DATA", `expected an object {distance, a, b}; found ${pair === null ? "null" : typeof pair} at index ${i}`, { field: "pairs" });
        }
        return pair[key];
      });
    return { distance: finiteValues(pick("distance"), "pairs.distance", { minLength: 0 }), a: finiteValues(pick("a"), "pairs.a", { minLength: 0 }), b: finiteValues(pick("b"), "pairs.b", { minLength: 0 }) };
  }
  if (pairs === null || typeof pairs !== "object") {
    throw new LissnasError("E_DATA", `expected an array of {distance, a, b} or columns {distance, a, b}; found ${pairs === null ? "null" : typeof pairs}`, { field: "pairs" });
  }
  const columns = pairs as DistancePairColumns;
  const distance = finiteValues(columns.distance, "pairs.distance", { minLength: 0 });
  const a = finiteValues(columns.a, "pairs.a", { minLength: 0 });
  const b = finiteValues(columns.b, "pairs.b", { minLength: 0 });
  sameLength(distance, a, "pairs.distance", "pairs.a");
  sameLength(distance, b, "pairs.distance", "pairs.b");
  return { distance, a, b };
}

/**
 * Mean absolute accuracy difference |a - b| per edit distance d = 1..maxDistance, with counts and a 95%
 * confidence interval from the normal approximation (mean ± 1.96 s/√n, s the sample standard deviation). The
 * approximation is the usual CLT one: fine for the hundreds of pairs per distance a locality plot uses, too
 * narrow for a handful. Distances must be non-negative integers; pairs at distance 0 (isomorphic) or beyond
 * maxDistance are left out of the rows and counted in `outside`.
 */
export function accuracyDifferenceByDistance(
  pairs: ReadonlyArray<DistancePair> | DistancePairColumns,
  maxDistance: number,
): { rows: DistanceDifference[]; outside: number } {
  integerParameter(maxDistance, "maxDistance", 1);
  const { distance, a, b } = toColumns(pairs);
  const byDistance: number[][] = Array.from({ length: maxDistance + 1 }, () => []);
  let outside = 0;
  for (let i = 0; i < distance.length; i++) {
    const d = distance[i];
    if (!Number.isInteger(d) || d < 0) {
      throw new LissnasError("E_DATA", `expected a non-negative integer edit distance; found ${d} at index ${i}`, { field: "pairs.distance" });
    }
    if (d === 0 || d > maxDistance) outside++;
    else byDistance[d].push(Math.abs(a[i] - b[i]));
  }
  const rows: DistanceDifference[] = [];
  for (let d = 1; d <= maxDistance; d++) {
    const differences = Float64Array.from(byDistance[d]);
    const count = differences.length;
    const mean = count === 0 ? Number.NaN : compensatedSum(differences) / count;
    const standardDeviation = count < 2 ? Number.NaN : standardDeviationOf(differences, 1);
    const halfWidth = (Z_95 * standardDeviation) / Math.sqrt(count);
    rows.push({ distance: d, count, mean, standardDeviation, low: mean - halfWidth, high: mean + halfWidth });
  }
  return { rows, outside };
}
