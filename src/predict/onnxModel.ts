// Reading and writing ONNX model files (protobuf, through onnx-proto): the metadata lissnas stores in
// its models, and the ai.onnx.ml TreeEnsembleRegressor export of the tree trainer.
import onnxProto from "onnx-proto";
import { LissnasError } from "../errors.js";
import type { TreeEnsemble } from "./gbdt.js";

const { onnx } = onnxProto;

/** Metadata keys lissnas writes into `metadata_props` and reads back when predicting. */
export const METADATA = {
  space: "lissnas.space",
  features: "lissnas.features",
  target: "lissnas.target",
  trainingDigest: "lissnas.training_digest",
  trainer: "lissnas.trainer",
} as const;

export interface OnnxModelInfo {
  /** `metadata_props` as key -> value. */
  metadata: Record<string, string>;
  inputName: string;
  /** Declared width of the input's last dimension, or undefined when symbolic. */
  inputWidth: number | undefined;
  outputName: string;
}

export type ModelProto = InstanceType<typeof onnx.ModelProto>;

/** The decoded model; a LissnasError when the bytes are not protobuf of an ONNX model. */
export function decodeOnnxModel(bytes: Uint8Array, file: string): ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new LissnasError("E_PREDICTOR", `not a valid ONNX model: ${(error as Error).message}`, { file });
  }
}

/** The header of an ONNX model; a LissnasError when it is not a valid single-input model. */
export function readOnnxModelInfo(bytes: Uint8Array, file: string, model: ModelProto = decodeOnnxModel(bytes, file)): OnnxModelInfo {
  const graph = model.graph;
  const inputs = graph?.input ?? [];
  const outputs = graph?.output ?? [];
  if (graph == null || inputs.length === 0 || outputs.length === 0) {
    throw new LissnasError("E_PREDICTOR", `not a valid ONNX model: expected a graph with an input and an output; found ${graph == null ? "no graph" : `${inputs.length} input(s), ${outputs.length} output(s)`}`, { file });
  }
  const metadata: Record<string, string> = {};
  for (const entry of model.metadataProps) metadata[entry.key ?? ""] = entry.value ?? "";
  // Initializers may be listed as graph inputs by older exporters; the feature input is the first other one.
  const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
  const input = inputs.find((value) => !initializers.has(value.name)) ?? inputs[0];
  const dims = input.type?.tensorType?.shape?.dim ?? [];
  const last = dims.length > 0 ? dims[dims.length - 1] : undefined;
  const width = last?.dimValue != null ? Number(last.dimValue) : undefined;
  return { metadata, inputName: input.name ?? "", inputWidth: width !== undefined && width > 0 ? width : undefined, outputName: outputs[0].name ?? "" };
}

const { AttributeType } = onnx.AttributeProto;

function ints(name: string, values: ArrayLike<number>) {
  return { name, type: AttributeType.INTS, ints: Array.from(values) };
}
function strings(name: string, values: string[]) {
  return { name, type: AttributeType.STRINGS, strings: values.map((v) => new TextEncoder().encode(v)) };
}
/** A double tensor attribute (ai.onnx.ml 3 `*_as_tensor`): onnxruntime then compares and sums in double. */
function doubles(name: string, values: ArrayLike<number>) {
  return { name, type: AttributeType.TENSOR, t: { dims: [values.length], dataType: onnx.TensorProto.DataType.DOUBLE, doubleData: Array.from(values) } };
}
function text(name: string, value: string) {
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
}

function floatTensorType(width: number) {
  return { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: "N" }, { dimValue: width }] } } };
}

/**
 * The ensemble as an ONNX model: input `input` float32 [N, width], output `variable` float32 [N, 1],
 * a Cast to double, then one TreeEnsembleRegressor node (SUM of leaves + base value; split
 * "x <= threshold" goes to the true branch); opsets ai.onnx 13 and ai.onnx.ml 3, IR version 8.
 * Thresholds and leaves are double tensors and the input double, so onnxruntime sums in double and
 * its result does not depend on its thread count (on float input it sums in float, in an order that
 * changes with the number of threads: results ~1e-4 apart at accuracies near 90).
 */
export function treeEnsembleToOnnx(ensemble: TreeEnsemble, width: number, metadata: Record<string, string>): Uint8Array {
  const nodeTree: number[] = [], nodeId: number[] = [], feature: number[] = [], threshold: number[] = [];
  const modes: string[] = [], trueIds: number[] = [], falseIds: number[] = [], missingTrue: number[] = [];
  const leafTree: number[] = [], leafNode: number[] = [], leafTarget: number[] = [], leafWeight: number[] = [];
  ensemble.trees.forEach((tree, t) => {
    for (let n = 0; n < tree.feature.length; n++) {
      nodeTree.push(t);
      nodeId.push(n);
      const isLeaf = tree.feature[n] < 0;
      feature.push(isLeaf ? 0 : tree.feature[n]);
      threshold.push(isLeaf ? 0 : tree.threshold[n]);
      modes.push(isLeaf ? "LEAF" : "BRANCH_LEQ");
      trueIds.push(isLeaf ? 0 : tree.left[n]);
      falseIds.push(isLeaf ? 0 : tree.right[n]);
      missingTrue.push(0);
      if (isLeaf) {
        leafTree.push(t);
        leafNode.push(n);
        leafTarget.push(0);
        leafWeight.push(tree.value[n]);
      }
    }
  });
  const node = {
    opType: "TreeEnsembleRegressor",
    domain: "ai.onnx.ml",
    name: "lissnas_trees",
    input: ["input_double"],
    output: ["variable"],
    attribute: [
      text("aggregate_function", "SUM"),
      { name: "base_values", type: AttributeType.FLOATS, floats: [ensemble.baseScore] },
      { name: "n_targets", type: AttributeType.INT, i: 1 },
      ints("nodes_falsenodeids", falseIds),
      ints("nodes_featureids", feature),
      ints("nodes_missing_value_tracks_true", missingTrue),
      strings("nodes_modes", modes),
      ints("nodes_nodeids", nodeId),
      ints("nodes_treeids", nodeTree),
      ints("nodes_truenodeids", trueIds),
      doubles("nodes_values_as_tensor", threshold),
      text("post_transform", "NONE"),
      ints("target_ids", leafTarget),
      ints("target_nodeids", leafNode),
      ints("target_treeids", leafTree),
      doubles("target_weights_as_tensor", leafWeight),
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "lissnas",
    producerVersion: "0.1.0",
    opsetImport: [{ domain: "", version: 13 }, { domain: "ai.onnx.ml", version: 3 }],
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: "lissnas_tree_ensemble",
      node: [{ opType: "Cast", name: "to_double", input: ["input"], output: ["input_double"],
        attribute: [{ name: "to", type: AttributeType.INT, i: onnx.TensorProto.DataType.DOUBLE }] }, node],
      input: [{ name: "input", type: floatTensorType(width) }],
      output: [{ name: "variable", type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: "N" }, { dimValue: 1 }] } } } }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
