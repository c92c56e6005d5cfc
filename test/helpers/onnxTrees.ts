// Builds ONNX TreeEnsembleRegressor models from plain trees, in every variant the evaluators must agree
// on: branch modes, float or double attributes, a Cast to double or none, SUM or AVERAGE.
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const { AttributeType } = onnx.AttributeProto;

export type Mode = "BRANCH_LEQ" | "BRANCH_LT" | "BRANCH_GTE" | "BRANCH_GT" | "BRANCH_EQ" | "BRANCH_NEQ";

/** A node: a branch (feature, threshold, mode, children ids) or a leaf (weight). */
export type TestNode =
  | { id: number; mode: Mode; feature: number; threshold: number; trueId: number; falseId: number }
  | { id: number; mode: "LEAF"; weight: number };

export interface TestEnsemble {
  trees: TestNode[][];
  base: number;
  aggregate: "SUM" | "AVERAGE";
  /** Thresholds and weights as tensors of the trees' input type (ai.onnx.ml 3 `*_as_tensor`) rather than float lists. */
  tensorAttributes: boolean;
  /** A Cast of the input to double before the trees. */
  castToDouble: boolean;
}

const encoder = new TextEncoder();

export function ensembleToOnnx(ensemble: TestEnsemble, width: number, metadata: Record<string, string> = {}): Uint8Array {
  const cols: Record<string, Array<number | string>> = {
    treeIds: [], nodeIds: [], features: [], modes: [], values: [], trueIds: [], falseIds: [], missing: [],
    leafTrees: [], leafNodes: [], leafTargets: [], weights: [],
  };
  ensemble.trees.forEach((tree, t) => {
    for (const node of tree) {
      cols.treeIds.push(t);
      cols.nodeIds.push(node.id);
      cols.modes.push(node.mode);
      cols.missing.push(0);
      if (node.mode === "LEAF") {
        cols.features.push(0); cols.values.push(0); cols.trueIds.push(0); cols.falseIds.push(0);
        cols.leafTrees.push(t); cols.leafNodes.push(node.id); cols.leafTargets.push(0); cols.weights.push(node.weight);
      } else {
        cols.features.push(node.feature); cols.values.push(node.threshold); cols.trueIds.push(node.trueId); cols.falseIds.push(node.falseId);
      }
    }
  });
  const ints = (name: string, values: Array<number | string>) => ({ name, type: AttributeType.INTS, ints: values as number[] });
  const reals = (name: string, values: Array<number | string>) => !ensemble.tensorAttributes
    ? { name, type: AttributeType.FLOATS, floats: values as number[] }
    : ensemble.castToDouble
      ? { name: `${name}_as_tensor`, type: AttributeType.TENSOR, t: { dims: [values.length], dataType: onnx.TensorProto.DataType.DOUBLE, doubleData: values as number[] } }
      : { name: `${name}_as_tensor`, type: AttributeType.TENSOR, t: { dims: [values.length], dataType: onnx.TensorProto.DataType.FLOAT, floatData: values as number[] } };
  const text = (name: string, value: string) => ({ name, type: AttributeType.STRING, s: encoder.encode(value) });
  const treesInput = ensemble.castToDouble ? "input_double" : "input";
  const nodes: object[] = [];
  if (ensemble.castToDouble) {
    nodes.push({ opType: "Cast", name: "cast", input: ["input"], output: ["input_double"],
      attribute: [{ name: "to", type: AttributeType.INT, i: onnx.TensorProto.DataType.DOUBLE }] });
  }
  nodes.push({
    opType: "TreeEnsembleRegressor", domain: "ai.onnx.ml", name: "trees", input: [treesInput], output: ["variable"],
    attribute: [
      text("aggregate_function", ensemble.aggregate),
      { name: "base_values", type: AttributeType.FLOATS, floats: [ensemble.base] },
      { name: "n_targets", type: AttributeType.INT, i: 1 },
      ints("nodes_falsenodeids", cols.falseIds), ints("nodes_featureids", cols.features),
      ints("nodes_missing_value_tracks_true", cols.missing),
      { name: "nodes_modes", type: AttributeType.STRINGS, strings: cols.modes.map((m) => encoder.encode(m as string)) },
      ints("nodes_nodeids", cols.nodeIds), ints("nodes_treeids", cols.treeIds), ints("nodes_truenodeids", cols.trueIds),
      reals("nodes_values", cols.values),
      text("post_transform", "NONE"),
      ints("target_ids", cols.leafTargets), ints("target_nodeids", cols.leafNodes), ints("target_treeids", cols.leafTrees),
      reals("target_weights", cols.weights),
    ],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 13 }, { domain: "ai.onnx.ml", version: 3 }],
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: "test_trees",
      node: nodes,
      input: [{ name: "input", type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: "N" }, { dimValue: width }] } } } }],
      output: [{ name: "variable", type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: "N" }, { dimValue: 1 }] } } } }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
