// Compiled trees installed in a WASM core of their own, scoring genomes batch by batch: the engine behind
// the wasm predictor and the in-process scoring of freshly trained ensembles (fit, evaluate).
import { WasmCore, type InstalledTrees } from "../wasm/core.js";
import type { FeatureEncoding } from "./features.js";
import type { TreeEnsemble } from "./gbdt.js";
import { compileTreeEnsemble, type CompiledTreeEnsemble, type SpecNode, type TreeEnsembleSpec } from "./treeEnsemble.js";

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

  /**
   * A trained ensemble (gbdt.ts: "x <= threshold" goes left, leaves summed in double, then the base),
   * compiled; undefined when its trees are too deep for the evaluator (then predictEnsemble scores it).
   */
  static fromEnsemble(ensemble: TreeEnsemble, encoding: FeatureEncoding, genomeLength: number): TreeScorer | undefined {
    const result = compileTreeEnsemble(specOfEnsemble(ensemble));
    return "compiled" in result ? new TreeScorer(result.compiled, encoding, genomeLength) : undefined;
  }

  /** One score per genome of the batch (genomeLength bytes each). */
  score(genomes: Uint8Array): Float32Array {
    return this.core.scoreWithTrees(this.trees, this.length, genomes);
  }
}

/** A trained ensemble in ONNX terms: what its ONNX export (onnxModel.ts) states. */
export function specOfEnsemble(ensemble: TreeEnsemble): TreeEnsembleSpec {
  const trees = ensemble.trees.map((tree) => {
    const nodes = new Map<number, SpecNode>();
    for (let n = 0; n < tree.feature.length; n++) {
      const leaf = tree.feature[n] < 0;
      nodes.set(n, leaf
        ? { mode: "LEAF", feature: 0, threshold: 0, trueId: 0, falseId: 0, weight: tree.value[n] }
        : { mode: "BRANCH_LEQ", feature: tree.feature[n], threshold: tree.threshold[n], trueId: tree.left[n], falseId: tree.right[n], weight: 0 });
    }
    return { root: 0, nodes };
  });
  return { trees, aggregate: "SUM", base: ensemble.baseScore, double: true };
}
