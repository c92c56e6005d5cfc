import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { openPredictor } from "../src/predict/predictor.js";
import { fitModel, readTrainingRows } from "../src/predict/fit.js";
import { readOnnxModelInfo, METADATA } from "../src/predict/onnxModel.js";
import { kendallTauB } from "../src/stats/index.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { runCli, jsonLines } from "./helpers/cli.js";

const work = mkdtempSync(path.join(tmpdir(), "lissnas-fit-"));
const NB201_TABLE = sharedPath("data/nb201/nb201.jsonl");
const NB101_TABLE = sharedPath("data/nb101/nb101_vis20k.jsonl");

function assertUserError(result: { status: number | null; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace for a user error");
}

function concat(genomes: Uint8Array[], length: number): Uint8Array {
  const all = new Uint8Array(genomes.length * length);
  genomes.forEach((genome, i) => all.set(genome, i * length));
  return all;
}

test("`lissnas fit nb201` on the golden 1,000 training cells ranks all 15,625 cells with Kendall tau >= 0.74 against test_acc", needsShared("data/nb201/nb201.jsonl", "golden/xgb_nb201_onehot.train_archs.txt"), () => {
  const lines = readFileSync(NB201_TABLE, "utf8").trim().split("\n");
  const train = new Set(readFileSync(sharedPath("golden/xgb_nb201_onehot.train_archs.txt"), "utf8").trim().split("\n"));
  const data = path.join(work, "nb201_train.jsonl");
  const picked = lines.filter((line) => train.has(JSON.parse(line).arch));
  assert.equal(picked.length, 1000);
  writeFileSync(data, picked.join("\n") + "\n");
  const model = path.join(work, "nb201.onnx");
  const fit = runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", model]);
  assert.equal(fit.status, 0, fit.stderr);
  const summary = JSON.parse(fit.stdout);
  assert.equal(summary.features, "nb201/onehot@1");
  assert.equal(summary.rows, 1000);

  // The model names its own encoding: no --features needed.
  const predicted = runCli(["predict", "nb201", NB201_TABLE, "--model", model]);
  assert.equal(predicted.status, 0, predicted.stderr);
  const rows = jsonLines(predicted.stdout);
  assert.equal(rows.length, 15625);
  const tau = kendallTauB(rows.map((row) => row.pred as number), rows.map((row) => row.test_acc as number));
  process.stdout.write(`# nb201 fit: Kendall tau vs test_acc over 15,625 cells = ${tau.toFixed(4)} (${summary.rounds} rounds)\n`);
  assert.ok(tau >= 0.74, `tau ${tau}`);

  const info = readOnnxModelInfo(readFileSync(model), model);
  assert.equal(info.metadata[METADATA.space], "nb201");
  assert.equal(info.metadata[METADATA.features], "nb201/onehot@1");
  assert.equal(info.metadata[METADATA.target], "val_acc");
  assert.equal(info.metadata[METADATA.trainingDigest], summary.training_digest);
  const trainer = JSON.parse(info.metadata[METADATA.trainer]);
  assert.equal(trainer.rounds_kept, summary.rounds);
  assert.equal(typeof trainer.learning_rate, "number");
  assert.equal(info.inputWidth, 30);
});

test("the exported ONNX model run through onnxruntime equals the trainer's in-process predictions within 1e-4", needsShared("data/nb201/nb201.jsonl"), async () => {
  const nb201 = getSpace("nb201");
  const all = jsonLines(readFileSync(NB201_TABLE, "utf8"));
  const train = all.filter((_, i) => i % 16 === 0);
  const rows = { genomes: concat(train.map((row) => nb201.parse(row.arch)), 6), targets: Float64Array.from(train, (row) => row.val_acc as number), lines: [], digest: "-" };
  const model = fitModel(nb201, rows, "val_acc", { params: { rounds: 400, earlyStoppingRounds: 20 } });
  const file = path.join(work, "inprocess.onnx");
  writeFileSync(file, model.onnx);
  const genomes = concat(all.map((row) => nb201.parse(row.arch)), 6);
  const expected = model.predict(genomes);
  for (const threads of [1, 2]) {
    const predictor = await openPredictor(file, nb201, { threads });
    const actual = await predictor.predict(genomes);
    let worst = 0;
    for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    assert.ok(worst <= 1e-4, `threads ${threads}: largest difference ${worst}`);
    await predictor.close?.();
  }
});

test("training is deterministic for a seed and changes with it", needsShared("data/nb201/nb201.jsonl"), () => {
  const nb201 = getSpace("nb201");
  const train = jsonLines(readFileSync(NB201_TABLE, "utf8")).slice(0, 300);
  const rows = { genomes: concat(train.map((row) => nb201.parse(row.arch)), 6), targets: Float64Array.from(train, (row) => row.val_acc as number), lines: [], digest: "-" };
  const fit = (seed: number) => fitModel(nb201, rows, "val_acc", { params: { rounds: 60, seed } }).onnx;
  assert.deepEqual(fit(3), fit(3));
  assert.notDeepEqual(fit(3), fit(4));
});

test("`lissnas fit nb101` on 1,000 rows of the 20k table ranks the other 19,001 by their validation accuracy", needsShared("data/nb101/nb101_vis20k.jsonl"), async () => {
  const lines = readFileSync(NB101_TABLE, "utf8").trim().split("\n");
  assert.equal(lines.length, 20001);
  const data = path.join(work, "nb101_train.jsonl");
  const rest = path.join(work, "nb101_rest.jsonl");
  writeFileSync(data, lines.slice(0, 1000).join("\n") + "\n");
  writeFileSync(rest, lines.slice(1000).join("\n") + "\n");
  const model = path.join(work, "nb101.onnx");
  const fit = runCli(["fit", "nb101", "--data", data, "--target", "val_acc", "--out", model]);
  assert.equal(fit.status, 0, fit.stderr);
  assert.equal(JSON.parse(fit.stdout).features, "nb101/adjacency@1");
  const rows = jsonLines(runCli(["predict", "nb101", rest, "--model", model]).stdout);
  assert.equal(rows.length, 19001);
  const tau = kendallTauB(rows.map((row) => row.pred as number), rows.map((row) => row.val_acc as number));
  process.stdout.write(`# nb101 fit: Kendall tau vs val_acc over the other 19,001 cells = ${tau.toFixed(4)}\n`);
  // A single noisy training run per cell caps the attainable rank correlation well below NB201's.
  assert.ok(tau >= 0.65, `tau ${tau}`);

  // ONNX and in-process agree on NB101 too.
  const nb101 = getSpace("nb101");
  const training = readTrainingRows(data, nb101, "val_acc");
  const inProcess = fitModel(nb101, training, "val_acc");
  const file = path.join(work, "nb101-inprocess.onnx");
  writeFileSync(file, inProcess.onnx);
  const predictor = await openPredictor(file, nb101);
  const onnx = await predictor.predict(training.genomes);
  const local = inProcess.predict(training.genomes);
  for (let i = 0; i < onnx.length; i++) assert.ok(Math.abs(onnx[i] - local[i]) <= 1e-4);
});

test("a data row missing the target, or with a non-numeric one, is an error naming file, line and field", () => {
  const data = path.join(work, "missing.jsonl");
  writeFileSync(data, [
    `{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|","val_acc":10}`,
    `{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|","test_acc":11}`,
  ].join("\n") + "\n");
  assertUserError(runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", path.join(work, "x.onnx")]),
    /missing\.jsonl:2: field "val_acc": row has no field "val_acc" \(found "test_acc"\)/);
  writeFileSync(data, `{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|","val_acc":null}\n`);
  assertUserError(runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", path.join(work, "x.onnx")]),
    /missing\.jsonl:1: field "val_acc": expected a finite number; found null/);
});

test("a duplicate architecture in training data is an error naming both lines unless --duplicates says how to merge", () => {
  const arch = "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|";
  const data = path.join(work, "duplicates.jsonl");
  writeFileSync(data, [
    `{"arch":"${arch}","val_acc":10}`,
    `{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|","val_acc":20}`,
    `{"arch":"${arch}","val_acc":30}`,
  ].join("\n") + "\n");
  assertUserError(runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", path.join(work, "d.onnx")]),
    new RegExp(`duplicates\\.jsonl:3: field "arch": architecture ${arch.replace(/[|+]/g, "\\$&")} is listed again \\(first on line 1\\)`));
  const nb201 = getSpace("nb201");
  assert.deepEqual(Array.from(readTrainingRows(data, nb201, "val_acc", "mean").targets), [20, 20]);
  assert.deepEqual(Array.from(readTrainingRows(data, nb201, "val_acc", "first").targets), [10, 20]);
  assertUserError(runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", path.join(work, "d.onnx"), "--duplicates", "max"]),
    /--duplicates must be one of error, mean, first; found "max"/);
});

test("fit options are validated at parse time and a failed fit leaves no model behind", () => {
  const data = path.join(work, "tiny.jsonl");
  writeFileSync(data, `{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|","val_acc":10}\n`);
  assertUserError(runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", "m.onnx", "--learning-rate", "2"]), /--learning-rate must be in/);
  assertUserError(runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", "m.onnx", "--max-depth", "0"]), /--max-depth must be in 1\.\.20; found 0/);
  assertUserError(runCli(["fit", "nb201", "--data", data, "--target", "val_acc", "--out", "m.onnx", "--features", "nb101/adjacency@1"], undefined, work),
    /feature encoding "nb101\/adjacency@1" belongs to space nb101, not nb201/);
  assertUserError(runCli(["fit", "nb201", "--data", path.join(work, "none.jsonl"), "--target", "val_acc", "--out", "m.onnx"], undefined, work),
    /none\.jsonl: cannot read training data: no such file/);
  assert.ok(!existsSync(path.join(work, "m.onnx")));
});
