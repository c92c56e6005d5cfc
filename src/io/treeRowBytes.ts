// `predict` with a wasm tree ensemble on a chunk's bytes: simple rows (src/io/byteRow.ts) are looked up
// in the worker's arch table straight from the bytes, scored, and written into one byte buffer (input
// field bytes copied through) that moves to the main thread, which only writes it. Every other line goes
// through the string path (predictTreeChunk) on its own; any error, of a line or of the scores, re-runs
// the whole chunk on the string path, so output and errors are always that path's, byte for byte.
import { ArchTable } from "./archTable.js";
import { WasmCore } from "../wasm/core.js";
import { TreeScorer } from "../predict/treeScorer.js";
import { ByteRowReader } from "./byteRow.js";
import { predictTreeChunk, scoreFieldGoesLast, type ChunkStatus, type HashChunkResult } from "./rowJobs.js";
import { assertFiniteScores } from "../predict/contract.js";
import type { SearchSpace } from "../spaces/space.js";
import type { TreeScoringPlan } from "../predict/wasmTreePredictor.js";

/** A chunk's output rows as UTF-8 bytes. */
export interface ByteChunkResult extends ChunkStatus {
  bytes: Uint8Array;
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;
/** Longest shortest-text of a float64 ("-1.2345678901234567e-308"), for the output's size bound. */
const MAX_SCORE_TEXT = 25;
/** Marks a row taken by the string path in `entries`. */
const STRING_ROW = -1;

/**
 * A thread's trees and arch table for predictTree jobs: the trees of the jobs' plan installed on a core of
 * their own (as the predictor installs them) at the first job, the table kept across chunks of that plan.
 */
export class TreeRowsRunner {
  private readonly space: SearchSpace;
  private readonly module: WebAssembly.Module | undefined;
  private scorer: { description: string; trees: TreeScorer; table: ArchTable } | undefined;

  /** `module`: the compiled WASM core (this thread's own when not given). */
  constructor(space: SearchSpace, module?: WebAssembly.Module) {
    this.space = space;
    this.module = module;
  }

  run(plan: TreeScoringPlan, bytes: Uint8Array, source: string, options: TreeRowBytesOptions): ByteChunkResult | HashChunkResult {
    if (this.scorer?.description !== plan.description) {
      const trees = new TreeScorer(plan.compiled, plan.encoding, this.space.genomeLength, new WasmCore(this.module));
      this.scorer = { description: plan.description, trees, table: new ArchTable(this.space) };
    }
    return predictTreeBytesChunk(this.space, this.scorer.trees, plan, this.scorer.table, bytes, source, options);
  }
}

export interface TreeRowBytesOptions {
  field: string;
  replaceField: boolean;
  /** Reuse the score of an arch the table has scored before (exact: the same genome gets the same float). */
  reuseScores: boolean;
}

/** Copies from[start, end) to `to` at `at`; returns the end. Short spans byte by byte, longer ones natively (a view costs less than their loop). */
function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): number {
  if (end - start > 24) {
    to.set(from.subarray(start, end), at);
    return at + end - start;
  }
  for (let i = start; i < end; i++) to[at++] = from[i];
  return at;
}

