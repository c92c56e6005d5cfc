// The work of one chunk of rows, the same code on a worker and on the main thread (--workers 1): parse
// lines into genomes, run the kernels of a batch, format output rows as one text. A chunk stops at its
// first bad row: the rows before it are formatted, and the error is returned (with its line numbered
// within the chunk) for the main thread to report once the earlier chunks are written.
import { LissnasError, type ErrorCode, type InputLocation } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import type { SearchSpace } from "../spaces/space.js";
import { splitArchLine } from "./archStream.js";
import { fastArchRow } from "./fastRow.js";
import { checkUtf8Line } from "./inputText.js";
import { chunkLines } from "./lineChunks.js";

/** A LissnasError as it crosses threads (class instances do not). `location.line` is within the chunk. */
export interface ChunkError {
  code: ErrorCode;
  detail: string;
  location: InputLocation;
}

/** What every chunk result carries: how many lines the chunk had, and its first bad row if any. */
export interface ChunkStatus {
  lineCount: number;
  error?: ChunkError;
}

/** The error of a chunk placed at its line in the whole input (`firstLine`: the chunk's first line number). */
export function chunkErrorAt(error: ChunkError, firstLine: number): LissnasError {
  const line = error.location.line === undefined ? undefined : firstLine + error.location.line - 1;
  return new LissnasError(error.code, error.detail, line === undefined ? error.location : { ...error.location, line });
}

function toChunkError(error: unknown): ChunkError {
  if (!(error instanceof LissnasError)) throw error;
  return { code: error.code, detail: error.detail, location: { ...error.location } };
}

/** A parsed row: its genome, line within the chunk, and other fields as JSON text (fast path) or an object. */
interface ParsedRows {
  genomes: Uint8Array;
  lines: number[];
  fields: (string | Record<string, unknown>)[];
  lineCount: number;
  error?: ChunkError;
}

/** Arch and fields of one line: the fast path when the row is simple, else JSON.parse (splitArchLine). */
function splitLine(text: string, source: string, line: number, reserved: readonly string[]): { arch: unknown; fields: string | Record<string, unknown> } {
  checkUtf8Line(text, { file: source, line });
  const trimmed = text.trim();
  const fast = trimmed.charCodeAt(0) === 0x7b ? fastArchRow(trimmed, reserved) : undefined;
  if (fast !== undefined) return { arch: fast.arch, fields: fast.fieldsText };
  return splitArchLine(text, source, line);
}

/** Parses the rows of a chunk up to its first bad one. `reserved`: fields the caller writes itself. */
function parseRows(space: SearchSpace, bytes: Uint8Array, source: string, reserved: readonly string[],
  check?: (fields: string | Record<string, unknown>, line: number) => void): ParsedRows {
  const { texts, lineCount } = chunkLines(bytes);
  const length = space.genomeLength;
  const genomes = new Uint8Array(texts.length * length);
  const lines: number[] = [];
  const fields: (string | Record<string, unknown>)[] = [];
  let error: ChunkError | undefined;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (text.trim() === "") continue;
    const line = i + 1;
    try {
      const row = splitLine(text, source, line, reserved);
      const genome = space.parse(row.arch, { file: source, line, field: "arch" });
      check?.(row.fields, line);
      genomes.set(genome, lines.length * length);
      lines.push(line);
      fields.push(row.fields);
    } catch (caught) {
      error = toChunkError(caught);
      break;
    }
  }
  return { genomes: genomes.subarray(0, lines.length * length), lines, fields, lineCount, error };
}

function invalidReason(space: SearchSpace): string {
  return space.id === "nb101"
    ? "the input is not connected to the output, or the pruned cell has more than 9 edges"
    : "it violates the space's constraints";
}

/** One output row {arch, key, ...fields}: concatenated when the fields are JSON text, else JSON.stringify. */
function keyedRow(arch: unknown, key: string, fields: string | Record<string, unknown>): string {
  if (typeof fields !== "string") return JSON.stringify({ arch, key, ...fields });
  return `{"arch":${JSON.stringify(arch)},"key":${JSON.stringify(key)}${fields === "" ? "" : "," + fields}}`;
}

