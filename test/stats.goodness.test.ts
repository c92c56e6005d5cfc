import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pGood, shrinkIndex, shrinkIndexDetail, defaultGoodThreshold } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

test("P(good) is the fraction of values at or above the threshold, ties counting as good", () => {
  assert.equal(pGood([90, 91, 92, 93], 92), 0.5);
  assert.equal(pGood([90, 91, 92, 93], 95), 0);
  assert.equal(pGood(Float32Array.of(1, 2, 3), 1), 1);
});

test("the default threshold is the 80th percentile of the full space", () => {
  const full = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(defaultGoodThreshold(full), 8);
  assert.equal(pGood(full, defaultGoodThreshold(full)), 3 / 11);
  assert.equal(defaultGoodThreshold(full, 50), 5);
});

test("the shrink index is P(good | shrunk) - P(good | full) at the full space's threshold", () => {
  const full = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const shrunk = [7, 8, 9, 10];
  assert.deepEqual(shrinkIndexDetail(shrunk, full), { threshold: 8, pGoodShrunk: 0.75, pGoodFull: 3 / 11, index: 0.75 - 3 / 11 });
  assert.equal(shrinkIndex(shrunk, full), 0.75 - 3 / 11);
  assert.equal(shrinkIndex([0, 1], full, 1), 0.5 - 10 / 11);
  assert.equal(shrinkIndex(full, full), 0);
});

test("keeping the larger-FLOPs half of NB201 raises P(good) by 0.1906 (numpy reference)", needsShared("data/nb201/nb201.jsonl"), () => {
  const rows = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { test_acc: number; flops: number });
  const flops = rows.map((row) => row.flops).sort((a, b) => a - b);
  const medianFlops = flops[7812]; // 15,625 rows: the middle one, as np.median
  const full = rows.map((row) => row.test_acc);
  const shrunk = rows.filter((row) => row.flops > medianFlops).map((row) => row.test_acc);
  const detail = shrinkIndexDetail(shrunk, full);
  assert.equal(shrunk.length, 7671);
  assert.equal(detail.threshold, 92.36500000000001);
  assert.equal(detail.pGoodFull, 0.200064);
  assert.ok(Math.abs(detail.index - 0.1906282174423152) < 1e-15);
});

test("P(good) and the shrink index reject empty spaces, NaN and a non-finite threshold", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  fails(() => pGood([], 1), /^field "values": expected at least 1 finite number; found an empty array$/);
  fails(() => pGood([1, Number.NaN], 1), /^field "values": expected finite numbers; found number NaN at index 1$/);
  fails(() => pGood([1], Number.NaN), /^field "threshold": expected a finite number; found number NaN$/);
  fails(() => shrinkIndex([], [1, 2]), /^field "shrunk": expected at least 1/);
  fails(() => shrinkIndex([1], []), /^field "full": expected at least 1/);
  fails(() => shrinkIndex([1], [1, 2], Infinity), /^field "threshold": expected a finite number; found number Infinity$/);
  fails(() => defaultGoodThreshold([1, 2], 101), /^field "percentile": expected a percentile in \[0, 100\]; found 101$/);
});
