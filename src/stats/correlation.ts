// Pearson and Spearman correlation of paired samples (predictor vs ground truth, step t vs step t+k).
// Both need n >= 2 paired finite values; a constant input has no correlation and yields NaN (as scipy,
// which warns and returns nan), so a report can show "n/a" instead of aborting.
import { finiteValues, sameLength } from "./validate.js";
import { compensatedSum } from "./summary.js";

/** Pearson r of validated, equally long arrays (two-pass, centred, clamped to [-1, 1] against rounding). */
export function pearsonOf(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  const meanX = compensatedSum(x) / n;
  const meanY = compensatedSum(y) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Pearson's product-moment correlation r; NaN when either input is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const xs = finiteValues(x, "x", { minLength: 2 });
  const ys = finiteValues(y, "y", { minLength: 2 });
  sameLength(xs, ys, "x", "y");
  return pearsonOf(xs, ys);
}

/**
 * Ranks 1..n with ties given the average of the ranks they span (scipy.stats.rankdata method="average"),
 * e.g. [10, 20, 20, 30] -> [1, 2.5, 2.5, 4].
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const checked = finiteValues(values, "values", { minLength: 0 });
  const n = checked.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => checked[i] - checked[j]);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && checked[order[end]] === checked[order[start]]) end++;
    // Positions start..end-1 hold one tied value: ranks start+1..end, average (start + 1 + end) / 2.
    const shared = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = shared;
    start = end;
  }
  return ranks;
}

/** Spearman's rho: Pearson r of the average ranks (so ties are handled as scipy.stats.spearmanr does). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const xs = finiteValues(x, "x", { minLength: 2 });
  const ys = finiteValues(y, "y", { minLength: 2 });
  sameLength(xs, ys, "x", "y");
  return pearsonOf(averageRanks(xs), averageRanks(ys));
}
