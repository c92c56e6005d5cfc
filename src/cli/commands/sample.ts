import type { Command } from "commander";
import { openRowOutput, formatOption, FORMAT_HELP, type RowOutput } from "../rowOutput.js";
import { spaceColumns } from "../../shrink/output.js";
import { archKeyColumns, type OutputFormat } from "../../io/columnar.js";
import { integerOption, seedOption, threadsOption } from "../options.js";
import { spaceKernels, writeGenomeRows } from "../common.js";
import { GenomeSet } from "../../dedup/genomeSet.js";
import { ShrunkSpaceSampler } from "../../shrink/sampler.js";
import { getSpace } from "../../spaces/registry.js";
import { LissnasError } from "../../errors.js";
import type { SearchSpace } from "../../spaces/space.js";
import { checkPlannedMemory } from "../capacity.js";
import { KernelPool } from "../../pool/kernelPool.js";
import { allocateChunkBuffers } from "../../pool/chunkBuffers.js";
import { OrderedOutput, RowPool } from "../../io/rowPipeline.js";
import { writeOut } from "../../io/standardOutput.js";

const BATCH = 8192;

/** Uniform draws (with replacement) from a shrunk space; its manifest names the space. */
async function sampleShrunkSpace(dir: string, spaceName: string | undefined, count: number, seed: bigint, format: OutputFormat): Promise<void> {
  const sampler = ShrunkSpaceSampler.fromDirectory(dir, seed);
  const manifestSpace = String(sampler.manifest.space);
  if (spaceName !== undefined && getSpace(spaceName).id !== manifestSpace) {
    throw new LissnasError("E_OPTION", `--from ${dir} holds a shrunk ${manifestSpace} space, not ${getSpace(spaceName).id}`);
  }
  const out = openRowOutput(format, () => spaceColumns(getSpace(manifestSpace)));
  // Batches stream: the first rows print at once whatever -n is. Only the known fields are written back.
  for (const rows of sampler.batches(count)) {
    await out.writeRows(rows.map(({ arch, key, score, pocket }) => ({ arch, key, score, pocket })));
    await out.flush();
  }
  await out.close();
}

/** --unique cannot print more architectures than the space has classes, nor hold more keys than memory allows. */
function checkUniqueCount(space: SearchSpace, count: number): void {
  const classes = space.uniqueSize();
  if (classes !== undefined && BigInt(count) > classes) {
    throw new LissnasError("E_OPTION", `--unique: ${space.id} has ${classes} isomorphism classes; -n ${count} asks for more`, { field: "--count" });
  }
  // The dedup table: 8-byte keys at load <= 1/2, doubled while growing.
  checkPlannedMemory("--count", `-n ${count} --unique: the keys of the architectures printed`, count, 32);
}

export function registerSample(program: Command): void {
  program.command("sample [space]")
    .description("uniformly drawn valid architectures as JSON Lines {arch, key}; with --from DIR, uniform draws from a shrunk space")
    .requiredOption("-n, --count <N>", "number of architectures", integerOption("--count", { min: 1 }))
    .option("--seed <S>", "random seed (default 0)", seedOption())
    .option("--from <DIR>", "draw from the shrunk space of a `lissnas shrink` output directory (with replacement)")
    .option("--unique", "skip architectures isomorphic to one already printed (may print fewer than N in a small space)")
    .option("--workers <N>", "sampling threads, which also format JSON Lines rows (the output is the same for any N; default 1)", threadsOption("--workers"))
    .option("--format <F>", FORMAT_HELP, formatOption())
    .action(async (name: string | undefined, options: { count: number; seed?: bigint; unique?: boolean; workers?: number; from?: string; format?: OutputFormat }) => {
      if (options.from !== undefined) {
        await sampleShrunkSpace(options.from, name, options.count, options.seed ?? 0n, options.format ?? "jsonl");
        return;
      }
      if (name === undefined) throw new LissnasError("E_OPTION", "sample: give a space, or --from DIR");
      const kernels = spaceKernels(name);
      // Parquet rows are typed and written on the main thread; JSON Lines are keyed and formatted on row workers.
      const out: RowOutput | undefined = options.format === "parquet" ? openRowOutput("parquet", () => archKeyColumns(kernels.space)) : undefined;
      if (options.unique) checkUniqueCount(kernels.space, options.count);
      // Sized for the classes it can meet; it grows by doubling past that.
      const seen = options.unique ? new GenomeSet(kernels.core, Math.min(options.count, 1 << 20)) : undefined;
      const length = kernels.space.genomeLength;
      // Chunks of BATCH samples (stream 0, indices start..) drawn by the pool, printed in chunk order.
      const workers = options.workers ?? 1;
      const pool = new KernelPool({ space: kernels.space.id, seed: options.seed ?? 0n, radius: 1, perSeed: 1,
        buffers: allocateChunkBuffers(length, 0, KernelPool.slotsFor(workers), BATCH) }, workers, kernels);
      // Tasks are planned a window at a time, so any count streams: the first rows print at once, and
      // a closed pipe stops the run after the window in flight. Chunk numbers restart in each window
      // (they name buffer slots); the draws depend only on `start`.
      const window = 16 * KernelPool.slotsFor(workers);
      // JSON Lines rows are keyed and formatted on workers of their own, written in chunk order.
      const rows = new RowPool(kernels, out === undefined ? workers : 1);
      const output = new OrderedOutput<string>(rows.window, (text) => writeOut(text));
      try {
        for (let first = 0; first < options.count; first += window * BATCH) {
          const tasks = [];
          for (let start = first; start < options.count && tasks.length < window; start += BATCH) {
            tasks.push({ iteration: 0, chunk: tasks.length, start, count: Math.min(BATCH, options.count - start) });
          }
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
            if (out !== undefined) await writeGenomeRows(out, kernels, batch);
            else if (batch.length > 0) await output.push(rows.run({ kind: "format", genomes: batch }));
          });
          await out?.flush();
        }
        await output.finish();
      } finally {
        await rows.close();
        await pool.close();
      }
      await out?.close();
    });
}
