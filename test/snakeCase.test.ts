import { test } from "node:test";
import assert from "node:assert/strict";
import { snakeCase, snakeCaseKeys } from "../src/io/snakeCase.js";

test("camelCase names become snake_case and snake_case names stay as they are", () => {
  assert.equal(snakeCase("maxSeeds"), "max_seeds");
  assert.equal(snakeCase("rwaBelowThreshold"), "rwa_below_threshold");
  assert.equal(snakeCase("p_good"), "p_good");
  assert.equal(snakeCase("seed"), "seed");
  assert.equal(snakeCase("radius2Limit"), "radius2_limit");
});

test("keys are converted at every depth, arrays and typed arrays become arrays, values are kept", () => {
  assert.deepEqual(snakeCaseKeys({ walkSteps: 3, accuracyDifference: [{ standardDeviation: 1, low: null }], rows: Float64Array.from([1.5]), name: "keepMe" }),
    { walk_steps: 3, accuracy_difference: [{ standard_deviation: 1, low: null }], rows: [1.5], name: "keepMe" });
});
