// Tree-ensemble regression (the ONNX ai.onnx.ml TreeEnsembleRegressor a predictor file holds), compiled
// by the host (src/predict/treeEnsemble.ts) into perfect binary trees of one depth D: internal node k of
// a tree has children 2k+1 (left) and 2k+2 (right), leaves are the last 2^D slots. Feature values are
// small integers (gene values, 0/1 indicators), so rows are bytes and every comparison is normalised to
// "go right when x >= an integer bound": a row walks exactly D steps without a branch, and eight rows
// walk side by side to keep the loads of independent chains in flight.
import { STATUS_OK, STATUS_BAD_ARGUMENT } from "./common";
import { encodeRows } from "./features";

/** Rows encoded and scored per block: their feature rows stay in L1 while every tree passes over them. */
const BLOCK_ROWS: i32 = 256;

// @ts-ignore: decorator
@inline
function step(nodes: usize, k: u32, row: usize): u32 {
  // A node is (feature column: low 16 bits, bound: high 16 bits) in one u32; 0xffff is never reached.
  const node = load<u32>(nodes + (<usize>k << 2));
  const x = <u32>load<u8>(row + <usize>(node & 0xffff));
  return (k << 1) + 1 + <u32>(x >= (node >> 16));
}

/**
 * Adds the leaf value each of `count` rows (`width` bytes each, at `rows`) reaches in every tree to
 * sums[i], in tree order, in T (f32 or f64, the precision onnxruntime sums the model in).
 * `nodes`: trees x (2^depth - 1) u32 nodes; `leaves`: trees x 2^depth f64.
 */
function accumulateTrees<T>(nodes: usize, leaves: usize, trees: i32, depth: i32, rows: usize, count: i32, width: i32, sums: usize): void {
  const size = <usize>sizeof<T>();
  const internal = (<u32>1 << <u32>depth) - 1;
  const rowBytes = <usize>width;
  for (let t = 0; t < trees; t++) {
    const treeNodes = nodes + ((<usize>t * <usize>internal) << 2);
    // Leaf slot k - internal of this tree, addressed from the node index directly.
    const treeLeaves = leaves + ((<usize>t * <usize>(internal + 1)) << 3) - (<usize>internal << 3);
    let i = 0;
    for (; i + 8 <= count; i += 8) {
      const r0 = rows + <usize>i * rowBytes;
      const r1 = r0 + rowBytes;
      const r2 = r1 + rowBytes;
      const r3 = r2 + rowBytes;
      const r4 = r3 + rowBytes;
      const r5 = r4 + rowBytes;
      const r6 = r5 + rowBytes;
      const r7 = r6 + rowBytes;
      let k0: u32 = 0, k1: u32 = 0, k2: u32 = 0, k3: u32 = 0, k4: u32 = 0, k5: u32 = 0, k6: u32 = 0, k7: u32 = 0;
      for (let s = 0; s < depth; s++) {
        k0 = step(treeNodes, k0, r0);
        k1 = step(treeNodes, k1, r1);
        k2 = step(treeNodes, k2, r2);
        k3 = step(treeNodes, k3, r3);
        k4 = step(treeNodes, k4, r4);
        k5 = step(treeNodes, k5, r5);
        k6 = step(treeNodes, k6, r6);
        k7 = step(treeNodes, k7, r7);
      }
      const out = sums + <usize>i * size;
      store<T>(out, load<T>(out) + <T>load<f64>(treeLeaves + (<usize>k0 << 3)));
      store<T>(out + size, load<T>(out + size) + <T>load<f64>(treeLeaves + (<usize>k1 << 3)));
      store<T>(out + 2 * size, load<T>(out + 2 * size) + <T>load<f64>(treeLeaves + (<usize>k2 << 3)));
      store<T>(out + 3 * size, load<T>(out + 3 * size) + <T>load<f64>(treeLeaves + (<usize>k3 << 3)));
      store<T>(out + 4 * size, load<T>(out + 4 * size) + <T>load<f64>(treeLeaves + (<usize>k4 << 3)));
      store<T>(out + 5 * size, load<T>(out + 5 * size) + <T>load<f64>(treeLeaves + (<usize>k5 << 3)));
      store<T>(out + 6 * size, load<T>(out + 6 * size) + <T>load<f64>(treeLeaves + (<usize>k6 << 3)));
      store<T>(out + 7 * size, load<T>(out + 7 * size) + <T>load<f64>(treeLeaves + (<usize>k7 << 3)));
    }
    for (; i < count; i++) {
      const row = rows + <usize>i * rowBytes;
      let k: u32 = 0;
      for (let s = 0; s < depth; s++) k = step(treeNodes, k, row);
      const out = sums + <usize>i * size;
      store<T>(out, load<T>(out) + <T>load<f64>(treeLeaves + (<usize>k << 3)));
    }
  }
}

/**
 * Scores `count` genomes (`length` bytes each): encodes a block of feature rows with `plan` (as
 * encodeFeatures does), sums the trees' leaves in tree order, then out[i] = f32(sum / divisor + base)
 * (divisor 1 for SUM, the tree count for AVERAGE). `double` != 0 sums in f64, else in f32 (as
 * onnxruntime does for a model fed float or double). scratch: BLOCK_ROWS x (width + 8) bytes.
 * Called once per predictor batch.
 */
export function scoreGenomesWithTrees(genomes: usize, count: i32, length: i32, plan: usize, width: i32,
  nodes: usize, leaves: usize, trees: i32, depth: i32, base: f64, divisor: f64, double: i32, scratch: usize, out: usize): i32 {
  if (count < 0 || length <= 0 || width <= 0 || trees < 0 || depth < 0 || depth > 24 || !(divisor > 0)) return STATUS_BAD_ARGUMENT;
  const rows = scratch;
  const sums = scratch + ((<usize>BLOCK_ROWS * <usize>width + 7) & ~<usize>7);
  for (let start = 0; start < count; start += BLOCK_ROWS) {
    const n = min(BLOCK_ROWS, count - start);
    const status = encodeRows<u8>(genomes + <usize>start * <usize>length, n, length, plan, width, rows);
    if (status != STATUS_OK) return status;
    memory.fill(sums, 0, <usize>n << 3);
    const scores = out + (<usize>start << 2);
    if (double) {
      accumulateTrees<f64>(nodes, leaves, trees, depth, rows, n, width, sums);
      for (let i = 0; i < n; i++) store<f32>(scores + (<usize>i << 2), <f32>(load<f64>(sums + (<usize>i << 3)) / divisor + base));
    } else {
      accumulateTrees<f32>(nodes, leaves, trees, depth, rows, n, width, sums);
      for (let i = 0; i < n; i++) store<f32>(scores + (<usize>i << 2), load<f32>(sums + (<usize>i << 2)) / <f32>divisor + <f32>base);
    }
  }
  return count;
}

/** Bytes of scratch scoreGenomesWithTrees needs for rows of `width` features. */
export function treeScratchBytes(width: i32): i32 {
  return BLOCK_ROWS * (width + 8) + 8;
}
