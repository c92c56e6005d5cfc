// The files of a shrink run (written atomically as one directory, space.jsonl streamed in chunks) and
// the library view of them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ShrinkResult } from "./lissnas.js";
import { writeDirectoryAtomic, type FileContent } from "../io/atomicWrite.js";
import { readLinesSync } from "../io/lineReader.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";
import { describe } from "../spaces/describe.js";
import { getSpace } from "../spaces/registry.js";
import type { SearchSpace } from "../spaces/space.js";
import { checkUtf8Line, parseJson, withoutBom } from "../io/inputText.js";
import { ParquetFile, parquetChunks, archColumn, type Column, type OutputFormat } from "../io/columnar.js";
import { orientValue, type Direction } from "../stats/direction.js";
import { snakeCaseKeys } from "../io/snakeCase.js";
import { withEffectiveShrinkage } from "./effectiveShrinkage.js";

/** Version of manifest.json; schemas/manifest.schema.json describes it. 2: snake_case parameters, direction, effective_shrinkage. */
export const MANIFEST_SCHEMA_VERSION = 2;

export interface RunInfo {
  predictor: { description: string; digest: string };
  command?: string;
  /** The metric's direction: the loop maximised the oriented scores, and the files hold them in the metric's units (default "max"). */
  direction?: Direction;
}

/** Members per chunk of space.jsonl: their keys are computed and their lines written together. */
export const SPACE_CHUNK_MEMBERS = 16384;

/**
 * The members as rows {arch, key, score, pocket} (scores in the metric's units), in chunks of at most
 * `chunkMembers`, produced as they are written.
 */
function* spaceRows(result: ShrinkResult, kernels: SpaceKernels, chunkMembers: number, direction: Direction): Generator<ShrunkSpaceRow[]> {
  const { members, space } = result;
  const length = space.genomeLength;
  const all = members.batch();
  for (let start = 0; start < members.count; start += chunkMembers) {
    const end = Math.min(members.count, start + chunkMembers);
    const keys = kernels.keyTexts(all.subarray(start * length, end * length));
    const rows: ShrunkSpaceRow[] = [];
    for (let i = start; i < end; i++) {
      rows.push({ arch: space.format(members.genome(i)), key: keys[i - start], score: round(orientValue(members.scores[i], direction)), pocket: result.pocketOf[i] });
    }
    yield rows;
  }
}

/** space.jsonl as chunks of at most `chunkMembers` lines. */
function* spaceLines(result: ShrinkResult, kernels: SpaceKernels, chunkMembers: number, direction: Direction): Generator<string> {
  for (const rows of spaceRows(result, kernels, chunkMembers, direction)) yield rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
}

/** Columns of space.parquet (the fields of space.jsonl). */
export function spaceColumns(space: SearchSpace): Column[] {
  return [archColumn(space), { name: "key", type: "string", required: true }, { name: "score", type: "double", required: true },
    { name: "pocket", type: "int32", required: true }];
}

/** Columns of pockets.parquet (the fields of pockets.jsonl). */
export function pocketColumns(space: SearchSpace): Column[] {
  return [{ name: "pocket", type: "int32", required: true }, archColumn(space, "seed"), { name: "key", type: "string", required: true },
    { name: "seed_score", type: "double", required: true }, { name: "radius", type: "int32", required: true }, { name: "members", type: "int32", required: true }];
}

/**
 * space.jsonl (streamed: chunks), pockets.jsonl and manifest.json of a result, for writeDirectoryAtomic;
 * with format "parquet", space.parquet (a row group at a time) and pockets.parquet instead.
 */
