import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { maxCosineDistance, maxCosineDistanceDetail } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";

/** The O(n² w) definition. */
function bruteForce(rows: ArrayLike<number>, width: number): number {
  const n = rows.length / width;
  let best = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      let ni = 0;
      let nj = 0;
      for (let k = 0; k < width; k++) {
        dot += rows[i * width + k] * rows[j * width + k];
        ni += rows[i * width + k] ** 2;
        nj += rows[j * width + k] ** 2;
      }
      best = Math.max(best, 1 - dot / Math.sqrt(ni * nj));
    }
  }
  return best;
}

/** Small deterministic generator (xorshift32) so the large cases are reproducible without fast-check. */
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

test("hand-computed cases: orthogonal, opposite and 60-degree rows", () => {
  assert.equal(maxCosineDistance(Float32Array.of(1, 0, 0, 1), 2), 1);
  assert.equal(maxCosineDistance(Float32Array.of(1, 0, -2, 0), 2), 2);
  // (1, 0) and (1, √3) meet at 60°: 1 - cos = 0.5; (1, 0) with itself adds nothing.
  assert.ok(Math.abs(maxCosineDistance([1, 0, 1, Math.sqrt(3), 2, 0], 2) - 0.5) < 1e-15);
  assert.deepEqual(maxCosineDistanceDetail([1, 0, 1, Math.sqrt(3), 2, 0], 2).pair, [0, 1]);
});

test("one row has no spread: distance 0", () => {
  assert.deepEqual(maxCosineDistanceDetail([3, 4], 2), { distance: 0, pair: [0, 0], exact: true, upperBound: 0, pairsEvaluated: 0 });
});

test("the pruned search equals brute force on random matrices of mixed sign", () => {
  const entry = fc.integer({ min: -4, max: 4 }).filter((v) => v !== 0);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 40 }), fc.infiniteStream(entry), (width, n, stream) => {
      const rows = Float64Array.from(stream.take(width * n));
      const found = maxCosineDistanceDetail(rows, width);
      return found.exact && Math.abs(found.distance - bruteForce(rows, width)) < 1e-12;
    }),
    { numRuns: 300 },
  );
});

test("the pruned search equals brute force on clustered dense data, where pruning matters", () => {
  const random = xorshift(12345);
  const width = 16;
  const n = 1500;
  const rows = new Float32Array(n * width);
  // Points around one direction, so most pairs are close and the bound skips them.
  for (let i = 0; i < rows.length; i++) rows[i] = 1 + 0.3 * (random() - 0.5);
  const found = maxCosineDistanceDetail(rows, width);
  assert.ok(found.exact);
  assert.ok(Math.abs(found.distance - bruteForce(rows, width)) < 1e-12);
  assert.ok(found.pairsEvaluated < (n * (n - 1)) / 2 / 10, `evaluated ${found.pairsEvaluated} pairs`);
});

test("20,000 one-hot rows are solved exactly in well under a second", () => {
  const random = xorshift(99);
  const width = 30; // NB201-like: 6 edges x 5 ops
  const n = 20000;
  const rows = new Float32Array(n * width);
  for (let i = 0; i < n; i++) for (let edge = 0; edge < 6; edge++) rows[i * width + edge * 5 + Math.floor(random() * 5)] = 1;
  const started = performance.now();
  const found = maxCosineDistanceDetail(rows, width);
  assert.ok(performance.now() - started < 1000);
  assert.equal(found.distance, 1);
  assert.ok(found.exact);
});

test("20,000 dense rows are exact within the default budget", () => {
  const random = xorshift(7);
  const width = 8;
  const n = 20000;
  const rows = new Float32Array(n * width);
  for (let i = 0; i < rows.length; i++) rows[i] = random() - 0.2;
  const found = maxCosineDistanceDetail(rows, width);
  assert.ok(found.exact);
  // Check the answer on the candidate endpoints: no row beats the reported pair against either endpoint.
  const [i, j] = found.pair;
  const distanceTo = (p: number, q: number) => bruteForce(Float32Array.from([...rows.subarray(p * width, p * width + width), ...rows.subarray(q * width, q * width + width)]), width);
  assert.ok(Math.abs(distanceTo(i, j) - found.distance) < 1e-12);
  for (let k = 0; k < n; k += 97) assert.ok(distanceTo(i, k) <= found.distance + 1e-12 && distanceTo(j, k) <= found.distance + 1e-12);
});

test("with a tiny pair budget the result is an inexact lower bound with a certified upper bound", () => {
  const random = xorshift(2024);
  const width = 5;
  const n = 400;
  const rows = Float64Array.from({ length: n * width }, () => random() - 0.5);
  const truth = bruteForce(rows, width);
  const bounded = maxCosineDistanceDetail(rows, width, { maxPairs: 50 });
  assert.equal(bounded.exact, false);
  assert.ok(bounded.distance <= truth + 1e-12);
  assert.ok(bounded.upperBound >= truth - 1e-12);
  assert.ok(bounded.pairsEvaluated <= 50);
  const generous = maxCosineDistanceDetail(rows, width, { maxPairs: 1000 });
  assert.ok(generous.distance <= truth + 1e-12 && generous.upperBound >= truth - 1e-12);
});

test("bad matrices and options throw errors naming the field", () => {
  const fails = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof LissnasError && message.test(error.message));
  fails(() => maxCosineDistance([], 2), /^field "rows": expected a non-empty length that is a multiple of width 2; found length 0$/);
  fails(() => maxCosineDistance([1, 2, 3], 2), /found length 3$/);
  fails(() => maxCosineDistance([1, 0, 0, 0], 2), /^field "rows": expected rows with a direction; found an all-zero row 1 \(cosine undefined\)$/);
  fails(() => maxCosineDistance([1, Number.NaN], 2), /^field "rows": expected finite numbers; found NaN at row 0, column 1$/);
  fails(() => maxCosineDistance([1, 2], 0), /^field "width": expected an integer >= 1; found number 0$/);
  fails(() => maxCosineDistance([1, 2], 1, { maxPairs: 0 }), /^field "maxPairs": expected an integer >= 1; found number 0$/);
  fails(() => maxCosineDistance(null as unknown as number[], 1), /^field "rows": expected a row-major numeric matrix; found null$/);
});
