// The ONNX ai.onnx.ml TreeEnsembleRegressor of a model file, read into plain arrays (TreeEnsembleSpec)
// and compiled for the WASM evaluator (assembly/treeEnsemble.ts): perfect binary trees of one depth,
// every comparison rewritten as "go right when x >= an integer bound" on the byte-valued features
// lissnas encodes (gene values and 0/1 indicators: integers in 0..255). A model this module
// cannot compile (other operators, other modes, several targets, very deep trees) runs on onnxruntime;
// `unsupported` says why.
import onnxProto from "onnx-proto";
import { LissnasError } from "../errors.js";

const { onnx } = onnxProto;
type ModelProto = InstanceType<typeof onnx.ModelProto>;
type NodeProto = onnxProto.onnx.INodeProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;

export type BranchMode = "BRANCH_LEQ" | "BRANCH_LT" | "BRANCH_GTE" | "BRANCH_GT";
const BRANCH_MODES = new Set<string>(["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"]);

/** One tree node as the ONNX attributes state it. */
export interface SpecNode {
  mode: BranchMode | "LEAF";
  feature: number;
  /** As stored (float or double). */
  threshold: number;
  trueId: number;
  falseId: number;
  /** Sum of the leaf's target weights (0 for a branch). */
  weight: number;
}

/** One tree: its nodes by id and its root. */
export interface SpecTree {
  root: number;
  nodes: Map<number, SpecNode>;
}

/** The regressor in ONNX terms: trees in ascending tree id, aggregated by SUM or AVERAGE, plus a base value. */
export interface TreeEnsembleSpec {
  trees: SpecTree[];
  aggregate: "SUM" | "AVERAGE";
  base: number;
  /**
   * Whether the trees see double inputs (a Cast to double before them). onnxruntime then compares and
   * sums in double; fed float, it rounds thresholds, weights and base to float and sums in float.
   */
  double: boolean;
}

/** The evaluator's layout (see assembly/treeEnsemble.ts). */
export interface CompiledTreeEnsemble {
  depth: number;
  trees: number;
  /** trees x (2^depth - 1) nodes, one u32 each: feature column (low 16 bits), bound (high 16 bits; 0xffff: never right). */
  nodes: Uint32Array;
  /** trees x 2^depth leaf values. */
  leaves: Float64Array;
  base: number;
  /** 1 for SUM, the tree count for AVERAGE. */
  divisor: number;
  /** Sum in double (else float), as onnxruntime does for this model. */
  double: boolean;
  /** Largest feature column any branch reads. */
  maxFeature: number;
}

/** Deepest tree the evaluator pads to a perfect tree. */
export const MAX_COMPILED_DEPTH = 16;
/** Largest padded layout the evaluator takes (nodes + leaves). */
export const MAX_COMPILED_BYTES = 256 * 1024 * 1024;

export type ReadResult = { spec: TreeEnsembleSpec } | { unsupported: string };
export type CompileResult = { compiled: CompiledTreeEnsemble } | { unsupported: string };

function attributeMap(node: NodeProto): Map<string, AttributeProto> {
  return new Map((node.attribute ?? []).map((attribute) => [attribute.name ?? "", attribute]));
}

/** onnxruntime takes `*_as_tensor` attributes only in the trees' input type. */
function tensorTypeMismatch(a: Map<string, AttributeProto>, double: boolean): string | undefined {
  const expected = double ? onnx.TensorProto.DataType.DOUBLE : onnx.TensorProto.DataType.FLOAT;
  for (const [name, attribute] of a) {
    if (name.endsWith("_as_tensor") && attribute.t != null && attribute.t.dataType !== expected) {
      return `${name} is not of the trees' input type (${double ? "double" : "float"})`;
    }
  }
  return undefined;
}

/** An int64 as protobufjs decodes it (a number, or a Long): Long's toNumber rounds as Number(its decimal text) does, without the text. */
function int64Number(value: number | { toNumber(): number }): number {
  return typeof value === "number" ? value : value.toNumber();
}

