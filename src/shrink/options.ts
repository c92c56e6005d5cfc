// Parameters of a LISSNAS run, their defaults and their validation (messages name the option).
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import type { CostModel } from "./costModel.js";

/** Members a target-size run's extended space is allocated for past the target, as a fraction of it. */
export const EXTENSION_SLACK = 0.1;

export type AdmissionPolicy = "all" | "above-mean" | "above-bar";
export type StrataBins = "width" | "quantile";

export interface ShrinkOptions {
  /** Master seed: every RNG stream of the run derives from it. */
  seed: bigint;
  /** Architectures sampled uniformly at the start. */
  initial: number;
  /** Seeds per iteration: a count (>= 1) or a fraction of the current space (0 < f < 1). */
  seeds: number;
  /** Upper bound on the seed count when `seeds` is a fraction. */
  maxSeeds: number;
  /** Neighbourhood radius in edit distance. */
  radius: number;
  /** Random-walk neighbours per seed when the exact ball is too large. */
  perSeed: number;
  /** Largest raw ball enumerated exactly; larger neighbourhoods are sampled by walks. */
  exactBallLimit: number;
  /** Keep iterating while the mean score rises by more than this. */
  minGain: number;
  maxIterations: number;
  /**
   * "all": keep every neighbour (the paper); "above-mean": keep neighbours scored at least the current
   * space's mean; "above-bar": keep neighbours scored at least the `barQuantile` quantile of the initial
   * sample (a fixed bar, so the space settles instead of collapsing onto its seeds).
   */
  admission: AdmissionPolicy;
  /** Quantile of the initial sample's scores used as the bar of "above-bar". */
  barQuantile: number;
  /** Threshold on the predicted score for the P(good) trace; default: 80th percentile of the initial sample. */
  goodThreshold?: number;
  /** Items per chunk of scoring and walks (fixed so results do not depend on parallelism). */
  chunkSize: number;
  /**
   * Diversity seeds per iteration, on top of the `seeds` best: the best member of each of `strata` cost
   * strata, or (without a cost) `strata` members spread out in edit distance. 0: the paper's top seeds only.
   */
  strata: number;
  /** How the cost strata cut the initial sample's cost range: equal widths or equal counts. */
  strataBins: StrataBins;
  /**
   * Top seeds lie at least ceil(seedSpacing x radius) apart in edit distance: the best member, then the
   * best one far enough from every seed already chosen, and so on (0: the paper's top seeds, however
   * close). Seeds a few moves apart grow nearly the same pocket, so the space bets on one region.
   */
  seedSpacing: number;
  /**
   * Neighbours a diversity pocket (seeded by the strata or the spread, not among the top seeds) admits per
   * iteration at most, its best-scored ones: the pocket keeps the cost range without adding mass. undefined: no cap.
   */
  diversityCap?: number;
  /**
   * Cost of an architecture (FLOPs, params, latency): undefined = the space's analytic FLOPs where it
   * has a cost model; null = no cost (diversity by edit distance).
   */
  costModel?: CostModel | null;
  /**
   * Size of the returned space: the loop's space is trimmed (lowest-scored members that seed no
   * pocket go first) or extended (walks from its best unused members) to this many members.
   */
  targetSize?: number;
  /** Alternative to targetSize: full size (isomorphism classes where known) / reduction. */
  reduction?: number;
}

export function defaultShrinkOptions(space: SearchSpace): ShrinkOptions {
  return {
    seed: 0n,
    initial: 1000,
    seeds: 6,
    maxSeeds: 100,
    radius: Math.max(1, Math.round(space.maxEditDistance / 3)),
    perSeed: 200,
    exactBallLimit: 20000,
    minGain: 0,
    maxIterations: 10,
    admission: "above-bar",
    // Chosen by leave-one-table-out over every benchmark table we have (docs/defaults.md).
    barQuantile: 0.8,
    chunkSize: 65536,
    strata: 8,
    strataBins: "width",
    // Chosen by the same protocol, seeds 1-5 (docs/defaults.md); acts only where ceil(radius / 2) > 1.
    seedSpacing: 0.5,
  };
}

export function resolveShrinkOptions(space: SearchSpace, given: Partial<ShrinkOptions>): ShrinkOptions {
  const options = { ...defaultShrinkOptions(space), ...stripUndefined(given) };
  const positiveInteger = (name: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 1) throw new LissnasError("E_OPTION", `${name} must be a positive integer; found ${value}`);
  };
  positiveInteger("--initial", options.initial);
  positiveInteger("--per-seed", options.perSeed);
  positiveInteger("--max-iter", options.maxIterations);
  positiveInteger("--max-seeds", options.maxSeeds);
  positiveInteger("chunkSize", options.chunkSize);
  if (!(options.seeds > 0) || (options.seeds >= 1 && !Number.isInteger(options.seeds))) {
    throw new LissnasError("E_OPTION", `--seeds must be a count (integer >= 1) or a fraction in (0, 1); found ${options.seeds}`);
  }
  if (!Number.isInteger(options.radius) || options.radius < 1 || options.radius > space.maxEditDistance) {
    throw new LissnasError("E_OPTION", `--radius must be an integer in 1..${space.maxEditDistance} for ${space.id}; found ${options.radius}`);
  }
  if (!Number.isFinite(options.minGain)) throw new LissnasError("E_OPTION", `--min-gain must be a finite number; found ${options.minGain}`);
  if (!["all", "above-mean", "above-bar"].includes(options.admission)) {
    throw new LissnasError("E_OPTION", `--admission must be one of all, above-mean, above-bar; found "${String(options.admission)}"`);
  }
  if (!(options.barQuantile >= 0 && options.barQuantile <= 1)) {
    throw new LissnasError("E_OPTION", `--bar-quantile must be in [0, 1]; found ${options.barQuantile}`);
  }
  if (!Number.isSafeInteger(options.strata) || options.strata < 0) {
    throw new LissnasError("E_OPTION", `--strata must be an integer >= 0; found ${options.strata}`);
  }
  if (!["width", "quantile"].includes(options.strataBins)) {
    throw new LissnasError("E_OPTION", `--strata-bins must be one of width, quantile; found "${String(options.strataBins)}"`);
  }
  if (!(Number.isFinite(options.seedSpacing) && options.seedSpacing >= 0)) {
    throw new LissnasError("E_OPTION", `--seed-spacing must be a finite number >= 0; found ${options.seedSpacing}`);
  }
  if (options.diversityCap !== undefined && !(Number.isSafeInteger(options.diversityCap) && options.diversityCap >= 0)) {
    throw new LissnasError("E_OPTION", `--diversity-cap must be an integer >= 0; found ${options.diversityCap}`);
  }
  if (options.targetSize !== undefined && options.reduction !== undefined) {
    throw new LissnasError("E_OPTION", "--target-size and --reduction are alternatives; give one");
  }
  if (options.reduction !== undefined) {
    if (!(Number.isFinite(options.reduction) && options.reduction >= 1)) {
      throw new LissnasError("E_OPTION", `--reduction must be a number >= 1; found ${options.reduction}`);
    }
    options.targetSize = Math.max(1, Math.round(Number(space.uniqueSize() ?? space.size()) / options.reduction));
  }
  if (options.targetSize !== undefined) positiveInteger("--target-size", options.targetSize);
  return options;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