export function shrinkFileContents(result: ShrinkResult, info: RunInfo, kernels = new SpaceKernels(result.space),
  chunkMembers = SPACE_CHUNK_MEMBERS, format: OutputFormat = "jsonl"): Record<string, FileContent> {
  const { members, space } = result;
  const direction = info.direction ?? "max";
  // Scores back in the metric's units: the loop saw them oriented (larger is better).
  const inUnits = (x: number) => orientValue(x, direction);
  const pocketSeeds = new Uint8Array(result.pockets.length * space.genomeLength);
  result.pockets.forEach((pocket, i) => pocketSeeds.set(pocket.seed, i * space.genomeLength));
  const pocketKeys = kernels.keyTexts(pocketSeeds);
  const size = new Int32Array(result.pockets.length);
  result.pocketOf.forEach((p) => size[p]++);
  const pocketRows = result.pockets.map((pocket, i) => ({
    pocket: pocket.id, seed: space.format(pocket.seed), key: pocketKeys[i], seed_score: round(inUnits(pocket.seedScore)), radius: pocket.radius, members: size[i],
  }));
  const pocketLines = pocketRows.map((row) => JSON.stringify(row));
  const bestKey = kernels.keyTexts(result.best.genome)[0];
  // The cost model is an object; the manifest records what it is (diversity.cost).
  const { costModel: _costModel, ...parameters } = result.options;
  const manifest = {
    schema_version: MANIFEST_SCHEMA_VERSION,
    tool: "lissnas",
    version: "0.1.0",
    space: space.id,
    space_size: space.size().toString(),
    format,
    size: members.count,
    reduction_factor: Number(space.uniqueSize() ?? space.size()) / Math.max(1, members.count),
    direction,
    mean_score: inUnits(members.meanScore()),
    // The best predicted score in the metric's direction (the smallest when minimising).
    max_score: inUnits(members.maxScore()),
    good_threshold: inUnits(result.goodThreshold),
    chosen_iteration: result.chosenIteration,
    explored: result.explored,
    seconds: result.seconds,
    parameters: snakeCaseKeys({ ...parameters, seed: result.options.seed.toString(), goodThreshold: result.options.goodThreshold === undefined ? undefined : inUnits(result.options.goodThreshold) }),
    predictor: info.predictor,
    command: info.command,
    trace: traceInUnits(result, direction),
    best: { arch: space.format(result.best.genome), key: bestKey, score: inUnits(result.best.score), pocket: result.best.pocket },
    diversity: {
      rule: result.diversity.rule,
      cost: result.diversity.cost,
      strata_edges: result.diversity.strataEdges,
      sample_cost_range: result.diversity.sampleCostRange.map(nullIfNaN),
      space_cost_range: result.diversity.spaceCostRange.map(nullIfNaN),
    },
    size_control: {
      target_size: result.size.targetSize,
      loop_size: result.size.loopSize,
      action: result.size.action,
      extension_rounds: result.size.extensionRounds,
      within_10_percent: result.size.met,
    },
  };
  const manifestText = JSON.stringify(manifest, null, 2) + "\n";
  if (format === "parquet") {
    return {
      "space.parquet": { [Symbol.iterator]: () => parquetChunks(spaceColumns(space), spaceRows(result, kernels, chunkMembers, direction) as Iterable<Record<string, unknown>[]>) },
      "pockets.parquet": { [Symbol.iterator]: () => parquetChunks(pocketColumns(space), [pocketRows]) },
      "manifest.json": manifestText,
    };
  }
  return {
    "space.jsonl": { [Symbol.iterator]: () => spaceLines(result, kernels, chunkMembers, direction) },
    "pockets.jsonl": pocketLines.join("\n") + (pocketLines.length ? "\n" : ""),
    "manifest.json": manifestText,
  };
}

/** The iteration trace in the metric's units (mean, and max as the best in its direction), each iteration flagged for effective shrinkage. */
export function traceInUnits(result: Pick<ShrinkResult, "trace">, direction: Direction) {
  return withEffectiveShrinkage(result.trace.map((t) => ({ ...t, mean: orientValue(t.mean, direction), max: orientValue(t.max, direction) })));
}

/** The three files as strings: for results small enough to hold in memory (writeShrinkResult streams). */
export function renderShrinkFiles(result: ShrinkResult, info: RunInfo, kernels = new SpaceKernels(result.space)): Record<string, string> {
  const files = shrinkFileContents(result, info, kernels);
  return Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === "string" ? content : [...content as Iterable<string>].join("")]));
}

export function writeShrinkResult(dir: string, result: ShrinkResult, info: RunInfo, force = false, format: OutputFormat = "jsonl"): void {
  writeDirectoryAtomic(dir, shrinkFileContents(result, info, undefined, undefined, format), force);
}

export interface ShrunkSpaceRow {
  arch: unknown;
  key: string;
  score: number;
  pocket: number;
}

/**
 * The manifest and the space file of a shrink output directory (space.jsonl, or space.parquet when the
 * run wrote Parquet); a clear error when one is missing.
 */
