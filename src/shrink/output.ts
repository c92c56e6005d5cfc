// The files of a shrink run (written atomically as one directory, space.jsonl streamed in chunks) and
// the library view of them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ShrinkResult } from "./lissnas.js";
import { writeDirectoryAtomic, type FileContent } from "../io/atomicWrite.js";
import { readLinesSync } from "../io/lineReader.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";
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

/** space.jsonl as chunks of at most `chunkMembers` lines, produced as they are written. */
function* spaceLines(result: ShrinkResult, kernels: SpaceKernels, chunkMembers: number, direction: Direction): Generator<string> {
  const { members, space } = result;
  const length = space.genomeLength;
  const all = members.batch();
  for (let start = 0; start < members.count; start += chunkMembers) {
    const end = Math.min(members.count, start + chunkMembers);
    const keys = kernels.keyTexts(all.subarray(start * length, end * length));
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      lines.push(JSON.stringify({ arch: space.format(members.genome(i)), key: keys[i - start], score: round(orientValue(members.scores[i], direction)), pocket: result.pocketOf[i] }));
    }
    yield lines.join("\n") + "\n";
  }
}

/** space.jsonl (streamed: chunks), pockets.jsonl and manifest.json of a result, for writeDirectoryAtomic. */
export function shrinkFileContents(result: ShrinkResult, info: RunInfo, kernels = new SpaceKernels(result.space),
  chunkMembers = SPACE_CHUNK_MEMBERS): Record<string, FileContent> {
  const { members, space } = result;
  const direction = info.direction ?? "max";
  // Scores back in the metric's units: the loop saw them oriented (larger is better).
  const inUnits = (x: number) => orientValue(x, direction);
  const pocketSeeds = new Uint8Array(result.pockets.length * space.genomeLength);
  result.pockets.forEach((pocket, i) => pocketSeeds.set(pocket.seed, i * space.genomeLength));
  const pocketKeys = kernels.keyTexts(pocketSeeds);
  const size = new Int32Array(result.pockets.length);
  result.pocketOf.forEach((p) => size[p]++);
  const pocketLines = result.pockets.map((pocket, i) => JSON.stringify({
    pocket: pocket.id, seed: space.format(pocket.seed), key: pocketKeys[i], seed_score: round(inUnits(pocket.seedScore)), radius: pocket.radius, members: size[i],
  }));
  const manifest = {
    schema_version: MANIFEST_SCHEMA_VERSION,
    tool: "lissnas",
    version: "0.1.0",
    space: space.id,
    space_size: space.size().toString(),
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
    parameters: snakeCaseKeys({ ...result.options, seed: result.options.seed.toString(), goodThreshold: result.options.goodThreshold === undefined ? undefined : inUnits(result.options.goodThreshold) }),
    predictor: info.predictor,
    command: info.command,
    trace: traceInUnits(result, direction),
  };
  return {
    "space.jsonl": { [Symbol.iterator]: () => spaceLines(result, kernels, chunkMembers, direction) },
    "pockets.jsonl": pocketLines.join("\n") + (pocketLines.length ? "\n" : ""),
    "manifest.json": JSON.stringify(manifest, null, 2) + "\n",
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

export function writeShrinkResult(dir: string, result: ShrinkResult, info: RunInfo, force = false): void {
  writeDirectoryAtomic(dir, shrinkFileContents(result, info), force);
}

export interface ShrunkSpaceRow {
  arch: unknown;
  key: string;
  score: number;
  pocket: number;
}

/** The manifest and the space.jsonl path of a shrink output directory; a clear error when one is missing. */
export function openShrinkOutput(dir: string): { manifest: Record<string, unknown>; spaceFile: string } {
  const file = (name: string) => {
    const full = path.join(dir, name);
    if (!existsSync(full)) throw new LissnasError("E_IO", `not a lissnas shrink output: ${name} is missing`, { file: dir });
    return full;
  };
  const manifestFile = file("manifest.json");
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new LissnasError("E_PARSE", `not valid JSON: ${(error as Error).message}`, { file: manifestFile });
  }
  return { manifest, spaceFile: file("space.jsonl") };
}

/** One line of space.jsonl as a row; errors name the file and line. */
export function parseShrunkSpaceLine(text: string, file: string, line: number): ShrunkSpaceRow {
  try {
    return JSON.parse(text) as ShrunkSpaceRow;
  } catch (error) {
    throw new LissnasError("E_PARSE", `not valid JSON: ${(error as Error).message}`, { file, line });
  }
}

/** Reads space.jsonl of a shrink output directory, a line at a time (ShrunkSpaceSampler reads only what it draws). */
export function readShrunkSpace(dir: string): { manifest: Record<string, unknown>; rows: ShrunkSpaceRow[] } {
  const { manifest, spaceFile } = openShrinkOutput(dir);
  const rows: ShrunkSpaceRow[] = [];
  for (const { text, line } of readLinesSync(spaceFile)) {
    if (text.trim() !== "") rows.push(parseShrunkSpaceLine(text, spaceFile, line));
  }
  return { manifest, rows };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
