// The statistics that back the claims of a shrunk space (design.md §4). Pure TypeScript, no WASM.
export { mean, median, quantile, min, max, standardDeviation, summary, medianWithRange, compensatedSum } from "./summary.js";
export type { Summary, MedianWithRange } from "./summary.js";
export { pGood, shrinkIndex, shrinkIndexDetail, defaultGoodThreshold, DEFAULT_GOOD_PERCENTILE } from "./goodness.js";
export type { ShrinkIndex } from "./goodness.js";
export { edf, edfAt, errorEdf, errorsFromAccuracies } from "./edf.js";
export type { Edf } from "./edf.js";
export { ks2samp, kolmogorovSurvival, KS_EXACT_MAX_SIZE } from "./ks.js";
export type { KsMethod, KsResult } from "./ks.js";
export { pearson, spearman, averageRanks } from "./correlation.js";
export { kendallTauB } from "./kendall.js";
export { randomWalkAutocorrelation, accuracyDifferenceByDistance, Z_95 } from "./locality.js";
export type { LagCorrelation, DistanceDifference, DistancePair, DistancePairColumns } from "./locality.js";
export { maxCosineDistance, maxCosineDistanceDetail, DEFAULT_MAX_COSINE_PAIRS } from "./cosine.js";
export type { MaxCosineDistance, MaxCosineDistanceOptions } from "./cosine.js";
export { rangeCoverage } from "./coverage.js";
export { histogram } from "./histogram.js";
export type { Histogram, HistogramOptions } from "./histogram.js";
