// The work of one chunk of rows, the same code on a worker and on the main thread (--workers 1): parse
// lines into genomes, run the kernels of a batch, format output rows as one text. A chunk stops at its
// first bad row: the rows before it are formatted, and the error is returned (with its line numbered
// within the chunk) for the main thread to report once the earlier chunks are written.
import { LissnasError, type ErrorCode, type InputLocation } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import type { SearchSpace } from "../spaces/space.js";
import { splitArchLine } from "./archLine.js";
import { fastArchRow, FastArchRow } from "./fastRow.js";
import { checkUtf8Line } from "./inputText.js";
import { chunkLines } from "./lineChunks.js";
import { assertFiniteScores } from "../predict/predictor.js";
import type { TreeScorer } from "../predict/treeScorer.js";
import type { TreeScoringPlan } from "../predict/wasmTreePredictor.js";

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

export function toChunkError(error: unknown): ChunkError {
  if (!(error instanceof LissnasError)) throw error;
  return { code: error.code, detail: error.detail, location: { ...error.location } };
}

/** Other fields of a row: read by the fast path (JSON text), or parsed (an object). */
type RowFields = FastArchRow | Record<string, unknown>;

function isFast(fields: RowFields): fields is FastArchRow {
  return fields instanceof FastArchRow;
}

/** The fields as an object, as JSON.parse would give them. */
function fieldsObject(fields: RowFields): Record<string, unknown> {
  return isFast(fields) ? JSON.parse(`{${fields.fieldsText}}`) as Record<string, unknown> : fields;
}

/** Arch strings remembered per space: spaces of a few thousand members repeat them across millions of rows. */
const PARSE_CACHE_LIMIT = 1 << 16;

interface ParsedArch {
  genome: Uint8Array;
  /** JSON.stringify(space.format(genome)), once asked for. */
  json?: string;
}

const parseCaches = new Map<string, Map<string, ParsedArch>>();

function parseCache(space: SearchSpace): Map<string, ParsedArch> {
  let cache = parseCaches.get(space.id);
  if (cache === undefined) parseCaches.set(space.id, cache = new Map());
  return cache;
}

/** The genome of an arch value (and a cache entry for strings); parse errors as the space words them. */
function parseArch(space: SearchSpace, cache: Map<string, ParsedArch>, arch: unknown, location: InputLocation): ParsedArch {
  if (typeof arch !== "string") return { genome: space.parse(arch, location) };
  let parsed = cache.get(arch);
  if (parsed === undefined) {
    parsed = { genome: space.parse(arch, location) };
    if (cache.size < PARSE_CACHE_LIMIT) cache.set(arch, parsed);
  }
  return parsed;
}

/** A parsed row: its genome, line within the chunk, and other fields. */
interface ParsedRows {
  genomes: Uint8Array;
  lines: number[];
  fields: RowFields[];
  archs: ParsedArch[];
  lineCount: number;
  error?: ChunkError;
}

/** Arch and fields of one line: the fast path when the row is simple, else JSON.parse (splitArchLine). */
function splitLine(space: SearchSpace, text: string, source: string, line: number): { arch: unknown; fields: RowFields } {
  checkUtf8Line(text, { file: source, line });
  const trimmed = text.trim();
  const fast = trimmed.charCodeAt(0) === 0x7b ? fastArchRow(trimmed, space.readArchJson) : undefined;
  if (fast !== undefined) return { arch: fast.arch, fields: fast };
  return splitArchLine(text, source, line);
}

/** Parses the rows of a chunk up to its first bad one; `check` may refuse a row's fields. */
function parseRows(space: SearchSpace, bytes: Uint8Array, source: string, check?: (fields: RowFields, line: number) => void): ParsedRows {
  const { texts, lineCount } = chunkLines(bytes);
  const length = space.genomeLength;
  const genomes = new Uint8Array(texts.length * length);
  const lines: number[] = [];
  const fields: RowFields[] = [];
  const archs: ParsedArch[] = [];
  const cache = parseCache(space);
  let error: ChunkError | undefined;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (text.trim() === "") continue;
    const line = i + 1;
    try {
      const row = splitLine(space, text, source, line);
      const arch = isFast(row.fields) && row.fields.archIsGenome
        ? { genome: row.arch as Uint8Array }
        : parseArch(space, cache, row.arch, { file: source, line, field: "arch" });
      check?.(row.fields, line);
      genomes.set(arch.genome, lines.length * length);
      lines.push(line);
      fields.push(row.fields);
      archs.push(arch);
    } catch (caught) {
      error = toChunkError(caught);
      break;
    }
  }
  return { genomes: genomes.subarray(0, lines.length * length), lines, fields, archs, lineCount, error };
}

