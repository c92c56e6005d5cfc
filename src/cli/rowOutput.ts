// Where a streaming command's rows go: JSON Lines, or Parquet (--format parquet) written a row group at
// a time to stdout. Parquet columns are fixed by the command, or typed from the first row group when
// the rows keep an input file's fields (hash, predict).
import type { Writable } from "node:stream";
import { InvalidArgumentError } from "commander";
import { LineWriter } from "../io/lineWriter.js";
import { OUTPUT_FORMATS, ParquetStreamWriter, type Column, type OutputFormat } from "../io/columnar.js";
import { LissnasError } from "../errors.js";

export interface RowOutput {
  writeRows(rows: Record<string, unknown>[]): Promise<void>;
  /** Sends the rows written so far where the format allows (JSON Lines; Parquet waits for a whole row group). */
  flush(): Promise<void>;
  /** Writes what is buffered; for Parquet, the last row group and the footer (call once, at the end). */
  close(): Promise<void>;
}

export const FORMAT_HELP = "output format: jsonl (JSON Lines, default) or parquet (Apache Parquet, snappy; see docs/outputs-columnar.md)";

export function formatOption(name = "--format") {
  return (text: string): OutputFormat => {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(text)) {
      throw new InvalidArgumentError(`${name}: expected one of ${OUTPUT_FORMATS.join(", ")}; found "${text}"`);
    }
    return text as OutputFormat;
  };
}

/** Rows to `stream` (stdout) as `format`; Parquet is binary, so a terminal is refused (redirect it to a file). */
export function openRowOutput(format: OutputFormat, columnsOf: (rows: Record<string, unknown>[]) => Column[],
  stream: Writable & { isTTY?: boolean } = process.stdout): RowOutput {
  if (format === "parquet") {
    if (stream.isTTY === true) {
      throw new LissnasError("E_OPTION", "--format parquet writes binary data; redirect stdout to a file (> out.parquet)", { field: "--format" });
    }
    const writer = new ParquetStreamWriter(stream, columnsOf);
    return { writeRows: (rows) => writer.write(rows), flush: async () => {}, close: () => writer.close() };
  }
  const lines = new LineWriter(stream);
  return {
    writeRows: async (rows) => {
      for (const row of rows) await lines.write(JSON.stringify(row));
    },
    flush: () => lines.flush(),
    close: () => lines.flush(),
  };
}
