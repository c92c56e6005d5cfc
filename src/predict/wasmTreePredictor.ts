// Scores genomes with a tree-ensemble ONNX model compiled into the WASM core (assembly/treeEnsemble.ts):
// encoding and all trees in one call per batch, no onnxruntime. It reproduces onnxruntime's arithmetic
// (float or double sums in tree order), so both engines give the same scores (test/treeEnsemble.test.ts).
import type { Piscina } from "piscina";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { wasmWorkerPool } from "../pool/wasmWorkers.js";
import type { FeatureEncoding } from "./features.js";
import type { ModelFile } from "./modelFile.js";
import type { CompiledTreeEnsemble } from "./treeEnsemble.js";
import type { TreeTask, TreeWorkerData } from "./treeWorker.js";
import { TreeScorer } from "./treeScorer.js";
import { DEFAULT_BATCH_SIZE, assertFiniteScores, type Predictor } from "./contract.js";

const WORKER_URL = new URL("./treeWorker.js", import.meta.url);
/** Rows per worker task: large enough that a task's message costs nothing next to its work. */
const TASK_ROWS = 8192;

/** What a row worker needs to score rows itself with the same trees, batch by batch as predict() does. */
export interface TreeScoringPlan {
  compiled: CompiledTreeEnsemble;
  encoding: FeatureEncoding;
  batchSize: number;
  description: string;
}

/** A copy of `array` in a SharedArrayBuffer. */
function sharedCopy<T extends Uint32Array | Float64Array>(array: T): T {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

export class WasmTreePredictor implements Predictor {
  readonly description: string;
  readonly digest: string;
  readonly encoding: FeatureEncoding;
  /** The trees on a core of their own, whose memory goes with the predictor. */
  private scorer: TreeScorer | undefined;
  private readonly space: SearchSpace;
  private readonly length: number;
  private readonly batchSize: number;
  /** Worker threads, started on the first batch large enough to use them (a caller that scores elsewhere never starts them). */
  private pool: Piscina | undefined;
  private readonly threads: number;
  private readonly compiled: CompiledTreeEnsemble;
  private sharedPlan: TreeScoringPlan | undefined;

  /** `threads` >= 2 scores large batches on that many workers; every row's score is the same either way. */
  constructor(loaded: ModelFile, compiled: CompiledTreeEnsemble, space: SearchSpace, batchSize: number = DEFAULT_BATCH_SIZE, threads = 1) {
    const { encoding } = loaded;
    const workers = threads > 1 ? `, ${threads} workers` : "";
    this.description = `onnx:${loaded.file} (${encoding.name}; wasm trees: ${compiled.trees} trees, depth ${compiled.depth}, ${compiled.double ? "double" : "float"} sums${workers})`;
    this.digest = loaded.digest;
    this.encoding = encoding;
    this.space = space;
    this.length = space.genomeLength;
    this.batchSize = batchSize;
    this.compiled = compiled;
    this.scorer = new TreeScorer(compiled, encoding, this.length);
    this.threads = threads;
  }

  private workerPool(): Piscina {
    if (this.pool === undefined) {
      const data: Omit<TreeWorkerData, "module"> = { compiled: this.compiled, encoding: this.encoding, length: this.length };
      this.pool = wasmWorkerPool(WORKER_URL, this.threads, data);
    }
    return this.pool;
  }

  /**
   * The trees and batching of this predictor, for threads that parse, score and write rows in one pass
   * (src/io/rowPipeline.ts). Nodes and leaves are in shared memory, made once: the plan crosses to a
   * thread with every job without a copy.
   */
  scoringPlan(): TreeScoringPlan {
    this.sharedPlan ??= {
      compiled: { ...this.compiled, nodes: sharedCopy(this.compiled.nodes), leaves: sharedCopy(this.compiled.leaves) },
      encoding: this.encoding, batchSize: this.batchSize, description: this.description,
    };
    return this.sharedPlan;
  }

  async predict(genomes: Uint8Array): Promise<Float32Array> {
    const scorer = this.scorer;
    if (scorer === undefined) throw new LissnasError("E_PREDICTOR", "the predictor was closed", { file: this.description });
    if (genomes.length % this.length !== 0) {
      throw new LissnasError("E_PREDICTOR", `genomes of ${genomes.length} bytes are not whole genomes of ${this.length} bytes`, { file: this.description });
    }
    const count = genomes.length / this.length;
    const out = new Float32Array(count);
    for (let start = 0; start < count; start += this.batchSize) {
      const n = Math.min(this.batchSize, count - start);
      const batch = genomes.subarray(start * this.length, (start + n) * this.length);
      const scores = this.threads > 1 && n >= 2 * TASK_ROWS ? await this.scoreOnWorkers(this.workerPool(), batch, n) : scorer.score(batch);
      assertFiniteScores(scores, batch, this.space, this.description);
      out.set(scores, start);
    }
    return out;
  }

  /** The batch in shared memory, cut into tasks of TASK_ROWS rows; each worker writes its rows' scores. */
  private async scoreOnWorkers(pool: Piscina, batch: Uint8Array, count: number): Promise<Float32Array> {
    const genomes = new SharedArrayBuffer(batch.length);
    new Uint8Array(genomes).set(batch);
    const scores = new SharedArrayBuffer(count * 4);
    const tasks: Promise<number>[] = [];
    for (let start = 0; start < count; start += TASK_ROWS) {
      const task: TreeTask = { genomes, scores, start, count: Math.min(TASK_ROWS, count - start) };
      tasks.push(pool.run(task));
    }
    await Promise.all(tasks);
    return new Float32Array(scores).slice();
  }

  async close(): Promise<void> {
    this.scorer = undefined;
    await this.pool?.destroy();
  }
}
