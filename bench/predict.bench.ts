// Predictor throughput: genomes -> feature rows (WASM) -> onnxruntime, at batch 1, 1,000 and 100,000;
// plus the feature kernel against its TypeScript reference. Setup (session load) is timed apart.
// Run alone with `node dist/bench/predict.bench.js`, or through bench/run.ts (exports runPredictBench).
import { fileURLToPath } from "node:url";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { openPredictor } from "../src/predict/predictor.js";
import { encodeFeatures, encodeFeaturesReference, getEncoding } from "../src/predict/features.js";
import { sharedPath } from "../test/helpers/shared.js";

export interface BenchRow {
  name: string;
  batch: number;
  rowsPerSecond: number;
  note?: string;
}

async function timeIt(minMs: number, run: () => Promise<number> | number): Promise<number> {
  let rows = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) rows += await run();
  return rows / ((performance.now() - start) / 1000);
}

export async function runPredictBench(minMs = 1000): Promise<BenchRow[]> {
  const nb201 = getSpace("nb201");
  const kernels = new SpaceKernels(nb201);
  const genomes = kernels.sample(100000, 1n);
  const results: BenchRow[] = [];
  const setupStart = performance.now();
  const predictor = await openPredictor(sharedPath("golden/xgb_nb201_onehot.onnx"), nb201, { features: "nb201/onehot@1" });
  const setupMs = performance.now() - setupStart;
  await predictor.predict(genomes.subarray(0, 6000)); // warm-up
  for (const batch of [1, 1000, 100000]) {
    let at = 0;
    const rowsPerSecond = await timeIt(minMs, async () => {
      const start = (at++ * batch) % (100000 - batch + 1);
      await predictor.predict(genomes.subarray(start * 6, (start + batch) * 6));
      return batch;
    });
    results.push({ name: "predict nb201 (XGBoost 300 trees, ONNX)", batch, rowsPerSecond, note: batch === 1 ? `session load ${setupMs.toFixed(0)} ms` : undefined });
  }
  await predictor.close?.();
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
