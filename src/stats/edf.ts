// Empirical distribution function (EDF) of errors, error = 100 - accuracy (percent), as in the
// "error EDF" plots of Radosavovic et al. (2019) that compare design spaces.
import { LissnasError } from "../errors.js";
import { finiteValues, sortedCopy } from "./validate.js";

/**
 * The EDF as a right-continuous step function: `x` holds the distinct values ascending and `F[i]` the
 * fraction of values <= x[i], so F ends at exactly 1. Tied values collapse into one point whose jump is
 * their share. To plot, draw a horizontal segment from (x[i], F[i]) to (x[i+1], F[i]) and a vertical one up to F[i+1].
 */
export interface Edf {
  readonly x: Float64Array;
  readonly F: Float64Array;
  /** Number of values the EDF was built from. */
  readonly count: number;
}

/** Builds the EDF of at least one finite value. */
export function edf(values: ArrayLike<number>): Edf {
  const sorted = sortedCopy(finiteValues(values, "values"));
  const n = sorted.length;
  const x: number[] = [];
  const F: number[] = [];
  for (let i = 0; i < n; i++) {
    // Emit a point only at the last copy of each value, where the step has its full height.
    if (i + 1 < n && sorted[i + 1] === sorted[i]) continue;
    x.push(sorted[i]);
    F.push((i + 1) / n);
  }
  return { x: Float64Array.from(x), F: Float64Array.from(F), count: n };
}

/** F(t): the fraction of the EDF's values <= t (0 left of the smallest value), by binary search. */
export function edfAt(distribution: Edf, t: number): number {
  if (Number.isNaN(t)) throw new LissnasError("E_OPTION", "expected a number to evaluate the EDF at; found NaN", { field: "t" });
  let low = 0;
  let high = distribution.x.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (distribution.x[middle] <= t) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? 0 : distribution.F[low - 1];
}

/** Errors in percent from accuracies in percent: 100 - accuracy (accuracies outside [0, 100] are a unit mistake). */
export function errorsFromAccuracies(accuracies: ArrayLike<number>): Float64Array {
  const checked = finiteValues(accuracies, "accuracies");
  const errors = new Float64Array(checked.length);
  for (let i = 0; i < checked.length; i++) {
    const accuracy = checked[i];
    if (accuracy < 0 || accuracy > 100) {
      throw new LissnasError("E_DATA", `expected accuracies in percent, within [0, 100]; found ${accuracy} at index ${i}`, { field: "accuracies" });
    }
    errors[i] = 100 - accuracy;
  }
  return errors;
}

/** EDF of the errors of the given accuracies (percent). */
export function errorEdf(accuracies: ArrayLike<number>): Edf {
  return edf(errorsFromAccuracies(accuracies));
}
