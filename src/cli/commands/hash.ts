import type { Command } from "commander";
import { openRowOutput, formatOption, FORMAT_HELP } from "../rowOutput.js";
import { inferColumns, archKeyColumns, type OutputFormat } from "../../io/columnar.js";
import { inputName, isParquetInput, readArchRows } from "../../io/archStream.js";
import { writeLineJobs } from "../../io/rowPipeline.js";
import { LissnasError } from "../../errors.js";
import { threadsOption } from "../options.js";
import { spaceKernels, writeGenomeRows, invalidReason } from "../common.js";
import type { SpaceKernels } from "../../spaces/kernels.js";

/** Parquet in or out: rows of parsed objects on the main thread, so Parquet columns are typed from whole row groups. */
async function hashRows(kernels: SpaceKernels, file: string | undefined, format: OutputFormat): Promise<void> {
  const source = inputName(file);
  const out = openRowOutput(format, (rows) => inferColumns(rows, archKeyColumns(kernels.space)));
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
}

export function registerHash(program: Command): void {
  program.command("hash <space> [file]")
    .description("canonical form and key of each architecture of a JSON Lines file (or - for stdin); other fields are kept")
    .option("--workers <N>", "threads that parse, hash and format JSON Lines rows (the output is the same for any N; Parquet input or output is read and written on one thread; default 1)", threadsOption("--workers"))
    .option("--format <F>", FORMAT_HELP, formatOption())
    .action(async (name: string, file: string | undefined, options: { workers?: number; format?: OutputFormat }) => {
      const kernels = spaceKernels(name);
      const format = options.format ?? "jsonl";
      // JSON Lines in and out: parsed, hashed and formatted a chunk at a time on the row pipeline.
      const source = inputName(file);
      if (format === "jsonl" && !isParquetInput(file)) await writeLineJobs(kernels, file, options.workers ?? 1, (bytes) => ({ kind: "hash", bytes, source }));
      else await hashRows(kernels, file, format);
    });
}
