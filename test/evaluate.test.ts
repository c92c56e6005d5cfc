import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { evaluate, predictedRank, type EvaluationReport } from "../src/evaluate/evaluate.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { ks2samp, costBins, costConditionalPGood } from "../src/stats/index.js";
import { editDiversity } from "../src/evaluate/editDiversity.js";
import { runCli } from "./helpers/cli.js";

const NB201 = sharedPath("data/nb201/nb201.jsonl");
const space = getSpace("nb201");
const kernels = new SpaceKernels(space);

/** The NB201 table by isomorphism class, computed here from the raw rows: key -> mean test_acc. */
function classMeans(): Map<bigint, number> {
  const rows = readFileSync(NB201, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { arch: string; test_acc: number });
  const genomes = new Uint8Array(rows.length * 6);
  rows.forEach((row, i) => genomes.set(space.parse(row.arch), i * 6));
  const keys = kernels.keys(kernels.canonicalize(genomes).genomes);
  const sums = new Map<bigint, [number, number]>();
  rows.forEach((row, i) => {
    const s = sums.get(keys[i]) ?? [0, 0];
    sums.set(keys[i], [s[0] + row.test_acc, s[1] + 1]);
  });
  return new Map([...sums].map(([key, [sum, n]]) => [key, sum / n]));
}

/** Each class's FLOPs: its first row's, as the truth table keeps them. */
function classFirstFlops(): Map<bigint, number> {
  const rows = readFileSync(NB201, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { arch: string; flops: number });
  const genomes = new Uint8Array(rows.length * 6);
  rows.forEach((row, i) => genomes.set(space.parse(row.arch), i * 6));
  const keys = kernels.keys(kernels.canonicalize(genomes).genomes);
  const flops = new Map<bigint, number>();
  rows.forEach((row, i) => { if (!flops.has(keys[i])) flops.set(keys[i], row.flops); });
  return flops;
}

