import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { evaluate } from "../src/evaluate/evaluate.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { runCli } from "./helpers/cli.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

test("an NB201 evaluation over seeds 1-5 measures every method on the real table at comparable size, and LISSNAS beats the budget-matched baselines", needsShared("data/nb201/nb201.jsonl"), async () => {
  const report = await evaluate(getSpace("nb201"), {
    truth: sharedPath("data/nb201/nb201.jsonl"), target: "test_acc", trainTarget: "val_acc", trainSize: 1000,
    methods: ["lissnas", "abs", "padnas", "nse", "greedynas", "topk", "topk-all", "random", "full"], seeds: [1n, 2n, 3n, 4n, 5n], costField: "flops",
  });
  const row = (method: string) => report.rows.find((r) => r.method === method)!;
  assert.equal(report.truth_rows, 15625);
  assert.equal(report.truth_classes, 6466);
  assert.ok(Math.abs(row("full").mean - 87.06) < 0.01);
  assert.ok(Math.abs(row("full").max - 94.37) < 0.01);
  assert.ok(Math.abs(row("full").p_good - 0.2) < 0.001);
  assert.equal(row("full").shrink_index, 0);
  const lissnas = row("lissnas");
  assert.ok(lissnas.size <= 1000, `size ${lissnas.size}`);
  assert.ok(lissnas.mean >= 93.0, `mean ${lissnas.mean}`);
  assert.equal(lissnas.best_retained, 1);
  assert.ok(lissnas.flops_coverage >= 0.95, `FLOPs coverage ${lissnas.flops_coverage}`);
  assert.ok(lissnas.runs.every((r) => r.flops_coverage >= 0.95 && r.best_retained), "every seed keeps the cost range and the best cell");
  assert.ok(lissnas.shrink_index >= 0.5, `shrink index ${lissnas.shrink_index}`);
  for (const baseline of ["padnas", "nse", "greedynas", "topk", "random"]) {
    assert.ok(lissnas.mean > row(baseline).mean, `mean vs ${baseline}`);
    assert.ok(lissnas.p_good > row(baseline).p_good, `P(good) vs ${baseline}`);
  }
  // Scoring every class is the upper bound a predictor allows.
  assert.ok(row("topk-all").mean > lissnas.mean);
  for (const r of report.rows) {
    assert.equal(r.reason, null, r.method);
    for (const run of r.runs) {
      if (r.method === "full") continue;
      const target = lissnas.runs.find((l) => l.seed === run.seed)!.size;
      assert.ok(run.size >= target / 2 && run.size <= target * 2, `${r.method} seed ${run.seed}: ${run.size} against ${target}`);
    }
  }
  assert.equal(lissnas.runs.length, 5);
});

test("evaluate rejects unparsable truth rows with file and line, and unknown methods by name", () => {
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
});
