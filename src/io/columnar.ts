// Columnar (Apache Parquet) outputs and inputs, through hyparquet-writer and hyparquet (pure JavaScript,
// no install scripts; docs/outputs-columnar.md records why these two). Files are written a row group at
// a time and read a row group at a time, so a space of 10^7 members never exists as one array of rows.
// Reading is synchronous (the footer and each column chunk are read with readSync and decoded with
// hyparquet's page decoder), so the same reader serves every caller, streaming or random access.
import { openSync, readSync, fstatSync, closeSync } from "node:fs";
import type { Writable } from "node:stream";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { parquetMetadata, parquetSchema, type FileMetaData, type SchemaElement } from "hyparquet";
import { readColumn } from "hyparquet/src/column.js";
import { readOffsetIndex } from "hyparquet/src/indexes.js";
import { getTreePath } from "hyparquet/src/schema.js";
import { DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { LissnasError } from "../errors.js";
import { writeTo } from "./standardOutput.js";
import { describe } from "../spaces/describe.js";
import type { SearchSpace } from "../spaces/space.js";

export const OUTPUT_FORMATS = ["jsonl", "parquet"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** File name extension of a format ("space" + extension). */
export function formatExtension(format: OutputFormat): string {
  return format === "parquet" ? ".parquet" : ".jsonl";
}

/**
 * Column types: string (UTF-8), json (UTF-8 holding JSON text, annotated JSON: an NB101 arch, a nested
 * field), double, int32, boolean. JSON numbers are doubles, except the counts and ids lissnas writes.
 */
export type ColumnType = "string" | "json" | "double" | "int32" | "boolean";

export interface Column {
  name: string;
  type: ColumnType;
  /** Every row has a value (Parquet REQUIRED); otherwise missing fields are nulls (OPTIONAL). */
  required?: boolean;
}

/** The arch column: text for spaces whose archs are strings, JSON text for those written as objects (NB101's {matrix, ops}). */
export function archColumn(space: SearchSpace, name = "arch"): Column {
  // Every space formats every genome the same way; an all-zero genome (member or not) tells which.
  return { name, type: typeof space.format(new Uint8Array(space.genomeLength)) === "string" ? "string" : "json", required: true };
}

/** Columns of {arch, key} rows (sample, enumerate, an evaluation's method spaces). */
export function archKeyColumns(space: SearchSpace): Column[] {
  return [archColumn(space), { name: "key", type: "string", required: true }];
}

/** Rows per row group: large enough for compression and fast scans, small enough to keep memory bounded. */
export const PARQUET_ROW_GROUP_ROWS = 65536;

/**
 * Uncompressed bytes per page (Parquet's usual 1 MiB is ~2,400 NB301 archs): snappy compresses in 64 KiB
 * blocks anyway, and a uniform draw from a space then decompresses 64 KiB, not a megabyte.
 */
export const PARQUET_PAGE_BYTES = 65536;

export interface ParquetWriteOptions {
  rowGroupRows?: number;
  pageBytes?: number;
  /** Key-value metadata of the file footer. */
  metadata?: Record<string, string>;
}

function schemaElement(column: Column): SchemaElement {
  const repetition_type = column.required === true ? "REQUIRED" : "OPTIONAL";
  switch (column.type) {
    case "string": return { name: column.name, type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" }, repetition_type };
    case "json": return { name: column.name, type: "BYTE_ARRAY", converted_type: "JSON", logical_type: { type: "JSON" }, repetition_type };
    case "double": return { name: column.name, type: "DOUBLE", repetition_type };
    case "int32": return { name: column.name, type: "INT32", repetition_type };
    case "boolean": return { name: column.name, type: "BOOLEAN", repetition_type };
  }
}

/** The column type of a JSON value (null and undefined have none). */
function valueType(value: unknown): ColumnType | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "double";
  if (typeof value === "boolean") return "boolean";
  return "json";
}

/**
 * Columns of rows whose fields are open (hash and predict keep the input's fields): the fields of
 * `rows` in order of first appearance, each typed by its values; `known` types fixed fields.
 */
export function inferColumns(rows: Record<string, unknown>[], known: Column[] = []): Column[] {
  const fixed = new Map(known.map((c) => [c.name, c]));
  const types = new Map<string, Set<ColumnType>>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (fixed.has(name)) continue;
      const seen = types.get(name) ?? new Set<ColumnType>();
      types.set(name, seen);
      const type = valueType(value);
      if (type !== undefined) seen.add(type);
    }
  }
  // A field always null is a string column of nulls; a field of two types keeps its values as JSON text.
  const open = [...types].map(([name, seen]): Column => ({ name, type: seen.size === 1 ? [...seen][0] : seen.size === 0 ? "string" : "json" }));
  return [...known, ...open];
}

