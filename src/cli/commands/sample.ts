import type { Command } from "commander";
import { LineWriter } from "../../io/lineWriter.js";
import { integerOption, seedOption } from "../options.js";
import { spaceKernels, writeGenomeRows } from "../common.js";
import { GenomeSet } from "../../dedup/genomeSet.js";
import { KernelPool, MAX_WORKERS } from "../../pool/kernelPool.js";
import { allocateChunkBuffers } from "../../pool/chunkBuffers.js";

const BATCH = 8192;

export function registerSample(program: Command): void {
  program.command("sample <space>")
    .description("uniformly drawn valid architectures as JSON Lines {arch, key}")
    .requiredOption("-n, --count <N>", "number of architectures", integerOption("--count", { min: 1 }))
    .option("--seed <S>", "random seed (default 0)", seedOption())
    .option("--unique", "skip architectures isomorphic to one already printed (may print fewer than N in a small space)")
    .option("--workers <N>", "sampling threads (the output is the same for any N; default 1)", integerOption("--workers", { min: 1, max: MAX_WORKERS }))
    .action(async (name: string, options: { count: number; seed?: bigint; unique?: boolean; workers?: number }) => {
      const kernels = spaceKernels(name);
      const out = new LineWriter();
      const seen = options.unique ? new GenomeSet(kernels.core, options.count) : undefined;
      const length = kernels.space.genomeLength;
      // Chunks of BATCH samples (stream 0, indices start..) drawn by the pool, printed in chunk order.
      const workers = options.workers ?? 1;
      const pool = new KernelPool({ space: kernels.space.id, seed: options.seed ?? 0n, radius: 1, perSeed: 1,
        buffers: allocateChunkBuffers(length, 0, KernelPool.slotsFor(workers), BATCH) }, workers, kernels);
      const tasks = [];
      for (let start = 0; start < options.count; start += BATCH) {
        tasks.push({ iteration: 0, chunk: tasks.length, start, count: Math.min(BATCH, options.count - start) });
      }
      try {
        await pool.forEachInOrder(tasks, async ({ genomes, keys }) => {
          let batch = genomes.slice();
          if (seen !== undefined) {
            const isNew = seen.add(keys);
            const kept = new Uint8Array(batch.length);
            let n = 0;
            isNew.forEach((flag, i) => {
              if (flag) kept.set(batch.subarray(i * length, (i + 1) * length), length * n++);
            });
            batch = kept.subarray(0, n * length);
          }
          await writeGenomeRows(out, kernels, batch);
        });
      } finally {
        await pool.close();
      }
      await out.flush();
    });
}
