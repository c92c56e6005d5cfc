// Resolves the --predictor argument of the commands that score architectures: an ONNX model, a
// benchmark table, or the built-in synthetic landscape of the demo.
import type { SearchSpace } from "../spaces/space.js";
import type { ScoringModel } from "../shrink/lissnas.js";
import { SyntheticLandscape } from "../shrink/syntheticLandscape.js";
import { openPredictor, type PredictorOptions } from "../predict/predictor.js";
import { LissnasError } from "../errors.js";
import { parseSeedText } from "./options.js";

/** The seed of `synthetic[:SEED]`, bounded like --seed; undefined when `spec` names another predictor. */
export function syntheticSeed(spec: string): bigint | undefined {
  if (spec !== "synthetic" && !spec.startsWith("synthetic:")) return undefined;
  if (spec === "synthetic") return 1n;
  try {
    return parseSeedText("--predictor synthetic:SEED", spec.slice("synthetic:".length));
  } catch (error) {
    throw new LissnasError("E_OPTION", (error as Error).message, { field: "--predictor" });
  }
}

export async function openScoringModel(spec: string, space: SearchSpace, options: PredictorOptions = {}): Promise<ScoringModel> {
  const seed = syntheticSeed(spec);
  if (seed !== undefined) return new SyntheticLandscape(space, seed);
  return openPredictor(spec, space, options);
}