/** One column's values of a row group as hyparquet-writer takes them, each checked against its type. */
function columnValues(column: Column, rows: Record<string, unknown>[], firstRow: number): unknown[] | Float64Array | Int32Array {
  const where = (i: number) => ({ line: firstRow + i + 1, field: column.name });
  const missing = (i: number) => {
    if (column.required === true) throw new LissnasError("E_DATA", `Parquet output: row has no "${column.name}"`, where(i));
    return null;
  };
  const mismatch = (i: number, value: unknown) =>
    new LissnasError("E_DATA", `Parquet output: column "${column.name}" holds ${column.type} values (typed from the first rows); found ${describe(value)} ` +
      `(write --format jsonl for rows whose fields change type)`, where(i));
  if (column.required === true && column.type === "double") {
    return Float64Array.from(rows, (row, i) => {
      const value = row[column.name];
      if (typeof value !== "number") throw mismatch(i, value);
      return value;
    });
  }
  if (column.required === true && column.type === "int32") {
    return Int32Array.from(rows, (row, i) => {
      const value = row[column.name];
      if (!Number.isInteger(value) || (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31) throw mismatch(i, value);
      return value as number;
    });
  }
  return rows.map((row, i) => {
    const value = row[column.name];
    if (value === null || value === undefined) return missing(i);
    switch (column.type) {
      case "json": return value;
      case "string": if (typeof value !== "string") throw mismatch(i, value); return value;
      case "double": if (typeof value !== "number") throw mismatch(i, value); return value;
      case "boolean": if (typeof value !== "boolean") throw mismatch(i, value); return value;
      case "int32": if (!Number.isInteger(value)) throw mismatch(i, value); return value;
    }
  });
}

/**
 * Encodes rows into a Parquet file's bytes a row group at a time: add() buffers rows and returns the
 * bytes of each row group completed, finish() the last group and the footer. Only one row group of
 * rows and one of bytes are held at once.
 */
export class ParquetRowEncoder {
  readonly columns: Column[];
  private readonly rowGroupRows: number;
  private readonly pageBytes: number;
  private readonly byteWriter = new ByteWriter(1 << 20);
  private readonly writer: ParquetWriter;
  private pending: Record<string, unknown>[] = [];
  private written = 0;

  constructor(columns: Column[], options: ParquetWriteOptions = {}) {
    this.columns = columns;
    this.rowGroupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
    this.pageBytes = options.pageBytes ?? PARQUET_PAGE_BYTES;
    const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }, ...columns.map(schemaElement)];
    this.writer = new ParquetWriter({
      writer: this.byteWriter, schema, codec: "SNAPPY", createdBy: "lissnas (hyparquet-writer)",
      kvMetadata: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    });
  }

  /** Rows written so far (complete row groups and those pending). */
  get rows(): number {
    return this.written + this.pending.length;
  }

  add(rows: Record<string, unknown>[]): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const row of rows) {
      this.pending.push(row);
      if (this.pending.length >= this.rowGroupRows) out.push(this.flushGroup());
    }
    return out;
  }

  finish(): Uint8Array {
    const group = this.pending.length > 0 ? this.flushGroup() : new Uint8Array(0);
    this.writer.finish();
    const footer = this.drain();
    const all = new Uint8Array(group.length + footer.length);
    all.set(group);
    all.set(footer, group.length);
    return all;
  }

  private flushGroup(): Uint8Array {
    const rows = this.pending;
    this.pending = [];
    this.writer.write({
      columnData: this.columns.map((column) => ({ name: column.name, data: columnValues(column, rows, this.written) as unknown[] })),
      rowGroupSize: rows.length,
      pageSize: this.pageBytes,
    });
    this.written += rows.length;
    return this.drain();
  }

  /** The bytes encoded since the last drain (a copy: the writer's buffer is reused). */
  private drain(): Uint8Array {
    const bytes = this.byteWriter.getBytes().slice();
    this.byteWriter.index = 0;
    return bytes;
  }
}

