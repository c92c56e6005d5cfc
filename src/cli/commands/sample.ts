import type { Command } from "commander";
import { LineWriter } from "../../io/lineWriter.js";
import { integerOption, seedOption } from "../options.js";
import { spaceKernels, writeGenomeRows } from "../common.js";
import { GenomeSet } from "../../dedup/genomeSet.js";

const BATCH = 8192;

export function registerSample(program: Command): void {
  program.command("sample <space>")
    .description("uniformly drawn valid architectures as JSON Lines {arch, key}")
    .requiredOption("-n, --count <N>", "number of architectures", integerOption("--count", { min: 1 }))
    .option("--seed <S>", "random seed (default 0)", seedOption())
    .option("--unique", "skip architectures isomorphic to one already printed (may print fewer than N in a small space)")
    .action(async (name: string, options: { count: number; seed?: bigint; unique?: boolean }) => {
      const kernels = spaceKernels(name);
      const out = new LineWriter();
      const seen = options.unique ? new GenomeSet(kernels.core, options.count) : undefined;
      const length = kernels.space.genomeLength;
      for (let start = 0; start < options.count; start += BATCH) {
        let batch = kernels.sample(Math.min(BATCH, options.count - start), options.seed ?? 0n, { firstIndex: BigInt(start) });
        if (seen !== undefined) {
          const isNew = seen.add(kernels.keys(batch));
          const kept = new Uint8Array(batch.length);
          let n = 0;
          isNew.forEach((flag, i) => {
            if (flag) kept.set(batch.subarray(i * length, (i + 1) * length), length * n++);
          });
          batch = kept.subarray(0, n * length);
        }
        await writeGenomeRows(out, kernels, batch);
      }
      await out.flush();
    });
}
