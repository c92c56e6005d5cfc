// What `evaluate --out DIR` keeps beside its table, so the report (or anyone) can redraw the figures later:
// error EDFs, cost histograms on shared bins, per-seed values, the lissnas iteration trace and each
// method's space. All of it comes from the first seed's run (the table itself has medians over seeds).
import type { EvaluationReport, Method, MethodRun } from "../evaluate/evaluate.js";
import type { IterationTrace } from "../shrink/lissnas.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { edf as edfOf, errorEdf, histogram } from "../stats/index.js";
import { withEffectiveShrinkage, type FlaggedIteration } from "../shrink/effectiveShrinkage.js";
import { LissnasError } from "../errors.js";
import { parquetChunks, archKeyColumns, type OutputFormat } from "../io/columnar.js";
import type { FileContent } from "../io/atomicWrite.js";
import { snakeCaseKeys } from "../io/snakeCase.js";

export const CHART_DATA_VERSION = 2;
/** Equal-width bins over the full space's cost range: fine enough to show shape, coarse enough for 100-row spaces. */
export const COST_BINS = 24;
/** Full-space classes drawn at most in the accuracy-vs-cost scatter (an even spread of them): keeps the page small. */
export const SCATTER_FULL_POINTS = 2000;

export interface EdfPoints {
  /** Distinct values of the EDF's variable (see `edf_variable`) ascending, and the fraction of the space at or below each. */
  x: number[];
  F: number[];
  count: number;
}

export interface EvaluationChartData {
  schema_version: number;
  space: string;
  target: string;
  direction: "max" | "min";
  /** "error": 100 - the target (accuracies in percent, maximised: the paper's error EDF); "value": the target itself. */
  edf_variable: "error" | "value";
  /** The run whose spaces are drawn. */
  seed: string;
  cost_field: string | null;
  /** EDF of the full space's classes and of each method's covered classes. */
  edf: Record<string, EdfPoints>;
  /** Cost histograms on shared edges; counts per method, plus how many values had no cost. */
  cost_histogram: { edges: number[]; counts: Record<string, number[]>; totals: Record<string, number> } | null;
  /**
   * (cost, truth) of the lissnas space's classes and of an even spread of the full space's classes
   * (at most SCATTER_FULL_POINTS); absent in chart data written before it existed.
   */
  accuracy_cost?: { full: Array<[number, number]>; lissnas: Array<[number, number]> } | null;
  /** Each method's per-seed figures, as in the table's `runs`. */
  per_seed: Record<string, MethodRun[]>;
  /** The lissnas run of the first seed: its iterations, the chosen one and its parameters. */
  lissnas: { trace: FlaggedIteration[]; chosen_iteration: number; parameters: Record<string, unknown> } | null;
}

function points(values: ArrayLike<number>, variable: EvaluationChartData["edf_variable"]): EdfPoints {
  const distribution = variable === "error" ? errorEdf(values) : edfOf(values);
  return { x: Array.from(distribution.x), F: Array.from(distribution.F), count: distribution.count };
}