/** A Parquet file as chunks (one per row group, then the footer), for writeFileAtomic/writeDirectoryAtomic. */
export function* parquetChunks(columns: Column[], batches: Iterable<Record<string, unknown>[]>, options: ParquetWriteOptions = {}): Generator<Uint8Array> {
  const encoder = new ParquetRowEncoder(columns, options);
  for (const batch of batches) yield* encoder.add(batch);
  yield encoder.finish();
}

/**
 * Rows to a stream (stdout) as Parquet, with back-pressure. Columns are fixed by `columns`, or inferred
 * from the first batch (`infer`) when the rows' fields are open.
 */
export class ParquetStreamWriter {
  private readonly stream: Writable;
  private readonly columnsOf: (rows: Record<string, unknown>[]) => Column[];
  private encoder: ParquetRowEncoder | undefined;
  private first: Record<string, unknown>[] = [];

  constructor(stream: Writable, columnsOf: (rows: Record<string, unknown>[]) => Column[]) {
    this.stream = stream;
    this.columnsOf = columnsOf;
  }

  async write(rows: Record<string, unknown>[]): Promise<void> {
    if (this.encoder === undefined) {
      // Types come from a whole row group's worth of rows, not one.
      for (const row of rows) this.first.push(row);
      if (this.first.length < PARQUET_ROW_GROUP_ROWS) return;
      rows = this.start();
    }
    for (const chunk of this.encoder!.add(rows)) await this.send(chunk);
  }

  async close(): Promise<void> {
    if (this.encoder === undefined) {
      const rows = this.start();
      for (const chunk of this.encoder!.add(rows)) await this.send(chunk);
    }
    await this.send(this.encoder!.finish());
  }

  private start(): Record<string, unknown>[] {
    const rows = this.first;
    this.first = [];
    this.encoder = new ParquetRowEncoder(this.columnsOf(rows));
    return rows;
  }

  private async send(chunk: Uint8Array): Promise<void> {
    // Through the guarded writer: a full disk is an error that names the output, a closed pipe a quiet stop.
    if (chunk.length > 0) await writeTo(this.stream, chunk);
  }
}

/** Whether `file` starts with Parquet's magic bytes "PAR1" (a missing or short file is not). */
export function isParquetFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return false;
  }
  try {
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.toString("latin1") === "PAR1";
  } finally {
    closeSync(fd);
  }
}

/**
 * A Parquet file opened for reading: its footer is read once; rows are decoded a row group (or a range
 * of one) at a time. Values come back as JSON values: UTF-8 columns as strings, JSON columns parsed,
 * numbers as numbers (64-bit integers as numbers when safe), nulls as absent fields.
 */
export class ParquetFile {
  readonly file: string;
  readonly rowCount: number;
  readonly columnNames: string[];
  /** First row of each row group, and the total at the end. */
  private readonly groupStarts: number[];
  private readonly metadata: FileMetaData;

  private constructor(file: string, metadata: FileMetaData) {
    this.file = file;
    this.metadata = metadata;
    this.rowCount = Number(metadata.num_rows);
    this.columnNames = parquetSchema(metadata).children.map((child) => child.element.name);
    this.groupStarts = [0];
    for (const group of metadata.row_groups) this.groupStarts.push(this.groupStarts[this.groupStarts.length - 1] + Number(group.num_rows));
  }

