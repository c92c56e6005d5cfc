// The registry of search algorithms, by the name the CLI and the library use.
import { LissnasError } from "../errors.js";
import type { SearchAlgorithm } from "./algorithm.js";
import { randomSearch } from "./random.js";
import { DEFAULT_EVOLUTION, regularizedEvolution, type EvolutionParams } from "./evolution.js";
import { localSearch } from "./local.js";
import { DEFAULT_PREDICTOR_SEARCH, predictorGuided, type PredictorSearchParams } from "./predictorGuided.js";

export const ALGORITHMS = ["random", "evolution", "local", "predictor"] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

export interface AlgorithmParams {
  evolution?: Partial<EvolutionParams>;
  predictor?: Partial<PredictorSearchParams>;
}

export function createAlgorithm(name: string, params: AlgorithmParams = {}): SearchAlgorithm {
  switch (name) {
    case "random": return randomSearch;
    case "evolution": return regularizedEvolution({ ...DEFAULT_EVOLUTION, ...params.evolution });
    case "local": return localSearch;
    case "predictor": return predictorGuided({ ...DEFAULT_PREDICTOR_SEARCH, ...params.predictor });
    default:
      throw new LissnasError("E_OPTION", `--algorithm must be one of ${ALGORITHMS.join(", ")}; found "${name}"`, { field: "algorithm" });
  }
}

/** The parameters an algorithm runs with, defaults filled in (for outputs). */
export function effectiveParams(name: string, params: AlgorithmParams = {}): Record<string, number> {
  if (name === "evolution") return { ...DEFAULT_EVOLUTION, ...params.evolution };
  if (name === "predictor") return { ...DEFAULT_PREDICTOR_SEARCH, ...params.predictor };
  return {};
}
