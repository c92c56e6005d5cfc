// Histograms with fixed edges, so the FLOPs (or accuracy) distributions of several methods share bins
// and can be drawn on one axis.
import { LissnasError } from "../errors.js";
import { finiteParameter, finiteValues, integerParameter } from "./validate.js";

export interface HistogramOptions {
  /** Number of equal-width bins (>= 1). */
  readonly bins: number;
  /** Left edge of the first bin. */
  readonly min: number;
  /** Right edge of the last bin; must exceed `min`. */
  readonly max: number;
}

export interface Histogram {
  /** bins + 1 edges, edges[0] = min, edges[bins] = max. */
  readonly edges: Float64Array;
  /** counts[i] = values in [edges[i], edges[i+1]); the last bin also holds values equal to max (as numpy). */
  readonly counts: Uint32Array;
  /** Values below min, and above max: kept out of the bins but counted, so nothing disappears silently. */
  readonly below: number;
  readonly above: number;
  /** All values given, in or out of range. */
  readonly total: number;
}

/**
 * Counts values into `bins` equal-width bins between fixed `min` and `max`; same bins as np.histogram(values,
 * bins, range=(min, max)) for in-range values. An empty `values` gives zero counts (a method may keep nothing
 * in range); NaN/±Infinity throw.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions): Histogram {
  if (options === null || typeof options !== "object") {
    throw new LissnasError("E_OPTION", `expected {bins, min, max}; found ${options === null ? "null" : typeof options}`, { field: "options" });
  }
  const bins = integerParameter(options.bins, "bins", 1, 1 << 24);
  const low = finiteParameter(options.min, "min");
  const high = finiteParameter(options.max, "max");
  if (!(high > low)) throw new LissnasError("E_OPTION", `expected max > min (${low}); found ${high}`, { field: "max" });
  const checked = finiteValues(values, "values", { minLength: 0 });
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = i === bins ? high : low + ((high - low) * i) / bins;
  const counts = new Uint32Array(bins);
  let below = 0;
  let above = 0;
  const scale = bins / (high - low);
  for (let i = 0; i < checked.length; i++) {
    const value = checked[i];
    if (value < low) below++;
    else if (value > high) above++;
    else {
      let bin = Math.min(bins - 1, Math.floor((value - low) * scale));
      // The scaled index can land one bin off an edge by rounding; the edges array is the authority.
      if (value < edges[bin]) bin--;
      else if (bin + 1 < bins && value >= edges[bin + 1]) bin++;
      counts[bin]++;
    }
  }
  return { edges, counts, below, above, total: checked.length };
}
