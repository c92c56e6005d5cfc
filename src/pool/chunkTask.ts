// What one chunk computes, the same code on a worker and on the main thread (--workers 1): the
// result depends only on the task, never on which thread ran it or in what order.
import type { SpaceKernels } from "../spaces/kernels.js";
import { slotViews, type ChunkBuffers } from "./chunkBuffers.js";

/** A task message: nothing but positions; everything run-constant was set up once (RunConfig). */
export interface ChunkTask {
  /** 0: uniform sampling; i >= 1: random walks of iteration i. */
  iteration: number;
  /** Chunk number within the iteration; selects the output slot (chunk % slots). */
  chunk: number;
  /** Iteration 0: index of the first sample in the run's stream; else: first walk seed (buffer row). */
  start: number;
  /** Samples, or walk seeds (each yields perSeed outputs). */
  count: number;
}

/** Run-constant parameters every worker receives once, with the shared buffers. */
export interface RunConfig {
  space: string;
  seed: bigint;
  radius: number;
  perSeed: number;
  buffers: ChunkBuffers;
}

/** Items a task writes to its slot. */
export function taskItems(config: RunConfig, task: ChunkTask): number {
  return task.iteration === 0 ? task.count : task.count * config.perSeed;
}

/** Runs a task: sample or walk, canonicalise (inside the kernels), key; writes the task's slot. */
export function runChunkTask(kernels: SpaceKernels, config: RunConfig, task: ChunkTask): number {
  const { buffers } = config;
  const items = taskItems(config, task);
  if (items > buffers.slotItems) throw new RangeError(`chunk ${task.chunk} has ${items} items; a slot holds ${buffers.slotItems}`);
  const out = slotViews(buffers, task.chunk, items);
  const length = buffers.genomeLength;
  if (task.iteration === 0) {
    const genomes = kernels.sample(task.count, config.seed, { stream: 0n, firstIndex: BigInt(task.start) });
    out.genomes.set(genomes);
    out.distances.fill(0);
    out.keys.set(kernels.keys(genomes));
    return items;
  }
  const seeds = new Uint8Array(buffers.seeds, task.start * length, task.count * length).slice();
  const firstIndex = new Int32Array(buffers.seedIndex, task.start * 4, 1)[0];
  const { genomes, distances } = kernels.walkNeighbours(seeds, config.radius, config.perSeed, config.seed,
    { stream: BigInt(task.iteration), firstIndex: BigInt(firstIndex) });
  out.genomes.set(genomes);
  out.distances.set(distances);
  out.keys.set(kernels.keys(genomes));
  return items;
}
