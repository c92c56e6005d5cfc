// Runs chunk tasks of one run, on Piscina workers (workers >= 2) or on the calling thread (1), and
// hands the results back strictly in chunk order, so every reduction sees the same sequence.
import type { Piscina } from "piscina";
import { wasmWorkerPool, chunkWindow } from "./wasmWorkers.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";
import { runChunkTask, taskItems, type ChunkTask, type RunConfig } from "./chunkTask.js";
import { slotViews } from "./chunkBuffers.js";

const WORKER_URL = new URL("./worker.js", import.meta.url);

/** The most workers a run may ask for (more only adds queueing on a 2-core machine). */
export const MAX_WORKERS = 64;

export interface ChunkResult {
  task: ChunkTask;
  genomes: Uint8Array;
  distances: Uint8Array;
  keys: BigUint64Array;
}

export function checkWorkerCount(workers: number, option = "--workers"): number {
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new LissnasError("E_OPTION", `${option} must be an integer in 1..${MAX_WORKERS}; found ${workers}`);
  }
  return workers;
}

export class KernelPool {
  readonly config: RunConfig;
  readonly workers: number;
  private readonly kernels: SpaceKernels;
  private readonly piscina?: Piscina;

  /** `kernels`: the calling thread's kernels, used when workers = 1. */
  constructor(config: RunConfig, workers: number, kernels: SpaceKernels) {
    this.config = config;
    this.workers = checkWorkerCount(workers);
    this.kernels = kernels;
    if (workers > 1) {
      this.piscina = wasmWorkerPool(WORKER_URL, workers, { config });
    }
  }

  /** Slots a run needs so every worker has one chunk running and one queued while the main thread reduces. */
  static slotsFor(workers: number): number {
    return chunkWindow(workers);
  }

  /**
   * Runs `tasks` with at most `slots` in flight and calls `reduce` for each in chunk order; a slot is
   * reused only after `reduce` for its previous chunk has returned. Tasks must number chunks 0, 1, 2 ...
   */
  async forEachInOrder(tasks: ChunkTask[], reduce: (result: ChunkResult) => Promise<void> | void): Promise<void> {
    const slots = this.config.buffers.slots;
    const running: Promise<unknown>[] = [];
    const launch = (index: number) => {
      if (index >= tasks.length) return;
      const task = tasks[index];
      if (task.chunk !== index) throw new Error(`task ${index} carries chunk ${task.chunk}`);
      running[index] = this.piscina !== undefined ? this.piscina.run(task) : Promise.resolve().then(() => runChunkTask(this.kernels, this.config, task));
      // Unobserved rejections would surface before the chunk's turn; they are rethrown in order below.
      running[index].catch(() => undefined);
    };
    for (let i = 0; i < Math.min(slots, tasks.length); i++) launch(i);
    for (let i = 0; i < tasks.length; i++) {
      await running[i];
      delete running[i];
      const task = tasks[i];
      const views = slotViews(this.config.buffers, task.chunk, taskItems(this.config, task));
      await reduce({ task, ...views });
      launch(i + slots);
    }
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
