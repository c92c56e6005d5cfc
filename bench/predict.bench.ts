// Predictor throughput, genomes in, scores out, on both engines (onnxruntime; trees compiled into the
// WASM core, on the calling thread and on 2 workers), at batch 1, 1,000 and 100,000; plus the feature
// kernel against its TypeScript reference. Setup (model load) is timed apart.
// Run alone with `node dist/bench/predict.bench.js`, or through bench/run.ts (exports runPredictBench).
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { openPredictor, type PredictorOptions } from "../src/predict/predictor.js";
import { fitModel } from "../src/predict/fit.js";
import { decodeOnnxModel } from "../src/predict/onnxModel.js";
import { readTreeEnsemble } from "../src/predict/treeEnsemble.js";
import { predictEnsemble, type TreeEnsemble } from "../src/predict/gbdt.js";
import { encodeFeatures, encodeFeaturesReference, getEncoding } from "../src/predict/features.js";
import { sharedPath } from "../test/helpers/shared.js";

export interface BenchRow {
  name: string;
  batch: number;
  rowsPerSecond: number;
  /** The plain-TypeScript walk of the same trees (gbdt.ts predictEnsemble), rows/s. */
  referenceRowsPerSecond?: number;
  note?: string;
}

async function timeIt(minMs: number, run: () => Promise<number> | number): Promise<number> {
  let rows = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) rows += await run();
  return rows / ((performance.now() - start) / 1000);
}

/**
 * rows/s of the plain-TypeScript tree walk (gbdt.ts predictEnsemble: flat arrays, float32 rows, leaves
 * summed in double) over the same trees: the reference the wasm engine is measured against. The model's
 * branches become "x <= t" nodes, which is their meaning on these 0/1 features (thresholds 0.5).
 */
async function referenceRate(file: string, genomes: Uint8Array, minMs: number): Promise<number> {
  const encoding = getEncoding("nb201/onehot@1");
  const read = readTreeEnsemble(decodeOnnxModel(readFileSync(file), file));
  if (!("spec" in read)) throw new Error(read.unsupported);
  const ensemble: TreeEnsemble = {
    baseScore: read.spec.base,
    trees: read.spec.trees.map((tree) => {
      const size = Math.max(...tree.nodes.keys()) + 1;
      const flat = { feature: new Int32Array(size).fill(-1), threshold: new Float32Array(size), left: new Int32Array(size), right: new Int32Array(size), value: new Float64Array(size) };
      for (const [id, node] of tree.nodes) {
        if (node.mode === "LEAF") {
          flat.value[id] = node.weight;
          continue;
        }
        flat.feature[id] = node.feature;
        flat.threshold[id] = node.threshold;
        flat.left[id] = node.trueId;
        flat.right[id] = node.falseId;
      }
      return flat;
    }),
  };
  const rows = encodeFeatures(encoding, genomes.subarray(0, 10000 * 6));
  return timeIt(minMs, () => predictEnsemble(ensemble, rows, encoding.width).length);
}

/** rows/s of one predictor at batch 1, 1,000 and 100,000 (session load timed apart). */
async function predictorRows(name: string, file: string, genomes: Uint8Array, minMs: number, options: PredictorOptions): Promise<BenchRow[]> {
  const nb201 = getSpace("nb201");
  const results: BenchRow[] = [];
  const setupStart = performance.now();
  const predictor = await openPredictor(file, nb201, { features: "nb201/onehot@1", ...options });
  const setupMs = performance.now() - setupStart;
  await predictor.predict(genomes.subarray(0, 6000)); // warm-up
  for (const batch of [1, 1000, 100000]) {
    if (options.threads !== undefined && options.threads > 1 && batch < 100000) continue;
    let at = 0;
    const rowsPerSecond = await timeIt(minMs, async () => {
      const start = (at++ * batch) % (100000 - batch + 1);
      await predictor.predict(genomes.subarray(start * 6, (start + batch) * 6));
      return batch;
    });
    results.push({ name, batch, rowsPerSecond, note: batch === 1 || options.threads! > 1 ? `load ${setupMs.toFixed(0)} ms` : undefined });
  }
  await predictor.close?.();
  return results;
}

