// The WASM tree-ensemble evaluator against the ONNX semantics (a plain TypeScript walk of the trees) and
// against onnxruntime, on the golden XGBoost model and on random ensembles in every supported variant.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { openPredictor, type Predictor } from "../src/predict/predictor.js";
import { decodeOnnxModel } from "../src/predict/onnxModel.js";
import { encodeFeatures, getEncoding } from "../src/predict/features.js";
import { readTreeEnsemble, compileTreeEnsemble, predictTreeEnsembleReference, type TreeEnsembleSpec } from "../src/predict/treeEnsemble.js";
import { ensembleToOnnx, type Mode, type TestEnsemble, type TestNode } from "./helpers/onnxTrees.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { treeScorerOfEnsemble } from "../src/predict/ensembleScorer.js";
import { predictEnsemble } from "../src/predict/gbdt.js";
import { runCli, jsonLines } from "./helpers/cli.js";

const nb201 = getSpace("nb201");
const encoding = getEncoding("nb201/onehot@1", nb201);
const GOLDEN_MODEL = sharedPath("golden/xgb_nb201_onehot.onnx");
const work = mkdtempSync(path.join(tmpdir(), "lissnas-trees-"));
const metadata = { "lissnas.space": "nb201", "lissnas.features": "nb201/onehot@1" };

function allCells(): Uint8Array {
  const genomes = new Uint8Array(15625 * 6);
  for (let i = 0; i < 15625; i++) for (let e = 0, v = i; e < 6; e++, v = Math.floor(v / 5)) genomes[i * 6 + e] = v % 5;
  return genomes;
}

async function scoreWith(file: string, engine: "wasm" | "onnxruntime", genomes: Uint8Array, options: { threads?: number; batchSize?: number } = {}) {
  const predictor: Predictor = await openPredictor(file, nb201, { engine, features: "nb201/onehot@1", ...options });
  try {
    return { scores: await predictor.predict(genomes), description: predictor.description };
  } finally {
    await predictor.close?.();
  }
}

function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

test("on the golden XGBoost model the wasm engine equals onnxruntime on one thread bit for bit, and is within 1e-4 of XGBoost's own predictions", needsShared("golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.predictions.jsonl"), async () => {
  const genomes = allCells();
  const wasm = await scoreWith(GOLDEN_MODEL, "wasm", genomes);
  assert.match(wasm.description, /wasm trees: 300 trees, depth 6, float sums/);
  const ortOne = await scoreWith(GOLDEN_MODEL, "onnxruntime", genomes, { threads: 1 });
  assert.doesNotMatch(ortOne.description, /wasm/);
  assert.deepEqual(wasm.scores, ortOne.scores);
  // onnxruntime on two threads sums the trees of a row in another order (float rounding, ~1e-4 at 90):
  // the wasm engine is no further from it than onnxruntime on one thread is.
  const ortTwo = await scoreWith(GOLDEN_MODEL, "onnxruntime", genomes, { threads: 2 });
  assert.ok(largestDifference(wasm.scores, ortTwo.scores) <= Math.max(1e-4, largestDifference(ortOne.scores, ortTwo.scores)),
    `wasm vs onnxruntime (2 threads): ${largestDifference(wasm.scores, ortTwo.scores)}`);
  const golden = new Map(jsonLines(readFileSync(sharedPath("golden/xgb_nb201_onehot.predictions.jsonl"), "utf8")).map((row) => [row.arch as string, row.pred as number]));
  let worst = 0;
  for (let i = 0; i < 15625; i++) {
    const arch = nb201.format(genomes.subarray(i * 6, i * 6 + 6)) as string;
    worst = Math.max(worst, Math.abs(wasm.scores[i] - golden.get(arch)!));
  }
  assert.ok(worst <= 1e-4, `wasm vs XGBoost's own predictions: ${worst}`);
});

test("batch size does not change the wasm engine's scores: one batch of N equals N batches of one", needsShared("golden/xgb_nb201_onehot.onnx"), async () => {
  const genomes = allCells().subarray(0, 700 * 6);
  const big = await scoreWith(GOLDEN_MODEL, "wasm", genomes, { batchSize: 65536 });
  const small = await scoreWith(GOLDEN_MODEL, "wasm", genomes, { batchSize: 1 });
  const odd = await scoreWith(GOLDEN_MODEL, "wasm", genomes, { batchSize: 257 });
  assert.deepEqual(small.scores, big.scores);
  assert.deepEqual(odd.scores, big.scores);
});

