// A Piscina worker of the row pipeline: instantiates the main thread's compiled WASM module once, then
// runs row jobs (src/io/rowJobs.ts) for one space.
import { workerData } from "piscina";
import { createCore, SpaceKernels } from "../spaces/kernels.js";
import { getSpace } from "../spaces/registry.js";
import { formatGenomesChunk, hashChunk, predictRowsChunk } from "./rowJobs.js";
import type { RowJob } from "./rowPipeline.js";

interface RowWorkerData {
  module: WebAssembly.Module;
  space: string;
}

const { module, space } = workerData as RowWorkerData;
const kernels = new SpaceKernels(getSpace(space), createCore(module));

export default function run(job: RowJob): unknown {
  switch (job.kind) {
    case "hash":
      return hashChunk(kernels, job.bytes, job.source);
    case "predictRows":
      return predictRowsChunk(kernels.space, job.bytes, job.source, job.field, job.replaceField);
    case "format":
      return formatGenomesChunk(kernels, job.genomes, job.distances);
  }
}
