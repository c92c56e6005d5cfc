// evaluate on tables unlike NB201's: a latency to minimise on a 40-row table of a 10^11 space, a negative
// loss, and a space whose cost comes from its own cost model.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "./helpers/cli.js";
import { sharedPath, needsShared } from "./helpers/shared.js";
import type { EvaluationReport } from "../src/evaluate/evaluate.js";
import { costBins, costConditionalPGood } from "../src/stats/index.js";

const SMALL = ["--seeds", "1", "--train-size", "30", "--initial", "200", "--json", "--quiet"];

function evaluateJson(args: string[]): EvaluationReport {
  const result = runCli(["evaluate", ...args, ...SMALL]);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as EvaluationReport;
}

test("a latency is minimised on a sparse table: the best is the lowest, and every row without figures says why", needsShared("data/samples/accel_mnas.sample.jsonl", "data/samples/nb_macro.sample.jsonl", "data/samples/tnb101_micro.sample.jsonl"), () => {
  const report = evaluateJson(["mnas", "--truth", sharedPath("data/samples/accel_mnas.sample.jsonl"), "--target", "latency_zcu102", "--minimize"]);
  assert.equal(report.direction, "min");
  const latencies = readFileSync(sharedPath("data/samples/accel_mnas.sample.jsonl"), "utf8").trim().split("\n")
    .map((line) => (JSON.parse(line) as { latency_zcu102: number }).latency_zcu102);
  const full = report.rows.find((r) => r.method === "full")!;
  assert.equal(full.covered, 40);
  assert.equal(full.max, Math.min(...latencies), "best = the lowest latency");
  assert.ok(report.threshold < full.mean, "good = the fastest 20%, below the mean");
  for (const row of report.rows) {
    if (row.mean === null) assert.match(row.reason ?? "", /seed 1: /, `${row.method} is null and says why`);
  }
  assert.ok(report.rows.some((r) => r.reason !== null && /covers \d+ of [\d,]+ members \(minimum 30\)/.test(r.reason)), "the sparse table is named");
});

test("a negative loss is accepted as truth", needsShared("data/samples/accel_mnas.sample.jsonl", "data/samples/nb_macro.sample.jsonl", "data/samples/tnb101_micro.sample.jsonl"), () => {
  const report = evaluateJson(["tnb101-micro", "--truth", sharedPath("data/samples/tnb101_micro.sample.jsonl"), "--target", "val.room_layout", "--min-covered", "2"]);
  const full = report.rows.find((r) => r.method === "full")!;
  assert.ok(full.mean < 0, `mean ${full.mean}`);
  assert.equal(full.covered, 40);
});

test("a table without a cost field falls back to the space's own cost model, and says so", needsShared("data/samples/accel_mnas.sample.jsonl", "data/samples/nb_macro.sample.jsonl", "data/samples/tnb101_micro.sample.jsonl"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-cost-"));
  const file = path.join(dir, "nb_macro.jsonl");
  const rows = readFileSync(sharedPath("data/samples/nb_macro.sample.jsonl"), "utf8").trim().split("\n")
    .map((line) => { const r = JSON.parse(line) as Record<string, unknown>; return JSON.stringify({ arch: r.arch, test_acc: r.test_acc }); });
  writeFileSync(file, rows.join("\n") + "\n");
  const report = evaluateJson(["nb-macro", "--truth", file, "--target", "test_acc", "--min-covered", "2"]);
  assert.equal(report.cost_field, "flops (space model)");
  assert.equal(report.rows.find((r) => r.method === "full")!.cost_coverage, 1);
  const withTable = evaluateJson(["nb-macro", "--truth", sharedPath("data/samples/nb_macro.sample.jsonl"), "--target", "test_acc", "--min-covered", "2", "--cost", "params"]);
  // A 40-row sample lacks most members of every method's space: the space's own params fill them in, and the field says so.
  assert.equal(withTable.cost_field, "params (table; the space model where the table lacks a class)");
  for (const row of withTable.rows) if (row.method !== "full") assert.equal(typeof row.cost_coverage, "number", `${row.method} has a cost coverage`);
});

