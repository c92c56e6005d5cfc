import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "./helpers/cli.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

test("shrink refuses a predictor made for another space, naming both spaces, and writes nothing", needsShared("data/nb201/nb201.jsonl", "golden/xgb_nb201_onehot.onnx"), () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-mismatch-")), "run");
  const model = sharedPath("golden/xgb_nb201_onehot.onnx");
  const result = runCli(["shrink", "nb301", "--predictor", model, "--features", "nb201/onehot@1", "--out", out, "--quiet"]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /feature encoding "nb201\/onehot@1" belongs to space nb201, not nb301/);
  assert.equal(existsSync(out), false);
  const table = runCli(["shrink", "nb301", "--predictor", `table:${sharedPath("data/nb201/nb201.jsonl")}:test_acc`, "--out", out, "--quiet"]);
  assert.equal(table.status, 2);
  assert.match(table.stderr, /nb201\.jsonl:1: field "arch"/);
  assert.equal(existsSync(out), false);
});

test("shrink with a benchmark table as predictor returns a space of real cells with their table scores", needsShared("data/nb201/nb201.jsonl"), () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-table-")), "run");
  const result = runCli(["shrink", "nb201", "--predictor", `table:${sharedPath("data/nb201/nb201.jsonl")}:test_acc`, "--seed", "3", "--out", out, "--json"]);
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout);
  assert.ok(summary.mean > 92, `mean ${summary.mean}`);
  assert.ok(summary.max >= 94.3, `max ${summary.max}`);
});
