// Reads the outputs the report draws from: shrink runs, evaluate outputs and locality results.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe } from "../spaces/describe.js";
import { LissnasError } from "../errors.js";
import type { EvaluationReport } from "../evaluate/evaluate.js";
import type { IterationTrace } from "../shrink/lissnas.js";
import type { EvaluationChartData } from "./evaluationData.js";
import type { SearchSummary } from "../search/search.js";
import { ParquetFile } from "../io/columnar.js";
import { parseJson, withoutBom } from "../io/inputText.js";

export interface EvaluationInput {
  kind: "evaluation";
  source: string;
  table: EvaluationReport;
  /** charts.json of an `evaluate --out DIR`; null when only the table was given. */
  charts: EvaluationChartData | null;
}

export interface ShrinkInput {
  kind: "shrink";
  source: string;
  manifest: {
    space: string; space_size: string; size: number; reduction_factor: number; mean_score: number; max_score: number;
    chosen_iteration: number; explored: number; seconds: number; parameters: Record<string, unknown>;
    predictor?: { description: string; digest: string }; command?: string; trace: IterationTrace[];
  };
  /** Predicted scores of the shrunk space (space.jsonl). */
  scores: number[];
}

export interface LagPoint { lag: number; correlation: number; pairs?: number }
export interface DistancePoint { distance: number; mean: number; low: number; high: number; count?: number }

export interface LocalityInput {
  kind: "locality";
  source: string;
  /** A short name for the legend: the space and what was measured. */
  label: string;
  autocorrelation: LagPoint[];
  difference: DistancePoint[];
  /** Other scalar fields of the output (space, target, seed, walks...), shown as its parameters. */
  parameters: Record<string, unknown>;
}

/** A `lissnas search` output: search.json (its summary) of an --out directory, or the --json file. */
export interface SearchInput {
  kind: "search";
  source: string;
  summary: SearchSummary;
}

export type ReportInput = EvaluationInput | ShrinkInput | LocalityInput | SearchInput;

function isSearchSummary(value: unknown): value is SearchSummary {
  const v = value as Record<string, unknown>;
  return v !== null && typeof v === "object" && v.kind === "search" && Array.isArray(v.curve) && typeof v.space === "string";
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new LissnasError("E_IO", `cannot read: ${(error as Error).message}`, { file });
  }
  return parseJson(withoutBom(text), { file });
}

function numberOrNaN(value: unknown): number {
  return typeof value === "number" ? value : NaN;
}

/** Depth-first search for arrays of objects that all have the given numeric fields (null stands for NaN). */
function findRows(value: unknown, fields: string[], depth = 0): Array<Record<string, unknown>> | null {
  if (depth > 4 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    const rows = value as unknown[];
    if (rows.length > 0 && rows.every((row) => row !== null && typeof row === "object" && !Array.isArray(row) &&
      fields.every((f) => typeof (row as Record<string, unknown>)[f] === "number" || (row as Record<string, unknown>)[f] === null))) {
      return rows as Array<Record<string, unknown>>;
    }
    return null;
  }
  for (const child of Object.values(value as Record<string, unknown>)) {
    const found = findRows(child, fields, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function isEvaluationTable(value: unknown): value is EvaluationReport {
  const v = value as Record<string, unknown>;
  return v !== null && typeof v === "object" && Array.isArray(v.rows) && typeof v.space === "string" && typeof v.target === "string";
}

/**
 * A locality result: any JSON holding an array of {lag, correlation} (random-walk autocorrelation) and/or an
 * array of {distance, mean, low, high} (accuracy difference by edit distance, with its 95% interval), the
 * shapes of LagCorrelation and DistanceDifference in src/stats/locality.ts.
 */
export function localityFrom(value: unknown, source: string): LocalityInput | null {
  const lags = findRows(value, ["lag", "correlation"]);
  const distances = findRows(value, ["distance", "mean"]);
  if (lags === null && distances === null) return null;
  const parameters: Record<string, unknown> = {};
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || typeof v !== "object") parameters[k] = v;
      else if (!Array.isArray(v)) {
        // One level of nesting (e.g. {source: {kind, description}}) flattens to "source.kind" rows.
        for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (v2 === null || typeof v2 !== "object") parameters[`${k}.${k2}`] = v2;
      }
    }
  }
  const measured = parameters.target ?? parameters["source.kind"] ?? parameters.predictor;
  const label = [parameters.space, measured].filter((x) => x !== undefined).join(" ") || path.basename(source);
  return {
    kind: "locality", source, label, parameters,
    autocorrelation: (lags ?? []).map((r) => ({ lag: numberOrNaN(r.lag), correlation: numberOrNaN(r.correlation), pairs: typeof r.pairs === "number" ? r.pairs : undefined })),
    difference: (distances ?? []).map((r) => ({
      distance: numberOrNaN(r.distance), mean: numberOrNaN(r.mean), low: numberOrNaN(r.low), high: numberOrNaN(r.high), count: typeof r.count === "number" ? r.count : undefined,
    })),
  };
}

