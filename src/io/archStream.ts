// Reading architecture streams: JSON Lines whose rows carry an `arch` field (a string, or {matrix, ops}
// for NB101), or lines holding a bare arch, or Parquet files with an `arch` column. Errors carry file
// and line (a Parquet row's 1-based number).
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { checkJsonDepth, checkUtf8Line } from "./inputText.js";
import { ParquetFile, isParquetFile } from "./columnar.js";

export interface ArchRow {
  /** 1-based line number in the source. */
  line: number;
  /** The parsed raw genome. */
  genome: Uint8Array;
  /** The row's other fields, kept for output (empty for bare archs). */
  fields: Record<string, unknown>;
}

/** Splits one line into the arch value and the row's other fields. */
export function splitArchLine(text: string, file: string, line: number): { arch: unknown; fields: Record<string, unknown> } {
  checkUtf8Line(text, { file, line });
  const trimmed = text.trim(); // also drops a byte-order mark
  if (trimmed.startsWith("{") || trimmed.startsWith("\"")) {
    // Rows are written back (hash, predict): nesting deep enough to exhaust JSON.stringify's stack is refused here.
    checkJsonDepth(trimmed, { file, line });
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new LissnasError("E_PARSE", `not valid JSON: ${(error as Error).message}`, { file, line });
    }
    if (typeof parsed === "string") return { arch: parsed, fields: {} };
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new LissnasError("E_PARSE", `expected a JSON object with an "arch" field, or an arch; found ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`, { file, line });
    }
    return splitArchRow(parsed as Record<string, unknown>, file, line);
  }
  return { arch: trimmed, fields: {} };
}

/** Splits a row object (a JSON line's, or a Parquet row's: `line` is then its 1-based row number) into the arch and the other fields. */
export function splitArchRow(row: Record<string, unknown>, file: string, line: number): { arch: unknown; fields: Record<string, unknown> } {
  if ("arch" in row) {
    const { arch, ...fields } = row;
    return { arch, fields };
  }
  if ("matrix" in row && "ops" in row) return { arch: row, fields: {} };
  throw new LissnasError("E_PARSE", `row has no "arch" field (found fields ${Object.keys(row).map((k) => `"${k}"`).join(", ") || "none"})`, { file, line });
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

/** Lines of a file, or of stdin when `file` is "-" or undefined; blank lines are skipped. */
export async function* readLines(file: string | undefined): AsyncGenerator<{ text: string; line: number }> {
  const input = file === undefined || file === "-" ? process.stdin : createReadStream(file);
  const name = file === undefined || file === "-" ? "<stdin>" : file;
  const opened = new Promise<void>((resolve, reject) => {
    input.once("error", (error: NodeJS.ErrnoException) =>
      reject(new LissnasError("E_IO", `cannot read: ${error.code === "ENOENT" ? "no such file" : error.message}`, { file: name })));
    input.once("readable", () => resolve());
    input.once("end", () => resolve());
  });
  await opened;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() !== "") yield { text, line };
  }
}

/** Parsed architecture rows of a stream, in batches of up to `batchSize`. */
export async function* readArchRows(space: SearchSpace, file: string | undefined, batchSize = 4096): AsyncGenerator<ArchRow[]> {
  const name = file === undefined || file === "-" ? "<stdin>" : file;
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
