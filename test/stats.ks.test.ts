import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { ks2samp, kolmogorovSurvival, errorsFromAccuracies } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

/** |actual - expected| <= relative * |expected|. */
function close(actual: number, expected: number, relative: number): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `expected ${expected}, found ${actual}`);
}

/** Deterministic samples, recomputed with the same IEEE operations in Python for the scipy references. */
function gridSamples(n1: number, n2: number): [Float64Array, Float64Array] {
  const a = Float64Array.from({ length: n1 }, (_, i) => i / n1);
  const b = Float64Array.from({ length: n2 }, (_, j) => (j / n2) * (j / n2) * 0.3 + 0.7 * (j / n2));
  return [a, b];
}

test("completely separated samples of five give D = 1 and p = 2 / C(10, 5)", () => {
  const result = ks2samp([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
  assert.equal(result.statistic, 1);
  close(result.pValue, 2 / 252, 1e-14);
  assert.equal(result.method, "exact");
});

test("identical samples give D = 0 and p = 1", () => {
  assert.deepEqual(ks2samp([3, 1, 2], [2, 3, 1]), { statistic: 0, pValue: 1, method: "exact" });
});

test("a one-against-one comparison is exact: D = 1 has p = 1 (both orders are equally likely)", () => {
  assert.deepEqual(ks2samp([0], [1]), { statistic: 1, pValue: 1, method: "exact" });
});

const normal25 = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47];
const shifted20 = [2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.71];

test("small unequal samples match scipy.stats.ks_2samp exactly (lattice-path recursion)", () => {
  const result = ks2samp(normal25, shifted20);
  assert.equal(result.statistic, 0.23);
  close(result.pValue, 0.5286364448145011, 1e-13);
  const shorter = ks2samp(normal25, shifted20.slice(0, 12));
  assert.equal(shorter.statistic, 0.32);
  close(shorter.pValue, 0.2789414105909559, 1e-13);
});

test("ties within and across samples are stepped over together, as scipy does", () => {
  const result = ks2samp([1, 1, 2, 2, 2, 3, 5], [2, 2, 3, 3, 4, 4, 4, 6, 6]);
  close(result.statistic, 0.49206349206349204, 1e-15);
  close(result.pValue, 0.21765734265734266, 1e-13);
});

test("equal sizes of forty match scipy's reflection-formula p-value", () => {
  const g = [0.001, 0.299, -0.274, -0.891, -0.455, -0.992, 0.06, 1.34, -0.492, -0.62, 0.49, 0.357, 0.105, -0.93, -0.029, 0.695, -1.344, -0.458, -1.901, -1.29, -1.842, -0.235, -1.267, 0.271, 0.157, -0.187, -2.517, -0.539, -0.049, 0.113, -1.53, -0.478, -0.979, -0.809, 1.061, -0.808, -0.033, 0.884, -0.584, -0.112];
  const h = [0.71, 0.664, -0.625, 0.676, 1.959, -0.947, 1.459, 0.719, -0.041, 2.6, 1.362, -0.599, 0.675, 1.177, 0.411, 1.283, 0.533, 1.267, 2.039, -0.076, 0.803, 0.137, 0.727, -0.587, 0.021, 0.404, 1.499, 1.745, -0.724, -0.195, 1.247, -1.392, 0.137, 0.503, 1.857, 1.289, 0.273, 0.231, 0.35, 2.124];
  const result = ks2samp(Float32Array.from(g), Float32Array.from(h));
  assert.equal(result.statistic, 0.525);
  close(result.pValue, 2.156357811320459e-5, 1e-12);
});

test("large exact cases match scipy, including p-values far below 1e-16", () => {
  const cases: [number, number, number, number][] = [
    [3000, 2000, 0.07533333333333334, 2.3227677120578327e-6],
    [2500, 2500, 0.0752, 1.4341005951629409e-6],
    [9000, 7001, 0.0751355838054881, 8.84172467855319e-20],
    [20000, 20000, 0.075, 2.5015995762774188e-49], // scipy method="exact"; "auto" is exact here since equal sizes are O(n)
    [15625, 300, 0.07831466666666667, 0.05117105935900206], // scipy method="exact"
  ];
  for (const [n1, n2, statistic, pValue] of cases) {
    const [a, b] = gridSamples(n1, n2);
    const result = ks2samp(a, b);
    assert.equal(result.method, "exact", `${n1} vs ${n2}`);
    close(result.statistic, statistic, 1e-14);
    close(result.pValue, pValue, 1e-11);
  }
});

test("the Kolmogorov survival function matches scipy.stats.kstwobign.sf on both of its series", () => {
  const reference: [number, number][] = [
    [0.2, 0.999999999999495],
    [0.5, 0.9639452436648751],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.2, 0.11224966667072497],
    [1.5, 0.022217962616525127],
    [2.0, 0.0006709252557796953],
    [3.0, 3.045995948942526e-8],
  ];
  for (const [lambda, survival] of reference) close(kolmogorovSurvival(lambda), survival, 1e-14);
  assert.equal(kolmogorovSurvival(0), 1);
});

