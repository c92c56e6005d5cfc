// A predictor's model file: its bytes and the feature encoding it takes (from --features or the
// lissnas metadata, checked against the model's input width). Shared by both engines.
import { readFileSync } from "node:fs";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { getEncoding, type FeatureEncoding } from "./features.js";
import { METADATA, type OnnxModelInfo } from "./onnxModel.js";

/** Loads the bytes of a model file; a LissnasError when it cannot be read. */
export function readModelFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LissnasError("E_IO", `cannot read model: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, { file });
  }
}

/** The encoding a model takes: `--features`, else its lissnas metadata; checked against its input width. */
export function resolveModelEncoding(info: OnnxModelInfo, space: SearchSpace, file: string, features?: string): FeatureEncoding {
  const stored = info.metadata[METADATA.features];
  const storedSpace = info.metadata[METADATA.space];
  if (storedSpace !== undefined && storedSpace !== space.id) {
    throw new LissnasError("E_PREDICTOR", `the model was trained for space ${storedSpace}; expected ${space.id}`, { file, field: METADATA.space });
  }
  if (features === undefined && stored === undefined) {
    throw new LissnasError("E_PREDICTOR",
      `the model carries no "${METADATA.features}" metadata (not trained by lissnas); pass --features, e.g. ${getEncodingNames(space)}`, { file });
  }
  if (features !== undefined && stored !== undefined && features !== stored) {
    throw new LissnasError("E_PREDICTOR", `--features ${features} differs from the model's metadata ${stored}`, { file, field: METADATA.features });
  }
  const encoding = getEncoding(features ?? stored, space);
  if (info.inputWidth !== undefined && info.inputWidth !== encoding.width) {
    throw new LissnasError("E_PREDICTOR",
      `model input "${info.inputName}" takes ${info.inputWidth} features per row; encoding ${encoding.name} writes ${encoding.width}`, { file });
  }
  return encoding;
}

function getEncodingNames(space: SearchSpace): string {
  try {
    getEncoding("?", space);
  } catch (error) {
    return (error as LissnasError).detail.replace(/^.*expected one of /, "");
  }
  return "";
}