export function openShrinkOutput(dir: string): { manifest: Record<string, unknown>; manifestFile: string; spaceFile: string; format: OutputFormat } {
  const file = (name: string) => {
    const full = path.join(dir, name);
    if (!existsSync(full)) throw new LissnasError("E_IO", `not a lissnas shrink output: ${name} is missing`, { file: dir });
    return full;
  };
  const manifestFile = file("manifest.json");
  const manifest = parseJson(withoutBom(readFileSync(manifestFile, "utf8")), { file: manifestFile });
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
    throw new LissnasError("E_DATA", `expected a JSON object; found ${describe(manifest)}`, { file: manifestFile });
  }
  // Runs before the format field wrote JSON Lines; a directory holding only space.parquet is Parquet too.
  const recorded = (manifest as Record<string, unknown>).format;
  const format: OutputFormat = recorded === "parquet" || (recorded === undefined && !existsSync(path.join(dir, "space.jsonl")) &&
    existsSync(path.join(dir, "space.parquet"))) ? "parquet" : "jsonl";
  return { manifest: manifest as Record<string, unknown>, manifestFile, spaceFile: file(format === "parquet" ? "space.parquet" : "space.jsonl"), format };
}

/**
 * One line of space.jsonl as a row, its fields checked (arch present, key a string, score a finite
 * number, pocket an integer); errors name the file, line and field. Whether the arch is a member of the
 * space is checked by checkShrunkSpaceArchs, a batch at a time.
 */
export function parseShrunkSpaceLine(text: string, file: string, line: number): ShrunkSpaceRow {
  checkUtf8Line(text, { file, line });
  const trimmed = text.trim(); // also drops a byte-order mark
  return checkShrunkSpaceRow(parseJson(trimmed, { file, line }), file, line);
}

/** A row of space.jsonl or space.parquet (`line`: its 1-based line or row number) checked field by field. */
export function checkShrunkSpaceRow(row: unknown, file: string, line: number): ShrunkSpaceRow {
  if (row === null || typeof row !== "object" || Array.isArray(row)) {
    throw new LissnasError("E_DATA", `expected an object {arch, key, score, pocket}; found ${describe(row)}`, { file, line });
  }
  const { arch, key, score, pocket } = row as Record<string, unknown>;
  const where = (field: string) => ({ file, line, field });
  if (arch === undefined) throw new LissnasError("E_DATA", `row has no "arch"`, where("arch"));
  if (typeof key !== "string") throw new LissnasError("E_DATA", `expected a string; found ${describe(key)}`, where("key"));
  if (typeof score !== "number" || !Number.isFinite(score)) throw new LissnasError("E_DATA", `expected a finite number; found ${describe(score)}`, where("score"));
  if (!Number.isSafeInteger(pocket) || (pocket as number) < -1) throw new LissnasError("E_DATA", `expected an integer >= -1; found ${describe(pocket)}`, where("pocket"));
  return { arch, key, score, pocket: pocket as number };
}

/** Checks that each row's arch is a member of `space` (one batch); errors name the file, line and field. */
export function checkShrunkSpaceArchs(kernels: SpaceKernels, rows: ShrunkSpaceRow[], file: string, lines: ArrayLike<number>): void {
  const length = kernels.space.genomeLength;
  const raw = new Uint8Array(rows.length * length);
  rows.forEach((row, i) => raw.set(kernels.space.parse(row.arch, { file, line: lines[i], field: "arch" }), i * length));
  const { valid } = kernels.canonicalize(raw);
  const invalid = valid.indexOf(0);
  if (invalid >= 0) {
    throw new LissnasError("E_INVALID_ARCH", `not a member of ${kernels.space.id}`, { file, line: lines[invalid], field: "arch" });
  }
}

/** The registered space a shrink manifest names; errors name the manifest and its "space" field. */
export function manifestSpace(manifest: Record<string, unknown>, manifestFile: string): SearchSpace {
  if (typeof manifest.space !== "string") {
    throw new LissnasError("E_DATA", `expected a space id; found ${describe(manifest.space)}`, { file: manifestFile, field: "space" });
  }
  try {
    return getSpace(manifest.space);
  } catch (error) {
    throw new LissnasError("E_DATA", error instanceof LissnasError ? error.detail : String(error), { file: manifestFile, field: "space" });
  }
}

/** Reads the space file of a shrink output directory, a line or row group at a time (ShrunkSpaceSampler reads only what it draws). */
export function readShrunkSpace(dir: string): { manifest: Record<string, unknown>; rows: ShrunkSpaceRow[] } {
  const { manifest, spaceFile, format } = openShrinkOutput(dir);
  const rows: ShrunkSpaceRow[] = [];
  if (format === "parquet") {
    for (const batch of ParquetFile.open(spaceFile).batches()) batch.rows.forEach((row, i) => rows.push(checkShrunkSpaceRow(row, spaceFile, batch.firstRow + i)));
    return { manifest, rows };
  }
  for (const { text, line } of readLinesSync(spaceFile)) {
    if (text.trim() !== "") rows.push(parseShrunkSpaceLine(text, spaceFile, line));
  }
  return { manifest, rows };
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
