import type { Command } from "commander";
import { LissnasError } from "../../errors.js";
import { openRowOutput, formatOption, FORMAT_HELP } from "../rowOutput.js";
import { archKeyColumns, type OutputFormat } from "../../io/columnar.js";
import { spaceKernels, writeGenomeRows } from "../common.js";
import { ProgressLine } from "../progress.js";

export function registerEnumerate(program: Command): void {
  program.command("enumerate <space>")
    .description("stream every isomorphism class once as JSON Lines {arch, key} (nb201, nb101)")
    .option("--quiet", "no progress on stderr")
    .option("--format <F>", FORMAT_HELP, formatOption())
    .action(async (name: string, options: { quiet?: boolean; format?: OutputFormat }) => {
      const kernels = spaceKernels(name);
      const enumerate = kernels.space.enumerate;
      if (enumerate === undefined) {
        throw new LissnasError("E_OPTION", `${kernels.space.id} has ${kernels.space.size()} architectures and cannot be enumerated; use "lissnas sample"`);
      }
      const out = openRowOutput(options.format ?? "jsonl", () => archKeyColumns(kernels.space));
      const progress = new ProgressLine(options.quiet === true);
      const total = Number(kernels.space.uniqueSize() ?? kernels.space.size());
      let written = 0;
      for (const batch of enumerate.call(kernels.space, kernels.core)) {
        await writeGenomeRows(out, kernels, batch);
        written += batch.length / kernels.space.genomeLength;
        progress.update(`${written.toLocaleString("en-US")} classes of ${kernels.space.id}`, written, total);
      }
      await out.close();
      progress.done();
    });
}