test("the wasm engine on 3 worker threads scores a large batch exactly as the calling thread does", needsShared("golden/xgb_nb201_onehot.onnx"), async () => {
  const genomes = new SpaceKernels(nb201).sample(40000, 3n);
  const one = await scoreWith(GOLDEN_MODEL, "wasm", genomes);
  const three = await scoreWith(GOLDEN_MODEL, "wasm", genomes, { threads: 3 });
  assert.match(three.description, /3 workers/);
  assert.deepEqual(three.scores, one.scores);
});

// Thresholds at and around the only feature values (0 and 1), where strict and non-strict modes differ
// and where rounding a double threshold to float moves it onto a feature value.
const THRESHOLDS = [0, 1, 0.5, -0.5, 1.5, 1 - 1e-9, 1 + 1e-9, 1e-9, -1e-9, 0.3, -3, 7];
const MODES: Mode[] = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"];

/** A random tree (up to `maxDepth` levels, unbalanced) from a small seeded generator, ids in preorder. */
function randomTree(seed: number, maxDepth: number, width: number): TestNode[] {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
  const nodes: TestNode[] = [];
  const grow = (level: number): number => {
    const id = nodes.length;
    if (level >= maxDepth || (level > 0 && next() < 0.25)) {
      nodes.push({ id, mode: "LEAF", weight: Math.fround((next() - 0.5) * 20) + (next() < 0.5 ? 1e-7 : 0) });
      return id;
    }
    const node = { id, mode: MODES[Math.floor(next() * 4)], feature: Math.floor(next() * width),
      threshold: next() < 0.8 ? THRESHOLDS[Math.floor(next() * THRESHOLDS.length)] : next() * 2 - 0.5, trueId: 0, falseId: 0 };
    nodes.push(node);
    node.trueId = grow(level + 1);
    node.falseId = grow(level + 1);
    return id;
  };
  grow(0);
  return nodes;
}

const ensembleArbitrary = fc.record({
  seeds: fc.array(fc.integer(), { minLength: 1, maxLength: 12 }),
  maxDepth: fc.integer({ min: 0, max: 7 }),
  base: fc.constantFrom(0, 0.5, 85.25, -3.1),
  aggregate: fc.constantFrom("SUM" as const, "AVERAGE" as const),
  tensorAttributes: fc.boolean(),
  castToDouble: fc.boolean(),
}).map(({ seeds, maxDepth, base, aggregate, tensorAttributes, castToDouble }): TestEnsemble => ({
  trees: seeds.map((seed) => randomTree(seed, maxDepth, encoding.width)), base, aggregate, tensorAttributes, castToDouble,
}));

test("on random ensembles (all branch modes, float or double, SUM or AVERAGE, unbalanced trees) the wasm engine equals the ONNX semantics and onnxruntime", async () => {
  const kernels = new SpaceKernels(nb201);
  const genomes = kernels.sample(400, 7n);
  const rows = encodeFeatures(encoding, genomes);
  let run = 0;
  await fc.assert(fc.asyncProperty(ensembleArbitrary, async (ensemble) => {
    const file = path.join(work, `random-${run++}.onnx`);
    writeFileSync(file, ensembleToOnnx(ensemble, encoding.width, metadata));
    const read = readTreeEnsemble(decodeOnnxModel(readFileSync(file), file));
    assert.ok("spec" in read, JSON.stringify(read));
    const spec: TreeEnsembleSpec = read.spec;
    assert.equal(spec.double, ensemble.castToDouble);
    const wasm = await scoreWith(file, "wasm", genomes);
    const reference = Float32Array.from({ length: 400 }, (_, i) => predictTreeEnsembleReference(spec, rows.subarray(i * encoding.width, (i + 1) * encoding.width)));
    assert.deepEqual(wasm.scores, reference);
    const ort = await scoreWith(file, "onnxruntime", genomes, { threads: 1 });
    assert.deepEqual(wasm.scores, ort.scores);
  }), { numRuns: 60, seed: 20261127 });
});

