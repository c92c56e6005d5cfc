// Predictor-guided search in the manner of BANANAS (White et al. 2021) without its path encoding: after
// `initial` random queries, each round fits the project's gradient-boosted trees (src/predict/gbdt.ts)
// on every query so far (the space's default feature encoding), builds a candidate pool of mutations of
// the best queries and uniform draws, scores it in one batch and queries the `perRound` top-ranked
// candidates not queried before.
import { LissnasError } from "../errors.js";
import { defaultEncoding, encodeFeatures } from "../predict/features.js";
import { DEFAULT_TRAINER_PARAMS, predictEnsemble, trainGbdt, type TrainerParams } from "../predict/gbdt.js";
import { finished, queryRandomUnknown, type SearchAlgorithm, type TrialContext } from "./algorithm.js";
import { concat } from "./domain.js";

export interface PredictorSearchParams {
  /** Random queries before the first fit. */
  initial: number;
  /** Queries per round (top-ranked candidates). */
  perRound: number;
  /** Best queries mutated for the pool, and mutations of each. */
  parents: number;
  mutationsPerParent: number;
  /** Uniform draws added to the pool. */
  randomCandidates: number;
}

export const DEFAULT_PREDICTOR_SEARCH: Readonly<PredictorSearchParams> = {
  initial: 10, perRound: 10, parents: 10, mutationsPerParent: 10, randomCandidates: 100,
};

/** Small, fast trees for a few hundred rows: refitted every round. */
const SEARCH_TRAINER: Partial<TrainerParams> = {
  rounds: 200, learningRate: 0.1, maxDepth: 4, subsample: 1, colsample: 1, earlyStoppingRounds: 0, validationFraction: 0, refit: false,
};

export function predictorGuided(params: PredictorSearchParams = DEFAULT_PREDICTOR_SEARCH): SearchAlgorithm {
  for (const [name, value] of Object.entries(params)) {
    if (!Number.isInteger(value) || value < (name === "randomCandidates" || name === "parents" ? 0 : 1)) {
      throw new LissnasError("E_OPTION", `predictor search parameter ${name} must be a positive integer; found ${value}`);
    }
  }
  return {
    name: "predictor",
    async run(context: TrialContext): Promise<void> {
      const { domain, log, random } = context;
      const kernels = domain.kernels;
      const length = kernels.space.genomeLength;
      const encoding = defaultEncoding(kernels.space);
      while (log.count < params.initial && !finished(context)) {
        if (await queryRandomUnknown(context, params.initial - log.count) === 0) return;
      }
      while (!finished(context)) {
        // Fit on every query so far, on oriented scores (higher is better).
        const x = encodeFeatures(encoding, concat(log.genomes, length), kernels.core);
        const y = log.values.map((v) => log.score(v));
        const { ensemble } = trainGbdt(x, encoding.width, y, { ...DEFAULT_TRAINER_PARAMS, ...SEARCH_TRAINER, seed: random.smallSeed() });
        // The pool: mutations of the best queries, plus uniform draws; unknown and distinct only.
        const order = log.values.map((_, i) => i).sort((a, b) => log.score(log.values[b]) - log.score(log.values[a]) || a - b);
        const pool: Uint8Array[] = [];
        for (const i of order.slice(0, params.parents)) {
          for (let m = 0; m < params.mutationsPerParent; m++) pool.push(domain.mutate(log.genomes[i], random));
        }
        const drawn = domain.sample(params.randomCandidates, random);
        for (let i = 0; i < params.randomCandidates; i++) pool.push(drawn.subarray(i * length, (i + 1) * length));
        const all = concat(pool, length);
        const keys = kernels.keys(all);
        const seen = new Set<bigint>();
        const candidates: number[] = [];
        keys.forEach((key, i) => {
          if (log.has(key) || seen.has(key) || !domain.isMember(key)) return;
          seen.add(key);
          candidates.push(i);
        });
        if (candidates.length === 0) {
          if (await queryRandomUnknown(context, params.perRound) === 0) return;
          continue;
        }
        const chosen = concat(candidates.map((i) => all.subarray(i * length, (i + 1) * length)), length);
        const predicted = predictEnsemble(ensemble, encodeFeatures(encoding, chosen, kernels.core), encoding.width);
        const ranked = candidates.map((_, j) => j).sort((a, b) => predicted[b] - predicted[a] || a - b).slice(0, Math.min(params.perRound, log.remaining));
        await log.query(concat(ranked.map((j) => chosen.subarray(j * length, (j + 1) * length)), length));
      }
    },
  };
}
