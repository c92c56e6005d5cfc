// A freshly trained ensemble (gbdt.ts) scored by the WASM tree evaluator: stated in ONNX terms, as its
// ONNX export (onnxModel.ts) states it, and compiled.
import type { FeatureEncoding } from "./features.js";
import type { TreeEnsemble } from "./gbdt.js";
import { compileTreeEnsemble, type SpecNode, type TreeEnsembleSpec } from "./treeEnsemble.js";
import { TreeScorer } from "./treeScorer.js";

/**
 * A trained ensemble ("x <= threshold" goes left, leaves summed in double, then the base), compiled;
 * undefined when its trees are too deep for the evaluator (then predictEnsemble scores it).
 */
export function treeScorerOfEnsemble(ensemble: TreeEnsemble, encoding: FeatureEncoding, genomeLength: number): TreeScorer | undefined {
  const result = compileTreeEnsemble(specOfEnsemble(ensemble));
  return "compiled" in result ? new TreeScorer(result.compiled, encoding, genomeLength) : undefined;
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
