// Across trials: the anytime curve (mean best-so-far with its 95% interval vs queries), the final best's
// distribution, and the queries needed to reach the space's best and its top 0.1%.
import { Z_95 } from "../stats/locality.js";
import { quantile } from "../stats/summary.js";
import { best, oriented, type Direction } from "./direction.js";

export interface IntervalPoint {
  mean: number;
  /** 95% confidence interval of the mean over trials: mean ∓ 1.96 s/√T (equal to the mean for one trial). */
  low: number;
  high: number;
}

export interface CurvePoint extends IntervalPoint {
  queries: number;
}

export interface QueriesToReach {
  /** The value to reach (oracle units); null when unknown. */
  threshold: number | null;
  /** Median queries over trials, an unreached trial counting as never; null when half or more never reach it or it is unknown. */
  median: number | null;
  /** Trials that reached it within the budget. */
  reached: number;
  /** Per trial: the 1-based query at which it was first reached, or null. */
  per_trial: Array<number | null>;
}

export interface TrialCurves {
  /** Best-so-far after each query (oracle units), per trial. */
  bestSoFar: Float64Array[];
}

/** Best-so-far after each query of one trial's values. */
export function bestSoFar(values: ArrayLike<number>, direction: Direction): Float64Array {
  const out = new Float64Array(values.length);
  let current = NaN;
  for (let i = 0; i < values.length; i++) {
    current = best(current, values[i], direction);
    out[i] = current;
  }
  return out;
}

export function meanInterval(values: ArrayLike<number>): IntervalPoint {
  const n = values.length;
  if (n === 0) return { mean: NaN, low: NaN, high: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  if (n < 2) return { mean, low: mean, high: mean };
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const half = (Z_95 * Math.sqrt(squares / (n - 1))) / Math.sqrt(n);
  return { mean, low: mean - half, high: mean + half };
}

/**
 * The anytime curve at every query count 1..budget. A trial that stopped early (its domain exhausted)
 * keeps its last best-so-far.
 */
export function anytimeCurve(curves: Float64Array[], budget: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let q = 1; q <= budget; q++) {
    const at = curves.filter((c) => c.length > 0).map((c) => c[Math.min(q, c.length) - 1]);
    points.push({ queries: q, ...meanInterval(at) });
  }
  return points;
}

export function queriesToReach(curves: Float64Array[], threshold: number | null, direction: Direction): QueriesToReach {
  if (threshold === null) return { threshold: null, median: null, reached: 0, per_trial: curves.map(() => null) };
  const goal = oriented(threshold, direction);
  const perTrial = curves.map((c) => {
    const i = c.findIndex((v) => oriented(v, direction) >= goal);
    return i < 0 ? null : i + 1;
  });
  const sorted = perTrial.map((q) => q ?? Infinity).sort((a, b) => a - b);
  // The type-7 median with "never" as +Infinity: finite only when at least half the trials reached it.
  const h = (sorted.length - 1) / 2;
  const median = sorted.length === 0 ? Infinity : sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.ceil(h)] - sorted[Math.floor(h)] || 0);
  return { threshold, median: Number.isFinite(median) ? median : null, reached: perTrial.filter((q) => q !== null).length, per_trial: perTrial };
}

export interface Distribution {
  min: number;
  q25: number;
  median: number;
  q75: number;
  max: number;
}

export function distributionOf(values: number[]): Distribution {
  return { min: quantile(values, 0), q25: quantile(values, 0.25), median: quantile(values, 0.5), q75: quantile(values, 0.75), max: quantile(values, 1) };
}