function invalidReason(space: SearchSpace): string {
  return space.id === "nb101"
    ? "the input is not connected to the output, or the pruned cell has more than 9 edges"
    : "it violates the space's constraints";
}

/** JSON.stringify(space.format(genome)): written by the space where it can. */
function archJson(space: SearchSpace, genome: Uint8Array): string {
  return space.formatJson !== undefined ? space.formatJson(genome) : JSON.stringify(space.format(genome));
}

/**
 * One output row {arch, key, ...fields} as JSON.stringify writes it: concatenated from the fast path's
 * text (an input field "key" keeps the second place and gives its value, as the spread does), else JSON.stringify.
 */
function keyedRow(space: SearchSpace, genome: Uint8Array, key: string, fields: RowFields): string {
  if (!isFast(fields)) return JSON.stringify({ arch: space.format(genome), key, ...fields });
  const archText = archJson(space, genome);
  const keyAt = fields.keys.indexOf("key");
  if (keyAt < 0) return `{"arch":${archText},"key":${JSON.stringify(key)}${fields.fieldsText === "" ? "" : "," + fields.fieldsText}}`;
  const others = fields.members.filter((_, i) => i !== keyAt);
  return `{"arch":${archText},${fields.members[keyAt]}${others.length === 0 ? "" : "," + others.join(",")}}`;
}

export interface HashChunkResult extends ChunkStatus {
  text: string;
}

/** `hash`: canonical form and key of each row, other fields kept. */
export function hashChunk(kernels: SpaceKernels, bytes: Uint8Array, source: string): HashChunkResult {
  const space = kernels.space;
  const length = space.genomeLength;
  const parsed = parseRows(space, bytes, source);
  let error = parsed.error;
  let count = parsed.lines.length;
  const { genomes, valid } = kernels.canonicalize(parsed.genomes);
  const invalid = valid.indexOf(0);
  if (invalid >= 0 && invalid < count) {
    count = invalid;
    error = { code: "E_INVALID_ARCH", detail: `not a member of ${space.id}: ${invalidReason(space)}`, location: { file: source, line: parsed.lines[invalid], field: "arch" } };
  }
  const keys = count > 0 ? kernels.keyTexts(genomes.subarray(0, count * length)) : [];
  // Lines joined once: one flat string, rather than a tree of concatenations that lives until written.
  const lines: string[] = new Array(count);
  for (let i = 0; i < count; i++) lines[i] = keyedRow(space, genomes.subarray(i * length, (i + 1) * length), keys[i], parsed.fields[i]);
  return { text: count === 0 ? "" : lines.join("\n") + "\n", lineCount: parsed.lineCount, error };
}

/** `predict`, before scoring: genomes, line numbers, and each output row up to the score. */
export interface PredictRowsResult extends ChunkStatus {
  genomes: Uint8Array;
  lines: Int32Array;
  /**
   * One line per row (one string crosses threads at the cost of a copy, an array of strings at the cost
   * of an object each; headsOf splits them): `{"arch":…,…fields` without the closing brace, the score to be appended as the
   * last field; or, when the score's field may not go last (`whole`), the row {arch, ...fields} as JSON.
   */
  heads: string;
  whole: boolean;
}

/** Field names JSON objects order first (array indices) or treat specially: a score field of that name is placed by JSON.stringify. */
export function scoreFieldGoesLast(field: string, replaceField: boolean): boolean {
  return !replaceField && !/^(?:0|[1-9]\d*)$/.test(field) && field !== "__proto__" && field !== "arch";
}

/** Rows parsed for predict, with their heads as an array (before they cross threads as one text). */
type PredictRows = Omit<PredictRowsResult, "heads"> & { heads: string[] };

