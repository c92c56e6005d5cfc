// A predictor's model file, read and decoded once for whichever engine runs it: its bytes, digest,
// graph header and the feature encoding it takes (from --features or the lissnas metadata, checked
// against the model's input width).
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { getEncoding, type FeatureEncoding } from "./features.js";
import { METADATA, decodeOnnxModel, readOnnxModelInfo, type ModelProto, type OnnxModelInfo } from "./onnxModel.js";

export interface ModelFile {
  file: string;
  bytes: Uint8Array;
  /** sha256 (hex) of the bytes: names the scores' source in manifests. */
  digest: string;
  model: ModelProto;
  info: OnnxModelInfo;
  encoding: FeatureEncoding;
}

/** Reads, decodes and checks `file` for genomes of `space`; a LissnasError naming the file otherwise. */
export function loadModelFile(file: string, space: SearchSpace, features?: string): ModelFile {
  const bytes = readModelFile(file);
  const model = decodeOnnxModel(bytes, file);
  const info = readOnnxModelInfo(bytes, file, model);
  const encoding = resolveModelEncoding(info, space, file, features);
  return { file, bytes, digest: createHash("sha256").update(bytes).digest("hex"), model, info, encoding };
}

/** Loads the bytes of a model file; a LissnasError when it cannot be read. */
function readModelFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LissnasError("E_IO", `cannot read model: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, { file });
  }
}

/** The encoding a model takes: `--features`, else its lissnas metadata; checked against its input width. */
function resolveModelEncoding(info: OnnxModelInfo, space: SearchSpace, file: string, features?: string): FeatureEncoding {
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
