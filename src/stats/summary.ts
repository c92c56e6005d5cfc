// Descriptive statistics: mean, median, type-7 quantile, min, max, standard deviation.
// Conventions follow numpy defaults (np.quantile method="linear", np.std ddof=0) so figures can be
// checked against a notebook; every function throws LissnasError E_DATA on empty input or NaN/±Infinity.
import { LissnasError } from "../errors.js";
import { finiteParameter, finiteValues, integerParameter, sortedCopy } from "./validate.js";

/** Neumaier-compensated sum: long accuracy columns otherwise lose the last digits numpy keeps (pairwise sum). */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/** Arithmetic mean of validated values. */
export function meanOf(values: Float64Array): number {
  return compensatedSum(values) / values.length;
}

/** Linear interpolation the way numpy's `_lerp` does it, so quantiles agree to the last bit. */
function lerp(a: number, b: number, t: number): number {
  const difference = b - a;
  return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
}

/** Type-7 quantile of already sorted values (Hyndman & Fan 1996; numpy's default "linear"). */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  if (below >= sorted.length - 1) return sorted[sorted.length - 1];
  return lerp(sorted[below], sorted[below + 1], position - below);
}

/** Median of already sorted values: the mean of the two middle values when the count is even. */
export function medianOfSorted(sorted: Float64Array): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Mean of at least one finite value. */
export function mean(values: ArrayLike<number>): number {
  return meanOf(finiteValues(values, "values"));
}

/** Median of at least one finite value (ties need no special care: it is an order statistic). */
export function median(values: ArrayLike<number>): number {
  return medianOfSorted(sortedCopy(finiteValues(values, "values")));
}

/**
 * The p-quantile, type 7: with sorted x[0..n-1] and h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * Equal to `np.quantile(values, p)`; p must lie in [0, 1].
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  finiteParameter(p, "p");
  if (p < 0 || p > 1) throw new LissnasError("E_OPTION", `expected a probability in [0, 1]; found ${p}`, { field: "p" });
  return quantileOfSorted(sortedCopy(finiteValues(values, "values")), p);
}

/** Smallest value. */
export function min(values: ArrayLike<number>): number {
  const checked = finiteValues(values, "values");
  let smallest = checked[0];
  for (let i = 1; i < checked.length; i++) if (checked[i] < smallest) smallest = checked[i];
  return smallest;
}

/** Largest value. */
export function max(values: ArrayLike<number>): number {
  const checked = finiteValues(values, "values");
  let largest = checked[0];
  for (let i = 1; i < checked.length; i++) if (checked[i] > largest) largest = checked[i];
  return largest;
}

/** Standard deviation of validated values with `n - ddof` in the denominator (two-pass, so no cancellation). */
export function standardDeviationOf(values: Float64Array, ddof: number): number {
  const centre = meanOf(values);
  const squares = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) squares[i] = (values[i] - centre) ** 2;
  return Math.sqrt(compensatedSum(squares) / (values.length - ddof));
}

/**
 * Standard deviation. `ddof` = 0 (default, numpy's np.std) gives the population formula; ddof = 1 the sample
 * (Bessel-corrected) one. Needs more than `ddof` values.
 */
export function standardDeviation(values: ArrayLike<number>, ddof = 0): number {
  integerParameter(ddof, "ddof", 0);
  return standardDeviationOf(finiteValues(values, "values", { minLength: ddof + 1 }), ddof);
}

/** The figures a table row shows for one set of values. */
export interface Summary {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Population standard deviation (ddof = 0, as np.std). */
  readonly standardDeviation: number;
}

/** Count, mean, median, min, max and population standard deviation in one sort. */
export function summary(values: ArrayLike<number>): Summary {
  const sorted = sortedCopy(finiteValues(values, "values"));
  return {
    count: sorted.length,
    mean: meanOf(sorted),
    median: medianOfSorted(sorted),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    standardDeviation: standardDeviationOf(sorted, 0),
  };
}

/** A figure aggregated over seeds: the median with the full range as error bar. */
export interface MedianWithRange {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median and range of per-seed results (robust to one bad seed, unlike mean ± std). */
export function medianWithRange(values: ArrayLike<number>): MedianWithRange {
  const sorted = sortedCopy(finiteValues(values, "values"));
  return { median: medianOfSorted(sorted), min: sorted[0], max: sorted[sorted.length - 1] };
}
