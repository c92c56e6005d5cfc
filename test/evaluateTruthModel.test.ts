// Truth from a surrogate (--truth-model): every member the model scores is covered, and a "surrogate" that
// is the benchmark table itself reproduces the table evaluation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { evaluate } from "../src/evaluate/evaluate.js";
import { sharedPath, needsShared } from "./helpers/shared.js";
import { runCli } from "./helpers/cli.js";

const NB201 = sharedPath("data/nb201/nb201.jsonl");
const methods = ["lissnas", "abs", "padnas", "random", "full"] as Array<"lissnas" | "abs" | "padnas" | "random" | "full">;

test("a truth model that is the table itself gives the table evaluation's figures, over every class of the enumerated space", needsShared("data/nb201/nb201.jsonl"), async () => {
  const common = { target: "test_acc", trainTarget: "val_acc", trainSize: 300, methods, seeds: [1n], shrink: { initial: 300, costModel: null } };
  // No cost for the shrinker's strata: the table run would read flops from the table, the model run has none.
  const table = await evaluate(getSpace("nb201"), { truth: NB201, ...common });
  const model = await evaluate(getSpace("nb201"), { truthModel: `table:${NB201}:test_acc`, trainFrom: NB201, ...common });
  assert.equal(model.truth_source.kind, "model");
  assert.equal(model.universe.kind, "enumerated");
  assert.equal(model.truth_classes, 6466);
  assert.equal(model.truth_rows, null);
  // The table predictor answers in float32: figures agree to that precision.
  assert.ok(Math.abs(model.threshold - table.threshold) < 1e-4);
  for (const row of table.rows) {
    const other = model.rows.find((r) => r.method === row.method)!;
    assert.equal(other.size, row.size, `${row.method} size`);
    assert.equal(other.covered, row.covered, `${row.method} covered`);
    // random draws class indices, and the enumerated classes come in another order than the table's.
    if (row.method === "random") continue;
    assert.ok(Math.abs(other.mean - row.mean) < 1e-4, `${row.method} mean ${other.mean} vs ${row.mean}`);
    assert.ok(Math.abs(other.p_good - row.p_good) < 0.01, `${row.method} P(good) ${other.p_good} vs ${row.p_good}`);
    assert.equal(other.best_retained, row.best_retained, `${row.method} best kept`);
  }
});

test("a surrogate truth covers every member; the predictor trains on another table (--train-from)", needsShared("data/nb201/nb201.jsonl"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-truth-model-"));
  const lines = readFileSync(NB201, "utf8").trim().split("\n");
  // Surrogate rows and predictor rows are disjoint halves of the table.
  const surrogateRows = path.join(dir, "surrogate.jsonl");
  const predictorRows = path.join(dir, "predictor.jsonl");
  writeFileSync(surrogateRows, lines.filter((_l, i) => i % 2 === 0).join("\n") + "\n");
  writeFileSync(predictorRows, lines.filter((_l, i) => i % 2 === 1).join("\n") + "\n");
  const model = path.join(dir, "surrogate.onnx");
  const fit = runCli(["fit", "nb201", "--data", surrogateRows, "--target", "test_acc", "--rounds", "50", "--out", model, "--quiet"]);
  assert.equal(fit.status, 0, fit.stderr);
  const result = runCli(["evaluate", "nb201", "--truth-model", model, "--train-from", predictorRows, "--target", "test_acc", "--train-target", "val_acc",
    "--train-size", "300", "--initial", "300", "--seeds", "1", "--methods", "lissnas,random,full", "--json", "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.truth, model);
  assert.equal(report.train_from, predictorRows);
  for (const row of report.rows) {
    assert.equal(row.covered, row.method === "full" ? 6466 : row.size, `${row.method}: every member scored`);
    assert.equal(row.reason, null);
  }
  assert.match(runCli(["evaluate", "nb201", "--truth-model", model, "--target", "test_acc"]).stderr, /--truth-model without --truth needs --train-from FILE/);
});
