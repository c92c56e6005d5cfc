import type { Command } from "commander";
import { inputName } from "../../io/archStream.js";
import { LINE_CHUNK_BYTES, LOCAL_CHUNK_BYTES, readLineChunks } from "../../io/lineChunks.js";
import { chunkErrorAt, type HashChunkResult } from "../../io/rowJobs.js";
import { OrderedOutput, RowPool } from "../../io/rowPipeline.js";
import { writeOut } from "../../io/standardOutput.js";
import { threadsOption } from "../options.js";
import { spaceKernels } from "../common.js";

export function registerHash(program: Command): void {
  program.command("hash <space> [file]")
    .description("canonical form and key of each architecture of a JSON Lines file (or - for stdin); other fields are kept")
    .option("--workers <N>", "threads that parse, hash and format rows (the output is the same for any N; default 1)", threadsOption("--workers"))
    .action(async (name: string, file: string | undefined, options: { workers?: number }) => {
      const kernels = spaceKernels(name);
      const source = inputName(file);
      const pool = new RowPool(kernels, options.workers ?? 1);
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
    });
}
