// The lissnas WebAssembly core. Every export works on batches in linear memory laid out by the host
// (src/wasm/core.ts): the module itself never allocates, so host views stay valid between calls.
export { sampleGenomes } from "./sample";
export { canonicalizeGenomes } from "./canonicalize";
export { hashGenomes } from "./hash";
export { editDistances, editDistancesFrom } from "./editDistance";
export { dedupInsert, dedupContains } from "./dedup";
export { walkNeighbours, enumerateBall } from "./neighbours";
export { nb201SetClassTable } from "./spaces/nb201";
export { nb101OfficialHashes } from "./nb101Hash";
export { nb101Enumerate } from "./nb101Enumerate";
export { encodeFeatures } from "./features";
export { scoreGenomesWithTrees, treeScratchBytes } from "./treeEnsemble";
export { scoreTableClaim, scoreTableSet, scoreTableGet, scoreTableRehash } from "./scoreTable";

/** First byte the host may use: everything below holds the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
