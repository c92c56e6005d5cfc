// Reading architecture streams: JSON Lines whose rows carry an `arch` field (a string, or {matrix, ops}
// for NB101), or lines holding a bare arch, or Parquet files with an `arch` column. Errors carry file
// and line (a Parquet row's 1-based number).
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { checkUtf8Line } from "./inputText.js";
import { ParquetFile, isParquetFile } from "./columnar.js";
import { inputName, splitArchLine, splitArchRow } from "./archLine.js";

export { inputName, splitArchLine, splitArchRow } from "./archLine.js";
import { streamChunks } from "./lineChunks.js";

export interface ArchRow {
  /** 1-based line number in the source. */
  line: number;
  /** The parsed raw genome. */
  genome: Uint8Array;
  /** The row's other fields, kept for output (empty for bare archs). */
  fields: Record<string, unknown>;
}

/** Whether an input file is Parquet (by its magic bytes: stdin is always JSON Lines). */
export function isParquetInput(file: string | undefined): file is string {
  return file !== undefined && file !== "-" && isParquetFile(file);
}

/** Rows of a Parquet file split into arch and fields, a row group at a time; `line` is the 1-based row number. */
export function* readParquetArchRows(file: string): Generator<{ arch: unknown; fields: Record<string, unknown>; line: number }[]> {
  for (const { rows, firstRow } of ParquetFile.open(file).batches()) {
    yield rows.map((row, i) => ({ ...splitArchRow(row, file, firstRow + i), line: firstRow + i }));
  }
}

/**
 * Lines of a file, or of stdin when `file` is "-" or undefined; blank lines are skipped. Read with
 * streamChunks (the stream's own async iterator: waiting for 'readable' or 'end' events first could miss
 * an 'end' that came before anyone listened, leaving the command awaiting forever).
 */
export async function* readLines(file: string | undefined): AsyncGenerator<{ text: string; line: number }> {
  const name = inputName(file);
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let line = 0;
  const lines = function* (text: string) {
    for (const part of text.split("\n")) {
      line++;
      const lineText = part.endsWith("\r") ? part.slice(0, -1) : part;
      if (lineText.trim() !== "") yield { text: lineText, line };
    }
  };
  for await (const chunk of streamChunks(name === "<stdin>" ? process.stdin : createReadStream(file!), name)) {
    const text = pending + decoder.write(chunk as Buffer);
    // The text after the last "\n" is a line only once the input ends.
    const cut = text.lastIndexOf("\n");
    pending = text.slice(cut + 1);
    if (cut >= 0) yield* lines(text.slice(0, cut));
  }
  const rest = pending + decoder.end();
  if (rest !== "") yield* lines(rest);
}

/** Parsed architecture rows of a stream, in batches of up to `batchSize`. */
export async function* readArchRows(space: SearchSpace, file: string | undefined, batchSize = 4096): AsyncGenerator<ArchRow[]> {
  const name = inputName(file);
  let batch: ArchRow[] = [];
  if (isParquetInput(file)) {
    for (const rows of readParquetArchRows(file)) {
      for (const { arch, fields, line } of rows) {
        batch.push({ line, genome: space.parse(arch, { file, line, field: "arch" }), fields });
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
  for await (const { text, line } of readLines(file)) {
    const { arch, fields } = splitArchLine(text, name, line);
    const genome = space.parse(arch, { file: name, line, field: "arch" });
    batch.push({ line, genome, fields });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
