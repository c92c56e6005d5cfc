import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { readTruthTable } from "../src/evaluate/truthTable.js";
import { nasBenefit } from "../src/search/benefit.js";
import { pearson } from "../src/stats/correlation.js";
import { kendallTauB } from "../src/stats/kendall.js";
import { sharedPath, needsShared } from "./helpers/shared.js";

test("the NAS-benefit block finds better networks with evolution inside a good space than in a random one, with the predictor's correlations per space", needsShared("data/nb201/nb201.jsonl"), async () => {
  const space = getSpace("nb201");
  const kernels = new SpaceKernels(space);
  const table = await readTruthTable(kernels, sharedPath("data/nb201/nb201.jsonl"), "test_acc", "val_acc");
  const classes = table.classKeys.length;
  // A "shrunk" space of the 400 classes with the best validation accuracy, a random one of the same size.
  const byVal = Array.from({ length: classes }, (_, c) => c).sort((a, b) => table.classTrain[b] - table.classTrain[a]);
  const good = byVal.slice(0, 400);
  const random = Array.from({ length: classes }, (_, c) => c).filter((c) => c % 16 === 3).slice(0, 400);
  const tiny = byVal.slice(1000, 1012);
  const rows = await nasBenefit({
    space, kernels, table, target: "test_acc", members: { good, random, tiny, full: null },
    predicted: table.classTrain, budget: 30, trials: 12, seed: 5n,
  });
  assert.deepEqual(Object.keys(rows), ["good", "random", "tiny", "full"]);
  assert.ok(rows.good.top1_mean > rows.random.top1_mean + 0.2, `good ${rows.good.top1_mean} vs random ${rows.random.top1_mean}`);
  assert.ok(rows.good.top1_low <= rows.good.top1_mean && rows.good.top1_mean <= rows.good.top1_high);
  assert.equal(rows.full.size, 6466);
  assert.equal(rows.full.space_best, table.classTarget.reduce((a, b) => Math.max(a, b)));
  // A space smaller than the budget is searched exhaustively: every trial finds its best.
  assert.equal(rows.tiny.budget, 12);
  assert.equal(rows.tiny.reached_best, 12);
  assert.equal(rows.tiny.top1_mean, Math.max(...tiny.map((c) => table.classTarget[c])));
  // The correlation columns are the predictor's inside each space.
  assert.equal(rows.good.pearson, pearson(good.map((c) => table.classTrain[c]), good.map((c) => table.classTarget[c])));
  assert.equal(rows.random.kendall_tau, kendallTauB(random.map((c) => table.classTrain[c]), random.map((c) => table.classTarget[c])));
  // Deterministic for a seed.
  const again = await nasBenefit({ space, kernels, table, target: "test_acc", members: { good }, predicted: table.classTrain, budget: 30, trials: 12, seed: 5n });
  assert.deepEqual(again.good, rows.good);
});
