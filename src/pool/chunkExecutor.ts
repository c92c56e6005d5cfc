// What the LISSNAS loop needs of whatever runs its chunk tasks: the local KernelPool (threads of this
// process) or a remote executor (worker processes on other machines). Either hands results back in
// chunk order, so the loop's reduction, and thus the run's result, does not depend on which ran them.
import type { ChunkTask, RunConfig } from "./chunkTask.js";
import type { ChunkResult } from "./kernelPool.js";

export interface ChunkExecutor {
  /**
   * The run's parameters and buffers. The loop writes an iteration's walk seeds (rows) and their seed
   * indices into `buffers.seeds` / `buffers.seedIndex` before it calls forEachInOrder with walk tasks.
   */
  readonly config: RunConfig;
  /** Runs `tasks` (chunks numbered 0, 1, 2 ...) and calls `reduce` for each, strictly in chunk order. */
  forEachInOrder(tasks: ChunkTask[], reduce: (result: ChunkResult) => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}

/** Opens an executor for a run; called once per run with the run's config. */
export type ChunkExecutorFactory = (config: RunConfig) => Promise<ChunkExecutor>;