export interface HashChunkResult extends ChunkStatus {
  text: string;
}

/** `hash`: canonical form and key of each row, other fields kept. */
export function hashChunk(kernels: SpaceKernels, bytes: Uint8Array, source: string): HashChunkResult {
  const space = kernels.space;
  const length = space.genomeLength;
  const parsed = parseRows(space, bytes, source, ["key"]);
  let error = parsed.error;
  let count = parsed.lines.length;
  const { genomes, valid } = kernels.canonicalize(parsed.genomes);
  const invalid = valid.indexOf(0);
  if (invalid >= 0 && invalid < count) {
    count = invalid;
    error = { code: "E_INVALID_ARCH", detail: `not a member of ${space.id}: ${invalidReason(space)}`, location: { file: source, line: parsed.lines[invalid], field: "arch" } };
  }
  const keys = count > 0 ? kernels.keyTexts(genomes.subarray(0, count * length)) : [];
  let text = "";
  for (let i = 0; i < count; i++) {
    text += keyedRow(space.format(genomes.subarray(i * length, (i + 1) * length)), keys[i], parsed.fields[i]) + "\n";
  }
  return { text, lineCount: parsed.lineCount, error };
}

/** `predict`, before scoring: genomes, line numbers, and each output row up to the score. */
export interface PredictRowsResult extends ChunkStatus {
  genomes: Uint8Array;
  lines: Int32Array;
  /**
   * `{"arch":…,…fields` without the closing brace, the score to be appended as the last field; or, when
   * the score's field may not go last (`whole`), the row {arch, ...fields} as JSON.
   */
  heads: string[];
  whole: boolean;
}

/** Field names JSON objects order first (array indices) or treat specially: a score field of that name is placed by JSON.stringify. */
export function scoreFieldGoesLast(field: string, replaceField: boolean): boolean {
  return !replaceField && !/^(?:0|[1-9]\d*)$/.test(field) && field !== "__proto__" && field !== "arch";
}

export function predictRowsChunk(space: SearchSpace, bytes: Uint8Array, source: string, field: string, replaceField: boolean): PredictRowsResult {
  const length = space.genomeLength;
  const parsed = parseRows(space, bytes, source, [field], replaceField ? undefined : (fields, line) => {
    if (typeof fields !== "string" && Object.hasOwn(fields, field)) {
      throw new LissnasError("E_OPTION", `the input row already has a field "${field}"; choose another --field or pass --replace-field to overwrite it`,
        { file: source, line, field: "--field" });
    }
  });
  const whole = !scoreFieldGoesLast(field, replaceField);
  const heads: string[] = new Array(parsed.lines.length);
  for (let i = 0; i < parsed.lines.length; i++) {
    const arch = space.format(parsed.genomes.subarray(i * length, (i + 1) * length));
    const fields = parsed.fields[i];
    if (typeof fields === "string" && !whole) {
      heads[i] = `{"arch":${JSON.stringify(arch)}${fields === "" ? "" : "," + fields}`;
    } else {
      const row = JSON.stringify({ arch, ...(typeof fields === "string" ? JSON.parse(`{${fields}}`) as Record<string, unknown> : fields) });
      heads[i] = whole ? row : row.slice(0, -1);
    }
  }
  return { genomes: parsed.genomes, lines: Int32Array.from(parsed.lines), heads, whole, lineCount: parsed.lineCount, error: parsed.error };
}

/** Rows {arch, key} (and `distance` when given) of canonical genomes, as one text. */
export function formatGenomesChunk(kernels: SpaceKernels, genomes: Uint8Array, distances?: ArrayLike<number>): string {
  const length = kernels.space.genomeLength;
  const keys = kernels.keyTexts(genomes);
  let text = "";
  for (let i = 0; i < keys.length; i++) {
    const arch = JSON.stringify(kernels.space.format(genomes.subarray(i * length, (i + 1) * length)));
    text += distances === undefined
      ? `{"arch":${arch},"key":${JSON.stringify(keys[i])}}\n`
      : `{"arch":${arch},"key":${JSON.stringify(keys[i])},"distance":${JSON.stringify(distances[i])}}\n`;
  }
  return text;
}