/** The output of a chunk, as predictTreeChunk writes it (its text, when the chunk must take the string path). */
export function predictTreeBytesChunk(space: SearchSpace, scorer: TreeScorer, plan: TreeScoringPlan, table: ArchTable, bytes: Uint8Array,
  source: string, options: TreeRowBytesOptions): ByteChunkResult | HashChunkResult {
  const { field, replaceField } = options;
  const stringPath = () => predictTreeChunk(space, scorer, plan, bytes, source, field, replaceField);
  // Rows whose score field is placed by JSON.stringify (--replace-field, index-like names) are the string path's.
  if (!scoreFieldGoesLast(field, replaceField) || table.space !== space) return stringPath();
  table.trim();
  const reader = new ByteRowReader(field);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const spans = reader.spans;
  let capacity = 1024;
  let entries = new Int32Array(capacity);
  let fieldStarts = new Int32Array(capacity);
  let fieldEnds = new Int32Array(capacity);
  const stringRows: Uint8Array[] = [];
  let rows = 0;
  let lineCount = 0;
  let outputBound = 0;
  // A Uint8Array like every other array copied (a Buffer would make the copies polymorphic).
  const fieldKey = new Uint8Array(Buffer.from("," + JSON.stringify(field) + ":", "utf8"));
  const rowOverhead = 1 + fieldKey.length + MAX_SCORE_TEXT + 2;
  for (let lineStart = 0; lineStart < bytes.length;) {
    const newline = bytes.indexOf(NEWLINE, lineStart);
    const lineEnd = newline < 0 ? bytes.length : newline;
    const next = newline < 0 ? bytes.length : newline + 1;
    lineCount++;
    const end = lineEnd > lineStart && bytes[lineEnd - 1] === RETURN ? lineEnd - 1 : lineEnd;
    if (end > lineStart) {
      if (rows === capacity) {
        capacity *= 2;
        entries = grownTo(entries, capacity);
        fieldStarts = grownTo(fieldStarts, capacity);
        fieldEnds = grownTo(fieldEnds, capacity);
      }
      let entry = STRING_ROW;
      if (reader.read(bytes, lineStart, end)) {
        entry = table.find(bytes, view, spans.archStart, spans.archEnd, spans.archHash);
        if (entry < 0) {
          try {
            entry = table.add(bytes, spans.archStart, spans.archEnd, spans.archHash,
              Buffer.from(bytes.buffer, bytes.byteOffset + spans.archStart, spans.archEnd - spans.archStart).toString("latin1"));
          } catch {
            entry = STRING_ROW;
          }
        }
      }
      if (entry === STRING_ROW) {
        const one = predictTreeChunk(space, scorer, plan, bytes.subarray(lineStart, next), source, field, replaceField);
        if (one.error !== undefined) return stringPath();
        if (one.text !== "") {
          const text = Buffer.from(one.text, "utf8");
          entries[rows] = STRING_ROW;
          fieldStarts[rows] = stringRows.length;
          stringRows.push(text);
          outputBound += text.length;
          rows++;
        }
      } else {
        entries[rows] = entry;
        // A canonical arch text is copied through with the fields: the row's bytes up to its closing brace.
        fieldStarts[rows] = table.isVerbatim(entry) ? lineStart : spans.fieldsStart;
        fieldEnds[rows] = spans.fieldsEnd;
        outputBound += rowOverhead + table.headBytes(entry) + spans.fieldsEnd - spans.fieldsStart;
        rows++;
      }
    }
    lineStart = next;
  }
  const scores = options.reuseScores ? scoreNewEntries(table, scorer, plan, entries, rows) : scoreRows(table, scorer, plan, entries, rows);
  if (scores === undefined) return stringPath();
  const out = new Uint8Array(outputBound);
  const arena = table.bytes;
  let at = 0;
  for (let r = 0; r < rows; r++) {
    const entry = entries[r];
    if (entry === STRING_ROW) {
      const text = stringRows[fieldStarts[r]];
      out.set(text, at);
      at += text.length;
      continue;
    }
    if (table.isVerbatim(entry)) {
      at = copyBytes(bytes, fieldStarts[r], fieldEnds[r], out, at);
    } else {
      const head = table.headStart(entry);
      at = copyBytes(arena, head, head + table.headBytes(entry), out, at);
      // The fields with the comma before them.
      if (fieldEnds[r] > fieldStarts[r]) at = copyBytes(bytes, fieldStarts[r] - 1, fieldEnds[r], out, at);
    }
    at = copyBytes(fieldKey, 0, fieldKey.length, out, at);
    if (scores === true) {
      const score = table.scoreStart(entry);
      at = copyBytes(arena, score, score + table.scoreBytes(entry), out, at);
    } else {
      const text = JSON.stringify(scores[r]);
      for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    }
    out[at++] = 0x7d;
    out[at++] = NEWLINE;
  }
  return { bytes: out.subarray(0, at), lineCount };
}

function grownTo(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(array);
  return next;
}

/**
 * Scores the entries of the rows that the table has not scored, each once, in order of first row, batch
 * by batch as the predictor does; true when all are scored, undefined when a score is not finite (the
 * string path then reports it).
 */
function scoreNewEntries(table: ArchTable, scorer: TreeScorer, plan: TreeScoringPlan, entries: Int32Array, rows: number): true | undefined {
  const length = table.space.genomeLength;
  const queued = new Uint8Array(table.size);
  const fresh: number[] = [];
  for (let r = 0; r < rows; r++) {
    const entry = entries[r];
    if (entry < 0 || queued[entry] === 1 || table.scored(entry)) continue;
    queued[entry] = 1;
    fresh.push(entry);
  }
  for (let start = 0; start < fresh.length; start += plan.batchSize) {
    const count = Math.min(plan.batchSize, fresh.length - start);
    const genomes = new Uint8Array(count * length);
    for (let k = 0; k < count; k++) table.copyGenome(fresh[start + k], genomes, k);
    const scores = scorer.score(genomes);
    try {
      assertFiniteScores(scores, genomes, table.space, plan.description);
    } catch {
      return undefined;
    }
    for (let k = 0; k < count; k++) table.setScore(fresh[start + k], scores[k]);
  }
  return true;
}

/** The score of every table row (string rows' slots unused), batch by batch; undefined when one is not finite. */
function scoreRows(table: ArchTable, scorer: TreeScorer, plan: TreeScoringPlan, entries: Int32Array, rows: number): Float64Array | undefined {
  const length = table.space.genomeLength;
  const scores = new Float64Array(rows);
  const tableRows: number[] = [];
  for (let r = 0; r < rows; r++) if (entries[r] >= 0) tableRows.push(r);
  for (let start = 0; start < tableRows.length; start += plan.batchSize) {
    const count = Math.min(plan.batchSize, tableRows.length - start);
    const genomes = new Uint8Array(count * length);
    for (let k = 0; k < count; k++) table.copyGenome(entries[tableRows[start + k]], genomes, k);
    const batch = scorer.score(genomes);
    try {
      assertFiniteScores(batch, genomes, table.space, plan.description);
    } catch {
      return undefined;
    }
    for (let k = 0; k < count; k++) scores[tableRows[start + k]] = batch[k];
  }
  return scores;
}
