import type { Command } from "commander";
import { LissnasError } from "../../errors.js";
import { openRowOutput, formatOption, FORMAT_HELP } from "../rowOutput.js";
import { archKeyColumns, type OutputFormat } from "../../io/columnar.js";
import { OrderedOutput, RowPool, genomeSlice } from "../../io/rowPipeline.js";
import { writeOut } from "../../io/standardOutput.js";
import { threadsOption } from "../options.js";
import { spaceKernels, writeGenomeRows } from "../common.js";
import { ProgressLine } from "../progress.js";

/** Classes keyed and formatted per job: on workers, enough to outweigh a message; on the main thread, few enough to die young. */
const FORMAT_CHUNK = 8192;
const LOCAL_FORMAT_CHUNK = 1024;

export function registerEnumerate(program: Command): void {
  program.command("enumerate <space>")
    .description("stream every isomorphism class once as JSON Lines {arch, key} (nb201, nb101)")
    .option("--quiet", "no progress on stderr")
    .option("--workers <N>", "threads that key and format JSON Lines rows (the output is the same for any N; Parquet is written on one thread; default 1)", threadsOption("--workers"))
    .option("--format <F>", FORMAT_HELP, formatOption())
    .action(async (name: string, options: { quiet?: boolean; workers?: number; format?: OutputFormat }) => {
      const kernels = spaceKernels(name);
      const enumerate = kernels.space.enumerate;
      if (enumerate === undefined) {
        throw new LissnasError("E_OPTION", `${kernels.space.id} has ${kernels.space.size()} architectures and cannot be enumerated; use "lissnas sample"`);
      }
      const format = options.format ?? "jsonl";
      // Opened first so a refused output (Parquet to a terminal) fails before any work.
      const out = format === "parquet" ? openRowOutput(format, () => archKeyColumns(kernels.space)) : undefined;
      const progress = new ProgressLine(options.quiet === true);
      const total = Number(kernels.space.uniqueSize() ?? kernels.space.size());
      const length = kernels.space.genomeLength;
      let written = 0;
      const report = (count: number) => {
        written += count;
        progress.update(`${written.toLocaleString("en-US")} classes of ${kernels.space.id}`, written, total);
      };
      if (out !== undefined) {
        // Parquet: rows typed and written a row group at a time on the main thread.
        for (const batch of enumerate.call(kernels.space, kernels.core)) {
          await writeGenomeRows(out, kernels, batch);
          report(batch.length / length);
        }
        await out.close();
        progress.done();
        return;
      }
      const pool = new RowPool(kernels, options.workers ?? 1);
      const chunk = pool.threaded ? FORMAT_CHUNK : LOCAL_FORMAT_CHUNK;
      const output = new OrderedOutput<{ text: string; count: number }>(pool.window, async ({ text, count }) => {
        await writeOut(text);
        report(count);
      });
      try {
        // The classes come from the kernel in large batches; keys and text are made a chunk at a time.
        for (const batch of enumerate.call(kernels.space, kernels.core)) {
          const classes = batch.length / length;
          for (let start = 0; start < classes; start += chunk) {
            const count = Math.min(chunk, classes - start);
            await output.push(pool.run({ kind: "format", genomes: genomeSlice(batch, length, start, count) }).then((text) => ({ text, count })));
          }
        }
        await output.finish();
      } finally {
        await pool.close();
      }
      progress.done();
    });
}
