// A Piscina worker of the wasm tree engine: instantiates the main thread's compiled module once,
// installs the trees once, then scores row ranges of shared batches.
import { workerData } from "piscina";
import { WasmCore } from "../wasm/core.js";
import type { FeatureEncoding } from "./features.js";
import type { CompiledTreeEnsemble } from "./treeEnsemble.js";
import { TreeScorer } from "./treeScorer.js";

/** What every worker receives once. */
export interface TreeWorkerData {
  module: WebAssembly.Module;
  compiled: CompiledTreeEnsemble;
  encoding: FeatureEncoding;
  length: number;
}

/** Scores genomes [start, start + count) of `genomes` into the same rows of `scores`. */
export interface TreeTask {
  genomes: SharedArrayBuffer;
  scores: SharedArrayBuffer;
  start: number;
  count: number;
}

const { module, compiled, encoding, length } = workerData as TreeWorkerData;
const scorer = new TreeScorer(compiled, encoding, length, new WasmCore(module));

export default function score(task: TreeTask): number {
  const genomes = new Uint8Array(task.genomes, task.start * length, task.count * length);
  new Float32Array(task.scores, task.start * 4, task.count).set(scorer.score(genomes));
  return task.count;
}