function predictRows(space: SearchSpace, bytes: Uint8Array, source: string, field: string, replaceField: boolean): PredictRows {
  const length = space.genomeLength;
  const parsed = parseRows(space, bytes, source, replaceField ? undefined : (fields, line) => {
    if (isFast(fields) ? fields.keys.includes(field) : Object.hasOwn(fields, field)) {
      throw new LissnasError("E_OPTION", `the input row already has a field "${field}"; choose another --field or pass --replace-field to overwrite it`,
        { file: source, line, field: "--field" });
    }
  });
  const whole = !scoreFieldGoesLast(field, replaceField);
  const heads: string[] = new Array(parsed.lines.length);
  for (let i = 0; i < parsed.lines.length; i++) {
    const fields = parsed.fields[i];
    if (isFast(fields) && !whole) {
      const parsedArch = parsed.archs[i];
      parsedArch.json ??= archJson(space, parsedArch.genome);
      heads[i] = fields.fieldsText === "" ? `{"arch":${parsedArch.json}` : `{"arch":${parsedArch.json},${fields.fieldsText}`;
    } else {
      const arch = space.format(parsed.genomes.subarray(i * length, (i + 1) * length));
      const row = JSON.stringify({ arch, ...fieldsObject(fields) });
      heads[i] = whole ? row : row.slice(0, -1);
    }
  }
  return { genomes: parsed.genomes, lines: Int32Array.from(parsed.lines), heads, whole, lineCount: parsed.lineCount, error: parsed.error };
}

export function predictRowsChunk(space: SearchSpace, bytes: Uint8Array, source: string, field: string, replaceField: boolean): PredictRowsResult {
  const rows = predictRows(space, bytes, source, field, replaceField);
  return { ...rows, heads: rows.heads.join("\n") };
}

/** The heads of a chunk's rows as they came across threads. */
export function headsOf(rows: PredictRowsResult): string[] {
  return rows.lines.length === 0 ? [] : rows.heads.split("\n");
}

/**
 * The output rows of a chunk with their scores appended (or merged, for `whole` rows), up to the first
 * NaN score unless `skipMissing` drops such rows; `missing` is that row's index.
 */
export function scoredRowsText(rows: { heads: string[]; whole: boolean }, scores: ArrayLike<number>, field: string, skipMissing: boolean): { text: string; missing?: number } {
  const fieldKey = "," + JSON.stringify(field) + ":";
  const lines: string[] = [];
  let missing: number | undefined;
  for (let i = 0; i < rows.heads.length; i++) {
    const head = rows.heads[i];
    const score = scores[i];
    if (Number.isNaN(score)) {
      if (skipMissing) continue;
      missing = i;
      break;
    }
    lines.push(rows.whole
      ? JSON.stringify({ ...JSON.parse(head) as Record<string, unknown>, [field]: score })
      : head + fieldKey + JSON.stringify(score) + "}");
  }
  return { text: lines.length === 0 ? "" : lines.join("\n") + "\n", missing };
}

/** `predict` with a wasm tree ensemble, all on the worker: parse, score batch by batch as the predictor does, format. */
export function predictTreeChunk(space: SearchSpace, scorer: TreeScorer, plan: TreeScoringPlan, bytes: Uint8Array, source: string,
  field: string, replaceField: boolean): HashChunkResult {
  const rows = predictRows(space, bytes, source, field, replaceField);
  const length = space.genomeLength;
  const count = rows.lines.length;
  const scores = new Float32Array(count);
  try {
    for (let start = 0; start < count; start += plan.batchSize) {
      const batch = rows.genomes.subarray(start * length, Math.min(count, start + plan.batchSize) * length);
      const batchScores = scorer.score(batch);
      assertFiniteScores(batchScores, batch, space, plan.description);
      scores.set(batchScores, start);
    }
  } catch (error) {
    return { text: "", lineCount: rows.lineCount, error: toChunkError(error) };
  }
  return { text: scoredRowsText(rows, scores, field, false).text, lineCount: rows.lineCount, error: rows.error };
}

/** Rows {arch, key} (and `distance` when given) of canonical genomes, as one text. */
export function formatGenomesChunk(kernels: SpaceKernels, genomes: Uint8Array, distances?: ArrayLike<number>): string {
  const length = kernels.space.genomeLength;
  const keys = kernels.keyTexts(genomes);
  const lines: string[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const arch = archJson(kernels.space, genomes.subarray(i * length, (i + 1) * length));
    lines[i] = distances === undefined
      ? `{"arch":${arch},"key":${JSON.stringify(keys[i])}}`
      : `{"arch":${arch},"key":${JSON.stringify(keys[i])},"distance":${JSON.stringify(distances[i])}}`;
  }
  return keys.length === 0 ? "" : lines.join("\n") + "\n";
}
