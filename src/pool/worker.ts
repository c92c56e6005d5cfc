// A Piscina worker: instantiates the main thread's compiled WASM module once, then runs chunk tasks
// against the run's shared buffers.
import { workerData } from "piscina";
import { createCore, SpaceKernels } from "../spaces/kernels.js";
import { getSpace } from "../spaces/registry.js";
import { runChunkTask, type ChunkTask, type RunConfig } from "./chunkTask.js";

interface PoolWorkerData {
  module: WebAssembly.Module;
  config: RunConfig;
}

const { module, config } = workerData as PoolWorkerData;
const kernels = new SpaceKernels(getSpace(config.space), createCore(module));

export default function run(task: ChunkTask): number {
  return runChunkTask(kernels, config, task);
}
