// Every JSON output names its keys in snake_case (one convention for scripts to rely on); in-memory
// objects keep TypeScript's camelCase, and this turns them into the output form at the edge.

/** "maxSeeds" -> "max_seeds", "rwaBelowThreshold" -> "rwa_below_threshold"; snake_case names are unchanged. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

/** A copy of a JSON-able value with every object key in snake_case (arrays and typed arrays become arrays; bigints stay). */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [snakeCase(k), snakeCaseKeys(v)]));
  }
  return value;
}
