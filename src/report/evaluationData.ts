// What `evaluate --out DIR` keeps beside its table, so the report (or anyone) can redraw the figures later:
// error EDFs, cost histograms on shared bins, per-seed values, the lissnas iteration trace and each
// method's space. All of it comes from the first seed's run (the table itself has medians over seeds).
import type { EvaluationReport, Method, MethodRun } from "../evaluate/evaluate.js";
import type { IterationTrace } from "../shrink/lissnas.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { errorEdf, histogram } from "../stats/index.js";
import { LissnasError } from "../errors.js";

export const CHART_DATA_VERSION = 1;
/** Equal-width bins over the full space's cost range: fine enough to show shape, coarse enough for 100-row spaces. */
export const COST_BINS = 24;
/** Full-space classes drawn at most in the accuracy-vs-cost scatter (an even spread of them): keeps the page small. */
export const SCATTER_FULL_POINTS = 2000;

export interface EdfPoints {
  /** Distinct errors (percent, 100 - accuracy) ascending, and the fraction of the space at or below each. */
  x: number[];
  F: number[];
  count: number;
}

export interface EvaluationChartData {
  version: number;
  space: string;
  target: string;
  /** The run whose spaces are drawn. */
  seed: string;
  cost_field: string | null;
  /** Error EDF of the full space (every truth row) and of each method's space (its classes). */
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
  lissnas: { trace: IterationTrace[]; chosen_iteration: number; parameters: Record<string, unknown> } | null;
}

function points(values: number[]): EdfPoints {
  const distribution = errorEdf(values);
  return { x: Array.from(distribution.x), F: Array.from(distribution.F), count: distribution.count };
}

/** The chart data of an in-process evaluation (needs the report's `details`). */
export function evaluationChartData(report: EvaluationReport): EvaluationChartData {
  const details = report.details;
  if (details === undefined) throw new LissnasError("E_DATA", "the evaluation report has no details (it was read back from JSON); run evaluate again", { field: "details" });
  const { table } = details;
  const methods = report.rows.map((r) => r.method);
  const truthOf = (method: Method): number[] =>
    method === "full" ? Array.from(table.rowTarget) : (details.members[method] ?? []).map((c) => table.classTarget[c]);
  const costOf = (method: Method): number[] =>
    (method === "full" ? Array.from(table.rowCost) : (details.members[method] ?? []).map((c) => table.classCost[c])).filter((v) => !Number.isNaN(v));

  const edf: Record<string, EdfPoints> = { full: points(Array.from(table.rowTarget)) };
  for (const method of methods) if (method !== "full" && truthOf(method).length > 0) edf[method] = points(truthOf(method));

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
    const point = (c: number): [number, number] => [table.classCost[c], table.classTarget[c]];
    const classes = table.classTarget.length;
    const step = Math.max(1, classes / SCATTER_FULL_POINTS);
    const full: Array<[number, number]> = [];
    for (let r = 0; r < classes; r += step) full.push(point(Math.floor(r)));
    const finite = (p: [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);
    accuracyCost = { full: full.filter(finite), lissnas: details.members.lissnas.map(point).filter(finite) };
  }

  const perSeed: Record<string, MethodRun[]> = {};
  for (const row of report.rows) perSeed[row.method] = row.runs;
  const lissnas = details.lissnas === undefined ? null : {
    trace: details.lissnas.trace,
    chosen_iteration: details.lissnas.chosenIteration,
    // The cost model is an object: the report names it.
    parameters: { ...details.lissnas.parameters, seed: details.lissnas.parameters.seed.toString(),
      costModel: details.lissnas.parameters.costModel?.description ?? details.lissnas.parameters.costModel ?? undefined } as Record<string, unknown>,
  };
  return {
    version: CHART_DATA_VERSION, space: report.space, target: report.target, seed: details.seed,
    cost_field: report.cost_field, edf, cost_histogram: costHistogram, accuracy_cost: accuracyCost, per_seed: perSeed, lissnas,
  };
}

/**
 * Each method's space of the first seed as JSON Lines {arch, key}: every member the method materialised (for
 * a method estimated from a sample, that sample); the full space is the truth table itself.
 */
export function methodSpaces(report: EvaluationReport, kernels: SpaceKernels): Record<string, string> {
  const details = report.details;
  if (details === undefined) return {};
  const { table } = details;
  const { space } = kernels;
  const length = space.genomeLength;
  const files: Record<string, string> = {};
  for (const row of report.rows) {
    if (row.method === "full") continue;
    // The method's whole space where it materialised one (a sparse table covers only part of it).
    const classes = details.members[row.method] ?? [];
    let genomes = details.spaces?.[row.method];
    if (genomes === undefined) {
      genomes = new Uint8Array(classes.length * length);
      for (const [i, c] of classes.entries()) genomes.set(table.classGenomes.subarray(c * length, (c + 1) * length), i * length);
    }
    const count = genomes.length / length;
    // The same keys as a shrink run's space.jsonl (the benchmark's own where it has one).
    const keys = count > 0 ? kernels.keyTexts(genomes) : [];
    const lines = keys.map((key, i) => JSON.stringify({ arch: space.format(genomes!.subarray(i * length, (i + 1) * length)), key }));
    files[`space-${row.method}.jsonl`] = lines.join("\n") + (lines.length > 0 ? "\n" : "");
  }
  return files;
}

/** JSON of the table, with bigints as decimal strings (details are not enumerable and stay out). */
export function evaluationJson(report: EvaluationReport): string {
  return JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}

/** The files of `evaluate --out DIR`. */
export function evaluationFiles(report: EvaluationReport, kernels: SpaceKernels): Record<string, string> {
  return {
    "evaluation.json": evaluationJson(report),
    "charts.json": JSON.stringify(evaluationChartData(report)) + "\n",
    ...methodSpaces(report, kernels),
  };
}
