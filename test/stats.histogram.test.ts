import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { histogram, rangeCoverage } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";

test("values fall into half-open equal-width bins, the maximum into the last bin, as np.histogram", () => {
  const result = histogram([0, 0.5, 1, 1.5, 2, 3, 4], { bins: 4, min: 0, max: 4 });
  assert.deepEqual(Array.from(result.edges), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(result.counts), [2, 2, 1, 2]);
  assert.deepEqual([result.below, result.above, result.total], [0, 0, 7]);
});

test("out-of-range values are counted apart, never dropped silently", () => {
  const result = histogram(Float32Array.of(-1, 5, 2), { bins: 2, min: 0, max: 4 });
  assert.deepEqual(Array.from(result.counts), [0, 1]);
  assert.deepEqual([result.below, result.above, result.total], [1, 1, 3]);
});

test("two methods histogrammed with the same options share their edges", () => {
  const options = { bins: 10, min: 0, max: 300 };
  const full = histogram([12, 80, 150, 299], options);
  const shrunk = histogram([150, 160], options);
  assert.deepEqual(full.edges, shrunk.edges);
  assert.equal(shrunk.counts[5], 2);
});

test("values on inner edges land in the bin the edge opens, despite rounding of (v - min) * bins / range", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (bins, low, span) => {
      const options = { bins, min: low, max: low + span };
      const { edges } = histogram([], options);
      const result = histogram(edges, options);
      // Each edge value belongs to the bin it opens (the last edge to the last bin).
      return result.counts.every((count, i) => count === (i === bins - 1 ? 2 : 1)) || edges[bins] === edges[bins - 1];
    }),
  );
});

test("an empty set of values gives zero counts", () => {
  const result = histogram([], { bins: 3, min: 0, max: 1 });
  assert.deepEqual(Array.from(result.counts), [0, 0, 0]);
  assert.equal(result.total, 0);
});

test("range coverage is the subset's spread over the full spread", () => {
  assert.equal(rangeCoverage([20, 40], [0, 10, 50, 100]), 0.2);
  assert.equal(rangeCoverage([0, 100], [0, 10, 50, 100]), 1);
  assert.equal(rangeCoverage([42], [0, 100]), 0);
});

test("histogram and range coverage reject bad options and data, naming the field", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  fails(() => histogram([1], { bins: 0, min: 0, max: 1 }), /^field "bins": expected an integer in 1\.\.16777216; found number 0$/);
  fails(() => histogram([1], { bins: 2.5, min: 0, max: 1 }), /^field "bins": expected an integer/);
  fails(() => histogram([1], { bins: 2, min: 1, max: 1 }), /^field "max": expected max > min \(1\); found 1$/);
  fails(() => histogram([1], { bins: 2, min: Number.NaN, max: 1 }), /^field "min": expected a finite number; found number NaN$/);
  fails(() => histogram([Number.NaN], { bins: 2, min: 0, max: 1 }), /^field "values": expected finite numbers; found number NaN at index 0$/);
  fails(() => histogram([1], undefined as unknown as { bins: number; min: number; max: number }), /^field "options": expected \{bins, min, max\}; found undefined$/);
  fails(() => rangeCoverage([1], [3, 3, 3]), /^field "full": expected values spanning a non-zero range; found all values equal$/);
  fails(() => rangeCoverage([], [1, 2]), /^field "subset": expected at least 1 finite number; found an empty array$/);
  fails(() => rangeCoverage([1], [1, Infinity]), /^field "full": expected finite numbers; found number Infinity at index 1$/);
});
