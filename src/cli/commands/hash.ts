import type { Command } from "commander";
import { openRowOutput, formatOption, FORMAT_HELP } from "../rowOutput.js";
import { inferColumns, archKeyColumns, type OutputFormat } from "../../io/columnar.js";
import { readArchRows } from "../../io/archStream.js";
import { LissnasError } from "../../errors.js";
import { spaceKernels, writeGenomeRows, invalidReason } from "../common.js";

export function registerHash(program: Command): void {
  program.command("hash <space> [file]")
    .description("canonical form and key of each architecture of a JSON Lines file (or - for stdin); other fields are kept")
    .option("--format <F>", FORMAT_HELP, formatOption())
    .action(async (name: string, file: string | undefined, options: { format?: OutputFormat }) => {
      const kernels = spaceKernels(name);
      const source = file === undefined || file === "-" ? "<stdin>" : file;
      const out = openRowOutput(options.format ?? "jsonl", (rows) => inferColumns(rows, archKeyColumns(kernels.space)));
      for await (const rows of readArchRows(kernels.space, file)) {
        const raw = new Uint8Array(rows.length * kernels.space.genomeLength);
        rows.forEach((row, i) => raw.set(row.genome, i * kernels.space.genomeLength));
        const { genomes, valid } = kernels.canonicalize(raw);
        const invalid = valid.indexOf(0);
        if (invalid >= 0) {
          throw new LissnasError("E_INVALID_ARCH", `not a member of ${kernels.space.id}: ${invalidReason(kernels.space)}`,
            { file: source, line: rows[invalid].line, field: "arch" });
        }
        await writeGenomeRows(out, kernels, genomes, (i) => rows[i].fields);
      }
      await out.close();
    });
}
