import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { shrink } from "../src/shrink/lissnas.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import { resolveShrinkOptions } from "../src/shrink/options.js";
import { renderShrinkFiles } from "../src/shrink/output.js";
import { runCli } from "./helpers/cli.js";
import { sharedPath, needsShared } from "./helpers/shared.js";

const within10 = (size: number, target: number) => Math.abs(size - target) <= 0.1 * target;

function assertWellFormed(result: Awaited<ReturnType<typeof shrink>>): void {
  const count = result.members.count;
  const keys = new Set(Array.from(result.members.keys.subarray(0, count)));
  assert.equal(keys.size, count, "members are unique");
  for (const pocket of result.pockets) assert.ok(keys.has(pocket.seedKey), `pocket ${pocket.id}'s seed is a member`);
  for (let i = 0; i < count; i++) assert.ok(result.pocketOf[i] >= 0 && result.pocketOf[i] < result.pockets.length);
  assert.equal(result.members.maxScore(), result.best.score, "the best stays");
}

for (const [id, targets] of [["nb201", [500, 2000]], ["nb101", [2000]], ["nb301", [5000]]] as const) {
  test(`${id}: --target-size ${targets.join(" and ")} returns that many members within 10%, seeds and the best kept`, async () => {
    const space = getSpace(id);
    const model = new SyntheticLandscape(space, 2n);
    const natural = await shrink(space, model, { seed: 4n, initial: 500 });
    for (const target of targets) {
      const result = await shrink(space, model, { seed: 4n, initial: 500, targetSize: target });
      assert.ok(within10(result.members.count, target), `${id} target ${target}: ${result.members.count} (loop alone: ${natural.members.count})`);
      assert.equal(result.size.loopSize, natural.members.count);
      assert.equal(result.size.action, natural.members.count > target ? "trimmed" : natural.members.count < target ? result.size.action : "none");
      assert.ok(result.size.met);
      assertWellFormed(result);
      if (result.size.action === "trimmed") {
        assert.ok(result.members.meanScore() >= natural.members.meanScore(), "trimming drops the lowest-scored members");
      } else {
        assert.ok(result.size.extensionRounds >= 1);
      }
    }
  });
}

test("a trimmed space keeps the best-scored members that seed no pocket", async () => {
  const model = new SyntheticLandscape(getSpace("nb201"), 3n);
  const space = getSpace("nb201");
  const natural = await shrink(space, model, { seed: 1n });
  const trimmed = await shrink(space, model, { seed: 1n, targetSize: Math.floor(natural.members.count / 2) });
  assert.equal(trimmed.size.action, "trimmed");
  const seeds = new Set(trimmed.pockets.map((p) => p.seedKey));
  let lowestKept = Infinity;
  for (let i = 0; i < trimmed.members.count; i++) if (!seeds.has(trimmed.members.keys[i])) lowestKept = Math.min(lowestKept, trimmed.members.scores[i]);
  const keptKeys = new Set(Array.from(trimmed.members.keys.subarray(0, trimmed.members.count)));
  for (let i = 0; i < natural.members.count; i++) {
    if (!keptKeys.has(natural.members.keys[i])) assert.ok(natural.members.scores[i] <= lowestKept);
  }
});

test("--reduction F asks for the full space's classes / F members", () => {
  const nb201 = getSpace("nb201");
  assert.equal(resolveShrinkOptions(nb201, { reduction: 10 }).targetSize, 647);
  assert.equal(resolveShrinkOptions(getSpace("nb301"), { reduction: 1e11 }).targetSize, 10767470);
  assert.throws(() => resolveShrinkOptions(nb201, { reduction: 10, targetSize: 5 }), /--target-size and --reduction are alternatives/);
  assert.throws(() => resolveShrinkOptions(nb201, { reduction: 0.5 }), /--reduction must be a number >= 1; found 0.5/);
  assert.throws(() => resolveShrinkOptions(nb201, { targetSize: 0 }), /--target-size must be a positive integer; found 0/);
  assert.throws(() => resolveShrinkOptions(nb201, { strata: -1 }), /--strata must be an integer >= 0; found -1/);
  assert.throws(() => resolveShrinkOptions(nb201, { strataBins: "log" as never }), /--strata-bins must be one of width, quantile; found "log"/);
});

