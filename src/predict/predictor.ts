// The interface the shrinker scores architectures through. It never knows which kind it holds: an
// ONNX model (a tree ensemble compiled to WASM, wasmTreePredictor.ts, or any model on onnxruntime,
// onnxPredictor.ts), a benchmark-table lookup (tablePredictor.ts), a scorer process fed on its stdin
// (commandPredictor.ts) or a model behind an Open Inference Protocol server (inferencePredictor.ts).
// Implementations are imported lazily: onnxruntime-node is an optional peer dependency, loaded only for a
// model the wasm engine cannot run or under `engine: "onnxruntime"`.
import { archText, type SearchSpace } from "../spaces/space.js";
import { LissnasError } from "../errors.js";
import { PREDICTOR_ENGINES, checkedBatchSize, type Predictor, type PredictorOptions } from "./contract.js";

export { DEFAULT_BATCH_SIZE, DEFAULT_OUTSIDE_BATCH_SIZE, PREDICTOR_ENGINES, assertFiniteScores, assertGenomes, checkedBatchSize } from "./contract.js";
export type { Predictor, PredictorEngine, PredictorOptions } from "./contract.js";


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
  const { openOnnxPredictor } = await loadOnnxPredictor(spec, engine === "onnxruntime"
    ? "--engine onnxruntime was asked for"
    : "the wasm engine runs tree ensembles only and cannot run this model");
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

/**
 * Loads the ONNX predictor module, whose import loads onnxruntime-node and its native binding. A
 * missing package or a broken install fails here with the package and the fix named, not deep inside
 * a run. `why` says why this model needs onnxruntime.
 */
async function loadOnnxPredictor(spec: string, why: string): Promise<typeof import("./onnxPredictor.js")> {
  try {
    return await import("./onnxPredictor.js");
  } catch (error) {
    throw onnxRuntimeLoadError(error, spec, why);
  }
}


/** The LissnasError for an onnxruntime-node that failed to load: not installed, or installed without its binaries. */
export function onnxRuntimeLoadError(error: unknown, spec: string, why: string): LissnasError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  if ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && message.includes("onnxruntime-node")) {
    return new LissnasError("E_PREDICTOR",
      `this model needs the optional package onnxruntime-node, which is not installed (${why}); ` +
      `install it beside lissnas with "npm install onnxruntime-node" (on Linux x64 "ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node", ` +
      `which skips its optional CUDA download), or give a tree-ensemble model`, { file: spec });
  }
  return new LissnasError("E_PREDICTOR",
    `onnxruntime-node cannot load its native binding (${message}); its CPU binaries ship in the npm package under ` +
    `bin/napi-v*/${process.platform}/${process.arch}/: reinstall it with "ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node"`, { file: spec });
}