function numbers(attribute: AttributeProto | undefined): number[] | undefined {
  if (attribute == null) return undefined;
  if (attribute.ints != null && attribute.ints.length > 0) return attribute.ints.map(int64Number);
  if (attribute.floats != null && attribute.floats.length > 0) return Array.from(attribute.floats, Number);
  const tensor = attribute.t;
  if (tensor != null) {
    if (tensor.doubleData != null && tensor.doubleData.length > 0) return Array.from(tensor.doubleData, Number);
    if (tensor.floatData != null && tensor.floatData.length > 0) return Array.from(tensor.floatData, Number);
    const raw = tensor.rawData;
    if (raw != null && raw.length > 0) {
      const bytes = new Uint8Array(raw).slice();
      if (tensor.dataType === onnx.TensorProto.DataType.DOUBLE) return Array.from(new Float64Array(bytes.buffer));
      if (tensor.dataType === onnx.TensorProto.DataType.FLOAT) return Array.from(new Float32Array(bytes.buffer));
    }
  }
  return [];
}

function texts(attribute: AttributeProto | undefined): string[] {
  return (attribute?.strings ?? []).map((bytes) => new TextDecoder().decode(bytes));
}

function text(attribute: AttributeProto | undefined, fallback: string): string {
  return attribute?.s != null && attribute.s.length > 0 ? new TextDecoder().decode(attribute.s) : fallback;
}

/**
 * The tree ensemble of a model whose graph is: input -> optional Casts to float or double ->
 * TreeEnsembleRegressor -> output. Anything else is `unsupported` (onnxruntime runs it).
 */
export function readTreeEnsemble(model: ModelProto): ReadResult {
  const graph = model.graph;
  const nodes = graph?.node ?? [];
  const trees = nodes.filter((node) => node.opType === "TreeEnsembleRegressor" && node.domain === "ai.onnx.ml");
  if (graph == null || trees.length !== 1) return { unsupported: "the graph holds no single ai.onnx.ml TreeEnsembleRegressor" };
  const ensembleNode = trees[0];
  // Casts from the float32 input to float or double change no value: the evaluator compares float32 inputs exactly.
  const input = (graph.input ?? [])[0];
  let flowing = input?.name ?? "";
  let type = input?.type?.tensorType?.elemType ?? onnx.TensorProto.DataType.FLOAT;
  if (type !== onnx.TensorProto.DataType.FLOAT) return { unsupported: "the model's input is not float32" };
  for (const node of nodes) {
    if (node === ensembleNode) break;
    const to = Number(attributeMap(node).get("to")?.i ?? -1);
    const lossless = to === onnx.TensorProto.DataType.FLOAT || to === onnx.TensorProto.DataType.DOUBLE;
    if (node.opType !== "Cast" || !lossless || node.input?.[0] !== flowing) return { unsupported: `operator ${node.opType} before the trees` };
    flowing = node.output?.[0] ?? "";
    type = to;
  }
  const double = type === onnx.TensorProto.DataType.DOUBLE;
  if (nodes[nodes.length - 1] !== ensembleNode || ensembleNode.input?.[0] !== flowing) return { unsupported: "operators around the trees" };
  if ((graph.output ?? [])[0]?.name !== ensembleNode.output?.[0]) return { unsupported: "the trees' output is not the model's output" };

  const a = attributeMap(ensembleNode);
  const mismatch = tensorTypeMismatch(a, double);
  if (mismatch !== undefined) return { unsupported: mismatch };
  const aggregate = text(a.get("aggregate_function"), "SUM");
  if (aggregate !== "SUM" && aggregate !== "AVERAGE") return { unsupported: `aggregate_function ${aggregate}` };
  const post = text(a.get("post_transform"), "NONE");
  if (post !== "NONE") return { unsupported: `post_transform ${post}` };
  if (Number(a.get("n_targets")?.i ?? 1) !== 1) return { unsupported: "more than one target" };
  const bases = numbers(a.get("base_values_as_tensor") ?? a.get("base_values")) ?? [];
  if (bases.length > 1) return { unsupported: "more than one base value" };

  const treeIds = numbers(a.get("nodes_treeids")) ?? [];
  const nodeIds = numbers(a.get("nodes_nodeids")) ?? [];
  const features = numbers(a.get("nodes_featureids")) ?? [];
  const thresholds = numbers(a.get("nodes_values_as_tensor") ?? a.get("nodes_values")) ?? [];
  const modes = texts(a.get("nodes_modes"));
  const trueIds = numbers(a.get("nodes_truenodeids")) ?? [];
  const falseIds = numbers(a.get("nodes_falsenodeids")) ?? [];
  const count = treeIds.length;
  if ([nodeIds, features, modes, trueIds, falseIds].some((list) => list.length !== count) || (thresholds.length !== count && thresholds.length !== 0)) {
    return { unsupported: "node attributes of different lengths" };
  }
  const byTree = new Map<number, Map<number, SpecNode>>();
  for (let i = 0; i < count; i++) {
    const mode = modes[i];
    if (mode !== "LEAF" && !BRANCH_MODES.has(mode)) return { unsupported: `node mode ${mode}` };
    let tree = byTree.get(treeIds[i]);
    if (tree === undefined) byTree.set(treeIds[i], tree = new Map());
    if (tree.has(nodeIds[i])) return { unsupported: `tree ${treeIds[i]} repeats node ${nodeIds[i]}` };
    const threshold = double ? thresholds[i] ?? 0 : Math.fround(thresholds[i] ?? 0);
    tree.set(nodeIds[i], { mode: mode as SpecNode["mode"], feature: features[i], threshold, trueId: trueIds[i], falseId: falseIds[i], weight: 0 });
  }
  const leafTrees = numbers(a.get("target_treeids")) ?? [];
  const leafNodes = numbers(a.get("target_nodeids")) ?? [];
  const leafTargets = numbers(a.get("target_ids")) ?? [];
  const weights = numbers(a.get("target_weights_as_tensor") ?? a.get("target_weights")) ?? [];
  if (leafNodes.length !== leafTrees.length || weights.length !== leafTrees.length) return { unsupported: "target attributes of different lengths" };
  for (let i = 0; i < leafTrees.length; i++) {
    const node = byTree.get(leafTrees[i])?.get(leafNodes[i]);
    if (node === undefined || node.mode !== "LEAF") return { unsupported: `a target weight names tree ${leafTrees[i]} node ${leafNodes[i]}, not a leaf` };
    if ((leafTargets[i] ?? 0) !== 0) return { unsupported: "more than one target" };
    node.weight = double ? node.weight + weights[i] : Math.fround(node.weight + Math.fround(weights[i]));
  }
  const specTrees: SpecTree[] = [];
  for (const id of [...byTree.keys()].sort((x, y) => x - y)) {
    const tree = byTree.get(id)!;
    const children = new Set<number>();
    for (const node of tree.values()) if (node.mode !== "LEAF") children.add(node.trueId).add(node.falseId);
    const roots = [...tree.keys()].filter((nodeId) => !children.has(nodeId));
    if (roots.length !== 1) return { unsupported: `tree ${id} has ${roots.length} roots` };
    specTrees.push({ root: roots[0], nodes: tree });
  }
  const base = bases[0] ?? 0;
  return { spec: { trees: specTrees, aggregate, base: double ? base : Math.fround(base), double } };
}

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

