// A metric's direction: accuracies are maximised, losses, errors and latencies minimised. Every ranking
// (good threshold, P(good), best value, the shrink loop) works on the oriented form, in which larger is
// always better; values go back to the metric's own units before anyone sees them.
import { LissnasError } from "../errors.js";

export type Direction = "max" | "min";
export const DIRECTIONS: readonly Direction[] = ["max", "min"];

/** The direction named by a `--minimize` flag. */
export function directionOf(minimize: boolean | undefined): Direction {
  return minimize === true ? "min" : "max";
}

export function checkDirection(value: unknown, field = "direction"): Direction {
  if (value !== "max" && value !== "min") throw new LissnasError("E_OPTION", `expected "max" or "min"; found ${JSON.stringify(value)}`, { field });
  return value;
}

/** One value in the oriented (larger is better) form; its own inverse, so it also maps back. */
export function orientValue(value: number, direction: Direction): number {
  return direction === "min" ? -value : value;
}

/** Values in the oriented form (a copy); NaN stays NaN. */
export function orient(values: ArrayLike<number>, direction: Direction): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  if (direction === "min") for (let i = 0; i < out.length; i++) out[i] = -out[i];
  return out;
}

/** Oriented values back in the metric's own units. */
export const unorient = orient;

/** True when `a` is at least as good as `b` in the metric's direction. */
export function atLeastAsGood(a: number, b: number, direction: Direction): boolean {
  return orientValue(a, direction) >= orientValue(b, direction);
}
