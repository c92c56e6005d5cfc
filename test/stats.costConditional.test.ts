import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { costBins, costConditionalPGood, binOf } from "../src/stats/index.js";
import { LissnasError } from "../src/errors.js";

/** numpy's default (type 7) quantile. */
function quantile7(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/**
 * The definition read plainly: a bin is a set of the full space's classes whose costs are all above the
 * previous edge and at most the next; edges are the costs at ranks floor(b n / bins), merged when equal and
 * dropped at the maximum. Per bin, the share of the subset's valued members at or above the bin's 80th
 * percentile; bins without members count 0 (unknown when some member has no cost), bins whose members all
 * lack a value are left out.
 */
function reference(full: Array<[number, number]>, subset: Array<[number, number]>, bins: number): number {
  const costs = full.map((p) => p[0]).sort((a, b) => a - b);
  const top = costs[costs.length - 1];
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const edge = costs[Math.floor((b * costs.length) / bins)];
    if (edge < top && !edges.includes(edge)) edges.push(edge);
  }
  const bounds = [-Infinity, ...edges, Infinity];
  const shares: number[] = [];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const inBin = (c: number) => c > bounds[b] && c <= bounds[b + 1];
    const threshold = quantile7(full.filter((p) => inBin(p[0])).map((p) => p[1]), 0.8);
    const members = subset.filter((p) => inBin(p[0]));
    const valued = members.filter((p) => !Number.isNaN(p[1]));
    if (members.length === 0) {
      if (!subset.some((p) => Number.isNaN(p[0]))) shares.push(0);
    }
    else if (valued.length > 0) shares.push(valued.filter((p) => p[1] >= threshold).length / valued.length);
  }
  return shares.length === 0 ? NaN : shares.reduce((a, b) => a + b, 0) / shares.length;
}

const pair = (costs: number) => fc.tuple(fc.integer({ min: 0, max: costs }), fc.integer({ min: 0, max: 1000 }));

test("cost-conditional P(good) agrees with the definition read plainly, on discrete and spread costs", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 40 }).chain((costs) => fc.tuple(fc.array(pair(costs), { minLength: 1, maxLength: 300 }), fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
      fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }), fc.integer({ min: 1, max: 12 }))),
    ([full, chosen, unknown, bins]) => {
      // Every seventh member loses its cost in runs where the first flag is set.
      const subset = full.filter((_p, i) => chosen[i]).map(([c, v], i): [number, number] => [chosen[0] && i % 7 === 3 ? NaN : c, unknown[i] ? NaN : v]);
      const binned = costBins(full.map((p) => p[0]), full.map((p) => p[1]), bins);
      const got = costConditionalPGood(binned, subset.map((p) => p[0]), subset.map((p) => p[1]));
      const want = reference(full, subset, bins);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.ok(Math.abs(got - want) < 1e-12, `${got} vs ${want}`);
      // Every bin holds a class of the full space: its threshold is a number.
      assert.ok(binned.thresholds.every(Number.isFinite));
      assert.ok(binned.thresholds.length <= bins);
    }), { numRuns: 300 });
});

test("the full space scores about 0.2, its best of each bin 1, and a space of one cost bin at most 1/bins", () => {
  const n = 10_000;
  // Cost and value correlate, as FLOPs and accuracy do: a global threshold would call the cheap end bad.
  const cost = Array.from({ length: n }, (_, i) => i);
  const value = cost.map((c) => c / n + Math.sin(c * 12.9898) * 0.3);
  const bins = costBins(cost, value, 10);
  assert.equal(bins.thresholds.length, 10);
  const full = costConditionalPGood(bins, cost, value);
  assert.ok(Math.abs(full - 0.2) < 0.001, `full ${full}`);
  const best = cost.filter((c) => value[c] >= bins.thresholds[binOf(bins.edges, c)]);
  assert.equal(costConditionalPGood(bins, best, best.map((c) => value[c])), 1);
  // The dearest tenth only: its bin is all good at best, the other nine count 0.
  const dear = best.filter((c) => c >= 0.9 * n);
  assert.ok(Math.abs(costConditionalPGood(bins, dear, dear.map((c) => value[c])) - 0.1) < 1e-12);
  // A member without a truth leaves its bin unknown, not bad; one without a cost could be anywhere, so the
  // empty bins become unknown too.
  assert.equal(costConditionalPGood(bins, [best[0], 5 * n / 10 + 1], [value[best[0]], NaN]), 1 / 9);
  assert.equal(costConditionalPGood(bins, [best[0], 5 * n / 10 + 1, NaN], [value[best[0]], NaN, -1e9]), 1);
});

test("a discrete cost gives fewer bins, none empty; a constant cost one bin", () => {
  const bins = costBins([1, 1, 1, 1, 2, 2, 3, 3, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10);
  assert.deepEqual(Array.from(bins.edges), [1, 2]);
  assert.equal(bins.thresholds.length, 3);
  const flat = costBins([5, 5, 5], [1, 2, 3], 10);
  assert.equal(flat.edges.length, 0);
  assert.equal(costConditionalPGood(flat, [5, 5], [3, 1]), 0.5);
  // Costs outside the full range join the end bins.
  assert.equal(binOf(bins.edges, -7), 0);
  assert.equal(binOf(bins.edges, 99), 2);
});

test("cost bins refuse what cannot be binned", () => {
  assert.throws(() => costBins([1, 2], [1, 2], 0), (e: unknown) => e instanceof LissnasError && /whole number of bins/.test(e.message));
  assert.throws(() => costBins([1, 2], [1], 3), /as many costs as values/);
  assert.throws(() => costBins([NaN, 1], [1, NaN], 3), /finite cost and value; found none/);
  assert.throws(() => costConditionalPGood(costBins([1], [1]), [1, 2], [1]), /as many costs as values/);
});
