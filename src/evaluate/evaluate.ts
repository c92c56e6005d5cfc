// `lissnas evaluate`: every registered method (src/methods/) on one space with one
// trained predictor per seed, measured on a ground-truth table (design §4).
import type { SearchSpace } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";
import type { ScoringModel, ShrinkResult } from "../shrink/lissnas.js";
import type { ShrinkOptions } from "../shrink/options.js";
import { getMethod, methodNames, runMethod } from "../methods/registry.js";
import type { MethodContext, Universe } from "../methods/method.js";
import { readTruthTable, type TruthTable } from "./truthTable.js";
import { truthCostModel } from "./truthCost.js";
import { defaultEncoding, encodeFeatures } from "../predict/features.js";
import { trainGbdt, DEFAULT_TRAINER_PARAMS, type TrainerParams } from "../predict/gbdt.js";
import { scoreTrainedEnsemble } from "../predict/fit.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";
import { mean, max, pGood, quantile, ks2samp, kendallTauB, maxCosineDistance, rangeCoverage, errorsFromAccuracies, medianWithRange } from "../stats/index.js";

/** The registered methods (src/methods/registry.ts), lissnas first. */
export const METHODS: readonly string[] = methodNames();
export type Method = string;

export interface EvaluateOptions {
  truth: string;
  target: string;
  trainTarget: string;
  trainSize: number;
  methods: Method[];
  seeds: bigint[];
  costField?: string;
  shrink?: Partial<ShrinkOptions>;
  trainer?: Partial<TrainerParams>;
  progress?: (text: string) => void;
}

/** What one seed's run of a method measured (the `runs` records of the JSON, in key order). */
export interface MethodRun {
  seed: string;
  size: number;
  covered: number;
  mean: number;
  max: number;
  p_good: number;
  shrink_index: number;
  ks: number;
  ks_p: number;
  diversity: number;
  flops_coverage: number;
  best_retained: boolean;
  kendall_tau: number;
  predictor_tau_full: number;
  /** Why the method's space is missing or not comparable in size, or null. */
  reason: string | null;
  /** Distinct architectures the method scored with the predictor (lissnas: explored; the others' budget). */
  scored: number;
}

/**
 * The figures of a method's row, each read off a run as a number and reported as the median over the
 * runs with its [min, max] range; in the row's JSON key order. NaN marks a figure a run cannot have.
 */
const ROW_FIGURES = {
  size: (r) => r.size,
  mean: (r) => r.mean,
  max: (r) => r.max,
  p_good: (r) => r.p_good,
  shrink_index: (r) => r.shrink_index,
  ks: (r) => r.ks,
  ks_p: (r) => r.ks_p,
  diversity: (r) => r.diversity,
  flops_coverage: (r) => r.flops_coverage,
  best_retained: (r) => (r.best_retained ? 1 : 0),
  kendall_tau: (r) => r.kendall_tau,
  coverage: (r) => (r.size === 0 ? NaN : r.covered / r.size),
} satisfies Record<string, (r: MethodRun) => number>;

export type RowFigure = keyof typeof ROW_FIGURES;

/** One method's line of the table: the median of each figure over its runs, their ranges, and the runs. */
export interface MethodRow extends Record<RowFigure, number> {
  method: Method;
  /** The runs' distinct reasons, joined; null when every run produced a comparable space. */
  reason: string | null;
  range: Record<string, [number, number]>;
  runs: MethodRun[];
}

export interface EvaluationReport {
  space: string;
  target: string;
  train_target: string;
  train_size: number;
  truth: string;
  truth_rows: number;
  truth_classes: number;
  threshold: number;
  full_mean: number;
  full_max: number;
  cost_field: string | null;
  seeds: string[];
  rows: MethodRow[];
  /** In-memory data for the HTML report and `evaluate --out DIR` (not part of the JSON table). */
  details?: EvaluationDetails;
}

