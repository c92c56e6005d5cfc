import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { pearson, spearman, kendallTauB, averageRanks } from "../src/stats/index.js";
import { kendallTauBByPairs } from "../src/stats/kendall.js";
import { LissnasError } from "../src/errors.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

function close(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, found ${actual}`);
}

test("average ranks share the mean of the ranks a tie spans", () => {
  assert.deepEqual(Array.from(averageRanks([10, 20, 20, 30])), [1, 2.5, 2.5, 4]);
  assert.deepEqual(Array.from(averageRanks([1, 2, 2, 3, 3, 3, 4, 5])), [1, 2.5, 2.5, 5, 5, 5, 7, 8]);
  assert.deepEqual(Array.from(averageRanks([])), []);
});

test("a perfect line gives r = 1 (or -1) and a shifted, scaled copy changes nothing", () => {
  assert.equal(pearson([1, 2, 3, 4], [2, 4, 6, 8]), 1);
  assert.equal(pearson([1, 2, 3, 4], [8, 6, 4, 2]), -1);
  close(pearson([1, 5, 2, 8], [3, 1, 4, 1]), pearson([1, 5, 2, 8].map((v) => 3 * v - 7), [3, 1, 4, 1]), 1e-15);
});

test("without ties, Spearman's rho is 1 - 6 Σd² / (n(n² - 1)) and tau counts concordant pairs", () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8];
  const y = [2, 1, 4, 3, 7, 8, 6, 5];
  // d = rank differences: -1 1 -1 1 -2 -2 1 3 -> Σd² = 22 -> rho = 1 - 132/504 = 0.738095...
  close(spearman(x, y), 1 - (6 * 22) / (8 * 63), 1e-15);
  // 28 pairs, 7 discordant -> tau = (21 - 7) / 28 = 0.5.
  close(kendallTauB(x, y), 0.5, 1e-15);
  close(pearson(x, y), 0.7380952380952379, 1e-15); // the values are their own ranks here
});

test("with ties, the three coefficients match scipy.stats", () => {
  const x = [1, 2, 2, 3, 3, 3, 4, 5];
  const y = [1, 3, 2, 2, 3, 5, 4, 4];
  close(pearson(x, y), 0.7003009752518538, 1e-15);
  close(spearman(x, y), 0.7250566472634377, 1e-15);
  close(kendallTauB(x, y), 0.6123724356957946, 1e-15);
});

test("on all 15,625 NB201 cells, CIFAR-10 and CIFAR-100 accuracies agree as scipy computes", needsShared("data/nb201/nb201.jsonl"), () => {
  const rows = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { test_acc: number; cifar100_test_acc: number; flops: number });
  const c10 = Float64Array.from(rows, (row) => row.test_acc);
  const c100 = Float64Array.from(rows, (row) => row.cifar100_test_acc);
  close(kendallTauB(c10, c100), 0.8815584101103763, 1e-12);
  close(spearman(c10, c100), 0.9801662775979678, 1e-12);
  close(pearson(c10, c100), 0.9568914021619288, 1e-12);
  // FLOPs take few distinct values: a tie-heavy case.
  close(kendallTauB(rows.map((row) => row.flops), c10), 0.5408701324753096, 1e-12);
});

test("Knight's O(n log n) tau-b equals the pair-by-pair definition on random arrays with ties", () => {
  const tied = fc.integer({ min: -3, max: 3 });
  fc.assert(
    fc.property(fc.array(fc.tuple(tied, tied), { minLength: 2, maxLength: 60 }), (pairs) => {
      const x = pairs.map(([a]) => a);
      const y = pairs.map(([, b]) => b);
      const fast = kendallTauB(x, y);
      const slow = kendallTauBByPairs(x, y);
      return Number.isNaN(slow) ? Number.isNaN(fast) : Math.abs(fast - slow) < 1e-12;
    }),
    { numRuns: 500 },
  );
});

test("Knight's tau-b equals the definition on continuous random arrays too", () => {
  const value = fc.double({ min: -1e3, max: 1e3, noNaN: true });
  fc.assert(
    fc.property(fc.array(fc.tuple(value, value), { minLength: 2, maxLength: 200 }), (pairs) => {
      const x = Float64Array.from(pairs, ([a]) => a);
      const y = Float64Array.from(pairs, ([, b]) => b);
      const slow = kendallTauBByPairs(x, y);
      const fast = kendallTauB(x, y);
      return Number.isNaN(slow) ? Number.isNaN(fast) : Math.abs(fast - slow) < 1e-12;
    }),
    { numRuns: 200 },
  );
});

test("Spearman's rho is Pearson's r of the average ranks, and every coefficient lies in [-1, 1]", () => {
  const tied = fc.integer({ min: 0, max: 5 });
  fc.assert(
    fc.property(fc.array(fc.tuple(tied, tied), { minLength: 2, maxLength: 40 }), (pairs) => {
      const x = pairs.map(([a]) => a);
      const y = pairs.map(([, b]) => b);
      const rho = spearman(x, y);
      const ranked = pearson(averageRanks(x), averageRanks(y));
      const inRange = [rho, pearson(x, y), kendallTauB(x, y)].every((v) => Number.isNaN(v) || (v >= -1 && v <= 1));
      return inRange && (Number.isNaN(rho) ? Number.isNaN(ranked) : Math.abs(rho - ranked) < 1e-12);
    }),
  );
});

test("a constant input has no correlation: every coefficient is NaN, as in scipy", () => {
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
  assert.ok(Number.isNaN(spearman([1, 2, 3], [4, 4, 4])));
  assert.ok(Number.isNaN(kendallTauB([5, 5], [1, 2])));
});

test("tau-b of 200,000 pairs takes well under a second (O(n log n))", () => {
  const n = 200_000;
  const x = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
  const y = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) + ((i * 104729) % 300));
  const started = performance.now();
  const tau = kendallTauB(x, y);
  assert.ok(performance.now() - started < 1000);
  assert.ok(tau > 0.5 && tau < 1);
});

test("correlations reject mismatched lengths, fewer than two pairs and NaN, naming the argument", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  for (const correlation of [pearson, spearman, kendallTauB]) {
    fails(() => correlation([1, 2, 3], [1, 2]), /^field "y": expected the same length as "x" \(3\); found 2$/);
    fails(() => correlation([1], [1]), /^field "x": expected at least 2 finite numbers; found 1 value$/);
    fails(() => correlation([1, 2], [1, Number.NaN]), /^field "y": expected finite numbers; found number NaN at index 1$/);
    fails(() => correlation([], []), /^field "x": expected at least 2 finite numbers; found an empty array$/);
  }
  fails(() => averageRanks([Infinity]), /^field "values": expected finite numbers; found number Infinity at index 0$/);
});