test("a model fitted by lissnas (double thresholds and sums) scores the same on both engines and in process, bit for bit", needsShared("data/nb201/nb201.jsonl"), async () => {
  const { fitModel } = await import("../src/predict/fit.js");
  const table = jsonLines(readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8")).slice(0, 500);
  const genomes = new Uint8Array(table.length * 6);
  table.forEach((row, i) => genomes.set(nb201.parse(row.arch as string), i * 6));
  const model = fitModel(nb201, { genomes, targets: Float64Array.from(table, (row) => row.val_acc as number), lines: [], digest: "-" }, "val_acc",
    { params: { rounds: 120, earlyStoppingRounds: 0, validationFraction: 0 } });
  const file = path.join(work, "fitted.onnx");
  writeFileSync(file, model.onnx);
  const wasm = await scoreWith(file, "wasm", genomes);
  assert.match(wasm.description, /double sums/);
  assert.deepEqual(wasm.scores, (await scoreWith(file, "onnxruntime", genomes)).scores);
  assert.deepEqual(wasm.scores, predictEnsemble(model.training.ensemble, encodeFeatures(encoding, genomes), encoding.width));
  assert.deepEqual(model.predict(genomes), wasm.scores);
});

test("on nb101 (adjacency bits and op one-hots) and nb301 encodings both engines score fitted models bit for bit alike", needsShared("data/nb101/nb101_vis20k.jsonl", "data/nb301/nb301_naslib_zc725.jsonl"), async () => {
  const { fitModel } = await import("../src/predict/fit.js");
  const cases = [
    { space: getSpace("nb101"), data: "data/nb101/nb101_vis20k.jsonl", rows: 600 },
    { space: getSpace("nb301"), data: "data/nb301/nb301_naslib_zc725.jsonl", rows: 725 },
  ];
  for (const { space, data, rows: limit } of cases) {
    const rows = jsonLines(readFileSync(sharedPath(data), "utf8")).slice(0, limit);
    const genomes = new Uint8Array(rows.length * space.genomeLength);
    rows.forEach((row, i) => genomes.set(space.parse(row.arch), i * space.genomeLength));
    const model = fitModel(space, { genomes, targets: Float64Array.from(rows, (row) => row.val_acc as number), lines: [], digest: "-" }, "val_acc",
      { params: { rounds: 80, earlyStoppingRounds: 0, validationFraction: 0 } });
    const file = path.join(work, `${space.id}.onnx`);
    writeFileSync(file, model.onnx);
    const sample = new SpaceKernels(space).sample(3000, 11n);
    const engines = await Promise.all((["wasm", "onnxruntime"] as const).map(async (engine) => {
      const predictor = await openPredictor(file, space, { engine });
      try {
        return await predictor.predict(sample);
      } finally {
        await predictor.close?.();
      }
    }));
    assert.deepEqual(engines[0], engines[1], space.id);
    assert.ok(new Set(engines[0]).size > 50, `${space.id}: the model separates the sample`);
  }
});

test("trained ensembles of any depth score in the WASM core exactly as the TypeScript walk of gbdt.ts", needsShared("data/nb101/nb101_vis20k.jsonl"), async () => {
  const { fitModel } = await import("../src/predict/fit.js");
  const nb101 = getSpace("nb101");
  const rows = jsonLines(readFileSync(sharedPath("data/nb101/nb101_vis20k.jsonl"), "utf8")).slice(0, 800);
  const genomes = new Uint8Array(rows.length * nb101.genomeLength);
  rows.forEach((row, i) => genomes.set(nb101.parse(row.arch), i * nb101.genomeLength));
  const targets = Float64Array.from(rows, (row) => row.val_acc as number);
  for (const maxDepth of [1, 3, 8, 12]) {
    const model = fitModel(nb101, { genomes, targets, lines: [], digest: "-" }, "val_acc",
      { params: { rounds: 40, maxDepth, earlyStoppingRounds: 0, validationFraction: 0, minChildWeight: 0 } });
    const scorer = treeScorerOfEnsemble(model.training.ensemble, model.encoding, nb101.genomeLength);
    assert.ok(scorer !== undefined);
    assert.ok(scorer.compiled.depth <= maxDepth);
    assert.deepEqual(scorer.score(genomes), predictEnsemble(model.training.ensemble, encodeFeatures(model.encoding, genomes), model.encoding.width), `depth ${maxDepth}`);
  }
});

test("a model the wasm engine cannot run goes to onnxruntime under auto, and is a clear error under --engine wasm", async () => {
  // BRANCH_EQ: onnxruntime runs it; the wasm evaluator takes only the ordered comparisons.
  const equals: TestNode[] = [{ id: 0, mode: "BRANCH_EQ", feature: 0, threshold: 1, trueId: 1, falseId: 2 }, { id: 1, mode: "LEAF", weight: 10 }, { id: 2, mode: "LEAF", weight: 20 }];
  const file = path.join(work, "equals.onnx");
  writeFileSync(file, ensembleToOnnx({ trees: [equals], base: 0, aggregate: "SUM", tensorAttributes: false, castToDouble: false }, encoding.width, metadata));
  const auto = await openPredictor(file, nb201);
  assert.doesNotMatch(auto.description, /wasm/);
  // Column 0 is edge 0 = none: 1 for the first cell, 0 for the second.
  assert.deepEqual(await auto.predict(Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0)), Float32Array.of(10, 20));
  await auto.close?.();
  await assert.rejects(openPredictor(file, nb201, { engine: "wasm" }),
    /equals\.onnx: the wasm engine cannot run this model \(node mode BRANCH_EQ\); use --engine onnxruntime/);
  await assert.rejects(openPredictor(file, nb201, { engine: "gpu" as "wasm" }), /unknown predictor engine "gpu"; expected one of auto, wasm, onnxruntime/);
  const wide = path.join(work, "wide.onnx");
  const reader: TestNode[] = [{ id: 0, mode: "BRANCH_LEQ", feature: 30, threshold: 0.5, trueId: 1, falseId: 2 }, { id: 1, mode: "LEAF", weight: 1 }, { id: 2, mode: "LEAF", weight: 2 }];
  writeFileSync(wide, ensembleToOnnx({ trees: [reader], base: 0, aggregate: "SUM", tensorAttributes: false, castToDouble: false }, encoding.width, metadata));
  await assert.rejects(openPredictor(wide, nb201), /wide\.onnx: a tree node reads feature column 30; the encoding writes 30 columns/);
});

