// Piscina pools of WASM workers. Each worker instantiates the main thread's compiled module, sent in its
// workerData, instead of compiling its own; the pool keeps a fixed number of threads.
import { Piscina } from "piscina";
import type { ResourceLimits } from "node:worker_threads";
import { wasmModule } from "../wasm/core.js";

/** Idle workers live this long, so back-to-back batches of one run reuse them. */
const IDLE_TIMEOUT_MS = 60_000;

/** A pool of `threads` workers running `worker`, each given `{ module, ...data }` as workerData. */
export function wasmWorkerPool(worker: URL, threads: number, data: Record<string, unknown>, resourceLimits?: ResourceLimits): Piscina {
  return new Piscina({
    filename: worker.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: IDLE_TIMEOUT_MS,
    workerData: { module: wasmModule(), ...data },
    ...(resourceLimits === undefined ? {} : { resourceLimits }),
  });
}

/** Chunks in flight so every worker has one running and one queued while the main thread reduces or writes. */
export function chunkWindow(workers: number): number {
  return workers > 1 ? 2 * workers + 1 : 1;
}