function nextDownFloat32(value: number): number {
  if (value === Number.NEGATIVE_INFINITY) return value;
  if (value === 0) return -1.401298464324817e-45;
  f32[0] = value;
  f32Bits[0] += value > 0 ? -1 : 1;
  return f32[0];
}

/** Largest float32 <= t: for float32 x, x <= t exactly when x <= it. */
function float32AtMost(t: number): number {
  const f = Math.fround(t);
  return f > t ? nextDownFloat32(f) : f;
}

/** Largest float32 < t: for float32 x, x < t exactly when x <= it. */
function float32Below(t: number): number {
  const f = Math.fround(t);
  return f >= t ? nextDownFloat32(f) : f;
}

/** Never reached by a byte: the node always goes left. */
const NEVER_RIGHT = 0xffff;

/** For an integer feature x in 0..255: x > t exactly when x >= the bound (0: always, NEVER_RIGHT: never). */
function integerBound(t: number): number {
  const bound = Math.floor(t) + 1;
  return bound <= 0 ? 0 : bound > 255 ? NEVER_RIGHT : bound;
}

function treeDepth(tree: SpecTree, id: number, level: number): number {
  const node = tree.nodes.get(id);
  if (node === undefined || level > MAX_COMPILED_DEPTH) return Number.POSITIVE_INFINITY;
  if (node.mode === "LEAF") return level;
  return Math.max(treeDepth(tree, node.trueId, level + 1), treeDepth(tree, node.falseId, level + 1));
}

/**
 * The evaluator's layout of `spec`. For integer features in 0..255 (every encoding of lissnas) it
 * reaches the same leaf as the ONNX semantics on float32 inputs at every node; missing-value routing
 * does not matter for them (finite by construction).
 */
