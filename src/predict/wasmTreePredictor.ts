// Scores genomes with a tree-ensemble ONNX model compiled into the WASM core (assembly/treeEnsemble.ts):
// encoding and all trees in one call per batch, no onnxruntime. It reproduces onnxruntime's arithmetic
// (float or double sums in tree order), so both engines give the same scores (test/treeEnsemble.test.ts).
import { createHash } from "node:crypto";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { WasmCore, type InstalledTrees } from "../wasm/core.js";
import type { FeatureEncoding } from "./features.js";
import type { CompiledTreeEnsemble } from "./treeEnsemble.js";
import { DEFAULT_BATCH_SIZE, assertFiniteScores, type Predictor } from "./predictor.js";

export class WasmTreePredictor implements Predictor {
  readonly description: string;
  readonly digest: string;
  readonly encoding: FeatureEncoding;
  /** A core of its own: the trees live in its persistent memory and go with the predictor. */
  private core: WasmCore | undefined;
  private readonly trees: InstalledTrees;
  private readonly space: SearchSpace;
  private readonly length: number;
  private readonly batchSize: number;

  constructor(file: string, bytes: Uint8Array, compiled: CompiledTreeEnsemble, encoding: FeatureEncoding, space: SearchSpace,
    batchSize: number = DEFAULT_BATCH_SIZE) {
    this.description = `onnx:${file} (${encoding.name}; wasm trees: ${compiled.trees} trees, depth ${compiled.depth}, ${compiled.double ? "double" : "float"} sums)`;
    this.digest = createHash("sha256").update(bytes).digest("hex");
    this.encoding = encoding;
    this.space = space;
    this.length = space.genomeLength;
    this.batchSize = batchSize;
    this.core = new WasmCore();
    this.trees = this.core.loadTreeEnsemble(compiled, encoding.plan, encoding.width);
  }

  async predict(genomes: Uint8Array): Promise<Float32Array> {
    const core = this.core;
    if (core === undefined) throw new LissnasError("E_PREDICTOR", "the predictor was closed", { file: this.description });
    if (genomes.length % this.length !== 0) {
      throw new LissnasError("E_PREDICTOR", `genomes of ${genomes.length} bytes are not whole genomes of ${this.length} bytes`, { file: this.description });
    }
    const count = genomes.length / this.length;
    const out = new Float32Array(count);
    for (let start = 0; start < count; start += this.batchSize) {
      const n = Math.min(this.batchSize, count - start);
      const batch = genomes.subarray(start * this.length, (start + n) * this.length);
      const scores = core.scoreWithTrees(this.trees, this.length, batch);
      assertFiniteScores(scores, batch, this.space, this.description);
      out.set(scores, start);
    }
    return out;
  }

  async close(): Promise<void> {
    this.core = undefined;
  }
}
