import type { Command } from "commander";
import { openRowOutput, formatOption, FORMAT_HELP } from "../rowOutput.js";
import { inferColumns, archKeyColumns, type OutputFormat } from "../../io/columnar.js";
import { inputName, isParquetInput, readArchRows } from "../../io/archStream.js";
import { LINE_CHUNK_BYTES, LOCAL_CHUNK_BYTES, readLineChunks } from "../../io/lineChunks.js";
import { chunkErrorAt, type HashChunkResult } from "../../io/rowJobs.js";
import { OrderedOutput, RowPool } from "../../io/rowPipeline.js";
import { writeOut } from "../../io/standardOutput.js";
import { LissnasError } from "../../errors.js";
import { threadsOption } from "../options.js";
import { spaceKernels, writeGenomeRows, invalidReason } from "../common.js";
import type { SpaceKernels } from "../../spaces/kernels.js";

/** JSON Lines in, JSON Lines out: parsed, hashed and formatted a chunk at a time on the row pipeline. */
async function hashLines(kernels: SpaceKernels, file: string | undefined, workers: number): Promise<void> {
  const source = inputName(file);
  const pool = new RowPool(kernels, workers);
  // Chunks come back in input order; the first bad row stops the output after the rows before it.
  let firstLine = 1;
  const output = new OrderedOutput<HashChunkResult>(pool.window, async (result) => {
    if (result.text !== "") await writeOut(result.text);
    if (result.error !== undefined) throw chunkErrorAt(result.error, firstLine);
    firstLine += result.lineCount;
  });
  try {
    for await (const bytes of readLineChunks(file, pool.threaded ? LINE_CHUNK_BYTES : LOCAL_CHUNK_BYTES)) {
      await output.push(pool.run({ kind: "hash", bytes, source }));
    }
    await output.finish();
  } finally {
    await pool.close();
  }
}

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
      if (format === "jsonl" && !isParquetInput(file)) await hashLines(kernels, file, options.workers ?? 1);
      else await hashRows(kernels, file, format);
    });
}
