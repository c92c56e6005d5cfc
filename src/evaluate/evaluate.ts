// `lissnas evaluate`: every registered method (src/methods/) on one space with one trained predictor per
// seed, measured against a ground truth (design §4): a table, or a surrogate model.
// One unit everywhere, the isomorphism class; any finite metric, maximised or minimised.
import type { SearchSpace } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { gatherGenomes } from "../spaces/genomeBatch.js";
import { LissnasError } from "../errors.js";
import type { ScoringModel, ShrinkResult } from "../shrink/lissnas.js";
import type { ShrinkOptions } from "../shrink/options.js";
import { orientedModel } from "../shrink/orientedModel.js";
import type { CostModel } from "../shrink/costModel.js";
import { getMethod, methodNames, runMethod } from "../methods/registry.js";
import type { MethodContext, Universe as MethodUniverse } from "../methods/method.js";
import { truthCostModel } from "./truthCost.js";
import { readTruthTable, type TruthTable } from "./truthTable.js";
import { tableTruth, modelTruth, tableUniverse, modelUniverse, resolveCost, DEFAULT_COST_FIELDS, type TruthSource, type Universe, type CostSource } from "./ground.js";
import { editDiversity, DEFAULT_DIVERSITY_PAIRS } from "./editDiversity.js";
import { defaultEncoding, encodeFeatures } from "../predict/features.js";
import { trainGbdt, DEFAULT_TRAINER_PARAMS, type TrainerParams } from "../predict/gbdt.js";
import { scoreTrainedEnsemble } from "../predict/fit.js";
import { openPredictor, type Predictor } from "../predict/predictor.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";
import { mean, max, pGood, quantile, ks2samp, kendallTauB, pearson, maxCosineDistance, rangeCoverage, medianWithRange, costBins, costBinShares, meanOfKnownShares } from "../stats/index.js";
import { orient, orientValue, type Direction } from "../stats/direction.js";
import { probabilityAtLeast } from "../stats/binomial.js";
import { nasBenefit, DEFAULT_BENEFIT_BUDGET, DEFAULT_BENEFIT_TRIALS, type NasBenefitRow } from "../search/benefit.js";

/** The registered methods (src/methods/registry.ts), lissnas first. */
export const METHODS: readonly string[] = methodNames();
export type Method = string;

/** Version of evaluation.json (`evaluate --json`); schemas/evaluation.schema.json describes it. */
export const EVALUATION_SCHEMA_VERSION = 2;
/** Below this many members with a truth value a method's truth figures are null, and `reason` says why. */
export const DEFAULT_MIN_COVERED = 30;
/** Classes sampled to stand for the full space of a space too large to enumerate, under a truth model. */
export const DEFAULT_UNIVERSE_SAMPLE = 100_000;
/** Theorem 1 defaults: at least k good architectures in n uniform draws. */
export const DEFAULT_AT_LEAST = { k: 1, n: 10 } as const;
/** Cost bins of p_good_by_cost (deciles of the full space's cost): fixed, not the shrinker's strata, so no method is measured by its own rule. */
export const COST_BINS = 10;
/** The cosine diversity looks at most this many members (a seeded subsample beyond): exact up to here. */
export const COSINE_MAX_MEMBERS = 20_000;

export interface EvaluateOptions {
  /** Truth table; also the predictor's training rows unless `trainFrom` is given. Optional with `truthModel` and `trainFrom`. */
  truth?: string;
  /** Truth field of the table (with a truth model: the name the figures are reported under). */
  target: string;
  trainTarget: string;
  trainSize: number;
  /** Table the shrinking predictor trains on (default: `truth`); keep it disjoint from a truth model's own training rows. */
  trainFrom?: string;
  /** Truth from a surrogate: MODEL.onnx or table:FILE:FIELD; every member it scores is covered. */
  truthModel?: string;
  /** Classes sampled for the full space of a non-enumerable space under a truth model (default 100,000). */
  universeSample?: number;
  direction?: Direction;
  minCovered?: number;
  atLeast?: { k: number; n: number };
  diversityPairs?: number;
  /**
   * The NAS-benefit block (the paper's Table 3): regularized evolution with `budget` queries over `trials`
   * trials inside each method's space of the first seed, truth from the table. Omitted: not run.
   */
  benefit?: { budget?: number; trials?: number; workers?: number };
  methods: Method[];
  seeds: bigint[];
  /** Cost field (a table field, or flops/params of the space's cost model); undefined picks one, see resolveCost. */
  costField?: string;
  shrink?: Partial<ShrinkOptions>;
  trainer?: Partial<TrainerParams>;
  progress?: (text: string) => void;
}

