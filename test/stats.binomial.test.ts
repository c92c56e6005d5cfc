import { test } from "node:test";
import assert from "node:assert/strict";
import { probabilityAtLeast } from "../src/stats/binomial.js";

// scipy 1.17: scipy.stats.binom.sf(k - 1, n, p), i.e. P(X >= k).
const SCIPY: Array<[number, number, number, number]> = [
  [1, 10, 0.2, 0.8926258176],
  [3, 10, 0.2, 0.32220047360000015],
  [1, 10, 0.825, 0.999999973061061],
  [5, 100, 0.01, 0.0034323215877545207],
  [10, 10, 0.5, 0.0009765625],
  [50, 1000, 0.03, 0.000420766545248192],
];

test("the probability of at least k good architectures in n draws equals scipy's binomial survival function", () => {
  for (const [k, n, p, expected] of SCIPY) {
    const got = probabilityAtLeast(k, n, p);
    assert.ok(Math.abs(got - expected) <= 1e-12 + 1e-9 * expected, `k=${k} n=${n} p=${p}: ${got} vs ${expected}`);
  }
});

test("at least one good in n draws is 1 - (1 - p)^n, by hand", () => {
  assert.ok(Math.abs(probabilityAtLeast(1, 10, 0.3) - (1 - 0.7 ** 10)) < 1e-15);
  assert.ok(Math.abs(probabilityAtLeast(2, 2, 0.3) - 0.09) < 1e-15);
});

test("the edges: k = 0 is certain, k > n impossible, p = 0 and p = 1 exact", () => {
  assert.equal(probabilityAtLeast(0, 10, 0.2), 1);
  assert.equal(probabilityAtLeast(11, 10, 0.2), 0);
  assert.equal(probabilityAtLeast(1, 10, 0), 0);
  assert.equal(probabilityAtLeast(10, 10, 1), 1);
});

test("invalid k, n or p is refused with the parameter named", () => {
  assert.throws(() => probabilityAtLeast(1.5, 10, 0.2), /expected an integer >= 0; found number 1\.5/);
  assert.throws(() => probabilityAtLeast(1, -1, 0.2), /expected an integer >= 0/);
  assert.throws(() => probabilityAtLeast(1, 10, 1.2), /expected a probability in \[0, 1\]; found 1\.2/);
  assert.throws(() => probabilityAtLeast(1, 10, NaN), /expected a finite number/);
});
