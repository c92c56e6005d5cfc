// The NAS-benefit block of an evaluation (the analogue of the LISSNAS paper's Table 3): for each
// method's space, regularized evolution with a budget B over T trials, truth from the table, gives the
// mean final best ("Top-1", with its 95% interval); the predictor's Pearson and Kendall correlation
// with the truth inside that space give the "Pearson" column.
import type { SearchSpace } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import type { TruthTable } from "../evaluate/truthTable.js";
import { pearson } from "../stats/correlation.js";
import { kendallTauB } from "../stats/kendall.js";
import { memberSet } from "./inputSpace.js";
import { runSearch } from "./search.js";

export interface NasBenefitOptions {
  space: SearchSpace;
  kernels?: SpaceKernels;
  /** The truth table (its classes are the universe; a method's space is measured where the table covers it). */
  table: TruthTable;
  /** The table field the truth comes from (names the oracle, and lets workers read the table). */
  target: string;
  /** Each method's space as class indices into the table; null for the full space (every class). */
  members: Record<string, ArrayLike<number> | null>;
  /** The predictor's score of every table class, for the correlation columns (NaN columns without it). */
  predicted?: ArrayLike<number>;
  budget?: number;
  trials?: number;
  seed: bigint;
  minimize?: boolean;
  workers?: number;
}

export interface NasBenefitRow {
  /** Table classes in the method's space (the domain searched). */
  size: number;
  /** The budget used: B, or the space's size where it is smaller (then the search is exhaustive). */
  budget: number;
  top1_mean: number;
  top1_low: number;
  top1_high: number;
  /** The best truth inside the space, and in how many trials evolution reached it. */
  space_best: number;
  reached_best: number;
  pearson: number;
  kendall_tau: number;
}

export const DEFAULT_BENEFIT_BUDGET = 100;
export const DEFAULT_BENEFIT_TRIALS = 50;

export async function nasBenefit(options: NasBenefitOptions): Promise<Record<string, NasBenefitRow>> {
  const { space, table } = options;
  const kernels = options.kernels ?? new SpaceKernels(space);
  const length = space.genomeLength;
  const rows: Record<string, NasBenefitRow> = {};
  for (const [method, given] of Object.entries(options.members)) {
    const classes = given === null ? Array.from({ length: table.classKeys.length }, (_, c) => c) : Array.from(given);
    if (classes.length === 0) {
      rows[method] = { size: 0, budget: 0, top1_mean: NaN, top1_low: NaN, top1_high: NaN, space_best: NaN, reached_best: 0, pearson: NaN, kendall_tau: NaN };
      continue;
    }
    const members = memberSet(method, classes.map((c) => table.classGenomes.subarray(c * length, (c + 1) * length)), classes.map((c) => table.classKeys[c]), length);
    const budget = Math.min(options.budget ?? DEFAULT_BENEFIT_BUDGET, classes.length);
    const { summary } = await runSearch(space, {
      oracle: { kind: "table", file: table.file, field: options.target }, table, algorithm: "evolution", budget,
      trials: options.trials ?? DEFAULT_BENEFIT_TRIALS, seed: options.seed, minimize: options.minimize, members, workers: options.workers,
    }, kernels);
    const truth = classes.map((c) => table.classTarget[c]);
    const predicted = options.predicted === undefined ? undefined : classes.map((c) => options.predicted![c]);
    rows[method] = {
      size: classes.length, budget,
      top1_mean: summary.final_best.mean, top1_low: summary.final_best.low, top1_high: summary.final_best.high,
      space_best: summary.space_best.value ?? NaN, reached_best: summary.queries_to_best.reached,
      pearson: predicted !== undefined && classes.length > 1 ? pearson(predicted, truth) : NaN,
      kendall_tau: predicted !== undefined && classes.length > 1 ? kendallTauB(predicted, truth) : NaN,
    };
  }
  return rows;
}
