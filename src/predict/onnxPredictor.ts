// Scores genomes with an ONNX model through onnxruntime-node (the only module of lissnas that loads
// it): genomes -> feature rows (WASM kernel) -> batched session runs -> one float per genome.
import ort from "onnxruntime-node";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { defaultCore } from "../spaces/kernels.js";
import { encodeFeatures, type FeatureEncoding } from "./features.js";
import type { OnnxModelInfo } from "./onnxModel.js";
import type { ModelFile } from "./modelFile.js";
import { DEFAULT_BATCH_SIZE, assertFiniteScores, checkedBatchSize, type Predictor, type PredictorOptions } from "./contract.js";

export { DEFAULT_BATCH_SIZE };

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
      assertFiniteScores(scores, batch, this.space, this.description);
      out.set(scores, start);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** A session for a loaded model file (predictor.ts reads and checks the file once for both engines). */
export async function openOnnxPredictor(loaded: ModelFile, space: SearchSpace, options: PredictorOptions = {}): Promise<OnnxPredictor> {
  const batchSize = checkedBatchSize(options.batchSize);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(loaded.bytes, {
      ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
      interOpNumThreads: 1,
      graphOptimizationLevel: options.session?.graphOptimizationLevel ?? "all",
      executionMode: options.session?.executionMode ?? "sequential",
    });
  } catch (error) {
    throw new LissnasError("E_PREDICTOR", `not a valid ONNX model: onnxruntime cannot load it: ${(error as Error).message}`, { file: loaded.file });
  }
  return new OnnxPredictor(loaded.file, loaded.digest, session, loaded.info, loaded.encoding, space, batchSize);
}
