// A Piscina worker of the wasm tree engine: instantiates the main thread's compiled module once,
// installs the trees once, then scores row ranges of shared batches.
import { workerData } from "piscina";
import { WasmCore } from "../wasm/core.js";
import type { CompiledTreeEnsemble } from "./treeEnsemble.js";

/** What every worker receives once. */
export interface TreeWorkerData {
  module: WebAssembly.Module;
  compiled: CompiledTreeEnsemble;
  plan: Int32Array;
  width: number;
  length: number;
}

/** Scores genomes [start, start + count) of `genomes` into the same rows of `scores`. */
export interface TreeTask {
  genomes: SharedArrayBuffer;
  scores: SharedArrayBuffer;
  start: number;
  count: number;
}

const { module, compiled, plan, width, length } = workerData as TreeWorkerData;
const core = new WasmCore(module);
const trees = core.loadTreeEnsemble(compiled, plan, width);

export default function score(task: TreeTask): number {
  const genomes = new Uint8Array(task.genomes, task.start * length, task.count * length);
  new Float32Array(task.scores, task.start * 4, task.count).set(core.scoreWithTrees(trees, length, genomes));
  return task.count;
}
