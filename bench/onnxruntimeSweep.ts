// onnxruntime-node settings for the tree-ensemble model, swept once to choose the defaults and the
// engine (BENCHMARKS.md records the figures): intra-op threads, batch size, graph optimisation and
// execution mode, on the golden 300-tree XGBoost model. Not part of `npm run bench`; run it with
// `node dist/bench/onnxruntimeSweep.js`.
import { readFileSync } from "node:fs";
import ort from "onnxruntime-node";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { encodeFeatures, getEncoding } from "../src/predict/features.js";
import { sharedPath } from "../test/helpers/shared.js";

const MS = Number(process.env.LISSNAS_BENCH_MS ?? 1000);
const nb201 = getSpace("nb201");
const encoding = getEncoding("nb201/onehot@1", nb201);
const rows = encodeFeatures(encoding, new SpaceKernels(nb201).sample(100000, 1n));
const model = readFileSync(sharedPath("golden/xgb_nb201_onehot.onnx"));

const lines: string[] = ["| intra-op threads | batch | graph optimisation | execution mode | rows/s |", "|---:|---:|---|---|---:|"];
for (const threads of [1, 2]) {
  for (const graphOptimizationLevel of ["all", "disabled"] as const) {
    for (const executionMode of ["sequential", "parallel"] as const) {
      const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel, executionMode });
      for (const batch of [1000, 10000, 100000]) {
        const input = new ort.Tensor("float32", rows.subarray(0, batch * encoding.width), [batch, encoding.width]);
        await session.run({ input });
        let done = 0;
        const start = performance.now();
        while (performance.now() - start < MS) {
          await session.run({ input });
          done += batch;
        }
        const rate = done / ((performance.now() - start) / 1000);
        lines.push(`| ${threads} | ${batch.toLocaleString("en-US")} | ${graphOptimizationLevel} | ${executionMode} | ${Math.round(rate).toLocaleString("en-US")} |`);
      }
      await session.release();
    }
  }
}
process.stdout.write(lines.join("\n") + "\n");