test("compiling pads shallow leaves to the common depth, and trees deeper than the limit are left to onnxruntime", () => {
  const chain = (depth: number): TestNode[] => {
    const nodes: TestNode[] = [];
    for (let level = 0; level < depth; level++) nodes.push({ id: 2 * level, mode: "BRANCH_LT", feature: level % 30, threshold: 0.5, trueId: 2 * level + 1, falseId: 2 * level + 2 });
    nodes.push({ id: 2 * depth, mode: "LEAF", weight: 1 });
    for (let level = 0; level < depth; level++) nodes.push({ id: 2 * level + 1, mode: "LEAF", weight: level });
    return nodes;
  };
  const compile = (trees: TestNode[][]) => {
    const bytes = ensembleToOnnx({ trees, base: 0, aggregate: "SUM", tensorAttributes: false, castToDouble: false }, 30);
    const read = readTreeEnsemble(decodeOnnxModel(bytes, "m.onnx"));
    assert.ok("spec" in read);
    return compileTreeEnsemble(read.spec);
  };
  const small = compile([chain(3), chain(1)]);
  assert.ok("compiled" in small);
  assert.equal(small.compiled.depth, 3);
  assert.equal(small.compiled.leaves.length, 2 * 8);
  const deep = compile([chain(17)]);
  assert.ok("unsupported" in deep && /deeper than 16/.test(deep.unsupported), JSON.stringify(deep));
});

test("`lissnas predict --engine` runs either engine with the same output", needsShared("golden/xgb_nb201_onehot.onnx"), () => {
  const input = path.join(work, "cells.jsonl");
  writeFileSync(input, ["|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
    "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"].join("\n") + "\n");
  const base = ["predict", "nb201", input, "--model", GOLDEN_MODEL, "--features", "nb201/onehot@1", "--threads", "1"];
  const wasm = runCli([...base, "--engine", "wasm"]);
  const ort = runCli([...base, "--engine", "onnxruntime"]);
  assert.equal(wasm.status, 0, wasm.stderr);
  assert.equal(ort.status, 0, ort.stderr);
  assert.equal(wasm.stdout, ort.stdout);
  const bad = runCli([...base, "--engine", "cuda"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--engine/);
});

test("bad engine options are refused naming the option", needsShared("golden/xgb_nb201_onehot.onnx"), async () => {
  await assert.rejects(openPredictor(GOLDEN_MODEL, nb201, { features: "nb201/onehot@1", threads: 0 }), /threads must be an integer in 1\.\.1024; found 0/);
  await assert.rejects(openPredictor(GOLDEN_MODEL, nb201, { features: "nb201/onehot@1", threads: 2.5 }), /threads must be an integer in 1\.\.1024; found 2\.5/);
  await assert.rejects(openPredictor(GOLDEN_MODEL, nb201, { features: "nb201/onehot@1", batchSize: 0 }), /batch size must be an integer >= 1; found 0/);
  await assert.rejects(openPredictor(GOLDEN_MODEL, nb201, { features: "nb201/onehot@1", engine: "onnxruntime", batchSize: -1 }), /batch size must be an integer >= 1; found -1/);
  const closed = await openPredictor(GOLDEN_MODEL, nb201, { features: "nb201/onehot@1" });
  await closed.close?.();
  await assert.rejects(closed.predict(new Uint8Array(6)), /the predictor was closed/);
  const open = await openPredictor(GOLDEN_MODEL, nb201, { features: "nb201/onehot@1" });
  await assert.rejects(open.predict(new Uint8Array(7)), /genomes of 7 bytes are not whole genomes of 6 bytes/);
  await open.close?.();
});
