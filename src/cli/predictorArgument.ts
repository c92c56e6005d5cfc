// Resolves the --predictor argument of the commands that score architectures: an ONNX model, a
// benchmark table, or the built-in synthetic landscape of the demo.
import type { SearchSpace } from "../spaces/space.js";
import type { ScoringModel } from "../shrink/lissnas.js";
import { SyntheticLandscape } from "../shrink/syntheticLandscape.js";
import { openPredictor, type PredictorOptions } from "../predict/predictor.js";

export async function openScoringModel(spec: string, space: SearchSpace, options: PredictorOptions = {}): Promise<ScoringModel> {
  const synthetic = /^synthetic(?::(\d+))?$/.exec(spec);
  if (synthetic !== null) return new SyntheticLandscape(space, BigInt(synthetic[1] ?? "1"));
  return openPredictor(spec, space, options);
}
