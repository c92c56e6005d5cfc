// Resolves the --predictor argument of the commands that score architectures.
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import type { ScoringModel } from "../shrink/lissnas.js";
import { SyntheticLandscape } from "../shrink/syntheticLandscape.js";

export async function openScoringModel(spec: string, space: SearchSpace): Promise<ScoringModel> {
  const synthetic = /^synthetic(?::(\d+))?$/.exec(spec);
  if (synthetic !== null) return new SyntheticLandscape(space, BigInt(synthetic[1] ?? "1"));
  throw new LissnasError("E_OPTION", `--predictor: expected MODEL.onnx, table:FILE.jsonl:FIELD or synthetic[:SEED]; found "${spec}"`);
}
