// The interface the shrinker scores architectures through. It never knows which kind it holds: an
// ONNX model (a tree ensemble compiled to WASM, wasmTreePredictor.ts, or any model on onnxruntime,
// onnxPredictor.ts), a benchmark-table lookup (tablePredictor.ts), a scorer process fed on its stdin
// (commandPredictor.ts) or a model behind an Open Inference Protocol server (inferencePredictor.ts).
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
  /** Outside scorers (cmd:, http:): seconds one batch may take before it fails (default 60). */
  timeoutSeconds?: number;
  /** Inference server: requests in flight at once (default 1). */
  inflight?: number;
  /** Inference server: retries of a request after a 5xx/429 answer, a dropped connection or a timeout (default 4). */
  retries?: number;
  /** Inference server: seconds one predict() call (all its requests and retries) may take (default: no limit). */
  deadlineSeconds?: number;
}

/** Rows per request to an outside scorer unless told otherwise: small enough to keep several in flight. */
export const DEFAULT_OUTSIDE_BATCH_SIZE = 4096;

/**
 * Opens `MODEL.onnx`, `table:FILE.jsonl:FIELD`, `cmd:COMMAND` (a scorer process) or
 * `http(s)://HOST:PORT/v2/models/NAME` (an Open Inference Protocol server) for genomes of `space`.
 */
export async function openPredictor(spec: string, space: SearchSpace, options: PredictorOptions = {}): Promise<Predictor> {
  if (spec.startsWith("cmd:")) {
    const { openCommandPredictor } = await import("./commandPredictor.js");
    return openCommandPredictor(spec.slice("cmd:".length), space, options);
  }
  if (/^https?:\/\//i.test(spec)) {
    const { openInferencePredictor } = await import("./inferencePredictor.js");
    return openInferencePredictor(spec, space, options);
  }
  if (spec.startsWith("table:")) {
    const { openTablePredictor, parseTableSpec } = await import("./tablePredictor.js");
    const { file, field } = parseTableSpec(spec);
    return openTablePredictor(file, field, space, options);
  }
  const engine = options.engine ?? "auto";
  if (!PREDICTOR_ENGINES.includes(engine)) {
    throw new LissnasError("E_OPTION", `unknown predictor engine "${engine}"; expected one of ${PREDICTOR_ENGINES.join(", ")}`, { field: "engine" });
  }
  const { loadModelFile } = await import("./modelFile.js");
  const loaded = loadModelFile(spec, space, options.features);
  if (engine !== "onnxruntime") {
    const { compileModelTrees } = await import("./treeEnsemble.js");
    const result = compileModelTrees(loaded.model, loaded.encoding.width, spec);
    if ("compiled" in result) {
      const { WasmTreePredictor } = await import("./wasmTreePredictor.js");
      return new WasmTreePredictor(loaded, result.compiled, space, checkedBatchSize(options.batchSize), checkedThreads(options.threads));
    }
    if (engine === "wasm") {
      throw new LissnasError("E_PREDICTOR", `the wasm engine cannot run this model (${result.unsupported}); use --engine onnxruntime`, { file: spec });
    }
  }
  const { openOnnxPredictor } = await loadOnnxPredictor();
  return openOnnxPredictor(loaded, space, options);
}

/** `threads` checked: an integer in 1..1024 (default 1). */
function checkedThreads(threads: number | undefined): number {
  const value = threads ?? 1;
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    throw new LissnasError("E_OPTION", `threads must be an integer in 1..1024; found ${value}`, { field: "threads" });
  }
  return value;
}

/** `batchSize` checked: an integer >= 1 (default DEFAULT_BATCH_SIZE). */
export function checkedBatchSize(batchSize: number | undefined, fallback = DEFAULT_BATCH_SIZE): number {
  const value = batchSize ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new LissnasError("E_OPTION", `batch size must be an integer >= 1; found ${value}`, { field: "batchSize" });
  }
  return value;
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