function readShrinkDir(dir: string): ShrinkInput {
  const manifest = readJson(path.join(dir, "manifest.json")) as ShrinkInput["manifest"];
  if (manifest === null || typeof manifest !== "object" || !Array.isArray(manifest.trace) || typeof manifest.space !== "string") {
    throw new LissnasError("E_DATA", `not a lissnas shrink manifest: expected "space" and a "trace" array`, { file: path.join(dir, "manifest.json") });
  }
  const scores: number[] = [];
  if (!existsSync(path.join(dir, "space.jsonl"))) {
    const parquetFile = path.join(dir, "space.parquet");
    for (const { rows, firstRow } of ParquetFile.open(parquetFile).batches()) {
      rows.forEach((row, i) => {
        if (typeof row.score !== "number" || !Number.isFinite(row.score)) {
          throw new LissnasError("E_DATA", `expected a finite number; found ${describe(row.score)}`, { file: parquetFile, line: firstRow + i, field: "score" });
        }
        scores.push(row.score);
      });
    }
    return { kind: "shrink", source: dir, manifest, scores };
  }
  const spaceFile = path.join(dir, "space.jsonl");
  readFileSync(spaceFile, "utf8").split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const row = parseJson(line.trim(), { file: spaceFile, line: i + 1 }) as Record<string, unknown>; // trim: also a byte-order mark
    if (row === null || typeof row !== "object") throw new LissnasError("E_DATA", `expected an object {arch, key, score, pocket}; found ${describe(row)}`, { file: spaceFile, line: i + 1 });
    if (typeof row.score !== "number" || !Number.isFinite(row.score)) {
      throw new LissnasError("E_DATA", `expected a finite number; found ${describe(row.score)}`, { file: spaceFile, line: i + 1, field: "score" });
    }
    scores.push(row.score);
  });
  return { kind: "shrink", source: dir, manifest, scores };
}

function readEvaluation(file: string, chartsFile: string | null): EvaluationInput {
  const table = readJson(file);
  if (!isEvaluationTable(table)) throw new LissnasError("E_DATA", `not a lissnas evaluation: expected "space", "target" and a "rows" array`, { file });
  let charts: EvaluationChartData | null = null;
  if (chartsFile !== null && existsSync(chartsFile)) {
    charts = readJson(chartsFile) as EvaluationChartData;
    if (charts === null || typeof charts !== "object" || typeof charts.edf !== "object") {
      throw new LissnasError("E_DATA", `not lissnas chart data: expected an "edf" object`, { file: chartsFile });
    }
  }
  return { kind: "evaluation", source: file, table, charts };
}

/**
 * One report input per path: a directory of `evaluate --out` (evaluation.json, charts.json), of `shrink`
 * (manifest.json, space.jsonl) or holding locality.json; or a JSON file (an evaluation table or a locality result).
 */
export function readReportInput(target: string): ReportInput {
  if (!existsSync(target)) throw new LissnasError("E_IO", "no such file or directory", { file: target });
  if (statSync(target).isDirectory()) {
    if (existsSync(path.join(target, "evaluation.json"))) return readEvaluation(path.join(target, "evaluation.json"), path.join(target, "charts.json"));
    if (existsSync(path.join(target, "manifest.json")) && (existsSync(path.join(target, "space.jsonl")) || existsSync(path.join(target, "space.parquet")))) {
      return readShrinkDir(target);
    }
    if (existsSync(path.join(target, "locality.json"))) return readReportInput(path.join(target, "locality.json"));
    if (existsSync(path.join(target, "search.json"))) return readReportInput(path.join(target, "search.json"));
    throw new LissnasError("E_DATA", "not a lissnas output directory: expected evaluation.json (evaluate --out), manifest.json and space.jsonl (shrink), locality.json, or search.json (search --out)", { file: target });
  }
  const value = readJson(target);
  if (isSearchSummary(value)) return { kind: "search", source: target, summary: value };
  if (isEvaluationTable(value)) return readEvaluation(target, path.join(path.dirname(target), "charts.json"));
  const locality = localityFrom(value, target);
  if (locality !== null) return locality;
  throw new LissnasError("E_DATA", "not a lissnas output: expected an evaluation table (\"rows\") or locality curves ({lag, correlation} or {distance, mean} rows)", { file: target });
}
