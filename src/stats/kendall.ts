// Kendall's tau-b in O(n log n) (Knight 1966): the rank agreement of a predictor with ground truth,
// the figure NAS predictor papers report. Tie-corrected, equal to scipy.stats.kendalltau(variant="b").
import { finiteValues, sameLength } from "./validate.js";

/** Number of pairs among `count` tied items. */
function tiedPairs(count: number): number {
  return (count * (count - 1)) / 2;
}

/** Sum of tiedPairs over runs of equal consecutive values of `key` (visiting positions 0..n-1). */
function tiesInRuns(n: number, sameAsPrevious: (position: number) => boolean): number {
  let total = 0;
  let run = 1;
  for (let position = 1; position < n; position++) {
    if (sameAsPrevious(position)) run++;
    else {
      total += tiedPairs(run);
      run = 1;
    }
  }
  return total + tiedPairs(run);
}

/**
 * Sorts `values` ascending in place (stable bottom-up merge sort) and returns the number of inversions,
 * i.e. pairs i < j with values[i] > values[j]; equal values are not inversions.
 */
function sortCountingInversions(values: Float64Array): number {
  const n = values.length;
  let source: Float64Array = values;
  let target: Float64Array = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const middle = Math.min(left + width, n);
      const right = Math.min(left + 2 * width, n);
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < right) {
        if (source[i] <= source[j]) target[k++] = source[i++];
        else {
          // source[j] jumps over every value still waiting in the left run.
          inversions += middle - i;
          target[k++] = source[j++];
        }
      }
      while (i < middle) target[k++] = source[i++];
      while (j < right) target[k++] = source[j++];
    }
    [source, target] = [target, source];
  }
  if (source !== values) values.set(source);
  return inversions;
}

/**
 * Kendall's tau-b = (C - D) / sqrt((n0 - T_x)(n0 - T_y)), n0 = n(n-1)/2, T_x and T_y the pairs tied in x and in y.
 * Knight's algorithm: sort by (x, y); then D is the number of inversions of y in that order (merge sort), and
 * C - D = n0 - T_x - T_y + T_xy - 2D where T_xy counts pairs tied in both. NaN when x or y is constant (as scipy).
 * Needs n >= 2 paired finite values.
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const xs = finiteValues(x, "x", { minLength: 2 });
  const ys = finiteValues(y, "y", { minLength: 2 });
  sameLength(xs, ys, "x", "y");
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => xs[i] - xs[j] || ys[i] - ys[j]);
  const xSorted = Float64Array.from(order, (i) => xs[i]);
  const yInXOrder = Float64Array.from(order, (i) => ys[i]);
  const tiedX = tiesInRuns(n, (p) => xSorted[p] === xSorted[p - 1]);
  const tiedBoth = tiesInRuns(n, (p) => xSorted[p] === xSorted[p - 1] && yInXOrder[p] === yInXOrder[p - 1]);
  const discordant = sortCountingInversions(yInXOrder);
  const tiedY = tiesInRuns(n, (p) => yInXOrder[p] === yInXOrder[p - 1]);
  const pairs = tiedPairs(n);
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  if (denominator === 0) return Number.NaN;
  const tau = (pairs - tiedX - tiedY + tiedBoth - 2 * discordant) / denominator;
  return Math.max(-1, Math.min(1, tau));
}

/** The O(n^2) definition, pair by pair: the reference the fast version is tested against. */
export function kendallTauBByPairs(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const xs = finiteValues(x, "x", { minLength: 2 });
  const ys = finiteValues(y, "y", { minLength: 2 });
  sameLength(xs, ys, "x", "y");
  let concordantMinusDiscordant = 0;
  let untiedX = 0;
  let untiedY = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const sx = Math.sign(xs[j] - xs[i]);
      const sy = Math.sign(ys[j] - ys[i]);
      concordantMinusDiscordant += sx * sy;
      if (sx !== 0) untiedX++;
      if (sy !== 0) untiedY++;
    }
  }
  const denominator = Math.sqrt(untiedX * untiedY);
  return denominator === 0 ? Number.NaN : concordantMinusDiscordant / denominator;
}
