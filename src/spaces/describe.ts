/** A short rendering of a value found in user input, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (typeof value === "string") return `"${value.length > 80 ? value.slice(0, 77) + "..." : value}"`;
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  if (typeof value === "number" && !Number.isFinite(value)) return `a number that is not finite (${value}; e.g. 1e999 overflows)`;
  return `${typeof value} ${String(value)}`;
}