export function compileTreeEnsemble(spec: TreeEnsembleSpec): CompileResult {
  let depth = 0;
  for (const tree of spec.trees) depth = Math.max(depth, treeDepth(tree, tree.root, 0));
  if (!Number.isFinite(depth)) return { unsupported: `a tree deeper than ${MAX_COMPILED_DEPTH} levels, or a dangling child` };
  for (const tree of spec.trees) {
    for (const node of tree.nodes.values()) {
      if (node.mode === "LEAF") continue;
      if (Number.isNaN(node.threshold)) return { unsupported: "a NaN threshold" };
      if (!Number.isInteger(node.feature) || node.feature < 0 || node.feature >= NEVER_RIGHT) return { unsupported: `feature column ${node.feature}` };
    }
  }
  const internal = 2 ** depth - 1;
  const bytes = spec.trees.length * (internal * 4 + (internal + 1) * 8);
  if (bytes > MAX_COMPILED_BYTES) return { unsupported: `padded to depth ${depth} the trees take ${(bytes / 2 ** 20).toFixed(0)} MiB` };
  const nodes = new Uint32Array(spec.trees.length * internal);
  const leaves = new Float64Array(spec.trees.length * (internal + 1));
  const alwaysLeft = NEVER_RIGHT << 16;
  let maxFeature = 0;
  spec.trees.forEach((tree, t) => {
    const nodeBase = t * internal;
    const leafBase = t * (internal + 1);
    // Slot k at level `level`; a leaf above the last level fills its whole padded subtree.
    const fill = (id: number, k: number, level: number): void => {
      const node = tree.nodes.get(id)!;
      if (node.mode === "LEAF") {
        for (let span = 1, first = k; ; span *= 2, first = 2 * first + 1) {
          if (first >= internal) {
            leaves.fill(node.weight, leafBase + first - internal, leafBase + first - internal + span);
            break;
          }
          for (let j = first; j < first + span; j++) {
            nodes[nodeBase + j] = alwaysLeft;
          }
        }
        return;
      }
      const goesRightWhenTrue = node.mode === "BRANCH_GT" || node.mode === "BRANCH_GTE";
      const strict = node.mode === "BRANCH_LT" || node.mode === "BRANCH_GTE";
      const threshold = strict ? float32Below(node.threshold) : float32AtMost(node.threshold);
      // Go right when x > threshold (a float32 bound, exact for float32 x), i.e. when the integer x reaches its bound.
      nodes[nodeBase + k] = (node.feature | (integerBound(threshold) << 16)) >>> 0;
      maxFeature = Math.max(maxFeature, node.feature);
      fill(goesRightWhenTrue ? node.falseId : node.trueId, 2 * k + 1, level + 1);
      fill(goesRightWhenTrue ? node.trueId : node.falseId, 2 * k + 2, level + 1);
    };
    fill(tree.root, 0, 0);
  });
  return {
    compiled: {
      depth, trees: spec.trees.length, nodes, leaves, base: spec.base, maxFeature, double: spec.double,
      divisor: spec.aggregate === "AVERAGE" && spec.trees.length > 0 ? spec.trees.length : 1,
    },
  };
}

/** The compiled ensemble of a model for rows of `width` features, or why onnxruntime must run it. */
export function compileModelTrees(model: ModelProto, width: number, file: string): CompileResult {
  const read = readTreeEnsemble(model);
  if ("unsupported" in read) return read;
  const result = compileTreeEnsemble(read.spec);
  if ("compiled" in result && result.compiled.maxFeature >= width) {
    throw new LissnasError("E_PREDICTOR", `a tree node reads feature column ${result.compiled.maxFeature}; the encoding writes ${width} columns`, { file });
  }
  return result;
}

/**
 * The ONNX semantics, one row at a time, straight from the spec: compare, route by mode, sum leaves in
 * tree order (in the spec's precision), aggregate, add the base, round to float32. The reference the
 * WASM evaluator is tested against.
 */
export function predictTreeEnsembleReference(spec: TreeEnsembleSpec, row: Float32Array): number {
  let sum = 0;
  for (const tree of spec.trees) {
    let node = tree.nodes.get(tree.root)!;
    while (node.mode !== "LEAF") {
      const x = row[node.feature];
      const t = node.threshold;
      const goTrue = node.mode === "BRANCH_LEQ" ? x <= t : node.mode === "BRANCH_LT" ? x < t : node.mode === "BRANCH_GTE" ? x >= t : x > t;
      node = tree.nodes.get(goTrue ? node.trueId : node.falseId)!;
    }
    sum = spec.double ? sum + node.weight : Math.fround(sum + node.weight);
  }
  const divisor = spec.aggregate === "AVERAGE" && spec.trees.length > 0 ? spec.trees.length : 1;
  return spec.double ? Math.fround(sum / divisor + spec.base) : Math.fround(Math.fround(sum / divisor) + spec.base);
}
