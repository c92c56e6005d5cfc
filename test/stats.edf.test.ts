import { test } from "node:test";
import assert from "node:assert/strict";
import { edf, edfAt, errorEdf, errorsFromAccuracies } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";

test("the EDF lists distinct values ascending with the fraction at or below each", () => {
  const distribution = edf([3, 1, 2, 2]);
  assert.deepEqual(Array.from(distribution.x), [1, 2, 3]);
  assert.deepEqual(Array.from(distribution.F), [0.25, 0.75, 1]);
  assert.equal(distribution.count, 4);
});

test("tied values make one step as high as their share", () => {
  const distribution = edf(Float32Array.of(5, 5, 5, 5, 9));
  assert.deepEqual(Array.from(distribution.x), [5, 9]);
  assert.deepEqual(Array.from(distribution.F), [0.8, 1]);
});

test("the EDF is a right-continuous step function when evaluated", () => {
  const distribution = edf([1, 2, 2, 4]);
  assert.equal(edfAt(distribution, 0.5), 0);
  assert.equal(edfAt(distribution, 1), 0.25);
  assert.equal(edfAt(distribution, 1.999), 0.25);
  assert.equal(edfAt(distribution, 2), 0.75);
  assert.equal(edfAt(distribution, 3), 0.75);
  assert.equal(edfAt(distribution, 4), 1);
  assert.equal(edfAt(distribution, Infinity), 1);
});

test("errors are 100 minus accuracy, and the error EDF is built from them", () => {
  assert.deepEqual(Array.from(errorsFromAccuracies([94.5, 90, 100])), [5.5, 10, 0]);
  const distribution = errorEdf([94.5, 90, 90, 100]);
  assert.deepEqual(Array.from(distribution.x), [0, 5.5, 10]);
  assert.deepEqual(Array.from(distribution.F), [0.25, 0.5, 1]);
});

test("the EDF rejects empty input and NaN, and error EDFs reject accuracies that are not percentages", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  fails(() => edf([]), /^field "values": expected at least 1 finite number; found an empty array$/);
  fails(() => edf([1, Number.NaN]), /^field "values": expected finite numbers; found number NaN at index 1$/);
  fails(() => errorsFromAccuracies([93, 101]), /^field "accuracies": expected accuracies in percent, within \[0, 100\]; found 101 at index 1$/);
  fails(() => edfAt(edf([1]), Number.NaN), /^field "t": expected a number to evaluate the EDF at; found NaN$/);
});
