// Resolves the cost options of `shrink`: --cost flops|params|none|FILE.jsonl:FIELD and
// --cost-predictor P (any --predictor, e.g. a latency model).
import { InvalidArgumentError } from "commander";
import type { SearchSpace } from "../spaces/space.js";
import { spaceCostModel, SPACE_COST_FIELDS, type CostModel, type SpaceCostField } from "../shrink/costModel.js";
import { LissnasError } from "../errors.js";
import { openScoringModel } from "./predictorArgument.js";
import type { PredictorOptions } from "../predict/predictor.js";

/** Parse-time check of --cost: a space cost field, none, or FILE:FIELD. */
export function costOption(text: string): string {
  if ((SPACE_COST_FIELDS as readonly string[]).includes(text) || text === "none") return text;
  const colon = text.lastIndexOf(":");
  if (colon <= 0 || colon === text.length - 1) {
    throw new InvalidArgumentError(`--cost must be flops, params, none or FILE.jsonl:FIELD; found "${text}"`);
  }
  return text;
}

/**
 * The cost model of a run: undefined leaves the choice to the shrinker (the space's FLOPs where it has a
 * cost model), null means none (diversity by edit distance). A table lacking an architecture gives it no
 * cost (it joins no stratum) rather than failing the run.
 */
export async function openCostModel(space: SearchSpace, cost: string | undefined, costPredictor: string | undefined,
  options: PredictorOptions = {}): Promise<CostModel | null | undefined> {
  if (cost !== undefined && costPredictor !== undefined) throw new LissnasError("E_OPTION", "--cost and --cost-predictor are alternatives; give one");
  if (costPredictor !== undefined) return openScoringModel(costPredictor, space, { ...options, missing: "skip" });
  if (cost === undefined) return undefined;
  if (cost === "none") return null;
  if ((SPACE_COST_FIELDS as readonly string[]).includes(cost)) return spaceCostModel(space, cost as SpaceCostField);
  return openScoringModel(`table:${cost}`, space, { missing: "skip" });
}
