// End to end: a LISSNAS run on nb301 through the library (sampling, walks, keys, score table, scoring,
// admission), on the pool, scored by the synthetic landscape and by a real 300-tree ONNX model on both
// engines. LISSNAS_BENCH_SCALE=10m runs the 10^7 configuration (synthetic only).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { shrink, type ScoringModel } from "../src/shrink/lissnas.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import { fitModel } from "../src/predict/fit.js";
import { openPredictor, type PredictorEngine } from "../src/predict/predictor.js";
import { sharedPath } from "../test/helpers/shared.js";
import type { Row } from "./harness.js";

/** A 300-tree, depth-6 model of NB301 validation accuracy fitted on the 725 DARTS rows. */
function nb301Model(): string {
  const space = getSpace("nb301");
  const rows = readFileSync(sharedPath("data/nb301/nb301_naslib_zc725.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { arch: string; val_acc: number });
  const genomes = new Uint8Array(rows.length * space.genomeLength);
  rows.forEach((row, i) => genomes.set(space.parse(row.arch), i * space.genomeLength));
  const model = fitModel(space, { genomes, targets: Float64Array.from(rows, (row) => row.val_acc), lines: [], digest: "-" }, "val_acc",
    { params: { rounds: 300, maxDepth: 6, earlyStoppingRounds: 0, validationFraction: 0 } });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-bench-")), "nb301-300trees.onnx");
  writeFileSync(file, model.onnx);
  return file;
}

export async function shrinkBench(workers = 2): Promise<Row[]> {
  const space = getSpace("nb301");
  const big = process.env.LISSNAS_BENCH_SCALE === "10m";
  const options = big
    ? { initial: 100000, seeds: 100, maxSeeds: 100, perSeed: 12000, maxIterations: 10, minGain: -1 }
    : { initial: 100000, seeds: 100, maxSeeds: 100, perSeed: 10000, maxIterations: 2, minGain: -1 };
  const run = async (label: string, model: ScoringModel): Promise<Row> => {
    const result = await shrink(space, model, options, undefined, { workers });
    const rss = process.resourceUsage().maxRSS * 1024;
    return { operation: `end to end: shrink nb301, ${label}, ${workers} workers (explored archs)`, batch: result.explored, opsPerSecond: result.explored / result.seconds,
      note: `${result.explored.toLocaleString("en-US")} explored in ${result.seconds.toFixed(1)} s, bench process peak RSS ${(rss / 2 ** 30).toFixed(2)} GiB` };
  };
  const rows = [await run("synthetic landscape", new SyntheticLandscape(space, 1n))];
  if (big) return rows;
  const file = nb301Model();
  for (const engine of ["wasm", "onnxruntime"] as PredictorEngine[]) {
    // As `lissnas shrink --workers N` does: the predictor gets N threads too.
    const predictor = await openPredictor(file, space, { engine, threads: workers });
    rows.push(await run(`300-tree ONNX model on the ${engine} engine`, predictor));
    await predictor.close?.();
  }
  return rows;
}
