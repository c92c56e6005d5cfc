// NAS inside a space: search algorithms behind one contract, oracles, the trial runner and the
// NAS-benefit block of an evaluation.
export { runSearch, SEARCH_SCHEMA_VERSION, TOP_FRACTION } from "./search.js";
export type { SearchOptions, SearchSummary, SearchResult } from "./search.js";
export { nasBenefit, DEFAULT_BENEFIT_BUDGET, DEFAULT_BENEFIT_TRIALS } from "./benefit.js";
export type { NasBenefitOptions, NasBenefitRow } from "./benefit.js";
export { ALGORITHMS, createAlgorithm } from "./algorithms.js";
export type { AlgorithmName, AlgorithmParams } from "./algorithms.js";
export type { SearchAlgorithm, TrialContext } from "./algorithm.js";
export { parseOracleSpec, openOracle } from "./oracle.js";
export type { Oracle, OracleSpec } from "./oracle.js";
export { readMemberSet, memberSet } from "./inputSpace.js";
export type { MemberSet } from "./inputSpace.js";
export { SearchDomain } from "./domain.js";
export { TrialRunner } from "./trialRunner.js";
export type { SearchJob, TrialResult } from "./trialRunner.js";
export { searchFiles, writeSearchResult, summaryJson } from "./output.js";
export type { Direction } from "./direction.js";
