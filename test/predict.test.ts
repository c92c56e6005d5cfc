import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { openPredictor } from "../src/predict/predictor.js";
import { treeEnsembleToOnnx, METADATA } from "../src/predict/onnxModel.js";
import type { TreeEnsemble } from "../src/predict/gbdt.js";
import { fitModel } from "../src/predict/fit.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { runCli, jsonLines } from "./helpers/cli.js";

const nb201 = getSpace("nb201");
const GOLDEN_MODEL = sharedPath("golden/xgb_nb201_onehot.onnx");
const NB201_TABLE = sharedPath("data/nb201/nb201.jsonl");
const work = mkdtempSync(path.join(tmpdir(), "lissnas-predict-"));

function assertUserError(result: { status: number | null; stderr: string }, pattern: RegExp) {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace for a user error");
}

function genomesOf(archs: string[]): Uint8Array {
  const genomes = new Uint8Array(archs.length * 6);
  archs.forEach((arch, i) => genomes.set(nb201.parse(arch), i * 6));
  return genomes;
}

/** A one-tree ensemble on nb201/onehot@1: column `feature` <= 0.5 gives `left`, else `right`. */
function stump(feature: number, left: number, right: number, base = 0): TreeEnsemble {
  return {
    baseScore: base,
    trees: [{
      feature: Int32Array.of(feature, -1, -1), threshold: Float32Array.of(0.5, 0, 0),
      left: Int32Array.of(1, 0, 0), right: Int32Array.of(2, 0, 0), value: Float64Array.of(0, left, right),
    }],
  };
}

const lissnasMetadata = { [METADATA.space]: "nb201", [METADATA.features]: "nb201/onehot@1" };

test("the golden XGBoost model run by `lissnas predict nb201` reproduces XGBoost's predictions on all 15,625 cells within 1e-3", needsShared("data/nb201/nb201.jsonl", "golden/xgb_nb201_onehot.onnx", "golden/xgb_nb201_onehot.predictions.jsonl"), () => {
  const result = runCli(["predict", "nb201", NB201_TABLE, "--model", GOLDEN_MODEL, "--features", "nb201/onehot@1", "--batch-size", "4096"]);
  assert.equal(result.status, 0, result.stderr);
  const rows = jsonLines(result.stdout);
  assert.equal(rows.length, 15625);
  const golden = new Map(jsonLines(readFileSync(sharedPath("golden/xgb_nb201_onehot.predictions.jsonl"), "utf8")).map((row) => [row.arch, row.pred as number]));
  let worst = 0;
  for (const row of rows) {
    const expected = golden.get(row.arch as string);
    assert.ok(expected !== undefined, `no golden prediction for ${row.arch}`);
    worst = Math.max(worst, Math.abs((row.pred as number) - expected));
  }
  assert.ok(worst <= 1e-3, `largest difference ${worst}`);
  assert.equal(typeof rows[0].test_acc, "number", "the input row's other fields are kept");
});

test("batch size and thread count do not change the predictions of a lissnas model", needsShared("data/nb201/nb201.jsonl"), async () => {
  const rows = jsonLines(readFileSync(NB201_TABLE, "utf8")).slice(0, 600);
  const genomes = genomesOf(rows.map((row) => row.arch as string));
  const model = fitModel(nb201, { genomes, targets: Float64Array.from(rows, (row) => row.val_acc as number), lines: [], digest: "-" }, "val_acc",
    { params: { rounds: 200, earlyStoppingRounds: 0, validationFraction: 0 } });
  const file = path.join(work, "small.onnx");
  writeFileSync(file, model.onnx);
  const big = await openPredictor(file, nb201);
  const small = await openPredictor(file, nb201, { batchSize: 1, threads: 1 });
  const [a, b] = [await small.predict(genomes), await big.predict(genomes)];
  // Bit for bit: the export sums in double, so onnxruntime's thread split cannot change the rounding.
  assert.deepEqual(a, b);
  assert.deepEqual(b, model.predict(genomes));
  assert.equal(big.digest, createHash("sha256").update(readFileSync(file)).digest("hex"));
  assert.match(big.description, /nb201\/onehot@1/);
  await big.close?.();
  await small.close?.();
});