/** What one seed's run of a method measured (the `runs` records of the JSON, in key order). NaN is written as null. */
export interface MethodRun {
  seed: string;
  size: number;
  covered: number;
  mean: number;
  /** The best truth value in the metric's direction (the largest when maximising, the smallest when minimising). */
  max: number;
  p_good: number;
  shrink_index: number;
  ks: number;
  ks_p: number;
  /** Two-sample KS of this method's truth against each other method's (same seed). */
  ks_vs: Record<string, { d: number; p: number }>;
  p_at_least_k: { k: number; n: number; p: number };
  diversity: number;
  edit_diversity: { mean: number; max: number };
  cost_coverage: number;
  /**
   * Cost-conditional P(good): over COST_BINS cost bins of the full space, the mean share of members in the best
   * 20% of their own bin (a bin with no member counts 0); about 0.2 for the full space.
   */
  p_good_by_cost: number;
  /** Per cost bin of the full space (deciles, fewer where costs tie): the share behind p_good_by_cost; 0 = no member there, NaN = no truth there. */
  p_good_by_cost_bins: number[];
  best_retained: boolean;
  kendall_tau: number;
  pearson: number;
  predictor_tau_full: number;
  /**
   * Rank (1 = first) of the full space's best class among the full space's classes by this seed's predicted
   * score, in the metric's direction: a space of S members picked by the predictor can hold the best only
   * where this is at most about S. The same for every method of a seed.
   */
  best_predicted_rank: number;
  /** Why the truth figures are missing (the method produced no space, or the truth covers too few members), or null. */
  reason: string | null;
  /** Why the method's size is not comparable with LISSNAS's (its rule cannot come within 2x), or null; figures are still reported. */
  size_note: string | null;
  /** Distinct architectures the method scored with the predictor (lissnas: explored; the others' budget). */
  scored: number;
}

/**
 * The figures of a method's row, each read off a run as a number and reported as the median over the
 * runs with its [min, max] range; in the row's JSON key order. NaN marks a figure a run cannot have.
 */
const ROW_FIGURES = {
  size: (r) => r.size,
  covered: (r) => r.covered,
  mean: (r) => r.mean,
  max: (r) => r.max,
  p_good: (r) => r.p_good,
  shrink_index: (r) => r.shrink_index,
  ks: (r) => r.ks,
  ks_p: (r) => r.ks_p,
  diversity: (r) => r.diversity,
  cost_coverage: (r) => r.cost_coverage,
  p_good_by_cost: (r) => r.p_good_by_cost,
  best_retained: (r) => (r.best_retained ? 1 : 0),
  best_predicted_rank: (r) => r.best_predicted_rank,
  kendall_tau: (r) => r.kendall_tau,
  pearson: (r) => r.pearson,
  scored: (r) => r.scored,
  coverage: (r) => (r.size === 0 ? NaN : r.covered / r.size),
} satisfies Record<string, (r: MethodRun) => number>;

export type RowFigure = keyof typeof ROW_FIGURES;

/** One method's line of the table: the median of each figure over its runs, their ranges, and the runs. */
export interface MethodRow extends Record<RowFigure, number> {
  method: Method;
  edit_diversity: { mean: number; max: number };
  p_at_least_k: { k: number; n: number; p: number };
  ks_vs: Record<string, { d: number; p: number }>;
  /** Why figures are missing in some run ("seed 2: …"), or null when every run has them. */
  reason: string | null;
  /** The runs' distinct size notes, joined; null when every run is of comparable size. */
  size_note: string | null;
  range: Record<string, [number, number]>;
  runs: MethodRun[];
}

