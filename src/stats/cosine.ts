// Diversity of a space: the largest cosine distance (1 - cosine similarity) between two of its
// architectures' feature rows. A shrunk space that kept its diversity still reaches far-apart designs.
import { LissnasError } from "../errors.js";
import { integerParameter } from "./validate.js";

/** Default budget of pair evaluations: every pair of ~22,000 rows, so up to ~20k rows is always exact. */
export const DEFAULT_MAX_COSINE_PAIRS = 250_000_000;

export interface MaxCosineDistanceOptions {
  /** Stop after this many pair evaluations and report bounds instead (default 2.5e8). */
  readonly maxPairs?: number;
}

export interface MaxCosineDistance {
  /** The largest 1 - cos found; the true maximum when `exact`, a lower bound otherwise. */
  readonly distance: number;
  /** Row indices (i < j) attaining `distance`. */
  readonly pair: readonly [number, number];
  /** True when every pair that could beat `distance` was examined. */
  readonly exact: boolean;
  /** The true maximum lies in [distance, upperBound]; equals `distance` when exact. */
  readonly upperBound: number;
  /** Pair evaluations spent (n(n-1)/2 would be brute force). */
  readonly pairsEvaluated: number;
}

/**
 * Maximum cosine distance between rows of a row-major matrix (`rows.length / width` rows), in [0, 2] (in [0, 1]
 * when all features are non-negative, as one-hot encodings are).
 *
 * Exact, and usually far below O(n² w): on unit vectors 1 - cos(u, v) = |u - v|² / 2, so this is the diameter of
 * the normalised rows. With c their centroid and r_i = |u_i - c|, the triangle inequality bounds |u_i - u_j| by
 * r_i + r_j; visiting rows by decreasing r_i after a farthest-point sweep has found a good pair, whole tails of
 * pairs are skipped without changing the answer. When non-negative features reach distance 1 (orthogonal rows),
 * nothing can beat it and the search stops. If `maxPairs` runs out first (adversarial data, n far above 20k), the
 * result is marked inexact with a certified upper bound.
 *
 * A single row gives 0 (no spread). Empty input, a width that does not divide the length, NaN/±Infinity or an
 * all-zero row (no direction, cosine undefined) throw LissnasError.
 */
export function maxCosineDistanceDetail(rows: ArrayLike<number>, width: number, options: MaxCosineDistanceOptions = {}): MaxCosineDistance {
  integerParameter(width, "width", 1);
  const maxPairs = integerParameter(options.maxPairs ?? DEFAULT_MAX_COSINE_PAIRS, "maxPairs", 1);
  if (rows === null || typeof rows !== "object" || typeof rows.length !== "number") {
    throw new LissnasError("E_DATA", `expected a row-major numeric matrix; found ${rows === null ? "null" : typeof rows}`, { field: "rows" });
  }
  if (rows.length === 0 || rows.length % width !== 0) {
    throw new LissnasError("E_DATA", `expected a non-empty length that is a multiple of width ${width}; found length ${rows.length}`, { field: "rows" });
  }
  const n = rows.length / width;
  const unit = normalisedRows(rows, width, n);
  const nonNegative = Array.prototype.every.call(rows, (value: number) => value >= 0);
  const ceiling = nonNegative ? 1 : 2;
  if (n === 1) return { distance: 0, pair: [0, 0], exact: true, upperBound: 0, pairsEvaluated: 0 };

  const dot = (i: number, j: number) => {
    let sum = 0;
    const oi = i * width;
    const oj = j * width;
    for (let k = 0; k < width; k++) sum += unit[oi + k] * unit[oj + k];
    return sum;
  };

  const radius = radiiFromCentroid(unit, width, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => radius[j] - radius[i]);

  let best = -1;
  let bestPair: [number, number] = [0, 0];
  let evaluated = 0;
  const consider = (i: number, j: number) => {
    evaluated++;
    const distance = 1 - dot(i, j);
    if (distance > best) {
      best = distance;
      bestPair = i < j ? [i, j] : [j, i];
    }
  };

  // Farthest-point sweeps: a cheap, usually near-optimal pair that makes the bound below bite early.
  let from = order[0];
  for (let sweep = 0; sweep < 3 && evaluated + n <= maxPairs; sweep++) {
    let farthest = from;
    let lowest = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === from) continue;
      const similarity = dot(from, j);
      if (similarity < lowest) {
        lowest = similarity;
        farthest = j;
      }
    }
    consider(from, farthest);
    evaluated += n - 2;
    from = farthest;
  }

  // Rounding in r_i (~1e-15) must never prune a pair that is truly better: compare with slack.
  const slack = 1e-9;
  const euclidean = () => Math.sqrt(2 * Math.max(0, best));
  const toDistance = (euclideanBound: number) => Math.min(ceiling, (euclideanBound * euclideanBound) / 2);
  for (let a = 0; a + 1 < n; a++) {
    if (best >= ceiling) break;
    const ra = radius[order[a]];
    if (ra + radius[order[a + 1]] + slack <= euclidean()) break;
    for (let b = a + 1; b < n; b++) {
      const rb = radius[order[b]];
      if (ra + rb + slack <= euclidean()) break;
      if (evaluated >= maxPairs) {
        // Any unexamined pair is (a, b'>=b) or (a'>a, b'>a'): bounded by ra + rb or by the next two radii.
        const nextPair = a + 2 < n ? radius[order[a + 1]] + radius[order[a + 2]] : 0;
        const upperBound = Math.max(best, toDistance(Math.max(ra + rb, nextPair) + slack));
        return { distance: best, pair: bestPair, exact: false, upperBound, pairsEvaluated: evaluated };
      }
      consider(order[a], order[b]);
    }
  }
  return { distance: best, pair: bestPair, exact: true, upperBound: best, pairsEvaluated: evaluated };
}

/** Maximum cosine distance between any two rows (see {@link maxCosineDistanceDetail}; a lower bound if inexact). */
export function maxCosineDistance(rows: ArrayLike<number>, width: number, options: MaxCosineDistanceOptions = {}): number {
  return maxCosineDistanceDetail(rows, width, options).distance;
}

function normalisedRows(rows: ArrayLike<number>, width: number, n: number): Float64Array {
  const unit = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let k = 0; k < width; k++) {
      const value = rows[i * width + k];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new LissnasError("E_DATA", `expected finite numbers; found ${String(value)} at row ${i}, column ${k}`, { field: "rows" });
      }
      norm += value * value;
    }
    if (norm === 0) throw new LissnasError("E_DATA", `expected rows with a direction; found an all-zero row ${i} (cosine undefined)`, { field: "rows" });
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < width; k++) unit[i * width + k] = rows[i * width + k] * scale;
  }
  return unit;
}

function radiiFromCentroid(unit: Float64Array, width: number, n: number): Float64Array {
  const centroid = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) centroid[k] += unit[i * width + k];
  for (let k = 0; k < width; k++) centroid[k] /= n;
  const radius = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let squared = 0;
    for (let k = 0; k < width; k++) squared += (unit[i * width + k] - centroid[k]) ** 2;
    radius[i] = Math.sqrt(squared);
  }
  return radius;
}
