// Bench worker: instantiates the main thread's compiled module once and runs one kernel over a fixed
// batch for `ms` milliseconds; returns the items processed. Used to measure 2-core throughput.
import { workerData } from "piscina";
import { createCore, SpaceKernels } from "../src/spaces/kernels.js";
import { getSpace } from "../src/spaces/registry.js";
import { nb101Classes } from "./nb101Cells.js";

const core = createCore((workerData as { module: WebAssembly.Module }).module);

export type ParallelKernel = "nb101-md5" | "nb101-edit" | "nb301-edit";

export default function run({ kernel, ms, seed }: { kernel: ParallelKernel; ms: number; seed: number }): number {
  const kernels = new SpaceKernels(getSpace(kernel.startsWith("nb101") ? "nb101" : "nb301"), core);
  const batch = kernel === "nb301-edit" ? 65536 : 8192;
  const a = kernel === "nb101-md5" ? nb101Classes(core, batch) : kernels.sample(batch, BigInt(seed));
  const b = kernels.sample(batch, BigInt(seed + 1000));
  let items = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    if (kernel === "nb101-md5") core.nb101OfficialHashes(a);
    else kernels.editDistances(a, b);
    items += batch;
  }
  return items / ((performance.now() - start) / 1000);
}