test("with strata and a target size, 1 and 2 workers give the same members, pockets and scores", async () => {
  const nb301 = getSpace("nb301");
  const model = new SyntheticLandscape(nb301, 5n);
  const options = { seed: 6n, initial: 600, perSeed: 50, strata: 6, targetSize: 8000 };
  const [one, two] = [await shrink(nb301, model, options, undefined, { workers: 1 }), await shrink(nb301, model, options, undefined, { workers: 2 })];
  assert.ok(one.size.extensionRounds >= 1);
  assert.deepEqual(one.members.batch(), two.members.batch());
  assert.deepEqual(Array.from(one.pocketOf), Array.from(two.pocketOf));
  assert.deepEqual(one.members.scores.subarray(0, one.members.count), two.members.scores.subarray(0, two.members.count));
  const kernels = new SpaceKernels(nb301);
  const info = { predictor: { description: "synthetic", digest: "x" } };
  const [a, b] = [renderShrinkFiles(one, info, kernels), renderShrinkFiles(two, info, kernels)];
  assert.equal(a["space.jsonl"], b["space.jsonl"]);
  assert.equal(a["pockets.jsonl"], b["pockets.jsonl"]);
});

test("shrink --cost FILE:FIELD --target-size writes the size, the best and the cost strata into the manifest", needsShared("data/nb201/nb201.jsonl"), () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-target-")), "run");
  const table = sharedPath("data/nb201/nb201.jsonl");
  const result = runCli(["shrink", "nb201", "--predictor", "synthetic:2", "--seed", "3", "--cost", `${table}:flops`, "--target-size", "300",
    "--out", out, "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
  assert.equal(manifest.size, 300);
  assert.equal(manifest.size_control.target_size, 300);
  assert.equal(manifest.size_control.within_10_percent, true);
  assert.equal(manifest.diversity.rule, "cost");
  assert.match(manifest.diversity.cost, /nb201\.jsonl:flops/);
  assert.equal(manifest.diversity.strata_edges.length, 9);
  assert.equal(manifest.best.score, manifest.max_score);
  assert.equal(manifest.parameters.costModel, undefined);
  const lines = readFileSync(path.join(out, "space.jsonl"), "utf8").trim().split("\n");
  assert.equal(lines.length, 300);
  assert.ok(lines.some((line) => JSON.parse(line).key === manifest.best.key));
});

test("shrink's cost options are refused with messages that name the option", () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-cost-")), "run");
  const bad = (args: string[], message: RegExp) => {
    const result = runCli(["shrink", "nb201", "--predictor", "synthetic:1", "--out", out, "--quiet", ...args]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, message);
  };
  bad(["--cost", "latency"], /--cost must be flops, params, none or FILE\.jsonl:FIELD; found "latency"/);
  bad(["--cost", "flops"], /--cost flops: nb201 has no analytic cost model/);
  bad(["--cost", "none", "--cost-predictor", "synthetic:2"], /--cost and --cost-predictor are alternatives/);
  bad(["--target-size", "10", "--reduction", "3"], /--target-size and --reduction are alternatives/);
  bad(["--strata", "-2"], /--strata must be in 0\.\.∞; found -2/);
});

test("shrink --cost-predictor takes the cost from a second predictor", () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "lissnas-costpred-")), "run");
  const result = runCli(["shrink", "nb201", "--predictor", "synthetic:2", "--seed", "3", "--cost-predictor", "synthetic:9", "--out", out, "--quiet"]);
  assert.equal(result.status, 0, result.stderr);
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
  assert.equal(manifest.diversity.rule, "cost");
  assert.match(manifest.diversity.cost, /synthetic/i);
  assert.equal(manifest.diversity.strata_edges.length, 9);
});

test("evaluate with a target size runs lissnas at that size, and the baselines follow it", needsShared("data/nb201/nb201.jsonl"), async () => {
  const { evaluate } = await import("../src/evaluate/evaluate.js");
  const report = await evaluate(getSpace("nb201"), {
    truth: sharedPath("data/nb201/nb201.jsonl"), target: "test_acc", trainTarget: "val_acc", trainSize: 300,
    methods: ["lissnas", "padnas", "random"], seeds: [1n], costField: "flops", shrink: { targetSize: 400, initial: 300 },
  });
  const size = (method: string) => report.rows.find((r) => r.method === method)!.size;
  assert.equal(size("lissnas"), 400);
  assert.equal(size("random"), 400);
  assert.ok(Math.abs(size("padnas") - 400) < 200, `padnas ${size("padnas")}`);
  assert.ok(report.rows.find((r) => r.method === "lissnas")!.cost_coverage >= 0.95);
});
