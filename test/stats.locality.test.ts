import { test } from "node:test";
import assert from "node:assert/strict";
import { randomWalkAutocorrelation, accuracyDifferenceByDistance, pearson, Z_95 } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";

test("autocorrelation pools (step t, step t + k) pairs over walks, never across walks", () => {
  const walks = [
    [1, 2, 3, 4],
    [10, 8, 9],
  ];
  const [lag1, lag2, lag3, lag4] = randomWalkAutocorrelation(walks, 4);
  // Lag 1 pairs: (1,2) (2,3) (3,4) (10,8) (8,9); lag 2: (1,3) (2,4) (10,9); lag 3: (1,4) only; lag 4: none.
  assert.deepEqual(lag1, { lag: 1, correlation: pearson([1, 2, 3, 10, 8], [2, 3, 4, 8, 9]), pairs: 5 });
  assert.deepEqual(lag2, { lag: 2, correlation: pearson([1, 2, 10], [3, 4, 9]), pairs: 3 });
  assert.equal(lag3.pairs, 1);
  assert.ok(Number.isNaN(lag3.correlation), "one pair has no correlation");
  assert.equal(lag4.pairs, 0);
  assert.ok(Number.isNaN(lag4.correlation));
});

test("a smooth walk stays correlated while an alternating one anti-correlates at odd lags", () => {
  const smooth = Array.from({ length: 200 }, (_, t) => Math.sin(t / 20));
  const alternating = Array.from({ length: 200 }, (_, t) => (t % 2 === 0 ? 1 : -1));
  const [smoothLag1] = randomWalkAutocorrelation([smooth], 1);
  assert.ok(smoothLag1.correlation > 0.99);
  const [odd, even] = randomWalkAutocorrelation([Float32Array.from(alternating)], 2);
  assert.equal(odd.correlation, -1);
  assert.equal(even.correlation, 1);
});

test("accuracy differences are averaged per edit distance with a 95% normal interval", () => {
  const { rows, outside } = accuracyDifferenceByDistance(
    [
      { distance: 1, a: 90, b: 91 },
      { distance: 1, a: 92, b: 89 },
      { distance: 2, a: 80, b: 90 },
      { distance: 0, a: 90, b: 90 },
      { distance: 5, a: 10, b: 90 },
    ],
    3,
  );
  assert.equal(outside, 2);
  // Distance 1: |diffs| = 1, 3 -> mean 2, s = √2, half-width 1.96 √2 / √2 = 1.96.
  assert.equal(rows[0].distance, 1);
  assert.equal(rows[0].count, 2);
  assert.equal(rows[0].mean, 2);
  assert.ok(Math.abs(rows[0].standardDeviation - Math.SQRT2) < 1e-15);
  assert.ok(Math.abs(rows[0].low - (2 - Z_95)) < 1e-12 && Math.abs(rows[0].high - (2 + Z_95)) < 1e-12);
  // Distance 2: one pair -> a mean but no interval; distance 3: nothing.
  assert.equal(rows[1].mean, 10);
  assert.ok(Number.isNaN(rows[1].low) && Number.isNaN(rows[1].high));
  assert.equal(rows[2].count, 0);
  assert.ok(Number.isNaN(rows[2].mean));
});

test("pairs given as parallel typed arrays give the same rows as pair objects", () => {
  const distance = Uint8Array.of(1, 2, 2, 2, 1);
  const a = Float32Array.of(90, 91, 80, 85, 70);
  const b = Float32Array.of(90.5, 93, 84, 79, 71);
  const fromColumns = accuracyDifferenceByDistance({ distance, a, b }, 2);
  const fromObjects = accuracyDifferenceByDistance(Array.from(distance, (d, i) => ({ distance: d, a: a[i], b: b[i] })), 2);
  assert.deepEqual(fromColumns, fromObjects);
  assert.equal(fromColumns.rows[1].count, 3);
  assert.ok(Math.abs(fromColumns.rows[1].mean - 4) < 1e-12);
});

test("locality statistics reject bad walks, distances and parameters, naming the field", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  fails(() => randomWalkAutocorrelation([], 2), /^field "walks": expected a non-empty array of walks; found an empty array$/);
  fails(() => randomWalkAutocorrelation([[1, 2], [3, Number.NaN]], 1), /^field "walks\[1\]": expected finite numbers; found number NaN at index 1$/);
  fails(() => randomWalkAutocorrelation([[1, 2, 3]], 0), /^field "maxLag": expected an integer >= 1; found number 0$/);
  fails(() => accuracyDifferenceByDistance([{ distance: 1.5, a: 1, b: 2 }], 2), /^field "pairs.distance": expected a non-negative integer edit distance; found 1.5 at index 0$/);
  fails(() => accuracyDifferenceByDistance([{ distance: -1, a: 1, b: 2 }], 2), /found -1 at index 0$/);
  fails(() => accuracyDifferenceByDistance([{ distance: 1, a: Number.NaN, b: 2 }], 2), /^field "pairs.a": expected finite numbers; found number NaN at index 0$/);
  fails(() => accuracyDifferenceByDistance({ distance: [1, 2], a: [1, 2], b: [1] }, 2), /^field "pairs.b": expected the same length as "pairs.distance" \(2\); found 1$/);
  fails(() => accuracyDifferenceByDistance([null as unknown as { distance: number; a: number; b: number }], 2), /^field "pairs": expected an object \{distance, a, b\}; found null at index 0$/);
  fails(() => accuracyDifferenceByDistance([], 0), /^field "maxDistance": expected an integer >= 1; found number 0$/);
});
