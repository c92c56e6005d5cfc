import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { shrink, type ScoringModel } from "../src/shrink/lissnas.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import { GenomeList } from "../src/shrink/genomeList.js";
import { strataEdges, stratumOf, bestPerStratum, spreadByEditDistance } from "../src/shrink/seedChoice.js";
import { rankIndicesByScore } from "../src/shrink/ranking.js";
import type { CostModel } from "../src/shrink/costModel.js";

const nbMacro = getSpace("nb-macro");
const nb201 = getSpace("nb201");
const nb301 = getSpace("nb301");

/** Every class of an enumerable space as one batch. */
function allClasses(space = nbMacro): Uint8Array {
  const parts = [...space.enumerate!(new SpaceKernels(space).core)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function flopsOf(genomes: Uint8Array, space = nbMacro): number[] {
  const length = space.genomeLength;
  return Array.from({ length: genomes.length / length }, (_, i) => space.cost!(genomes.subarray(i * length, (i + 1) * length)).flops);
}

/** A landscape that scores well only inside a narrow FLOPs band (the 45-55% slice of the range). */
function narrowBandModel(low: number, high: number): ScoringModel {
  const base = new SyntheticLandscape(nbMacro, 7n);
  return {
    description: "good only in a narrow FLOPs band", digest: "band",
    predict: async (genomes) => {
      const scores = await base.predict(genomes);
      const flops = flopsOf(genomes);
      return scores.map((s, i) => (flops[i] >= low && flops[i] <= high ? 90 + s / 100 : 40 + s / 100));
    },
  };
}

function range(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

test("cost strata keep at least 95% of the cost range when the good cells sit in a narrow cost band, where top seeds alone do not", async () => {
  const fullFlops = flopsOf(allClasses());
  const low = Math.min(...fullFlops);
  const span = range(fullFlops);
  const model = narrowBandModel(low + 0.45 * span, low + 0.55 * span);
  for (const seed of [1n, 2n]) {
    const stratified = await shrink(nbMacro, model, { seed });
    assert.equal(stratified.diversity.rule, "cost");
    const coverage = range(flopsOf(stratified.members.batch())) / span;
    assert.ok(coverage >= 0.95, `seed ${seed}: cost coverage ${coverage.toFixed(3)}`);
    const topOnly = await shrink(nbMacro, model, { seed, strata: 0 });
    assert.equal(topOnly.diversity.rule, "none");
    const topCoverage = range(flopsOf(topOnly.members.batch())) / span;
    assert.ok(topCoverage < 0.95, `seed ${seed}: top seeds alone cover ${topCoverage.toFixed(3)}`);
  }
});

test("a cost given as a model is used instead of the space's own, and a cost none falls back to edit-distance spread", async () => {
  const model = new SyntheticLandscape(nb201, 3n);
  // NB201 has no analytic cost: a synthetic one (number of convolutions) is given.
  const convolutions: CostModel = {
    description: "number of convolutions",
    predict: async (genomes) => Float32Array.from({ length: genomes.length / 6 }, (_, i) => {
      let n = 0;
      for (let g = 0; g < 6; g++) if (genomes[i * 6 + g] >= 2 && genomes[i * 6 + g] <= 3) n++;
      return n;
    }),
  };
  const withCost = await shrink(nb201, model, { seed: 1n, costModel: convolutions });
  assert.equal(withCost.diversity.rule, "cost");
  assert.equal(withCost.diversity.cost, "number of convolutions");
  assert.deepEqual(withCost.diversity.spaceCostRange, [0, 6]);
  const without = await shrink(nb201, model, { seed: 1n });
  assert.equal(without.diversity.rule, "edit-distance");
  assert.equal(without.diversity.cost, null);
  const macroNone = await shrink(nbMacro, new SyntheticLandscape(nbMacro, 1n), { seed: 1n, costModel: null });
  assert.equal(macroNone.diversity.rule, "edit-distance");
});

test("the best architecture the run scores is in the returned space, even when the stopping rule rejects the iteration that found it", async () => {
  let rejectedHadBetter = 0;
  for (const seed of [1n, 2n, 3n, 4n, 5n, 6n]) {
    const model = new SyntheticLandscape(nb301, seed);
    const result = await shrink(nb301, model, { seed, initial: 400, perSeed: 40 });
    const bestSeen = Math.max(...result.trace.map((t) => t.max));
    if (result.trace[result.trace.length - 1].max > result.trace[result.chosenIteration].max) rejectedHadBetter++;
    assert.equal(result.members.maxScore(), bestSeen, `seed ${seed}`);
    assert.equal(result.best.score, bestSeen);
    const kernels = new SpaceKernels(nb301);
    const keys = new Set(Array.from(result.members.keys.subarray(0, result.members.count)));
    assert.ok(keys.has(kernels.keys(result.best.genome)[0]));
    assert.equal(result.pockets[result.best.pocket] !== undefined, true);
  }
  assert.ok(rejectedHadBetter > 0, "some run's rejected iteration found a better architecture (the case this test is about)");
});

test("strata edges cut the cost range into equal widths or equal counts, and every cost falls in one stratum", () => {
  const costs = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN, 100]);
  assert.deepEqual(Array.from(strataEdges(costs, 3, "width")), [1, 34, 67, 100]);
  const quantile = strataEdges(costs, 2, "quantile");
  assert.deepEqual(Array.from(quantile), [1, 5.5, 100]);
  assert.equal(stratumOf(0, quantile), 0);
  assert.equal(stratumOf(5.5, quantile), 1);
  assert.equal(stratumOf(1000, quantile), 1);
  assert.equal(stratumOf(NaN, quantile), -1);
  assert.equal(strataEdges(Float32Array.from([NaN]), 4, "width").length, 0);
});

test("each cost stratum contributes its best-scored member", () => {
  const list = new GenomeList(1, 8);
  const scores = [5, 9, 1, 7, 3, 8];
  scores.forEach((s, i) => list.push(Uint8Array.of(i), BigInt(i + 1), s));
  const costs = Float32Array.from([0, 1, 2, 10, 11, 12]);
  assert.deepEqual(bestPerStratum(list, costs, Float64Array.from([0, 6, 12])), [1, 5]);
});

test("edit-distance spread picks seeds farther apart than the same number of top-scored ones", async () => {
  const kernels = new SpaceKernels(nb301);
  const model = new SyntheticLandscape(nb301, 2n);
  const genomes = kernels.canonicalize(kernels.sample(600, 5n)).genomes;
  const scores = await model.predict(genomes);
  const keys = kernels.keys(genomes);
  const list = new GenomeList(nb301.genomeLength, 600);
  for (let i = 0; i < 600; i++) list.push(genomes.subarray(i * 32, (i + 1) * 32), keys[i], scores[i]);
  const minPairwise = (picked: number[]) => {
    let least = Infinity;
    for (const a of picked) {
      for (const b of picked) if (a < b) least = Math.min(least, kernels.editDistances(list.genome(a), list.genome(b))[0]);
    }
    return least;
  };
  const spread = spreadByEditDistance(list, kernels, 8, 150);
  assert.equal(spread.length, 8);
  assert.equal(spread[0], list.topByScore(1)[0], "the first pick is the best member");
  assert.ok(minPairwise(spread) > minPairwise(list.topByScore(8)), `${minPairwise(spread)} vs ${minPairwise(list.topByScore(8))}`);
});

test("ranking by score orders best first, equal scores by index, NaN last, for negative and positive scores", () => {
  const scores = Float32Array.from([0.5, -2, NaN, 3, 0.5, -0, 0, -1e-30, 3]);
  assert.deepEqual(Array.from(rankIndicesByScore(scores, scores.length)), [3, 8, 0, 4, 6, 5, 7, 1, 2]);
  const many = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 1000);
  const ranked = Array.from(rankIndicesByScore(many, many.length));
  const expected = Array.from({ length: 5000 }, (_, i) => i).sort((a, b) => many[b] - many[a] || a - b);
  assert.deepEqual(ranked, expected);
});