/** The NAS-benefit block: search inside each method's space (first seed), truth from the table. */
export interface NasBenefitBlock {
  algorithm: "evolution";
  seed: string;
  budget: number;
  trials: number;
  /**
   * Per method: the table classes searched, the mean final best (Top-1) with its 95% interval, the predictor's Pearson/Kendall
   * there; `full@3B` is the full space searched with three times the budget.
   */
  rows: Record<string, NasBenefitRow>;
  /** Why the block is missing (e.g. the truth is a model, not a table), or null. */
  reason: string | null;
}

export interface EvaluationReport {
  schema_version: number;
  /** What every figure counts: isomorphism classes. */
  unit: "class";
  direction: Direction;
  /** The cost the coverage is of: a table field, "flops (space model)", or null. */
  cost_field: string | null;
  space: string;
  target: string;
  train_target: string;
  train_size: number;
  /** The truth: the table file, or the truth model's spec. */
  truth: string;
  truth_source: { kind: "table" | "model"; description: string; digest: string | null };
  /** The table the predictor trained on. */
  train_from: string;
  /** Rows of the truth table (null under a truth model). */
  truth_rows: number | null;
  /** Classes standing for the full space: the table's, every class, or a uniform sample. */
  truth_classes: number;
  universe: { kind: Universe["kind"]; classes: number; share: number };
  /** The good threshold in the metric's units: the best 20% of the full space's classes lie at or beyond it. */
  threshold: number;
  full_mean: number;
  /** The full space's best value in the metric's direction. */
  full_max: number;
  min_covered: number;
  cosine_embedding: string;
  diversity_pairs: number;
  /** Search inside each method's space (null when not asked for). */
  nas_benefit: NasBenefitBlock | null;
  seeds: string[];
  rows: MethodRow[];
  /** In-memory data for the HTML report and `evaluate --out DIR` (not part of the JSON table). */
  details?: EvaluationDetails;
}

/** A method's space of the first seed: every member, the truth of the covered ones, the cost of those with one. */
export interface MethodSpace {
  genomes: Uint8Array;
  truth: Float64Array;
  cost: Float64Array;
  /** (cost, truth) of the members that have both. */
  costTruth: Array<[number, number]>;
}

/** What the report draws, from the first seed's run: each method's space and the lissnas iteration trace. */
export interface EvaluationDetails {
  seed: string;
  members: Partial<Record<Method, MethodSpace>>;
  lissnas?: { trace: ShrinkResult["trace"]; parameters: ShrinkResult["options"]; chosenIteration: number };
}

/** 1 + the classes scored strictly above class `at` (larger is better; NaN scores rank last); NaN when `at` itself has no score. */
export function predictedRank(oriented: Float64Array, at: number): number {
  const own = oriented[at];
  if (Number.isNaN(own)) return NaN;
  let above = 0;
  for (let c = 0; c < oriented.length; c++) if (oriented[c] > own) above++;
  return 1 + above;
}

