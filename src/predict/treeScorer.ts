// Compiled trees installed in a WASM core of their own, scoring genomes batch by batch: the engine behind
// the wasm predictor, the row workers and the in-process scoring of freshly trained ensembles (fit,
// evaluate; ensembleScorer.ts). It loads no ONNX reader, so threads that only score start fast.
import { WasmCore, type InstalledTrees } from "../wasm/core.js";
import type { FeatureEncoding } from "./features.js";
import type { CompiledTreeEnsemble } from "./treeEnsemble.js";

export class TreeScorer {
  readonly compiled: CompiledTreeEnsemble;
  readonly encoding: FeatureEncoding;
  private readonly core: WasmCore;
  private readonly trees: InstalledTrees;
  private readonly length: number;

  constructor(compiled: CompiledTreeEnsemble, encoding: FeatureEncoding, genomeLength: number, core = new WasmCore()) {
    this.compiled = compiled;
    this.encoding = encoding;
    this.length = genomeLength;
    this.core = core;
    this.trees = core.loadTreeEnsemble(compiled, encoding.plan, encoding.width);
  }

  /** One score per genome of the batch (genomeLength bytes each). */
  score(genomes: Uint8Array): Float32Array {
    return this.core.scoreWithTrees(this.trees, this.length, genomes);
  }
}