/** The chart data of an in-process evaluation (needs the report's `details`). */
export function evaluationChartData(report: EvaluationReport): EvaluationChartData {
  const details = report.details;
  if (details === undefined) throw new LissnasError("E_DATA", "the evaluation report has no details (it was read back from JSON); run evaluate again", { field: "details" });
  const methods = report.rows.map((r) => r.method);
  const truthOf = (method: Method): Float64Array => details.members[method]?.truth ?? new Float64Array(0);
  const costOf = (method: Method): number[] => Array.from(details.members[method]?.cost ?? []);
  const fullTruth = truthOf("full").length > 0 ? truthOf("full") : null;
  // The paper's error EDF where the metric is an accuracy in percent to maximise; otherwise the metric itself.
  const all = methods.flatMap((m) => Array.from(truthOf(m)));
  const variable: EvaluationChartData["edf_variable"] = report.direction === "max" && all.length > 0 && all.every((v) => v >= 0 && v <= 100) ? "error" : "value";
  const edf: Record<string, EdfPoints> = {};
  if (fullTruth !== null) edf.full = points(fullTruth, variable);
  for (const method of methods) if (method !== "full" && truthOf(method).length > 0) edf[method] = points(truthOf(method), variable);

  let costHistogram: EvaluationChartData["cost_histogram"] = null;
  const fullCost = costOf("full");
  if (report.cost_field !== null && fullCost.length > 0) {
    let low = Infinity;
    let high = -Infinity;
    for (const c of fullCost) { low = Math.min(low, c); high = Math.max(high, c); }
    if (high === low) high = low + 1;
    const counts: Record<string, number[]> = {};
    const totals: Record<string, number> = {};
    for (const method of ["full" as Method, ...methods.filter((m) => m !== "full")]) {
      const h = histogram(costOf(method), { bins: COST_BINS, min: low, max: high });
      counts[method] = Array.from(h.counts);
      totals[method] = h.total;
    }
    const edges = Array.from(histogram([], { bins: COST_BINS, min: low, max: high }).edges);
    costHistogram = { edges, counts, totals };
  }

  let accuracyCost: EvaluationChartData["accuracy_cost"] = null;
  if (report.cost_field !== null && details.members.lissnas !== undefined) {
    const fullPoints = details.members.full?.costTruth ?? [];
    const step = Math.max(1, fullPoints.length / SCATTER_FULL_POINTS);
    const full: Array<[number, number]> = [];
    for (let r = 0; r < fullPoints.length; r += step) full.push(fullPoints[Math.floor(r)]);
    const finite = (p: [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);
    accuracyCost = { full: full.filter(finite), lissnas: details.members.lissnas.costTruth.filter(finite) };
  }

  const perSeed: Record<string, MethodRun[]> = {};
  for (const row of report.rows) perSeed[row.method] = row.runs;
  const lissnas = details.lissnas === undefined ? null : {
    trace: withEffectiveShrinkage(details.lissnas.trace),
    chosen_iteration: details.lissnas.chosenIteration,
    // The cost model is an object: the report names it.
    parameters: snakeCaseKeys({ ...details.lissnas.parameters, seed: details.lissnas.parameters.seed.toString(),
      costModel: details.lissnas.parameters.costModel?.description ?? details.lissnas.parameters.costModel ?? undefined }) as Record<string, unknown>,
  };
  return {
    schema_version: CHART_DATA_VERSION, space: report.space, target: report.target, direction: report.direction, edf_variable: variable, seed: details.seed,
    cost_field: report.cost_field, edf, cost_histogram: costHistogram, accuracy_cost: accuracyCost, per_seed: perSeed, lissnas,
  };
}

/**
 * Each method's space of the first seed as JSON Lines {arch, key} (or Parquet with the same columns):
 * every member, covered by the truth or not; the full space is left out.
 */
export function methodSpaces(report: EvaluationReport, kernels: SpaceKernels, format?: "jsonl"): Record<string, string>;
export function methodSpaces(report: EvaluationReport, kernels: SpaceKernels, format: OutputFormat): Record<string, FileContent>;
export function methodSpaces(report: EvaluationReport, kernels: SpaceKernels, format: OutputFormat = "jsonl"): Record<string, FileContent> {
  const details = report.details;
  if (details === undefined) return {};
  const { space } = kernels;
  const length = space.genomeLength;
  const files: Record<string, FileContent> = {};
  for (const row of report.rows) {
    if (row.method === "full") continue;
    const genomes = details.members[row.method]?.genomes ?? new Uint8Array(0);
    const count = genomes.length / length;
    // The same keys as a shrink run's space.jsonl (the benchmark's own where it has one).
    const keys = count > 0 ? kernels.keyTexts(genomes) : [];
    const rows = keys.map((key, i) => ({ arch: space.format(genomes.subarray(i * length, (i + 1) * length)), key }));
    if (format === "parquet") {
      files[`space-${row.method}.parquet`] = [...parquetChunks(archKeyColumns(space), [rows])];
      continue;
    }
    const lines = rows.map((r) => JSON.stringify(r));
    files[`space-${row.method}.jsonl`] = lines.join("\n") + (lines.length > 0 ? "\n" : "");
  }
  return files;
}

/** JSON of the table, with bigints as decimal strings (details are not enumerable and stay out). */
export function evaluationJson(report: EvaluationReport): string {
  return JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}

/** The files of `evaluate --out DIR`. */
export function evaluationFiles(report: EvaluationReport, kernels: SpaceKernels, format: OutputFormat = "jsonl"): Record<string, FileContent> {
  return {
    "evaluation.json": evaluationJson(report),
    "charts.json": JSON.stringify(evaluationChartData(report)) + "\n",
    ...methodSpaces(report, kernels, format),
  };
}