/** A trained tree ensemble used in process as the scoring model of a run (its scores in the train target's units). */
function trainedModel(space: SearchSpace, kernels: SpaceKernels, table: TruthTable, trainSize: number, seed: bigint,
  trainer: Partial<TrainerParams>): ScoringModel {
  const rows = table.rowTarget.length;
  if (trainSize > rows) throw new LissnasError("E_OPTION", `--train-size ${trainSize} exceeds the ${rows} rows of the training table`);
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

/** A method's space: its members (canonical genomes), its size (classes), or why it has none. */
export interface Members {
  genomes: Uint8Array;
  /** Size of the method's space (classes), which may exceed the members listed when the universe is a sample. */
  size: number;
  /** Set by a method that cannot produce a space: every figure is then null and the row says why. */
  reason?: string;
  /** Set when the space is not of comparable size (figures are still measured). */
  sizeNote?: string;
  scored: number;
}

/** A seeded subsample of at most `limit` members (all of them, in order, when there are fewer). */
function subsample(genomes: Uint8Array, length: number, limit: number, seed: bigint): Uint8Array {
  const count = genomes.length / length;
  if (count <= limit) return genomes;
  const rng = new ReferenceRng(streamState(seed, 0xc051n, 0n));
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < limit; i++) {
    const j = i + rng.below(count - i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return gatherGenomes(genomes, order.subarray(0, limit), length);
}

/** Median (and range) of the values that are numbers; NaN when none is. */
function medianOf(values: number[]): { median: number; min: number; max: number } {
  const finite = values.filter((v) => !Number.isNaN(v));
  return finite.length === 0 ? { median: NaN, min: NaN, max: NaN } : medianWithRange(finite);
}

const NO_FIGURES = {
  mean: NaN, max: NaN, p_good: NaN, shrink_index: NaN, ks: NaN, ks_p: NaN, kendall_tau: NaN, pearson: NaN,
};

export async function evaluate(space: SearchSpace, options: EvaluateOptions): Promise<EvaluationReport> {
  const kernels = new SpaceKernels(space);
  const log = options.progress ?? (() => undefined);
  const direction = options.direction ?? "max";
  const minCovered = options.minCovered ?? DEFAULT_MIN_COVERED;
  const atLeast = options.atLeast ?? DEFAULT_AT_LEAST;
  const pairs = options.diversityPairs ?? DEFAULT_DIVERSITY_PAIRS;
  const length = space.genomeLength;
  const trainFile = options.trainFrom ?? options.truth;
  if (trainFile === undefined) throw new LissnasError("E_OPTION", "the predictor needs training rows: give --truth FILE or --train-from FILE", { field: "--truth" });
  if (options.truth === undefined && options.truthModel === undefined) throw new LissnasError("E_OPTION", "give --truth FILE or --truth-model MODEL", { field: "--truth" });
  const costCandidates = options.costField !== undefined ? options.costField : DEFAULT_COST_FIELDS;

  // The truth, the full space it is measured on, and the cost.
  let table: TruthTable | null = null;
  let truth: TruthSource;
  let universe: Universe;
  let cost: CostSource | null;
  let surrogate: Predictor | undefined;
  if (options.truthModel === undefined) {
    table = await readTruthTable(kernels, options.truth!, options.target, options.trainTarget, costCandidates);
    cost = resolveCost(space, table, options.costField);
    truth = tableTruth(table, options.target);
    universe = tableUniverse(space, table, cost);
  } else {
    cost = resolveCost(space, null, options.costField);
    surrogate = await openPredictor(options.truthModel, space, { missing: "skip" });
    truth = modelTruth(surrogate, length);
    universe = await modelUniverse(kernels, truth, cost, options.universeSample ?? DEFAULT_UNIVERSE_SAMPLE, options.seeds[0] ?? 1n, log);
  }
  const trainTable = table !== null && trainFile === options.truth ? table
    : await readTruthTable(kernels, trainFile, options.trainTarget, options.trainTarget);

  const classes = universe.count;
  const unique = Number(space.uniqueSize() ?? space.size());
  const orientedUniverse = orient(universe.truth, direction);
  const orientedThreshold = quantile(orientedUniverse, 0.8);
  const fullPGood = pGood(orientedUniverse, orientedThreshold);
  let bestClass = 0;
  for (let c = 1; c < classes; c++) if (orientedUniverse[c] > orientedUniverse[bestClass]) bestClass = c;
  const bestKey = universe.keys[bestClass];
  const universeCost = Array.from(universe.cost).filter((c) => !Number.isNaN(c));
  const bins = universeCost.length > 0 ? costBins(universe.cost, orientedUniverse, COST_BINS, 0.8) : null;
  const encoding = defaultEncoding(space);
  // The methods see the classes standing for the full space (a table's, every class, or a uniform sample).
  const universeIndex = new Map<bigint, number>();
  universe.keys.forEach((key, c) => universeIndex.set(key, c));
  const methodUniverse: MethodUniverse = { genomes: universe.genomes, keys: universe.keys, index: universeIndex, share: universe.share };
  // The shrinker's cost strata use the cost the coverage is measured on, unless the caller gave a cost model.
  // (null: no cost; the shrinker then spreads its diversity seeds by edit distance.)
  const shrinkCost: CostModel | null | undefined = options.shrink?.costModel !== undefined ? options.shrink.costModel
    : table !== null ? truthCostModel(kernels, table, table.costField ?? undefined)
    : cost === null ? undefined
    : { description: cost.field, predict: async (genomes) => Float32Array.from(cost!.of(genomes, kernels.keys(genomes))) };

  const runs = new Map<Method, MethodRun[]>(options.methods.map((m) => [m, []]));
  const details: EvaluationDetails = { seed: String(options.seeds[0]), members: {} };
  let firstPredicted: Float32Array | undefined;
  try {
    for (const seed of options.seeds) {
      log(`seed ${seed}: training the predictor on ${options.trainSize} rows`);
      const trained = trainedModel(space, kernels, trainTable, options.trainSize, seed, options.trainer ?? {});
      // Every ranking (lissnas, the pruning baselines) sees the oriented scores: larger is better.
      const model = orientedModel(trained, direction);
      const predicted = await trained.predict(universe.genomes);
      if (seed === options.seeds[0]) firstPredicted = predicted;
      const predictorTau = kendallTauB(predicted, universe.truth);
      const bestRank = predictedRank(orient(predicted, direction), bestClass);

      log(`seed ${seed}: lissnas`);
      // lissnas runs first: its size and explored count are every other method's target size and budget.
      const context: MethodContext = { space, kernels, model, seed, universe: methodUniverse, shrink: { ...options.shrink, costModel: shrinkCost }, budget: 0, targetSize: 0 };
      const reference = await runMethod(getMethod("lissnas"), context);
      const result = reference.shrink!;
      if (seed === options.seeds[0]) details.lissnas = { trace: result.trace, parameters: result.options, chosenIteration: result.chosenIteration };

      const measured = new Map<Method, { run: MethodRun; truth: Float64Array }>();
      for (const method of options.methods) {
        log(`seed ${seed}: ${method}`);
        const produced = method === "lissnas" ? reference
          : await runMethod(getMethod(method), { ...context, budget: reference.scored, targetSize: reference.size });
        // A reason with an empty space means there is nothing to measure; with a space, it notes the size.
        const empty = produced.genomes.length === 0;
        // The row names the method: its reasons need not.
        const said = produced.reason === null ? null : produced.reason.startsWith(`${method}: `) ? produced.reason.slice(method.length + 2) : produced.reason;
        const members: Members = {
          genomes: produced.genomes, size: produced.size, scored: produced.scored,
          reason: empty ? (said ?? "the method produced an empty space") : undefined,
          sizeNote: !empty && said !== null ? said : undefined,
        };
        const m = await measure(members, seed, predictorTau, bestRank, trained);
        if (seed === options.seeds[0]) details.members[method] = m.space;
        measured.set(method, { run: m.run, truth: m.truth });
        runs.get(method)!.push(m.run);
      }
      // Pairwise KS between the methods of this seed (the paper's significance test against each baseline).
      for (const [method, a] of measured) {
        if (a.run.reason !== null) continue;
        for (const [other, b] of measured) {
          if (other === method || b.run.reason !== null) continue;
          const ks = ks2samp(a.truth, b.truth);
          a.run.ks_vs[other] = { d: ks.statistic, p: ks.pValue };
        }
      }
    }
  } finally {
    await surrogate?.close?.();
  }

  // The NAS benefit, on the first seed's spaces: evolution needs the truth of whatever it queries, so a table.
  let benefit: NasBenefitBlock | null = null;
  if (options.benefit !== undefined) {
    const budget = options.benefit.budget ?? DEFAULT_BENEFIT_BUDGET;
    const trials = options.benefit.trials ?? DEFAULT_BENEFIT_TRIALS;
    const block: NasBenefitBlock = { algorithm: "evolution", seed: String(options.seeds[0]), budget, trials, rows: {}, reason: null };
    if (table === null) {
      block.reason = "the search needs a truth table to answer its queries; the truth here is a model";
    } else {
      const members: Record<string, number[] | null> = {};
      for (const method of options.methods) {
        const genomes = details.members[method]?.genomes;
        if (method === "full") { members[method] = null; continue; }
        if (genomes === undefined || genomes.length === 0) { members[method] = []; continue; }
        const classes: number[] = [];
        for (const key of kernels.keys(genomes)) {
          const c = table.classIndex.get(key);
          if (c !== undefined) classes.push(c);
        }
        members[method] = classes;
      }
      log(`NAS benefit: evolution, ${budget} queries x ${trials} trials in each space`);
      const common = { space, kernels, table, target: options.target, predicted: firstPredicted, trials, seed: options.seeds[0],
        minimize: direction === "min", workers: options.benefit.workers };
      block.rows = await nasBenefit({ ...common, members, budget });
      // The paper's question is also whether a shrunk space saves queries: the full space again with three times the budget.
      if ("full" in members) {
        const triple = await nasBenefit({ ...common, members: { full: null }, budget: 3 * budget });
        block.rows[`full@${3 * budget}`] = triple.full;
      }
    }
    benefit = block;
  }

  async function measure(members: Members, runSeed: bigint, predictorTau: number, bestRank: number, trained: ScoringModel):
    Promise<{ run: MethodRun; truth: Float64Array; space: MethodSpace }> {
    const count = members.genomes.length / length;
    const keys = count > 0 ? kernels.keys(members.genomes) : new BigUint64Array(0);
    const values = count > 0 ? await truth.lookup(members.genomes, keys) : new Float64Array(0);
    const coveredIndex: number[] = [];
    for (let i = 0; i < count; i++) if (!Number.isNaN(values[i])) coveredIndex.push(i);
    const covered = coveredIndex.length;
    const truthValues = Float64Array.from(coveredIndex, (i) => values[i]);
    const costAll = cost === null || count === 0 ? new Float64Array(0) : cost.of(members.genomes, keys);
    const costValues = costAll.filter((c) => !Number.isNaN(c));
    const costTruth: Array<[number, number]> = costAll.length === 0 ? []
      : coveredIndex.filter((i) => !Number.isNaN(costAll[i])).map((i): [number, number] => [costAll[i], values[i]]);
    const reason = members.reason ?? (covered < minCovered
      ? `the truth ${truth.kind === "table" ? "table" : "model"} covers ${covered.toLocaleString("en-US")} of ${members.size.toLocaleString("en-US")} members (minimum ${minCovered})`
      : null);
    const structural = members.reason === undefined && count >= 2;
    const cosineRows = structural ? encodeFeatures(encoding, subsample(members.genomes, length, COSINE_MAX_MEMBERS, runSeed), kernels.core) : null;
    const edit = structural ? editDiversity(kernels, members.genomes, runSeed, pairs) : { mean: NaN, max: NaN };
    let bestRetained = false;
    for (let i = 0; i < keys.length && !bestRetained; i++) bestRetained = keys[i] === bestKey;
    const run: MethodRun = {
      seed: runSeed.toString(),
      size: members.size,
      covered,
      ...NO_FIGURES,
      ks_vs: {},
      p_at_least_k: { k: atLeast.k, n: atLeast.n, p: NaN },
      diversity: cosineRows !== null ? maxCosineDistance(cosineRows, encoding.width) : NaN,
      edit_diversity: { mean: edit.mean, max: edit.max },
      cost_coverage: costValues.length > 0 && universeCost.length > 0 ? rangeCoverage(costValues, universeCost) : NaN,
      p_good_by_cost: NaN,
      p_good_by_cost_bins: [],
      best_retained: bestRetained,
      kendall_tau: NaN,
      pearson: NaN,
      predictor_tau_full: predictorTau,
      best_predicted_rank: bestRank,
      reason,
      size_note: members.sizeNote ?? null,
      scored: members.scored,
    };
    if (reason === null && covered > 0) {
      const oriented = orient(truthValues, direction);
      const p = pGood(oriented, orientedThreshold);
      const ks = ks2samp(truthValues, universe.truth);
      const predictions = covered >= 2 ? await trained.predict(gatherGenomes(members.genomes, coveredIndex, length)) : null;
      Object.assign(run, {
        mean: mean(truthValues),
        max: orientValue(max(oriented), direction),
        p_good: p,
        shrink_index: p - fullPGood,
        ks: ks.statistic,
        ks_p: ks.pValue,
        kendall_tau: predictions !== null ? kendallTauB(predictions, truthValues) : NaN,
        pearson: predictions !== null ? pearson(predictions, truthValues) : NaN,
        p_at_least_k: { k: atLeast.k, n: atLeast.n, p: probabilityAtLeast(atLeast.k, atLeast.n, p) },
      });
      if (bins !== null && costAll.length > 0) {
        const shares = costBinShares(bins, costAll, orient(values, direction));
        run.p_good_by_cost_bins = Array.from(shares);
        run.p_good_by_cost = meanOfKnownShares(shares);
      }
    }
    return { run, truth: truthValues, space: { genomes: members.genomes, truth: truthValues, cost: costValues, costTruth } };
  }

  const rows: MethodRow[] = options.methods.map((method) => {
    const list = runs.get(method)!;
    const row: Record<string, unknown> = { method };
    const range: Record<string, [number, number]> = {};
    for (const [name, pick] of Object.entries(ROW_FIGURES)) {
      // The median is over the runs that have the figure.
      const m = medianOf(list.map(pick));
      row[name] = m.median;
      range[name] = [m.min, m.max];
    }
    const editMean = medianOf(list.map((r) => r.edit_diversity.mean));
    const editMax = medianOf(list.map((r) => r.edit_diversity.max));
    const atLeastP = medianOf(list.map((r) => r.p_at_least_k.p));
    range["edit_diversity.mean"] = [editMean.min, editMean.max];
    range["edit_diversity.max"] = [editMax.min, editMax.max];
    range["p_at_least_k.p"] = [atLeastP.min, atLeastP.max];
    const ksVs: Record<string, { d: number; p: number }> = {};
    for (const other of options.methods) {
      if (other === method) continue;
      const with_ = list.filter((r) => r.ks_vs[other] !== undefined);
      if (with_.length === 0) continue;
      ksVs[other] = { d: medianOf(with_.map((r) => r.ks_vs[other].d)).median, p: medianOf(with_.map((r) => r.ks_vs[other].p)).median };
    }
    // One line per distinct reason, with the seeds it holds for.
    const bySeeds = new Map<string, string[]>();
    for (const r of list) if (r.reason !== null) bySeeds.set(r.reason, [...(bySeeds.get(r.reason) ?? []), r.seed]);
    const reasons = [...bySeeds].map(([reason, seeds]) => `seed${seeds.length > 1 ? "s" : ""} ${seeds.join(", ")}: ${reason}`);
    const sizeNotes = [...new Set(list.map((r) => r.size_note).filter((r) => r !== null))];
    return {
      ...row,
      edit_diversity: { mean: editMean.median, max: editMax.median },
      p_at_least_k: { k: atLeast.k, n: atLeast.n, p: atLeastP.median },
      ks_vs: ksVs,
      reason: reasons.length === 0 ? null : reasons.join("; "),
      size_note: sizeNotes.length === 0 ? null : sizeNotes.join("; "),
      range, runs: list,
    } as MethodRow;
  });

  const report: EvaluationReport = {
    schema_version: EVALUATION_SCHEMA_VERSION,
    unit: "class",
    direction,
    cost_field: cost?.field ?? null,
    space: space.id,
    target: options.target,
    train_target: options.trainTarget,
    train_size: options.trainSize,
    truth: options.truthModel ?? options.truth!,
    truth_source: { kind: truth.kind, description: truth.description, digest: truth.digest },
    train_from: trainFile,
    truth_rows: table === null ? null : table.rowTarget.length,
    truth_classes: classes,
    universe: { kind: universe.kind, classes, share: universe.share },
    threshold: orientValue(orientedThreshold, direction),
    full_mean: mean(universe.truth),
    full_max: orientValue(max(orientedUniverse), direction),
    min_covered: minCovered,
    cosine_embedding: encoding.name,
    diversity_pairs: pairs,
    nas_benefit: benefit,
    seeds: options.seeds.map(String),
    rows,
  };
  // Not enumerable: JSON.stringify of the report stays the table, without the spaces behind it.
  Object.defineProperty(report, "details", { value: details, enumerable: false });
  return report;
}
