// Which way is better, decided in one place: the search layer works on scores oriented so that higher
// is better, and turns them back into the oracle's units for every output.

// The direction itself is the project's one (src/stats/direction.ts): "max" or "min" in every output.
import { directionOf, orientValue, type Direction } from "../stats/direction.js";

export { directionOf, type Direction };

/** The oriented score of an oracle value: itself when maximising, its negation when minimising. */
export function oriented(value: number, direction: Direction): number {
  return orientValue(value, direction);
}

/** True when `a` is strictly better than `b` (NaN is never better). */
export function better(a: number, b: number, direction: Direction): boolean {
  return direction === "min" ? a < b : a > b;
}

/** The better of two values, NaN losing to any number. */
export function best(a: number, b: number, direction: Direction): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return better(a, b, direction) ? a : b;
}

/** The value of the worst possible architecture, for curves before any query. */
export function worstValue(direction: Direction): number {
  return direction === "min" ? Infinity : -Infinity;
}
