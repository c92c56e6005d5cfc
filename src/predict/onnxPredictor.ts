// Scores genomes with an ONNX model through onnxruntime-node (the only module of lissnas that loads
// it): genomes -> feature rows (WASM kernel) -> batched session runs -> one float per genome.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import ort from "onnxruntime-node";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { archText } from "../spaces/space.js";
import { defaultCore } from "../spaces/kernels.js";
import { encodeFeatures, getEncoding, type FeatureEncoding } from "./features.js";
import { METADATA, readOnnxModelInfo, type OnnxModelInfo } from "./onnxModel.js";
import { DEFAULT_BATCH_SIZE, type Predictor, type PredictorOptions } from "./predictor.js";

export { DEFAULT_BATCH_SIZE };

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

export class OnnxPredictor implements Predictor {
  readonly description: string;
  readonly digest: string;
  readonly encoding: FeatureEncoding;
  private readonly session: ort.InferenceSession;
  private readonly space: SearchSpace;
  private readonly info: OnnxModelInfo;
  private readonly batchSize: number;

  constructor(file: string, digest: string, session: ort.InferenceSession, info: OnnxModelInfo, encoding: FeatureEncoding,
    space: SearchSpace, batchSize: number) {
    this.description = `onnx:${file} (${encoding.name})`;
    this.digest = digest;
    this.session = session;
    this.info = info;
    this.encoding = encoding;
    this.space = space;
    this.batchSize = batchSize;
  }

  async predict(genomes: Uint8Array): Promise<Float32Array> {
    const length = this.space.genomeLength;
    const count = genomes.length / length;
    const out = new Float32Array(count);
    for (let start = 0; start < count; start += this.batchSize) {
      const n = Math.min(this.batchSize, count - start);
      const batch = genomes.subarray(start * length, (start + n) * length);
      const rows = encodeFeatures(this.encoding, batch, defaultCore());
      const input = new ort.Tensor("float32", rows, [n, this.encoding.width]);
      let result: ort.InferenceSession.OnnxValueMapType;
      try {
        result = await this.session.run({ [this.info.inputName]: input }, [this.info.outputName]);
      } catch (error) {
        throw new LissnasError("E_PREDICTOR", `onnxruntime failed: ${(error as Error).message}`, { file: this.description });
      }
      const scores = (result[this.info.outputName] as ort.Tensor).data as ArrayLike<number>;
      if (scores.length !== n) {
        throw new LissnasError("E_PREDICTOR", `the model returned ${scores.length} values for ${n} rows; expected one per row`, { file: this.description });
      }
      for (let i = 0; i < n; i++) {
        const value = scores[i];
        if (!Number.isFinite(value)) {
          const arch = archText(this.space.format(batch.subarray(i * length, (i + 1) * length)));
          throw new LissnasError("E_PREDICTOR", `the model's output for architecture ${arch} is ${value}; expected a finite score`,
            { file: this.description });
        }
        out[start + i] = value;
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

export async function openOnnxPredictor(file: string, space: SearchSpace, options: PredictorOptions = {}): Promise<OnnxPredictor> {
  const bytes = readModelFile(file);
  const info = readOnnxModelInfo(bytes, file);
  const encoding = resolveModelEncoding(info, space, file, options.features);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new LissnasError("E_OPTION", `batch size must be an integer >= 1; found ${batchSize}`, { field: "batchSize" });
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
  } catch (error) {
    throw new LissnasError("E_PREDICTOR", `not a valid ONNX model: onnxruntime cannot load it: ${(error as Error).message}`, { file });
  }
  const digest = createHash("sha256").update(bytes).digest("hex");
  return new OnnxPredictor(file, digest, session, info, encoding, space, batchSize);
}
