// Throughput of the outside scorers, genomes in, scores out: the example Python scorer through cmd:
// in JSON and in binary mode, and an Open Inference Protocol server on loopback (node:http +
// onnxruntime, the golden XGBoost model) with 1 and 4 requests in flight. Setup (spawn, handshake,
// metadata) is timed apart. Run alone: `node dist/bench/outsideScorers.bench.js` (needs python3).
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { openPredictor, type PredictorOptions } from "../src/predict/predictor.js";
import type { SearchSpace } from "../src/spaces/space.js";
import { sharedPath } from "../test/helpers/shared.js";
import { startInferenceServer } from "../test/helpers/inferenceServer.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/scorer.py", import.meta.url));
const ROWS = Number(process.env.LISSNAS_BENCH_ROWS ?? 200_000);
const REPEATS = 3;

async function rate(spec: string, space: SearchSpace, options: PredictorOptions): Promise<{ rowsPerSecond: number; setupMs: number }> {
  const genomes = new SpaceKernels(space).sample(ROWS, 1n);
  const opened = performance.now();
  const predictor = await openPredictor(spec, space, options);
  const setupMs = performance.now() - opened;
  try {
    await predictor.predict(genomes.subarray(0, 1000 * space.genomeLength)); // warm-up
    let best = 0;
    for (let r = 0; r < REPEATS; r++) {
      const start = performance.now();
      await predictor.predict(genomes);
      best = Math.max(best, ROWS / ((performance.now() - start) / 1000));
      if (process.env.LISSNAS_BENCH_DEBUG) process.stderr.write(`  ${spec}: ${(performance.now() - start).toFixed(0)} ms\n`);
    }
    return { rowsPerSecond: best, setupMs };
  } finally {
    await predictor.close?.();
  }
}

const lines: string[] = [];
const report = (name: string, batch: number, result: { rowsPerSecond: number; setupMs: number }) => {
  const line = `${name.padEnd(58)} batch ${String(batch).padStart(5)}  ${Math.round(result.rowsPerSecond).toLocaleString("en-US").padStart(10)} rows/s  (setup ${result.setupMs.toFixed(0)} ms)`;
  lines.push(line);
  process.stderr.write(line + "\n");
};

for (const spaceId of ["nb201", "nb301"]) {
  const space = getSpace(spaceId);
  for (const format of ["json", "binary"]) {
    report(`cmd: examples/scorer.py ${format} (${spaceId})`, 4096, await rate(`cmd:python3 ${EXAMPLE} --format ${format}`, space, { batchSize: 4096 }));
  }
}

const nb201 = getSpace("nb201");
const golden = sharedPath("golden/xgb_nb201_onehot.onnx");
// The server in this process shares its event loop with the client; the one in a child process does not.
const inProcess = await startInferenceServer({ modelFile: golden, width: 30 });
const child = spawn(process.execPath, [fileURLToPath(new URL("./inferenceServerMain.js", import.meta.url)), golden, "30"], { stdio: ["ignore", "pipe", "inherit"] });
const childUrl = await new Promise<string>((resolve) => child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
try {
  for (const [where, url] of [["same process", inProcess.modelUrl], ["server process", childUrl]]) {
    for (const inflight of [1, 4]) {
      for (const batchSize of [1024, 4096]) {
        report(`http: v2 loopback (${where}), golden XGBoost, ${inflight} in flight (nb201)`, batchSize,
          await rate(url, nb201, { features: "nb201/onehot@1", batchSize, inflight }));
      }
    }
  }
  // A server whose every answer takes 20 ms longer (a remote GPU, a busy queue): what in-flight requests hide.
  const slow = await startInferenceServer({ modelFile: golden, width: 30, delayMs: () => 20 });
  for (const inflight of [1, 4]) {
    report(`http: v2 loopback, +20 ms per answer, ${inflight} in flight (nb201)`, 1024,
      await rate(slow.modelUrl, nb201, { features: "nb201/onehot@1", batchSize: 1024, inflight }));
  }
  await slow.close();
  report(`in-process reference: same model, wasm engine (nb201)`, 4096, await rate(golden, nb201, { features: "nb201/onehot@1", batchSize: 4096 }));
} finally {
  await inProcess.close();
  child.kill("SIGTERM");
}
process.stdout.write(lines.join("\n") + "\n");