/** A 500-tree, depth-6 model fitted by lissnas (double thresholds and sums) on 1,000 NB201 cells. */
function fitted500(): string {
  const nb201 = getSpace("nb201");
  const table = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").trim().split("\n").slice(0, 1000).map((line) => JSON.parse(line) as { arch: string; val_acc: number });
  const genomes = new Uint8Array(table.length * 6);
  table.forEach((row, i) => genomes.set(nb201.parse(row.arch), i * 6));
  const model = fitModel(nb201, { genomes, targets: Float64Array.from(table, (row) => row.val_acc), lines: [], digest: "-" }, "val_acc",
    { features: "nb201/onehot@1", params: { rounds: 500, maxDepth: 6, earlyStoppingRounds: 0, validationFraction: 0 } });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-bench-")), "fitted500.onnx");
  writeFileSync(file, model.onnx);
  return file;
}

export async function runPredictBench(minMs = 1000): Promise<BenchRow[]> {
  const nb201 = getSpace("nb201");
  const kernels = new SpaceKernels(nb201);
  const genomes = kernels.sample(100000, 1n);
  const golden = sharedPath("golden/xgb_nb201_onehot.onnx");
  const results: BenchRow[] = [];
  const xgb = "predict nb201, XGBoost 300 trees depth 6";
  results.push(...await predictorRows(`${xgb}, onnxruntime (2 intra-op threads)`, golden, genomes, minMs, { engine: "onnxruntime", threads: 2 }));
  const goldenReference = await referenceRate(golden, genomes, minMs);
  results.push(...(await predictorRows(`${xgb}, wasm engine (1 thread)`, golden, genomes, minMs, { engine: "wasm" }))
    .map((row) => (row.batch === 100000 ? { ...row, referenceRowsPerSecond: goldenReference } : row)));
  results.push(...await predictorRows(`${xgb}, wasm engine (2 workers)`, golden, genomes, minMs, { engine: "wasm", threads: 2 }));
  const fitted = fitted500();
  const own = "predict nb201, lissnas 500 trees depth 6 (double)";
  results.push(...(await predictorRows(`${own}, onnxruntime (2 intra-op threads)`, fitted, genomes, minMs, { engine: "onnxruntime", threads: 2 })).filter((row) => row.batch === 100000));
  const fittedReference = await referenceRate(fitted, genomes, minMs);
  results.push(...(await predictorRows(`${own}, wasm engine (1 thread)`, fitted, genomes, minMs, { engine: "wasm" }))
    .filter((row) => row.batch === 100000).map((row) => ({ ...row, referenceRowsPerSecond: fittedReference })));
  results.push(...await predictorRows(`${own}, wasm engine (2 workers)`, fitted, genomes, minMs, { engine: "wasm", threads: 2 }));
  const encoding = getEncoding("nb201/onehot@1");
  const wasm = await timeIt(minMs, () => encodeFeatures(encoding, genomes).length / encoding.width);
  const reference = await timeIt(minMs, () => {
    for (let i = 0; i < 10000; i++) encodeFeaturesReference(encoding, genomes.subarray(i * 6, i * 6 + 6));
    return 10000;
  });
  results.push({ name: "encode nb201/onehot@1 (WASM batch)", batch: 100000, rowsPerSecond: wasm, note: `${(wasm / reference).toFixed(1)}x the TS reference` });
  results.push({ name: "encode nb201/onehot@1 (TS reference)", batch: 1, rowsPerSecond: reference });
  return results;
}

export function formatBench(rows: BenchRow[]): string {
  return rows.map((row) => `${row.name.padEnd(42)} batch ${String(row.batch).padStart(6)}  ${Math.round(row.rowsPerSecond).toLocaleString("en-US").padStart(12)} rows/s${row.note ? `  (${row.note})` : ""}`).join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatBench(await runPredictBench()) + "\n");
}