test("large samples beyond the exact budget use the limiting Kolmogorov distribution", () => {
  // 12,000 vs 10,001 is over scipy's 10,000 and over 1e8 lattice cells: asymptotic.
  const [a, b] = gridSamples(12000, 10001);
  const result = ks2samp(a, b);
  assert.equal(result.method, "asymptotic");
  close(result.statistic, 0.07509996500349958, 1e-14);
  close(result.pValue, 3.7896146301314324e-27, 1e-10); // kstwobign.sf(sqrt(n_e) D); scipy's kstwo gives 3.34e-27
  assert.equal(ks2samp(a, b, "asymptotic").pValue, result.pValue);
});

test("forcing the asymptotic method on small samples gives the Kolmogorov limit", () => {
  const result = ks2samp(normal25, shifted20, "asymptotic");
  close(result.pValue, kolmogorovSurvival(Math.sqrt((25 * 20) / 45) * 0.23), 1e-15);
});

test("a small shrunk space against the full NB201 space gets scipy's exact p-value", needsShared("data/nb201/nb201.jsonl"), () => {
  const full = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line).test_acc as number);
  const first = full.slice(0, 5000);
  const result = ks2samp(errorsFromAccuracies(first), errorsFromAccuracies(full));
  assert.equal(result.method, "exact");
  close(result.statistic, 0.007296, 1e-12);
  close(result.pValue, 0.9867610941505517, 1e-12); // scipy method="exact"; its "auto" (kstwo) says 0.98687
  const small = ks2samp(errorsFromAccuracies(full.slice(0, 300)), errorsFromAccuracies(full));
  close(small.statistic, 0.039573333333333335, 1e-12);
  close(small.pValue, 0.7302761542358905, 1e-12);
});

test("D equals the brute-force largest gap between the two EDFs, ties included", () => {
  const sample = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(sample, sample, (a, b) => {
      let largest = 0;
      for (const t of [...a, ...b]) {
        const fa = a.filter((v) => v <= t).length / a.length;
        const fb = b.filter((v) => v <= t).length / b.length;
        largest = Math.max(largest, Math.abs(fa - fb));
      }
      return Math.abs(ks2samp(a, b).statistic - largest) < 1e-12;
    }),
  );
});

test("exact p-values equal a brute-force enumeration of all merged orders", () => {
  // Under H0 every one of the C(m+n, m) interleavings is equally likely; count those with D >= observed.
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 1 << 14 }), (m, n, seed) => {
      const a = Array.from({ length: m }, (_, i) => (seed * 31 + i * 17) % 23);
      const b = Array.from({ length: n }, (_, j) => (seed * 7 + j * 13) % 19 + 0.5);
      const observed = ks2samp(a, b).statistic;
      let extreme = 0;
      let total = 0;
      const walk = (i: number, j: number, largest: number) => {
        if (i === m && j === n) {
          total++;
          if (largest >= observed - 1e-12) extreme++;
          return;
        }
        if (i < m) walk(i + 1, j, Math.max(largest, Math.abs((i + 1) / m - j / n)));
        if (j < n) walk(i, j + 1, Math.max(largest, Math.abs(i / m - (j + 1) / n)));
      };
      walk(0, 0, 0);
      return Math.abs(ks2samp(a, b).pValue - extreme / total) < 1e-12;
    }),
    { numRuns: 60 },
  );
});

test("bad inputs to the KS test throw errors naming the sample or option", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  fails(() => ks2samp([], [1]), /^field "sample1": expected at least 1 finite number; found an empty array$/);
  fails(() => ks2samp([1], []), /^field "sample2": expected at least 1 finite number; found an empty array$/);
  fails(() => ks2samp([1, Number.NaN], [1]), /^field "sample1": expected finite numbers; found number NaN at index 1$/);
  fails(() => ks2samp([1], [2], "fast" as "auto"), /^field "method": expected "auto", "exact" or "asymptotic"; found "fast"$/);
});
