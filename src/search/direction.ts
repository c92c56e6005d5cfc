// Which way is better, decided in one place: the search layer works on scores oriented so that higher
// is better, and turns them back into the oracle's units for every output.

export type Direction = "maximize" | "minimize";

export function directionOf(minimize: boolean | undefined): Direction {
  return minimize === true ? "minimize" : "maximize";
}

/** The oriented score of an oracle value: itself when maximising, its negation when minimising. */
export function oriented(value: number, direction: Direction): number {
  return direction === "minimize" ? -value : value;
}

/** True when `a` is strictly better than `b` (NaN is never better). */
export function better(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/** The better of two values, NaN losing to any number. */
export function best(a: number, b: number, direction: Direction): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return better(a, b, direction) ? a : b;
}

/** The value of the worst possible architecture, for curves before any query. */
export function worstValue(direction: Direction): number {
  return direction === "minimize" ? Infinity : -Infinity;
}