/** numpy's default (type 7) quantile. */
function quantile7(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

test("an NB201 evaluation measures every method, the full space included, over isomorphism classes, at comparable size, and LISSNAS beats the budget-matched baselines", needsShared("data/nb201/nb201.jsonl"), async () => {
  const report = await evaluate(space, {
    truth: NB201, target: "test_acc", trainTarget: "val_acc", trainSize: 1000,
    methods: ["lissnas", "abs", "padnas", "nse", "greedynas", "topk", "topk-all", "random", "full"], seeds: [1n, 2n, 3n, 4n, 5n], costField: "flops",
  });
  const row = (method: string) => report.rows.find((r) => r.method === method)!;
  // The class-unit figures, computed here from the raw table.
  const truth = classMeans();
  const values = [...truth.values()];
  const threshold = quantile7(values, 0.8);
  const fullPGood = values.filter((v) => v >= threshold).length / values.length;
  assert.equal(report.unit, "class");
  assert.equal(report.direction, "max");
  assert.equal(report.truth_rows, 15625);
  assert.equal(report.truth_classes, 6466);
  assert.equal(values.length, 6466);
  assert.ok(Math.abs(report.threshold - threshold) < 1e-9, `threshold ${report.threshold} vs ${threshold}`);
  const full = row("full");
  assert.equal(full.size, 6466);
  assert.equal(full.covered, 6466);
  assert.ok(Math.abs(full.mean - values.reduce((a, b) => a + b, 0) / values.length) < 1e-9, `full mean ${full.mean}`);
  assert.equal(full.max, Math.max(...values));
  assert.ok(Math.abs(full.p_good - fullPGood) < 1e-12, `P(good | full) ${full.p_good} vs ${fullPGood}`);
  assert.ok(Math.abs(full.p_good - 0.2) < 0.001, "the best 20% of classes");
  assert.equal(full.shrink_index, 0);
  assert.equal(full.ks, 0);

  // The first seed's lissnas space, measured here from its members.
  const members = report.details!.members.lissnas!.genomes;
  const memberTruth = Array.from(kernels.keys(members), (key) => truth.get(key)!);
  const first = row("lissnas").runs[0];
  assert.equal(first.size, memberTruth.length);
  assert.ok(Math.abs(first.mean - memberTruth.reduce((a, b) => a + b, 0) / memberTruth.length) < 1e-9);
  const p = memberTruth.filter((v) => v >= threshold).length / memberTruth.length;
  assert.ok(Math.abs(first.p_good - p) < 1e-12);
  assert.ok(Math.abs(first.shrink_index - (p - fullPGood)) < 1e-12);
  assert.ok(Math.abs(first.p_at_least_k.p - (1 - (1 - p) ** 10)) < 1e-12, "Theorem 1 with k = 1, n = 10");
  // Pairwise KS and edit diversity of the first seed, recomputed from the members.
  const absTruth = Array.from(kernels.keys(report.details!.members.abs!.genomes), (key) => truth.get(key)!);
  const ks = ks2samp(memberTruth, absTruth);
  assert.deepEqual(first.ks_vs.abs, { d: ks.statistic, p: ks.pValue });
  assert.deepEqual(row("abs").runs[0].ks_vs.lissnas, { d: ks.statistic, p: ks.pValue }, "symmetric");
  const edit = editDiversity(kernels, members, 1n);
  assert.deepEqual(first.edit_diversity, { mean: edit.mean, max: edit.max });
  // Cost-conditional P(good), recomputed from the raw rows (a class's FLOPs are its first row's): deciles of
  // the classes' FLOPs, each with its own 80th percentile.
  const flops = classFirstFlops();
  const keys = [...truth.keys()];
  const fullBins = costBins(keys.map((k) => flops.get(k)!), keys.map((k) => truth.get(k)!), 10);
  const memberKeys = Array.from(kernels.keys(members));
  const byCost = costConditionalPGood(fullBins, memberKeys.map((k) => flops.get(k)!), memberTruth);
  assert.ok(Math.abs(first.p_good_by_cost - byCost) < 1e-12, `P(good | cost) ${first.p_good_by_cost} vs ${byCost}`);
  assert.ok(Math.abs(row("full").p_good_by_cost - 0.2) < 0.05, `full ${row("full").p_good_by_cost}`);

  const lissnas = row("lissnas");
  assert.ok(lissnas.size <= 1000, `size ${lissnas.size}`);
  assert.ok(lissnas.mean >= 93.0, `mean ${lissnas.mean}`);
  assert.equal(lissnas.best_retained, 1);
  assert.ok(lissnas.cost_coverage >= 0.95, `cost coverage ${lissnas.cost_coverage}`);
  assert.equal(report.cost_field, "flops");
  assert.ok(lissnas.runs.every((r) => r.cost_coverage >= 0.95 && r.best_retained), "every seed keeps the cost range and the best cell");
  assert.ok(lissnas.shrink_index >= 0.5, `shrink index ${lissnas.shrink_index}`);
  for (const baseline of ["abs", "padnas", "nse", "greedynas", "topk", "random"]) {
    assert.ok(lissnas.mean > row(baseline).mean, `mean vs ${baseline}`);
    assert.ok(lissnas.p_good > row(baseline).p_good, `P(good) vs ${baseline}`);
    assert.ok(lissnas.ks_vs[baseline].p < 0.05, `lissnas differs from ${baseline}: KS p ${lissnas.ks_vs[baseline].p}`);
  }
  // Scoring every class is the upper bound a predictor allows.
  assert.ok(row("topk-all").mean > row("topk").mean);
  // The predictor's rank of the best class decides whether keeping the best K predicted classes keeps it.
  for (const run of row("topk-all").runs) {
    const rank = run.best_predicted_rank;
    assert.ok(Number.isInteger(rank) && rank >= 1 && rank <= 6466, `seed ${run.seed}: rank ${rank}`);
    assert.equal(run.best_retained, rank <= run.size, `seed ${run.seed}: rank ${rank}, ${run.size} kept`);
    for (const r of report.rows) assert.equal(r.runs.find((x) => x.seed === run.seed)!.best_predicted_rank, rank, `${r.method}: one rank per seed`);
  }
  for (const r of report.rows) {
    assert.equal(r.size_note, null, r.method);
    for (const run of r.runs) {
      if (r.method === "full") continue;
      const target = lissnas.runs.find((l) => l.seed === run.seed)!.size;
      assert.ok(run.size >= target / 2 && run.size <= target * 2, `${r.method} seed ${run.seed}: ${run.size} against ${target}`);
    }
  }
  // A random subset of the classes looks like the full space (over classes; over raw cells it did not).
  assert.ok(row("random").ks_p > 0.01, `random vs full KS p ${row("random").ks_p}`);
  assert.ok(row("random").edit_diversity.mean > lissnas.edit_diversity.mean, "the edit diversity separates a random subset from the pockets");
  assert.equal(lissnas.runs.length, 5);
  for (const r of report.rows) assert.equal(r.reason, null, `${r.method} has every figure`);
});

/** A copy of the NB201 table with `loss = 100 - test_acc`, `val_loss = 100 - val_acc` and `neg = -test_acc`, `val_neg = -val_acc`. */
function lossTable(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-eval-loss-"));
  const file = path.join(dir, "nb201_loss.jsonl");
  const lines = readFileSync(NB201, "utf8").trim().split("\n").map((line) => {
    const row = JSON.parse(line) as { arch: string; test_acc: number; val_acc: number; flops: number };
    return JSON.stringify({ arch: row.arch, loss: 100 - row.test_acc, val_loss: 100 - row.val_acc, neg: -row.test_acc, val_neg: -row.val_acc, flops: row.flops });
  });
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

test("minimising -test_acc gives exactly the sizes and P(good) of maximising test_acc, and 100 - test_acc the same within seed noise", needsShared("data/nb201/nb201.jsonl"), async () => {
  const methods = ["lissnas", "abs", "padnas", "random", "full"] as Array<"lissnas" | "abs" | "padnas" | "random" | "full">;
  const common = { trainSize: 300, methods, seeds: [1n, 2n], shrink: { initial: 300 } };
  const max = await evaluate(space, { truth: NB201, target: "test_acc", trainTarget: "val_acc", ...common });
  const file = lossTable();
  const check = (min: EvaluationReport, toAccuracy: (x: number) => number, exact: boolean) => {
    assert.equal(min.direction, "min");
    assert.ok(Math.abs(toAccuracy(min.threshold) - max.threshold) < 1e-9, "the threshold is the same architecture boundary");
    assert.ok(Math.abs(toAccuracy(min.full_max) - max.full_max) < 1e-9, "best = the lowest loss");
    for (const r of max.rows) {
      const m = min.rows.find((x) => x.method === r.method)!;
      if (exact) {
        assert.deepEqual(m.runs.map((x) => x.size), r.runs.map((x) => x.size), `${r.method} sizes`);
        assert.deepEqual(m.runs.map((x) => x.p_good), r.runs.map((x) => x.p_good), `${r.method} P(good)`);
        assert.deepEqual(m.runs.map((x) => x.best_retained), r.runs.map((x) => x.best_retained), `${r.method} best kept`);
        assert.deepEqual(m.runs.map((x) => x.best_predicted_rank), r.runs.map((x) => x.best_predicted_rank), `${r.method} predicted rank of the best`);
        assert.deepEqual(m.runs.map((x) => x.p_good_by_cost), r.runs.map((x) => x.p_good_by_cost), `${r.method} P(good | cost)`);
        assert.ok(r.runs.every((x) => Number.isFinite(x.p_good_by_cost)), `${r.method} has a P(good | cost)`);
        assert.ok(Math.abs(toAccuracy(m.max) - r.max) < 1e-9, `${r.method} best value`);
      } else {
        assert.ok(Math.abs(m.size - r.size) <= 0.1 * r.size, `${r.method} size ${m.size} vs ${r.size}`);
        assert.ok(Math.abs(m.p_good - r.p_good) <= 0.05, `${r.method} P(good) ${m.p_good} vs ${r.p_good}`);
      }
    }
  };
  // -y trains the mirror image of the trees on y bit for bit (every gradient is negated exactly), so the loop sees the same scores.
  check(await evaluate(space, { truth: file, target: "neg", trainTarget: "val_neg", direction: "min", ...common }), (x) => -x, true);
  // 100 - y rounds differently inside the trainer (its base score and gradients are not exact negations), so the
  // predictor, and with it the lissnas space, moves by a few members: equal within seed noise, not bit for bit.
  check(await evaluate(space, { truth: file, target: "loss", trainTarget: "val_loss", direction: "min", ...common }), (x) => 100 - x, false);
});

test("a method whose space the truth barely covers has null figures and says why", needsShared("data/nb201/nb201.jsonl"), () => {
  const result = runCli(["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--seeds", "1", "--train-size", "200", "--initial", "200",
    "--methods", "lissnas,full", "--min-covered", "7000", "--json", "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as EvaluationReport;
  assert.equal(report.schema_version, 2);
  for (const row of report.rows) {
    assert.equal(row.mean, null);
    assert.equal(row.p_good, null);
    assert.match(row.reason!, /seed 1: the truth table covers [\d,]+ of [\d,]+ members \(minimum 7000\)/);
  }
  const text = runCli(["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--seeds", "1", "--train-size", "200", "--initial", "200",
    "--methods", "lissnas,full", "--min-covered", "7000", "--quiet"]);
  assert.match(text.stdout, /^full: seed 1: the truth table covers 6,466 of 6,466 members \(minimum 7000\)$/m);
  assert.match(text.stdout, /unit: isomorphism class/);
});

test("evaluate rejects unparsable truth rows with file and line, unknown methods and cost fields by name", needsShared("data/nb201/nb201.jsonl"), () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-eval-"));
  const file = path.join(dir, "truth.jsonl");
  writeFileSync(file, `{"arch": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "acc": 10}\n{"arch": "|none~0|+|x~0|none~1|+|none~0|none~1|none~2|", "acc": 5}\n`);
  const bad = runCli(["evaluate", "nb201", "--truth", file, "--target", "acc", "--seeds", "1", "--quiet"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /truth\.jsonl:2: field "arch": unknown op "x"/);
  const missing = path.join(dir, "missing.jsonl");
  writeFileSync(missing, `{"arch": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "acc": 10}\n{"arch": "|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|"}\n`);
  assert.match(runCli(["evaluate", "nb201", "--truth", missing, "--target", "acc", "--seeds", "1", "--quiet"]).stderr, /missing\.jsonl:2: field "acc": missing; expected a number/);
  assert.match(runCli(["evaluate", "nb201", "--truth", file, "--target", "acc", "--methods", "lissnas,magic"]).stderr, /unknown method "magic"/);
  assert.match(runCli(["evaluate", "nb201", "--truth", file, "--target", "acc", "--seeds", "5..1"]).stderr, /must be ascending/);
  const cost = runCli(["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--cost", "NOSUCH", "--seeds", "1", "--quiet"]);
  assert.equal(cost.status, 2);
  assert.match(cost.stderr, /field "--cost": no cost field "NOSUCH": the table has fields index, test_acc, .*flops.*; nb201 has no cost model of its own/);
  assert.match(runCli(["evaluate", "nb201", "--target", "acc"]).stderr, /give --truth FILE, or --truth-model MODEL with --train-from FILE/);
  assert.match(runCli(["evaluate", "nb201", "--truth", file, "--target", "acc", "--k", "11"]).stderr, /--k 11 exceeds --n 10/);
});

test("the predicted rank of a class counts the classes scored strictly above it; ties share the better rank and an unscored class has none", () => {
  const scores = Float64Array.from([3, 1, NaN, 3, 2]);
  assert.equal(predictedRank(scores, 4), 3);
  assert.equal(predictedRank(scores, 0), 1);
  assert.equal(predictedRank(scores, 3), 1);
  assert.equal(predictedRank(scores, 1), 4, "a NaN score ranks below every number");
  assert.ok(Number.isNaN(predictedRank(scores, 2)));
});