  static open(file: string): ParquetFile {
    let fd: number;
    try {
      fd = openSync(file, "r");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new LissnasError("E_IO", `cannot read: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, { file });
    }
    try {
      const size = fstatSync(fd).size;
      const tail = Buffer.alloc(8);
      if (size < 12 || readSync(fd, tail, 0, 8, size - 8) !== 8 || tail.toString("latin1", 4) !== "PAR1") {
        throw new LissnasError("E_PARSE", "not a Parquet file (no PAR1 footer)", { file });
      }
      const length = tail.readUInt32LE(0);
      if (length + 12 > size) throw new LissnasError("E_PARSE", `Parquet footer of ${length} bytes in a file of ${size}`, { file });
      const footer = new Uint8Array(length + 8);
      readSync(fd, footer, 0, length + 8, size - 8 - length);
      let metadata: FileMetaData;
      try {
        metadata = parquetMetadata(footer.buffer);
      } catch (error) {
        throw new LissnasError("E_PARSE", `unreadable Parquet footer: ${(error as Error).message}`, { file });
      }
      const nested = parquetSchema(metadata).children.find((child) => child.children.length > 0);
      if (nested !== undefined) {
        throw new LissnasError("E_DATA", `nested Parquet column "${nested.element.name}"; expected flat columns (nested values as JSON text)`, { file, field: nested.element.name });
      }
      return new ParquetFile(file, metadata);
    } finally {
      closeSync(fd);
    }
  }

  get rowGroupCount(): number {
    return this.metadata.row_groups.length;
  }

  /** The row group holding row `row`. */
  groupOf(row: number): number {
    let low = 0;
    let high = this.groupStarts.length - 2;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.groupStarts[mid] <= row) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Rows [start, end) of row group `group` (offsets within the group), as objects. */
  readGroup(group: number, start = 0, end = Number(this.metadata.row_groups[group].num_rows)): Record<string, unknown>[] {
    return this.decodeGroup(group, start, end, null);
  }

  /**
   * Rows of row group `group` at offsets `wanted` (sorted or not, within [start, end)), or every row of
   * [start, end) when `wanted` is null. Pages are decompressed whole, but text is decoded (and JSON
   * parsed) only for the rows returned: a draw of a few rows per group costs little more than the I/O.
   */
  private decodeGroup(group: number, start: number, end: number, wanted: number[] | null): Record<string, unknown>[] {
    const offsets = wanted ?? Array.from({ length: end - start }, (_, i) => start + i);
    const rows: Record<string, unknown>[] = offsets.map(() => ({}));
    const tree = parquetSchema(this.metadata);
    const fd = openSync(this.file, "r");
    try {
      for (const chunk of this.metadata.row_groups[group].columns) {
        const meta = chunk.meta_data;
        if (meta === undefined) throw new LissnasError("E_PARSE", "Parquet column chunk without metadata", { file: this.file });
        const schemaPath = getTreePath(tree, meta.path_in_schema);
        const element = schemaPath[schemaPath.length - 1].element;
        const json = element.converted_type === "JSON" || element.logical_type?.type === "JSON";
        // Byte arrays stay bytes here and become text below, for the rows returned only.
        const decoder = { pathInSchema: meta.path_in_schema, element, schemaPath, ...meta, utf8: false,
          parsers: { ...DEFAULT_PARSERS, stringFromBytes: (value: Uint8Array) => value, jsonFromBytes: (value: Uint8Array) => value } };
        const name = meta.path_in_schema[0];
        const decode = (bytes: Uint8Array, select: { groupStart: number; groupRows: number; selectStart: number; selectEnd: number }) => {
          try {
            return readColumn({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 }, select, decoder as never);
          } catch (error) {
            throw new LissnasError("E_PARSE", `unreadable Parquet column: ${(error as Error).message}`, { file: this.file, field: meta.path_in_schema.join(".") });
          }
        };
        const dataStart = Number(meta.data_page_offset);
        const dictionaryStart = meta.dictionary_page_offset !== undefined && Number(meta.dictionary_page_offset) > 0 ? Number(meta.dictionary_page_offset) : dataStart;
        const begin = Math.min(dictionaryStart, dataStart);
        const groupRows = Number(this.metadata.row_groups[group].num_rows);
        if (wanted !== null && chunk.offset_index_offset !== undefined && chunk.offset_index_length !== undefined) {
          // Random draws: only the pages holding a drawn row are read and decompressed (with the
          // dictionary page, when the column has one), so a draw costs a page, not a row group.
          const index = new Uint8Array(chunk.offset_index_length);
          readSync(fd, index, 0, index.length, Number(chunk.offset_index_offset));
          const pages = readOffsetIndex({ view: new DataView(index.buffer), offset: 0 }).page_locations;
          const dictionary = new Uint8Array(dataStart > begin ? Number(pages[0].offset) - begin : 0);
          if (dictionary.length > 0) readSync(fd, dictionary, 0, dictionary.length, begin);
          const pageFirst = pages.map((page) => Number(page.first_row_index));
          const byPage = new Map<number, number[]>();
          offsets.forEach((offset, k) => {
            let low = 0;
            let high = pages.length - 1;
            while (low < high) {
              const mid = (low + high + 1) >> 1;
              if (pageFirst[mid] <= offset) low = mid;
              else high = mid - 1;
            }
            const list = byPage.get(low);
            if (list === undefined) byPage.set(low, [k]);
            else list.push(k);
          });
          for (const [pageIndex, ks] of byPage) {
            const page = pages[pageIndex];
            const bytes = new Uint8Array(dictionary.length + page.compressed_page_size);
            bytes.set(dictionary);
            readSync(fd, bytes, dictionary.length, page.compressed_page_size, Number(page.offset));
            const pageRows = (pageIndex + 1 < pages.length ? pageFirst[pageIndex + 1] : groupRows) - pageFirst[pageIndex];
            const { data } = decode(bytes, { groupStart: 0, groupRows: pageRows, selectStart: 0, selectEnd: pageRows });
            const values = data.length === 1 ? data[0] : data.flatMap((d) => Array.from(d as ArrayLike<unknown>));
            for (const k of ks) {
              const value = values[offsets[k] - pageFirst[pageIndex]];
              if (value !== null && value !== undefined) rows[k][name] = cellValue(value, json, this.file, name);
            }
          }
          continue;
        }
        const bytes = new Uint8Array(Number(meta.total_compressed_size));
        readSync(fd, bytes, 0, bytes.length, begin);
        const { data, skipped } = decode(bytes, { groupStart: 0, groupRows, selectStart: start, selectEnd: end });
        // Pages come back whole: row r of the group is at r - skipped of their concatenation.
        const pageStarts: number[] = [];
        let total = skipped;
        for (const page of data) {
          pageStarts.push(total);
          total += page.length;
        }
        let page = 0;
        offsets.forEach((offset, k) => {
          if (page >= data.length || offset < pageStarts[page]) page = 0;
          while (page + 1 < data.length && pageStarts[page + 1] <= offset) page++;
          const value = data[page]?.[offset - pageStarts[page]];
          if (value === null || value === undefined) return;
          rows[k][name] = cellValue(value, json, this.file, name);
        });
      }
    } finally {
      closeSync(fd);
    }
    return rows;
  }

  /** Every row, a row group at a time, with the 1-based number of each batch's first row. */
  *batches(): Generator<{ rows: Record<string, unknown>[]; firstRow: number }> {
    for (let group = 0; group < this.rowGroupCount; group++) yield { rows: this.readGroup(group), firstRow: this.groupStarts[group] + 1 };
  }

  /** Rows by 0-based index (any order, repeats allowed), decoding only the range of each row group drawn from. */
  rowsAt(indices: ArrayLike<number>): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = new Array(indices.length);
    const byGroup = new Map<number, number[]>();
    for (let k = 0; k < indices.length; k++) {
      const index = indices[k];
      if (!(index >= 0 && index < this.rowCount)) throw new RangeError(`row ${index} of ${this.rowCount}`);
      const group = this.groupOf(index);
      const list = byGroup.get(group);
      if (list === undefined) byGroup.set(group, [k]);
      else list.push(k);
    }
    for (const [group, ks] of byGroup) {
      const base = this.groupStarts[group];
      let low = Infinity;
      let high = -1;
      for (const k of ks) {
        low = Math.min(low, indices[k] - base);
        high = Math.max(high, indices[k] - base);
      }
      const rows = this.decodeGroup(group, low, high + 1, ks.map((k) => indices[k] - base));
      ks.forEach((k, i) => { out[k] = rows[i]; });
    }
    return out;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A decoded cell as a JSON value: bytes as text (JSON columns parsed), 64-bit integers as numbers where safe. */
function cellValue(value: unknown, json: boolean, file: string, field: string): unknown {
  if (value instanceof Uint8Array) return textValue(value, json, file, field);
  return typeof value === "bigint" ? bigintValue(value) : value;
}

function textValue(bytes: Uint8Array, json: boolean, file: string, field: string): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new LissnasError("E_PARSE", "Parquet string column holds bytes that are not UTF-8", { file, field });
  }
  if (!json) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LissnasError("E_PARSE", `Parquet JSON column: not valid JSON: ${(error as Error).message}`, { file, field });
  }
}

function bigintValue(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}
