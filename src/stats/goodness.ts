// P(good) and the shrink index: how much more likely a uniform draw from the shrunk space is to be a
// "good" architecture than a draw from the full space. "Good" means accuracy >= threshold (ties count as good).
import { finiteParameter, finiteValues, sortedCopy } from "./validate.js";
import { quantileOfSorted } from "./summary.js";
import { LissnasError } from "../errors.js";

/** Percentile of the full space used as the default "good" threshold. */
export const DEFAULT_GOOD_PERCENTILE = 80;

function fractionAtLeast(values: Float64Array, threshold: number): number {
  let good = 0;
  for (let i = 0; i < values.length; i++) if (values[i] >= threshold) good++;
  return good / values.length;
}

/** Fraction of `values` that are >= `threshold`. Empty input or NaN throws (the fraction would be undefined or wrong). */
export function pGood(values: ArrayLike<number>, threshold: number): number {
  finiteParameter(threshold, "threshold");
  return fractionAtLeast(finiteValues(values, "values"), threshold);
}

/**
 * The default good threshold: the given percentile (default 80) of the full space's accuracies, type-7
 * interpolated like np.percentile. With it, P(good | full) is about 0.2 (exactly 0.2 without ties when
 * 0.8(n-1) is an integer; ties at the threshold push it up because >= counts them as good).
 */
export function defaultGoodThreshold(full: ArrayLike<number>, percentile = DEFAULT_GOOD_PERCENTILE): number {
  finiteParameter(percentile, "percentile");
  if (percentile < 0 || percentile > 100) {
    throw new LissnasError("E_OPTION", `expected a percentile in [0, 100]; found ${percentile}`, { field: "percentile" });
  }
  return quantileOfSorted(sortedCopy(finiteValues(full, "full")), percentile / 100);
}

/** The parts of a shrink index, so tables can show P(good) of both spaces beside their difference. */
export interface ShrinkIndex {
  readonly threshold: number;
  readonly pGoodShrunk: number;
  readonly pGoodFull: number;
  /** P(good | shrunk) - P(good | full), in [-1, 1]; positive means shrinking helped. */
  readonly index: number;
}

/**
 * The shrink index with its parts. Without `threshold`, uses {@link defaultGoodThreshold} of `full`, so
 * several methods compared on one full space share one threshold.
 */
export function shrinkIndexDetail(shrunk: ArrayLike<number>, full: ArrayLike<number>, threshold?: number): ShrinkIndex {
  const shrunkValues = finiteValues(shrunk, "shrunk");
  const fullValues = finiteValues(full, "full");
  const used = threshold === undefined ? quantileOfSorted(sortedCopy(fullValues), DEFAULT_GOOD_PERCENTILE / 100) : finiteParameter(threshold, "threshold");
  const pGoodShrunk = fractionAtLeast(shrunkValues, used);
  const pGoodFull = fractionAtLeast(fullValues, used);
  return { threshold: used, pGoodShrunk, pGoodFull, index: pGoodShrunk - pGoodFull };
}

/** Shrink index = P(good | shrunk) - P(good | full), in [-1, 1]; `threshold` defaults as in {@link shrinkIndexDetail}. */
export function shrinkIndex(shrunk: ArrayLike<number>, full: ArrayLike<number>, threshold?: number): number {
  return shrinkIndexDetail(shrunk, full, threshold).index;
}
