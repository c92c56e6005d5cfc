import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { mean, median, quantile, min, max, standardDeviation, summary, medianWithRange } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

const sample = [3.1, 1.2, 7.7, 4.4, 4.4, 9.0, 2.5];

test("quantile interpolates linearly between order statistics like numpy's default (type 7)", () => {
  // Sorted: 1.2 2.5 3.1 4.4 4.4 7.7 9.0; p = 0.1 -> h = 0.6 -> 1.2 + 0.6 * 1.3 = 1.98 (by hand; numpy agrees).
  assert.equal(quantile(sample, 0), 1.2);
  assert.equal(quantile(sample, 0.1), 1.98);
  assert.equal(quantile(sample, 0.25), 2.8);
  assert.equal(quantile(sample, 0.5), 4.4);
  assert.equal(quantile(sample, 0.8), 7.040000000000003); // np.quantile, to the last bit
  assert.equal(quantile(sample, 0.9), 8.22);
  assert.equal(quantile(sample, 1), 9.0);
});

test("quantile accepts Float32Array input and a single value", () => {
  assert.equal(quantile(Float32Array.of(4, 2, 8, 6), 0.5), 5);
  assert.equal(quantile([42], 0.37), 42);
});

test("the median averages the two middle values of an even count", () => {
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median(sample), 4.4);
  assert.equal(median(Float64Array.of(-1)), -1);
});

test("mean, min, max and both standard deviations match numpy on a small sample", () => {
  assert.ok(Math.abs(mean(sample) - 4.614285714285714) < 1e-15);
  assert.equal(min(sample), 1.2);
  assert.equal(max(sample), 9.0);
  assert.ok(Math.abs(standardDeviation(sample) - 2.598586743063331) < 1e-15); // np.std
  assert.ok(Math.abs(standardDeviation(sample, 1) - 2.8067944773522764) < 1e-15); // np.std(ddof=1)
  assert.equal(standardDeviation([5, 5, 5]), 0);
});

test("the mean of a long column keeps its digits (compensated summation)", () => {
  // 1e6 copies of 0.1 plus one 1e8: naive left-to-right summation drifts in the 9th digit.
  const values = new Float64Array(1_000_001).fill(0.1);
  values[0] = 1e8;
  assert.ok(Math.abs(mean(values) - (1e8 + 1e5) / 1_000_001) < 1e-9);
});

test("summary gives every figure in one call, consistent with the single functions", () => {
  const figures = summary(sample);
  assert.deepEqual(figures, {
    count: 7,
    mean: mean(sample),
    median: median(sample),
    min: 1.2,
    max: 9.0,
    standardDeviation: standardDeviation(sample),
  });
});

test("summary of the NB201 CIFAR-10 test accuracies matches numpy", needsShared("data/nb201/nb201.jsonl"), () => {
  const accuracies = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line).test_acc as number);
  const figures = summary(accuracies);
  assert.equal(figures.count, 15625);
  assert.ok(Math.abs(figures.mean - 87.06293088) < 1e-9);
  assert.equal(figures.median, 90.745);
  assert.ok(Math.abs(figures.standardDeviation - 12.93478603452412) < 1e-10);
  assert.equal(quantile(accuracies, 0.8), 92.36500000000001);
});

test("medianWithRange aggregates per-seed results into a median and its range", () => {
  assert.deepEqual(medianWithRange([92.1, 91.7, 93.0, 92.4]), { median: 92.25, min: 91.7, max: 93.0 });
  assert.deepEqual(medianWithRange([7]), { median: 7, min: 7, max: 7 });
});

test("quantiles are monotone in p and stay within min and max", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p, q) => {
      const [lowP, highP] = p <= q ? [p, q] : [q, p];
      const low = quantile(values, lowP);
      const high = quantile(values, highP);
      return low <= high && low >= min(values) && high <= max(values);
    }),
  );
});

test("empty input, NaN, infinities and bad parameters throw errors naming the field", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  fails(() => mean([]), /^field "values": expected at least 1 finite number; found an empty array$/);
  fails(() => median([1, Number.NaN]), /^field "values": expected finite numbers; found number NaN at index 1$/);
  fails(() => max([1, Infinity]), /found number Infinity at index 1/);
  fails(() => min("12" as unknown as number[]), /^field "values": expected an array of finite numbers; found string 12$/);
  fails(() => summary([1, "2" as unknown as number]), /found string 2 at index 1/);
  fails(() => quantile([1, 2], 1.5), /^field "p": expected a probability in \[0, 1\]; found 1.5$/);
  fails(() => quantile([1, 2], Number.NaN), /^field "p": expected a finite number; found number NaN$/);
  fails(() => standardDeviation([1], 1), /expected at least 2 finite numbers; found 1 value$/);
  fails(() => standardDeviation([1, 2], -1), /^field "ddof": expected an integer >= 0; found number -1$/);
  fails(() => medianWithRange([]), /found an empty array/);
});