test("the text report says where the predictor ranks the full space's best class, per seed, as the JSON has it", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  const args = ["evaluate", "mnas", "--truth", sharedPath("data/samples/accel_mnas.sample.jsonl"), "--target", "latency_zcu102", "--minimize",
    "--seeds", "1,2", "--train-size", "30", "--initial", "200", "--quiet", "--methods", "lissnas,topk,full"];
  const text = runCli(args);
  assert.equal(text.status, 0, text.stderr);
  // 40 rows of a space of about 10^11: the rank is also given scaled to the whole space.
  const line = /^best kept needs the predictor: it ranks the full space's best class (\d+), (\d+) \(seeds 1, 2\) of 40 classes with a truth, ([\d.e+-]+) of the space's ([\d.e+]+): about ([\d.e+]+), ([\d.e+]+) in the whole space$/m.exec(text.stdout);
  assert.ok(line !== null, text.stdout);
  const json = runCli([...args, "--json"]);
  const report = JSON.parse(json.stdout) as EvaluationReport;
  assert.deepEqual([Number(line[1]), Number(line[2])], report.rows[0].runs.map((run) => run.best_predicted_rank));
  for (const rank of [Number(line[1]), Number(line[2])]) assert.ok(rank >= 1 && rank <= 40, `rank ${rank}`);
  const share = report.universe.share;
  assert.ok(Math.abs(Number(line[3]) - share) <= 0.051 * share, `share ${line[3]} vs ${share}`);
  for (const [at, rank] of [[5, Number(line[1])], [6, Number(line[2])]]) {
    assert.ok(Math.abs(Number(line[at]) - rank / share) <= 0.051 * (rank / share), `scaled rank ${line[at]} vs ${rank / share}`);
  }
});

test("P(good|cost) is in the text table as in the JSON, about 0.2 for the full space, and no cost field leaves it empty", needsShared("data/samples/nb_macro.sample.jsonl", "data/samples/accel_mnas.sample.jsonl"), () => {
  const args = ["evaluate", "nb-macro", "--truth", sharedPath("data/samples/nb_macro.sample.jsonl"), "--target", "test_acc", "--min-covered", "2",
    "--seeds", "1", "--train-size", "30", "--initial", "200", "--quiet", "--methods", "lissnas,greedynas,random,full", "--no-benefit"];
  const text = runCli(args);
  assert.equal(text.status, 0, text.stderr);
  const report = JSON.parse(runCli([...args, "--json"]).stdout) as EvaluationReport;
  const lines = text.stdout.split("\n");
  const header = lines.findIndex((l) => l.startsWith("method "));
  const column = lines[header].split(/\s{2,}/).indexOf("P(good|cost)");
  assert.ok(column > 0, lines[header]);
  for (const row of report.rows) {
    const cells = lines.find((l) => l.startsWith(`${row.method} `))!.trim().split(/\s{2,}/);
    assert.equal(cells[column], row.p_good_by_cost === null ? "-" : row.p_good_by_cost.toFixed(3), `${row.method}: ${cells.join("|")}`);
  }
  // The full space against itself, from the raw rows (40 classes; FLOPs tie, so the deciles are uneven).
  const rows = readFileSync(sharedPath("data/samples/nb_macro.sample.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { flops: number; test_acc: number });
  const flops = rows.map((r) => r.flops);
  const accuracy = rows.map((r) => r.test_acc);
  const full = report.rows.find((r) => r.method === "full")!;
  assert.equal(full.covered, 40);
  assert.ok(Math.abs(full.p_good_by_cost - costConditionalPGood(costBins(flops, accuracy, 10), flops, accuracy)) < 1e-12, `full ${full.p_good_by_cost}`);
  assert.match(text.stdout, /P\(good\|cost\): share of members in the best 20% of their decile of the full space's flops/);
  // A latency table of a space without a cost field: the column is empty and the note says why.
  const mnas = runCli(["evaluate", "mnas", "--truth", sharedPath("data/samples/accel_mnas.sample.jsonl"), "--target", "latency_zcu102", "--minimize",
    "--seeds", "1", "--train-size", "30", "--initial", "200", "--quiet", "--methods", "lissnas,full", "--no-benefit", "--json"]);
  const noCost = JSON.parse(mnas.stdout) as EvaluationReport;
  if (noCost.cost_field === null) assert.ok(noCost.rows.every((r) => r.p_good_by_cost === null));
  else assert.equal(typeof noCost.rows.find((r) => r.method === "full")!.p_good_by_cost, "number");
});
