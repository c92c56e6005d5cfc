import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";
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

test("shrink --minimize on a negated metric returns the space of maximising it, with scores and manifest in the metric's own units", needsShared("data/nb201/nb201.jsonl", "golden/xgb_nb201_onehot.onnx"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-minimize-"));
  const table = path.join(dir, "neg.jsonl");
  const rows = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").trim().split("\n")
    .map((line) => { const row = JSON.parse(line) as { arch: string; test_acc: number }; return JSON.stringify({ arch: row.arch, neg: -row.test_acc }); });
  writeFileSync(table, rows.join("\n") + "\n");
  const run = (predictor: string, out: string, extra: string[] = []) => {
    const result = runCli(["shrink", "nb201", "--predictor", predictor, "--seed", "3", "--initial", "300", "--out", out, "--quiet", ...extra]);
    assert.equal(result.status, 0, result.stderr);
    return {
      manifest: JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")),
      space: jsonLines(readFileSync(path.join(out, "space.jsonl"), "utf8")),
    };
  };
  const max = run(`table:${sharedPath("data/nb201/nb201.jsonl")}:test_acc`, path.join(dir, "max"));
  const min = run(`table:${table}:neg`, path.join(dir, "min"), ["--minimize"]);
  assert.equal(max.manifest.direction, "max");
  assert.equal(min.manifest.direction, "min");
  assert.equal(min.manifest.schema_version, 2);
  assert.deepEqual(min.space.map((r) => r.key), max.space.map((r) => r.key), "the same members");
  assert.deepEqual(min.space.map((r) => r.score), max.space.map((r) => -(r.score as number) + 0), "scores in the metric's units");
  assert.ok(Math.abs(min.manifest.max_score + max.manifest.max_score) < 1e-4, "the best score is the lowest -test_acc");
  assert.ok(min.manifest.trace.every((t: { mean: number }) => t.mean < 0));
  assert.deepEqual(min.manifest.trace.map((t: { effective_shrinkage: boolean | null }) => t.effective_shrinkage),
    max.manifest.trace.map((t: { effective_shrinkage: boolean | null }) => t.effective_shrinkage));
  assert.equal(min.manifest.trace[0].effective_shrinkage, null);
  assert.ok("max_seeds" in min.manifest.parameters && "per_seed" in min.manifest.parameters, "parameters in snake_case");
});
