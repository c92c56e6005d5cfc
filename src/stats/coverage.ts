// Range coverage: how much of the full space's spread (of FLOPs, say) a shrunk space still spans.
import { LissnasError } from "../errors.js";
import { finiteValues } from "./validate.js";

function range(values: Float64Array): number {
  let low = values[0];
  let high = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] < low) low = values[i];
    else if (values[i] > high) high = values[i];
  }
  return high - low;
}

/**
 * (max - min of subset) / (max - min of full), in [0, 1] when subset ⊆ full (not checked: a subset reaching
 * outside the full range gives more than 1). Throws when full has zero range (the ratio is undefined), on
 * empty input and on NaN/±Infinity.
 */
export function rangeCoverage(subset: ArrayLike<number>, full: ArrayLike<number>): number {
  const subsetValues = finiteValues(subset, "subset");
  const fullRange = range(finiteValues(full, "full"));
  if (fullRange === 0) throw new LissnasError("E_DATA", "expected values spanning a non-zero range; found all values equal", { field: "full" });
  return range(subsetValues) / fullRange;
}
