// The interface the shrinker scores architectures through. It never knows which kind it holds: an
// ONNX model (onnxPredictor.ts) or a benchmark-table lookup (tablePredictor.ts).
import type { SearchSpace } from "../spaces/space.js";
import { LissnasError } from "../errors.js";

export interface Predictor {
  /** What it is, for manifests and logs (e.g. `onnx:model.onnx (nb201/onehot@1)`). */
  readonly description: string;
  /** sha256 (hex) of the model file, or of the table's content and field: names the scores' source. */
  readonly digest: string;
  /**
   * One score per genome. `genomes` are genomes of one space concatenated (count x genomeLength
   * bytes); the shrinker passes canonical ones. A model scores exactly the genome it is given; a table
   * looks up its canonical key. NaN marks an architecture a table lacks under `missing: "skip"`:
   * the caller drops those.
   */
  predict(genomes: Uint8Array): Promise<Float32Array>;
  /** Releases native resources (ONNX sessions). */
  close?(): Promise<void>;
}

/** Rows per onnxruntime call unless told otherwise. */
export const DEFAULT_BATCH_SIZE = 65536;

export interface PredictorOptions {
  /** Feature encoding of a model without lissnas metadata (or to check against its metadata). */
  features?: string;
  /** Rows per onnxruntime call (default 65,536). */
  batchSize?: number;
  /** onnxruntime intra-op threads (default: onnxruntime's choice). */
  threads?: number;
  /** Table predictor: an architecture missing from the table is an error (default) or NaN. */
  missing?: "error" | "skip";
}

/** Opens `MODEL.onnx` or `table:FILE.jsonl:FIELD` for genomes of `space`. */
export async function openPredictor(spec: string, space: SearchSpace, options: PredictorOptions = {}): Promise<Predictor> {
  if (spec.startsWith("table:")) {
    const { openTablePredictor, parseTableSpec } = await import("./tablePredictor.js");
    const { file, field } = parseTableSpec(spec);
    return openTablePredictor(file, field, space, options);
  }
  const { openOnnxPredictor } = await loadOnnxPredictor();
  return openOnnxPredictor(spec, space, options);
}

/**
 * Loads the ONNX predictor module, whose import loads onnxruntime-node's native binding. An install
 * that left the package without its bundled binaries (e.g. a full disk during extraction) fails here
 * with the package and the fix named, not deep inside a run.
 */
async function loadOnnxPredictor(): Promise<typeof import("./onnxPredictor.js")> {
  try {
    return await import("./onnxPredictor.js");
  } catch (error) {
    throw new LissnasError("E_PREDICTOR",
      `onnxruntime-node cannot load its native binding (${(error as Error).message.split("\n")[0]}); ` +
      `its CPU binaries ship in the npm package under bin/napi-v*/${process.platform}/${process.arch}/: reinstall with "npm ci" ` +
      `(keep onnxruntime-node-install=skip in .npmrc; it only skips optional CUDA downloads)`);
  }
}
