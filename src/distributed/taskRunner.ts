// Computes a chunk task received from the engine with the very code the local pool runs
// (runChunkTask on the WASM core): the task's seeds go into a one-slot buffer of this process, so a
// remote chunk has the same rows, byte for byte, as the same chunk run by a local thread.
import { SpaceKernels } from "../spaces/kernels.js";
import { getSpace } from "../spaces/registry.js";
import { LissnasError } from "../errors.js";
import { allocateChunkBuffers, slotViews, type ChunkBuffers } from "../pool/chunkBuffers.js";
import { runChunkTask, type ChunkTask, type RunConfig } from "../pool/chunkTask.js";
import { kernelDigest, type TaskMessage } from "./protocol.js";

export interface ChunkRows {
  genomeLength: number;
  genomes: Uint8Array;
  distances: Uint8Array;
  keys: BigUint64Array;
}

export class TaskRunner {
  private readonly kernels = new Map<string, SpaceKernels>();
  private buffers?: ChunkBuffers;

  /** The chunk's rows (views of this runner's buffer: valid until the next call). */
  run(message: TaskMessage): ChunkRows {
    if (message.kernel !== kernelDigest()) {
      throw new LissnasError("E_ENGINE", `the task needs WASM core ${message.kernel}; this worker has ${kernelDigest()} (run the same lissnas build everywhere)`);
    }
    let kernels = this.kernels.get(message.space);
    if (kernels === undefined) {
      kernels = new SpaceKernels(getSpace(message.space));
      this.kernels.set(message.space, kernels);
    }
    const length = kernels.space.genomeLength;
    const walks = message.iteration > 0;
    const seeds = Buffer.from(message.seeds, "base64");
    if (walks && seeds.length !== message.count * length) {
      throw new LissnasError("E_PARSE", `task ${message.run}/${message.phase}/${message.chunk}: ${seeds.length} seed bytes for ${message.count} seeds of ${length} bytes`,
        { field: "seeds" });
    }
    const items = walks ? message.count * message.per_seed : message.count;
    const buffers = this.buffersFor(length, walks ? message.count : 1, items);
    const config: RunConfig = { space: message.space, seed: BigInt(message.seed), radius: message.radius, perSeed: message.per_seed, buffers };
    if (walks) {
      new Uint8Array(buffers.seeds).set(seeds);
      new Int32Array(buffers.seedIndex)[0] = message.first_index;
    }
    // One slot: the chunk number selects slot chunk % 1 = 0; walk seeds start at row 0.
    const task: ChunkTask = { iteration: message.iteration, chunk: message.chunk, start: walks ? 0 : message.start, count: message.count };
    const written = runChunkTask(kernels, config, task);
    return { genomeLength: length, ...slotViews(buffers, message.chunk, written) };
  }

  /** A buffer at least this large, reused across tasks. */
  private buffersFor(genomeLength: number, seeds: number, items: number): ChunkBuffers {
    const b = this.buffers;
    if (b !== undefined && b.genomeLength === genomeLength && b.maxSeeds >= seeds && b.slotItems >= items) return b;
    this.buffers = allocateChunkBuffers(genomeLength, Math.max(seeds, b?.maxSeeds ?? 0), 1, Math.max(items, b?.slotItems ?? 0));
    return this.buffers;
  }
}
