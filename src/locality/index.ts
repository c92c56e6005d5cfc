// Locality analysis: random-walk autocorrelation and accuracy difference vs edit distance of a space.
export { analyseLocality, formatLocality, RWA_THRESHOLD, DEFAULT_WALKS, DEFAULT_MAX_DISTANCE_CAP } from "./analysis.js";
export type { LocalityOptions, LocalityReport } from "./analysis.js";
export { truthTableSource, predictorSource } from "./source.js";
export type { AccuracySource } from "./source.js";
