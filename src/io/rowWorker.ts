// A Piscina worker of the row pipeline: instantiates the main thread's compiled WASM module once, then
// runs row jobs (src/io/rowJobs.ts) for one space.
import { move, transferableSymbol, valueSymbol, workerData } from "piscina";
import { createCore, SpaceKernels } from "../spaces/kernels.js";
import { getSpace } from "../spaces/registry.js";
import { formatGenomesChunk, hashChunk, predictRowsChunk } from "./rowJobs.js";
import type { RowJob } from "./rowPipeline.js";
import { TreeRowsRunner } from "./treeRowBytes.js";
import { distanceChunk } from "./distanceRows.js";

interface RowWorkerData {
  module: WebAssembly.Module;
  space: string;
}

const { module, space: spaceId } = workerData as RowWorkerData;
const space = getSpace(spaceId);
let spaceKernels: SpaceKernels | undefined;

/** The space's kernels, made at the first job that needs them (tree scoring does not: the worker starts sooner). */
function kernels(): SpaceKernels {
  spaceKernels ??= new SpaceKernels(space, createCore(module));
  return spaceKernels;
}

/** predictTree jobs: this worker's trees and arch table (with its scores), kept across chunks. */
const treeRows = new TreeRowsRunner(space, module);

export default function run(job: RowJob): unknown {
  switch (job.kind) {
    case "hash":
      return hashChunk(kernels(), job.bytes, job.source);
    case "predictRows":
      return predictRowsChunk(space, job.bytes, job.source, job.field, job.replaceField);
    case "predictTree": {
      const result = treeRows.run(job.trees, job.bytes, job.source, job);
      // Output bytes move to the main thread instead of being copied.
      return "bytes" in result ? move({ [transferableSymbol]: [result.bytes.buffer], [valueSymbol]: result } as never) : result;
    }
    case "format":
      return formatGenomesChunk(kernels(), job.genomes, job.distances);
    case "distance":
      return distanceChunk(kernels(), job.bytes, job.source, job.fields);
  }
}
