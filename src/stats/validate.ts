// Input checks shared by every statistic. Each public function validates its arrays once, here, so
// the numeric loops below can assume finite numbers and the error messages read the same everywhere.
import { LissnasError } from "../errors.js";

/** Options for {@link finiteValues}. */
export interface FiniteValuesOptions {
  /** Smallest accepted length (default 1: statistics of nothing are undefined). */
  readonly minLength?: number;
}

function describeFound(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Copies `values` into a Float64Array after checking that it is an array-like of finite numbers with at
 * least `minLength` entries. NaN and ±Infinity are rejected rather than propagated: a NaN accuracy is a
 * data error upstream, and silently dropping it would change the denominators of every fraction.
 */
export function finiteValues(values: ArrayLike<number>, field: string, options: FiniteValuesOptions = {}): Float64Array {
  const minLength = options.minLength ?? 1;
  if (values === null || typeof values !== "object" || typeof (values as { length?: unknown }).length !== "number") {
    throw new LissnasError("E_DATA", `expected an array of finite numbers; found ${describeFound(values)}`, { field });
  }
  const length = values.length;
  if (length < minLength) {
    const found = length === 0 ? "an empty array" : `${length} value${length === 1 ? "" : "s"}`;
    throw new LissnasError("E_DATA", `expected at least ${minLength} finite number${minLength === 1 ? "" : "s"}; found ${found}`, { field });
  }
  const copy = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new LissnasError("E_DATA", `expected finite numbers; found ${describeFound(value)} at index ${i}`, { field });
    }
    copy[i] = value;
  }
  return copy;
}

/** Throws unless two validated arrays have the same length (paired statistics). */
export function sameLength(x: ArrayLike<number>, y: ArrayLike<number>, xField: string, yField: string): void {
  if (x.length !== y.length) {
    throw new LissnasError("E_DATA", `expected the same length as "${xField}" (${x.length}); found ${y.length}`, { field: yField });
  }
}

/** A finite number parameter (threshold, probability, bounds). */
export function finiteParameter(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new LissnasError("E_OPTION", `expected a finite number; found ${describeFound(value)}`, { field });
  }
  return value;
}

/** An integer parameter within [min, max] (lags, bins, distances). */
export function integerParameter(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new LissnasError("E_OPTION", `expected an integer ${range}; found ${describeFound(value)}`, { field });
  }
  return value;
}

/** Ascending numeric sort of a private copy (typed-array sort is numeric, not lexicographic). */
export function sortedCopy(values: Float64Array): Float64Array {
  return values.slice().sort();
}
