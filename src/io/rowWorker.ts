// A Piscina worker of the row pipeline: instantiates the main thread's compiled WASM module once, then
// runs row jobs (src/io/rowJobs.ts) for one space.
import { move, transferableSymbol, valueSymbol, workerData } from "piscina";
import { createCore, SpaceKernels } from "../spaces/kernels.js";
import { getSpace } from "../spaces/registry.js";
import { WasmCore } from "../wasm/core.js";
import { TreeScorer } from "../predict/treeScorer.js";
import type { TreeScoringPlan } from "../predict/wasmTreePredictor.js";
import { formatGenomesChunk, hashChunk, predictRowsChunk } from "./rowJobs.js";
import type { RowJob } from "./rowPipeline.js";
import { ArchTable } from "./archTable.js";
import { predictTreeBytesChunk } from "./treeRowBytes.js";

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

/** The trees of the jobs' plan on a core of their own, as the predictor installs them; made at the first job. */
let scorer: { description: string; trees: TreeScorer } | undefined;
/** This worker's arch texts (and their scores), kept across chunks of one plan. */
let archTable = new ArchTable(space);

function scorerOf(plan: TreeScoringPlan): TreeScorer {
  if (scorer?.description !== plan.description) {
    scorer = { description: plan.description, trees: new TreeScorer(plan.compiled, plan.encoding, space.genomeLength, new WasmCore(module)) };
    archTable = new ArchTable(space);
  }
  return scorer.trees;
}

export default function run(job: RowJob): unknown {
  switch (job.kind) {
    case "hash":
      return hashChunk(kernels(), job.bytes, job.source);
    case "predictRows":
      return predictRowsChunk(space, job.bytes, job.source, job.field, job.replaceField);
    case "predictTree": {
      const result = predictTreeBytesChunk(space, scorerOf(job.trees), job.trees, archTable, job.bytes, job.source, job);
      // Output bytes move to the main thread instead of being copied.
      return "bytes" in result ? move({ [transferableSymbol]: [result.bytes.buffer], [valueSymbol]: result } as never) : result;
    }
    case "format":
      return formatGenomesChunk(kernels(), job.genomes, job.distances);
  }
}
