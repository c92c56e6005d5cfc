import { test } from "node:test";
import assert from "node:assert/strict";
import { orient, unorient, orientValue, atLeastAsGood, directionOf, checkDirection } from "../src/stats/direction.js";
import { orientedModel } from "../src/shrink/orientedModel.js";
import { withEffectiveShrinkage } from "../src/shrink/effectiveShrinkage.js";
import type { IterationTrace } from "../src/shrink/lissnas.js";

test("orienting a metric to minimise negates it, and orienting back restores it", () => {
  const loss = [0.5, -2, 3.25];
  assert.deepEqual(Array.from(orient(loss, "min")), [-0.5, 2, -3.25]);
  assert.deepEqual(Array.from(unorient(orient(loss, "min"), "min")), loss);
  assert.deepEqual(Array.from(orient(loss, "max")), loss);
  assert.equal(orientValue(7, "min"), -7);
  assert.ok(atLeastAsGood(1, 2, "min") && !atLeastAsGood(1, 2, "max"));
  assert.equal(directionOf(true), "min");
  assert.equal(directionOf(undefined), "max");
  assert.throws(() => checkDirection("up"), /expected "max" or "min"; found "up"/);
});

test("a model to minimise is seen by the loop with its scores negated", async () => {
  const model = { description: "m", digest: "d", predict: async (g: Uint8Array) => Float32Array.from(g, (x) => x + 0.5) };
  assert.equal(orientedModel(model, "max"), model);
  const minimised = orientedModel(model, "min");
  assert.deepEqual(Array.from(await minimised.predict(Uint8Array.from([1, 2]))), [-1.5, -2.5]);
  assert.match(minimised.description, /minimised/);
});

test("effective shrinkage flags an iteration whose size fell and whose P(good) rose", () => {
  const row = (iteration: number, size: number, p_good: number): IterationTrace =>
    ({ iteration, size, seeds: 1, new_architectures: 0, mean: 0, max: 0, p_good, explored: 0, seconds: 0 });
  const flagged = withEffectiveShrinkage([row(0, 1000, 0.2), row(1, 600, 0.5), row(2, 700, 0.6), row(3, 500, 0.6), row(4, 400, 0.7)]);
  assert.deepEqual(flagged.map((t) => t.effective_shrinkage), [null, true, false, false, true]);
});
