// The files of a shrink run (written atomically as one directory) and the library view of them.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ShrinkResult } from "./lissnas.js";
import { writeDirectoryAtomic } from "../io/atomicWrite.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";

export interface RunInfo {
  predictor: { description: string; digest: string };
  command?: string;
}

/** space.jsonl, pockets.jsonl and manifest.json contents of a result. */
export function renderShrinkFiles(result: ShrinkResult, info: RunInfo, kernels = new SpaceKernels(result.space)): Record<string, string> {
  const { members, space } = result;
  const keys = kernels.keyTexts(members.batch());
  const spaceLines: string[] = [];
  for (let i = 0; i < members.count; i++) {
    spaceLines.push(JSON.stringify({ arch: space.format(members.genome(i)), key: keys[i], score: round(members.scores[i]), pocket: result.pocketOf[i] }));
  }
  const pocketSeeds = new Uint8Array(result.pockets.length * space.genomeLength);
  result.pockets.forEach((pocket, i) => pocketSeeds.set(pocket.seed, i * space.genomeLength));
  const pocketKeys = kernels.keyTexts(pocketSeeds);
  const size = new Int32Array(result.pockets.length);
  result.pocketOf.forEach((p) => size[p]++);
  const pocketLines = result.pockets.map((pocket, i) => JSON.stringify({
    pocket: pocket.id, seed: space.format(pocket.seed), key: pocketKeys[i], seed_score: round(pocket.seedScore), radius: pocket.radius, members: size[i],
  }));
  const manifest = {
    tool: "lissnas",
    version: "0.1.0",
    space: space.id,
    space_size: space.size().toString(),
    size: members.count,
    reduction_factor: Number(space.uniqueSize() ?? space.size()) / Math.max(1, members.count),
    mean_score: members.meanScore(),
    max_score: members.maxScore(),
    good_threshold: result.goodThreshold,
    chosen_iteration: result.chosenIteration,
    explored: result.explored,
    seconds: result.seconds,
    parameters: { ...result.options, seed: result.options.seed.toString() },
    predictor: info.predictor,
    command: info.command,
    trace: result.trace,
  };
  return {
    "space.jsonl": spaceLines.join("\n") + (spaceLines.length ? "\n" : ""),
    "pockets.jsonl": pocketLines.join("\n") + (pocketLines.length ? "\n" : ""),
    "manifest.json": JSON.stringify(manifest, null, 2) + "\n",
  };
}

export function writeShrinkResult(dir: string, result: ShrinkResult, info: RunInfo, force = false): void {
  writeDirectoryAtomic(dir, renderShrinkFiles(result, info), force);
}

export interface ShrunkSpaceRow {
  arch: unknown;
  key: string;
  score: number;
  pocket: number;
}

/** Reads space.jsonl of a shrink output directory. */
export function readShrunkSpace(dir: string): { manifest: Record<string, unknown>; rows: ShrunkSpaceRow[] } {
  const read = (name: string) => {
    try {
      return readFileSync(path.join(dir, name), "utf8");
    } catch {
      throw new LissnasError("E_IO", `not a lissnas shrink output: ${name} is missing`, { file: dir });
    }
  };
  const manifest = JSON.parse(read("manifest.json")) as Record<string, unknown>;
  const rows = read("space.jsonl").split("\n").filter((l) => l.trim() !== "").map((line, i) => {
    try {
      return JSON.parse(line) as ShrunkSpaceRow;
    } catch (error) {
      throw new LissnasError("E_PARSE", `not valid JSON: ${(error as Error).message}`, { file: path.join(dir, "space.jsonl"), line: i + 1 });
    }
  });
  return { manifest, rows };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
