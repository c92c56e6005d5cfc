// onnxruntime-node settings for the tree-ensemble model, swept once to choose the defaults and the
// engine (BENCHMARKS.md records the figures): intra-op threads, batch size, graph optimisation and
// execution mode, on the golden 300-tree XGBoost model, genomes in, scores out. Not part of
// `npm run bench`; run it with `node dist/bench/onnxruntimeSweep.js`.
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { openPredictor } from "../src/predict/predictor.js";
import { sharedPath } from "../test/helpers/shared.js";

const MS = Number(process.env.LISSNAS_BENCH_MS ?? 1000);
const nb201 = getSpace("nb201");
const genomes = new SpaceKernels(nb201).sample(100000, 1n);

const lines: string[] = ["| intra-op threads | batch | graph optimisation | execution mode | rows/s |", "|---:|---:|---|---|---:|"];
for (const threads of [1, 2]) {
  for (const graphOptimizationLevel of ["all", "disabled"] as const) {
    for (const executionMode of ["sequential", "parallel"] as const) {
      for (const batch of [1000, 10000, 100000]) {
        const predictor = await openPredictor(sharedPath("golden/xgb_nb201_onehot.onnx"), nb201,
          { engine: "onnxruntime", features: "nb201/onehot@1", threads, batchSize: batch, session: { graphOptimizationLevel, executionMode } });
        const input = genomes.subarray(0, batch * 6);
        await predictor.predict(input);
        let done = 0;
        const start = performance.now();
        while (performance.now() - start < MS) {
          await predictor.predict(input);
          done += batch;
        }
        await predictor.close?.();
        const rate = done / ((performance.now() - start) / 1000);
        lines.push(`| ${threads} | ${batch.toLocaleString("en-US")} | ${graphOptimizationLevel} | ${executionMode} | ${Math.round(rate).toLocaleString("en-US")} |`);
      }
    }
  }
}
process.stdout.write(lines.join("\n") + "\n");