/** What the report draws, from the first seed's run: each method's space and the lissnas iteration trace. */
export interface EvaluationDetails {
  seed: string;
  table: TruthTable;
  /** Per method: truth-table class indices of its space (first seed). */
  members: Partial<Record<Method, number[]>>;
  /** Per method: the canonical genomes of its whole space as the method materialised it (first seed). */
  spaces: Partial<Record<Method, Uint8Array>>;
  lissnas?: { trace: ShrinkResult["trace"]; parameters: ShrinkResult["options"]; chosenIteration: number };
}

/** A trained tree ensemble used in process as the scoring model of a run. */
function trainedModel(space: SearchSpace, kernels: SpaceKernels, table: TruthTable, trainSize: number, seed: bigint,
  trainer: Partial<TrainerParams>): ScoringModel {
  const rows = table.rowTarget.length;
  if (trainSize > rows) throw new LissnasError("E_OPTION", `--train-size ${trainSize} exceeds the ${rows} rows of the truth table`);
  const rng = new ReferenceRng(streamState(seed, 0x7a1e5n, 0n));
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < trainSize; i++) {
    const j = i + rng.below(rows - i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const length = space.genomeLength;
  const genomes = new Uint8Array(trainSize * length);
  const y = new Float64Array(trainSize);
  for (let i = 0; i < trainSize; i++) {
    const c = table.rowClass[order[i]];
    genomes.set(table.classGenomes.subarray(c * length, (c + 1) * length), i * length);
    y[i] = table.classTrain[c];
  }
  const encoding = defaultEncoding(space);
  const x = encodeFeatures(encoding, genomes, kernels.core);
  const { ensemble } = trainGbdt(x, encoding.width, y, { ...DEFAULT_TRAINER_PARAMS, ...trainer, seed: Number(seed % 0x7fffffffn) });
  const score = scoreTrainedEnsemble(ensemble, encoding, length);
  return {
    description: `gbdt trained in process on ${trainSize} rows of ${table.file} (${encoding.name})`,
    digest: `seed-${seed}`,
    predict: async (batch) => score(batch),
  };
}

interface Members {
  /** Class indices of the truth table inside the method's space. */
  classes: number[];
  /** Size of the method's space (classes), which may exceed the table's coverage. */
  size: number;
  reason: string | null;
  scored: number;
}

export async function evaluate(space: SearchSpace, options: EvaluateOptions): Promise<EvaluationReport> {
  const kernels = new SpaceKernels(space);
  const log = options.progress ?? (() => undefined);
  const table = await readTruthTable(kernels, options.truth, options.target, options.trainTarget, options.costField);
  const classes = table.classKeys.length;
  const unique = Number(space.uniqueSize() ?? space.size());
  // The share of the space the table covers: 1 for a complete table, below 1 for a uniform sample.
  const tableShare = Math.min(1, classes / unique);
  const threshold = quantile(table.rowTarget, 0.8);
  const fullPGood = pGood(table.rowTarget, threshold);
  const fullErrors = errorsFromAccuracies(table.rowTarget);
  const fullCost = table.rowCost.filter((c) => !Number.isNaN(c));
  const encoding = defaultEncoding(space);
  const length = space.genomeLength;
  const allFeatures = encodeFeatures(encoding, table.classGenomes, kernels.core);
  const universe: Universe = { genomes: table.classGenomes, keys: table.classKeys, index: table.classIndex, share: tableShare };
  // The shrinker's cost strata use the cost coverage is measured on, unless the caller gave a cost model.
  const shrinkCost = options.shrink?.costModel !== undefined ? options.shrink.costModel : truthCostModel(kernels, table, options.costField);

  const runs = new Map<Method, MethodRun[]>(options.methods.map((m) => [m, []]));
  const details: EvaluationDetails = { seed: String(options.seeds[0]), table, members: {}, spaces: {} };
  for (const seed of options.seeds) {
    log(`seed ${seed}: training the predictor on ${options.trainSize} rows`);
    const model = trainedModel(space, kernels, table, options.trainSize, seed, options.trainer ?? {});
    const predicted = await model.predict(table.classGenomes);
    const predictorTau = kendallTauB(predicted, table.classTarget);

    log(`seed ${seed}: lissnas`);
    // lissnas runs first: its size and explored count are every other method's target size and budget.
    const context: MethodContext = { space, kernels, model, seed, universe, shrink: { ...options.shrink, costModel: shrinkCost }, budget: 0, targetSize: 0 };
    const reference = await runMethod(getMethod("lissnas"), context);
    const result = reference.shrink!;
    if (seed === options.seeds[0]) details.lissnas = { trace: result.trace, parameters: result.options, chosenIteration: result.chosenIteration };

    for (const method of options.methods) {
      log(`seed ${seed}: ${method}`);
      const produced = method === "lissnas" ? reference
        : await runMethod(getMethod(method), { ...context, budget: reference.scored, targetSize: reference.size });
      const members: Members = { classes: produced.classes ?? [], size: produced.size, reason: produced.reason, scored: produced.scored };
      if (seed === options.seeds[0]) {
        details.members[method] = members.classes;
        details.spaces[method] = produced.genomes;
      }
      runs.get(method)!.push(measure(method, members, seed));
    }

    function measure(method: Method, members: Members, runSeed: bigint): MethodRun {
      // The full space is measured on every row, as its published figures are; a method's space on
      // its isomorphism classes (each class's truth is the mean of its rows).
      const truth = method === "full" ? Array.from(table.rowTarget) : members.classes.map((c) => table.classTarget[c]);
      const cost = (method === "full" ? Array.from(table.rowCost) : members.classes.map((c) => table.classCost[c])).filter((x) => !Number.isNaN(x));
      const features = new Float32Array(members.classes.length * encoding.width);
      members.classes.forEach((c, i) => features.set(allFeatures.subarray(c * encoding.width, (c + 1) * encoding.width), i * encoding.width));
      const ks = truth.length > 0 ? ks2samp(errorsFromAccuracies(truth), fullErrors) : { statistic: NaN, pValue: NaN };
      const p = truth.length > 0 ? pGood(truth, threshold) : NaN;
      return {
        seed: runSeed.toString(),
        size: members.size,
        covered: members.classes.length,
        mean: truth.length > 0 ? mean(truth) : NaN,
        max: truth.length > 0 ? max(truth) : NaN,
        p_good: p,
        shrink_index: p - fullPGood,
        ks: ks.statistic,
        ks_p: ks.pValue,
        diversity: members.classes.length > 1 ? maxCosineDistance(features, encoding.width) : 0,
        flops_coverage: cost.length > 0 && fullCost.length > 0 ? rangeCoverage(cost, fullCost) : NaN,
        best_retained: members.classes.includes(table.bestClass),
        kendall_tau: members.classes.length > 1
          ? kendallTauB(members.classes.map((c) => predicted[c]), members.classes.map((c) => table.classTarget[c])) : NaN,
        predictor_tau_full: predictorTau,
        reason: members.reason,
        scored: members.scored,
      };
    }
  }

  const rows: MethodRow[] = options.methods.map((method) => {
    const list = runs.get(method)!;
    const reasons = [...new Set(list.map((r) => r.reason).filter((r) => r !== null))];
    const row: Record<string, unknown> = { method, reason: reasons.length === 0 ? null : reasons.join("; ") };
    const range: Record<string, [number, number]> = {};
    for (const [name, pick] of Object.entries(ROW_FIGURES)) {
      // The median is over the runs that have the figure.
      const values = list.map(pick).filter((v) => !Number.isNaN(v));
      const m = values.length === 0 ? { median: NaN, min: NaN, max: NaN } : medianWithRange(values);
      row[name] = m.median;
      range[name] = [m.min, m.max];
    }
    return { ...row, range, runs: list } as MethodRow;
  });

  const report: EvaluationReport = {
    space: space.id,
    target: options.target,
    train_target: options.trainTarget,
    train_size: options.trainSize,
    truth: options.truth,
    truth_rows: table.rowTarget.length,
    truth_classes: classes,
    threshold,
    full_mean: mean(table.rowTarget),
    full_max: max(table.rowTarget),
    cost_field: options.costField ?? null,
    seeds: options.seeds.map(String),
    rows,
  };
  // Not enumerable: JSON.stringify of the report stays the table, without the truth table behind it.
  Object.defineProperty(report, "details", { value: details, enumerable: false });
  return report;
}