test("a model without lissnas metadata and without --features is refused, naming the option", needsShared("data/nb201/nb201.jsonl", "golden/xgb_nb201_onehot.onnx"), () => {
  assertUserError(runCli(["predict", "nb201", NB201_TABLE, "--model", GOLDEN_MODEL]),
    /xgb_nb201_onehot\.onnx: the model carries no "lissnas\.features" metadata .*pass --features, e\.g\. nb201\/onehot@1/);
});

test("a model whose input width differs from the encoding is refused with both widths", needsShared("golden/xgb_nb201_onehot.onnx"), async () => {
  await assert.rejects(openPredictor(GOLDEN_MODEL, getSpace("nb101"), { features: "nb101/adjacency@1" }),
    /model input "input" takes 30 features per row; encoding nb101\/adjacency@1 writes 36/);
  assertUserError(runCli(["predict", "nb101", "-", "--model", GOLDEN_MODEL, "--features", "nb101/adjacency@1"], ""),
    /takes 30 features per row; encoding nb101\/adjacency@1 writes 36/);
});

test("metadata and --features that disagree, or a model of another space, are refused", async () => {
  const file = path.join(work, "meta.onnx");
  writeFileSync(file, treeEnsembleToOnnx(stump(3, 1, 2), 30, lissnasMetadata));
  await assert.rejects(openPredictor(file, nb201, { features: "nb201/genome-onehot@1" }), /--features nb201\/genome-onehot@1 differs from the model's metadata nb201\/onehot@1/);
  await assert.rejects(openPredictor(file, getSpace("nb301")), /trained for space nb201; expected nb301/);
  const predictor = await openPredictor(file, nb201);
  assert.deepEqual(Array.from(await predictor.predict(genomesOf([
    "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|"]))), [1, 2]);
});

test("NaN or infinite model outputs are an error naming the architecture", async () => {
  const nan = path.join(work, "nan.onnx");
  writeFileSync(nan, treeEnsembleToOnnx(stump(3, 80, NaN), 30, lissnasMetadata));
  const predictor = await openPredictor(nan, nb201);
  const bad = "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|";
  await assert.rejects(predictor.predict(genomesOf(["|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", bad])),
    (error: Error) => error.message.includes(`output for architecture ${bad} is NaN; expected a finite score`));
  const infinite = path.join(work, "inf.onnx");
  writeFileSync(infinite, treeEnsembleToOnnx(stump(3, Infinity, 1), 30, lissnasMetadata));
  const input = path.join(work, "one.jsonl");
  writeFileSync(input, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|\n");
  assertUserError(runCli(["predict", "nb201", input, "--model", infinite]), /is Infinity; expected a finite score/);
});

test("a corrupt or truncated ONNX file is a clear error, not a crash", needsShared("golden/xgb_nb201_onehot.onnx"), async () => {
  const truncated = path.join(work, "truncated.onnx");
  writeFileSync(truncated, readFileSync(GOLDEN_MODEL).subarray(0, 5000));
  await assert.rejects(openPredictor(truncated, nb201, { features: "nb201/onehot@1" }), /truncated\.onnx: not a valid ONNX model/);
  const garbage = path.join(work, "garbage.onnx");
  writeFileSync(garbage, "this is not a model\n");
  assertUserError(runCli(["predict", "nb201", "-", "--model", garbage, "--features", "nb201/onehot@1"], ""), /garbage\.onnx: not a valid ONNX model/);
  assertUserError(runCli(["predict", "nb201", "-", "--model", path.join(work, "absent.onnx")], ""), /absent\.onnx: cannot read model: no such file/);
  assertUserError(runCli(["predict", "nb201", "-"], ""), /exactly one of --model <model\.onnx> or --predictor <spec>/);
});

test("the table predictor finds any isomorphic form of a cell and scores it with its class mean", needsShared("data/nb201/nb201.jsonl"), async () => {
  const table = await openPredictor(`table:${NB201_TABLE}:test_acc`, nb201);
  // The two cells differ only on an edge out of a zeroed node: NATS-Bench counts them as one function.
  const a = "|none~0|+|nor_conv_3x3~0|none~1|+|nor_conv_3x3~0|none~1|skip_connect~2|";
  const b = "|nor_conv_1x1~0|+|nor_conv_3x3~0|none~1|+|nor_conv_3x3~0|none~1|skip_connect~2|";
  const rows = jsonLines(readFileSync(NB201_TABLE, "utf8"));
  const [ra, rb] = [rows.find((row) => row.arch === a), rows.find((row) => row.arch === b)];
  assert.ok(ra && rb);
  const scores = await table.predict(genomesOf([a, b]));
  assert.equal(scores[0], scores[1]);
  const kernels = new SpaceKernels(nb201);
  const keys = kernels.keyTexts(kernels.canonicalize(genomesOf(rows.map((row) => row.arch as string))).genomes);
  const classOf = keys[rows.indexOf(ra)];
  const members = rows.filter((_, i) => keys[i] === classOf);
  assert.ok(members.includes(rb) && members.length >= 2);
  assert.equal(scores[0], Math.fround(members.reduce((sum, row) => sum + (row.test_acc as number), 0) / members.length));
  const content = readFileSync(NB201_TABLE);
  assert.equal(table.digest, createHash("sha256").update(content).update("\0").update("test_acc").digest("hex"));
});

test("an architecture missing from the table is an error naming it, unless --missing skip drops it", needsShared("data/nb201/nb201.jsonl"), async () => {
  const partial = path.join(work, "partial.jsonl");
  writeFileSync(partial, readFileSync(NB201_TABLE, "utf8").split("\n").slice(0, 100).join("\n") + "\n");
  const inTable = (JSON.parse(readFileSync(partial, "utf8").split("\n")[0]) as { arch: string }).arch;
  const absent = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
  const strict = await openPredictor(`table:${partial}:val_acc`, nb201);
  await assert.rejects(strict.predict(genomesOf([inTable, absent])), (error: Error) =>
    error.message.includes(`architecture ${absent} is not in the table (pass --missing skip`));
  const lenient = await openPredictor(`table:${partial}:val_acc`, nb201, { missing: "skip" });
  const scores = await lenient.predict(genomesOf([inTable, absent]));
  assert.ok(Number.isFinite(scores[0]) && Number.isNaN(scores[1]));

  const input = path.join(work, "two.jsonl");
  writeFileSync(input, `${inTable}\n${absent}\n`);
  assertUserError(runCli(["predict", "nb201", input, "--predictor", `table:${partial}:val_acc`]), /is not in the table/);
  const kept = jsonLines(runCli(["predict", "nb201", input, "--predictor", `table:${partial}:val_acc`, "--missing", "skip"]).stdout);
  assert.deepEqual(kept.map((row) => row.arch), [inTable]);
});

test("table specs and table rows are checked: format, missing file, missing or non-numeric field", async () => {
  await assert.rejects(openPredictor("table:nofield", nb201), /table:FILE\.jsonl:FIELD; found "table:nofield"/);
  await assert.rejects(openPredictor(`table:${path.join(work, "none.jsonl")}:val_acc`, nb201), /cannot read table: no such file/);
  const bad = path.join(work, "bad.jsonl");
  writeFileSync(bad, `{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|","val_acc":1}\n{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|avg_pool_3x3~2|","acc":2}\n`);
  await assert.rejects(openPredictor(`table:${bad}:val_acc`, nb201), /bad\.jsonl:2: field "val_acc": row has no field "val_acc" \(found "acc"\)/);
  writeFileSync(bad, `{"arch":"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|","val_acc":"high"}\n`);
  await assert.rejects(openPredictor(`table:${bad}:val_acc`, nb201), /bad\.jsonl:1: field "val_acc": expected a finite number; found "high"/);
});
