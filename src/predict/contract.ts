// The contract every predictor implementation and its callers share: the Predictor interface, its
// options and the checks all engines apply. A module of its own so that the implementations never
// import the module that chooses among them (predictor.ts).
import { archText, type SearchSpace } from "../spaces/space.js";
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

/** Rows per engine call unless told otherwise. */
export const DEFAULT_BATCH_SIZE = 65536;

/**
 * Who runs an ONNX model: `wasm` compiles a tree ensemble into the WASM core (tree ensembles only),
 * `onnxruntime` runs any model, `auto` (default) takes wasm when the model compiles.
 */
export const PREDICTOR_ENGINES = ["auto", "wasm", "onnxruntime"] as const;
export type PredictorEngine = (typeof PREDICTOR_ENGINES)[number];

export interface PredictorOptions {
  /** Feature encoding of a model without lissnas metadata (or to check against its metadata). */
  features?: string;
  /** Rows per engine call (default 65,536). */
  batchSize?: number;
  /** Engine for an ONNX model (default auto). */
  engine?: PredictorEngine;
  /** onnxruntime intra-op threads (default: onnxruntime's choice), or the wasm engine's worker threads (default 1: the calling thread). */
  threads?: number;
  /** onnxruntime session settings (default: all graph optimisations, sequential execution). */
  session?: { graphOptimizationLevel?: "disabled" | "basic" | "extended" | "all"; executionMode?: "sequential" | "parallel" };
  /** Table predictor: an architecture missing from the table is an error (default) or NaN. */
  missing?: "error" | "skip";
  /** Table predictor: an architecture listed twice is an error (default), or merged by the mean of its rows or its first row. */
  duplicates?: "error" | "mean" | "first";
  /** Outside scorers (cmd:, http:): seconds one batch may take before it fails (default 60). */
  timeoutSeconds?: number;
  /** Inference server: requests in flight at once (default 1). */
  inflight?: number;
  /** Inference server: retries of a request after a 5xx/429 answer, a dropped connection or a timeout (default 4). */
  retries?: number;
  /** Inference server: seconds one predict() call (all its requests and retries) may take (default: no limit). */
  deadlineSeconds?: number;
}

/** `batchSize` checked: an integer >= 1 (default DEFAULT_BATCH_SIZE). */
export function checkedBatchSize(batchSize: number | undefined, fallback = DEFAULT_BATCH_SIZE): number {
  const value = batchSize ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new LissnasError("E_OPTION", `batch size must be an integer >= 1; found ${value}`, { field: "batchSize" });
  }
  return value;
}

/** A model's scores must be finite: the first NaN or infinity is an error naming its architecture. */
export function assertFiniteScores(scores: ArrayLike<number>, genomes: Uint8Array, space: SearchSpace, source: string): void {
  for (let i = 0; i < scores.length; i++) {
    const value = scores[i];
    if (!Number.isFinite(value)) {
      const arch = archText(space.format(genomes.subarray(i * space.genomeLength, (i + 1) * space.genomeLength)));
      throw new LissnasError("E_PREDICTOR", `the model's output for architecture ${arch} is ${value}; expected a finite score`, { file: source });
    }
  }
}

/** Rows per request to an outside scorer unless told otherwise: small enough to keep several in flight. */
export const DEFAULT_OUTSIDE_BATCH_SIZE = 4096;

/** Genomes of `space` checked once per call (length, each gene within its cardinality); returns their count. */
export function assertGenomes(genomes: Uint8Array, space: SearchSpace): number {
  const length = space.genomeLength;
  if (genomes.length % length !== 0) {
    throw new LissnasError("E_INVALID_ARCH", `a ${space.id} genome batch must be a multiple of ${length} bytes; found ${genomes.length}`);
  }
  const cards = space.cardinalities;
  for (let i = 0; i < genomes.length; i++) {
    if (genomes[i] >= cards[i % length]) {
      throw new LissnasError("E_INVALID_ARCH", `genome ${Math.floor(i / length)}: gene ${i % length} is ${genomes[i]}; expected 0..${cards[i % length] - 1}`);
    }
  }
  return genomes.length / length;
}
