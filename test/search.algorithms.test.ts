import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { SearchDomain } from "../src/search/domain.js";
import { QueryLog } from "../src/search/queryLog.js";
import { TrialRandom } from "../src/search/trialRandom.js";
import { randomSearch } from "../src/search/random.js";
import { regularizedEvolution, type PopulationMember } from "../src/search/evolution.js";
import { localSearch } from "../src/search/local.js";
import { predictorGuided } from "../src/search/predictorGuided.js";
import { memberSet } from "../src/search/inputSpace.js";
import type { Oracle } from "../src/search/oracle.js";
import type { SearchAlgorithm } from "../src/search/algorithm.js";

// tnb101-micro: 4^6 cells, no two isomorphic, so a genome is its own canonical form.
const micro = new SpaceKernels(getSpace("tnb101-micro"));
const TARGET = Uint8Array.of(3, 1, 2, 0, 3, 1);

/** A hand-made landscape: how many genes agree with TARGET (unimodal: every non-target cell has a better neighbour). */
function matchesOracle(calls: { batches: number } = { batches: 0 }): Oracle {
  return {
    description: "matches",
    async evaluate(genomes) {
      calls.batches++;
      const out = new Float64Array(genomes.length / 6);
      for (let i = 0; i < out.length; i++) for (let g = 0; g < 6; g++) out[i] += genomes[i * 6 + g] === TARGET[g] ? 1 : 0;
      return out;
    },
  };
}

async function runOnce(algorithm: SearchAlgorithm, domain: SearchDomain, oracle: Oracle, budget: number, trial: number, minimize = false): Promise<QueryLog> {
  const log = new QueryLog(budget, oracle, domain.kernels, minimize ? "min" : "max");
  await algorithm.run({ domain, log, random: new TrialRandom(7n, trial) });
  return log;
}

/** A member set of n nb201 classes whose table values are 1..n (member i has value i + 1). */
function smallTable(n: number): { domain: SearchDomain; oracle: Oracle } {
  const kernels = new SpaceKernels(getSpace("nb201"));
  const all = [...getSpace("nb201").enumerate!(kernels.core)][0];
  const genomes = Array.from({ length: n }, (_, i) => all.slice(i * 6, (i + 1) * 6));
  const keys = [...kernels.keys(all.subarray(0, n * 6))];
  const value = new Map(keys.map((k, i) => [k, i + 1]));
  const domain = new SearchDomain(kernels, memberSet("small", genomes, keys, 6));
  return { domain, oracle: { description: "small", evaluate: async (g) => Float64Array.from(kernels.keys(g), (k) => value.get(k)!) } };
}

test("the query log charges each distinct architecture once and stops at the budget", async () => {
  const calls = { batches: 0 };
  const log = new QueryLog(3, matchesOracle(calls), micro, "max");
  const a = Uint8Array.of(0, 0, 0, 0, 0, 0), b = Uint8Array.of(3, 1, 0, 0, 0, 0), c = Uint8Array.of(3, 1, 2, 0, 0, 0), d = Uint8Array.of(3, 1, 2, 0, 3, 0);
  // a agrees with TARGET on gene 3 only; b on genes 0, 1, 3; c on 0..3; d on 0..4.
  assert.deepEqual([...await log.query(Uint8Array.from([...a, ...a, ...b]))], [1, 1, 3]);
  assert.equal(log.count, 2);
  assert.equal(calls.batches, 1);
  assert.deepEqual([...await log.query(Uint8Array.from([...b, ...c, ...d]))], [3, 4, NaN]);
  assert.equal(log.count, 3);
  assert.equal(log.remaining, 0);
  assert.deepEqual(log.values, [1, 3, 4]);
  assert.equal(log.bestIndex, 2);
});

test("random search's mean best of k distinct draws from values 1..n matches k(n+1)/(k+1)", async () => {
  const n = 10, k = 3, trials = 600;
  const { domain, oracle } = smallTable(n);
  let sum = 0;
  for (let t = 0; t < trials; t++) {
    const log = await runOnce(randomSearch, domain, oracle, k, t);
    assert.equal(new Set(log.values).size, k, "distinct queries");
    sum += Math.max(...log.values);
  }
  const expected = (k * (n + 1)) / (k + 1); // 8.25; the sd of one trial's best is about 1.6
  assert.ok(Math.abs(sum / trials - expected) < 0.25, `mean best ${sum / trials}, expected ${expected}`);
});

test("random search minimising finds the smallest value when the budget covers the whole set", async () => {
  const { domain, oracle } = smallTable(8);
  const log = await runOnce(randomSearch, domain, oracle, 8, 0, true);
  assert.deepEqual([...log.values].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(log.values[log.bestIndex], 1);
});

test("regularized evolution removes the oldest member each cycle, even when it is the best", async () => {
  const snapshots: Array<{ cycle: number; born: number[]; keys: bigint[]; values: number[] }> = [];
  const algorithm = regularizedEvolution({ population: 4, sample: 2 }, (population: readonly PopulationMember[], cycle) => {
    snapshots.push({ cycle, born: population.map((m) => m.born), keys: population.map((m) => m.key), values: population.map((m) => m.value) });
  });
  const log = await runOnce(algorithm, new SearchDomain(micro), matchesOracle(), 30, 1);
  assert.equal(log.count, 30);
  assert.deepEqual(snapshots[0].born, [0, 0, 0, 0]);
  for (let i = 1; i < snapshots.length; i++) {
    const { cycle, born } = snapshots[i];
    // The population is always the P most recent: after cycle c it holds births max(0, c-3)..c in age order.
    const expected = [cycle - 3, cycle - 2, cycle - 1, cycle].map((b) => Math.max(0, b));
    assert.deepEqual(born, expected, `cycle ${cycle}`);
    // The member dropped is the previous snapshot's first (oldest), whatever its value.
    assert.deepEqual(snapshots[i].keys.slice(0, 3), snapshots[i - 1].keys.slice(1));
  }
  // At least once the oldest was also the best of its population and was removed all the same.
  const agedOutBest = snapshots.slice(1).some((s, i) => snapshots[i].values[0] > Math.max(...snapshots[i].values.slice(1)));
  assert.ok(agedOutBest, "the run should age out a best member at least once");
});

test("regularized evolution climbs the hand-made landscape to the optimum", async () => {
  let found = 0;
  for (let t = 0; t < 10; t++) {
    const log = await runOnce(regularizedEvolution({ population: 10, sample: 5 }), new SearchDomain(micro), matchesOracle(), 150, t);
    if (log.values[log.bestIndex] === 6) found++;
  }
  assert.ok(found >= 8, `found the optimum in ${found}/10 trials`);
});

test("local search climbs to the optimum of a unimodal landscape by strictly improving moves", async () => {
  const domain = new SearchDomain(micro);
  for (let t = 0; t < 5; t++) {
    // From any start at most 6 improving moves, each querying one 18-cell neighbourhood.
    const log = await runOnce(localSearch, domain, matchesOracle(), 1 + 6 * 18, t);
    assert.equal(log.values[log.bestIndex], 6, `trial ${t}`);
    assert.deepEqual([...log.genomes[log.bestIndex]], [...TARGET]);
    // Every neighbourhood queried around the climb's points: the start's neighbours come right after it.
    assert.equal(log.values.length <= 1 + 6 * 18, true);
  }
});

test("local search restarts from a random cell at a local optimum", async () => {
  // TARGET is the only optimum: once its whole neighbourhood is known and none is better, the next
  // query is a restart R, and the queries after R are R's own neighbours.
  const domain = new SearchDomain(micro);
  const log = await runOnce(localSearch, domain, matchesOracle(), 200, 3);
  const keyOf = (g: Uint8Array) => micro.keys(g)[0];
  const order = new Map(log.genomes.map((g, i) => [keyOf(g), i]));
  const neighbourKeys = [...micro.keys(domain.neighbours(TARGET, new TrialRandom(0n, 0)))];
  assert.equal(neighbourKeys.length, 18);
  assert.ok(neighbourKeys.every((k) => order.has(k)), "every neighbour of the optimum was queried");
  const last = Math.max(order.get(keyOf(TARGET))!, ...neighbourKeys.map((k) => order.get(k)!));
  const restart = log.genomes[last + 1];
  assert.ok(restart !== undefined, "the search went on after the optimum");
  assert.ok(micro.distancesFrom(TARGET, restart)[0] >= 2, "the restart is not next to the optimum");
  assert.equal(micro.distancesFrom(restart, log.genomes[last + 2])[0], 1, "the restart's neighbourhood follows it");
});

test("predictor-guided search finds the optimum of an additive landscape far faster than random search", async () => {
  let guided = 0, random = 0;
  for (let t = 0; t < 6; t++) {
    const a = await runOnce(predictorGuided(), new SearchDomain(micro), matchesOracle(), 60, t);
    const b = await runOnce(randomSearch, new SearchDomain(micro), matchesOracle(), 60, t);
    if (a.values[a.bestIndex] === 6) guided++;
    if (b.values[b.bestIndex] === 6) random++;
    assert.equal(a.count, 60);
  }
  // Random search finds the 1-in-4096 cell with probability 60/4096 per trial.
  assert.ok(guided >= 5 && random <= 1, `guided ${guided}/6, random ${random}/6`);
});

test("every algorithm spends exactly the budget in distinct queries", async () => {
  for (const algorithm of [randomSearch, regularizedEvolution(), localSearch, predictorGuided()]) {
    const log = await runOnce(algorithm, new SearchDomain(micro), matchesOracle(), 75, 2);
    assert.equal(log.count, 75, algorithm.name);
    assert.equal(new Set(log.genomes.map((g) => micro.keys(g)[0])).size, 75, algorithm.name);
  }
});

test("a search stops when its member set is exhausted before the budget", async () => {
  const { domain, oracle } = smallTable(5);
  for (const algorithm of [randomSearch, regularizedEvolution({ population: 3, sample: 2 }), localSearch, predictorGuided({ initial: 2, perRound: 2, parents: 2, mutationsPerParent: 2, randomCandidates: 2 })]) {
    const log = await runOnce(algorithm, domain, oracle, 5, 0);
    assert.equal(log.count, 5, algorithm.name);
    assert.equal(log.values[log.bestIndex], 5, algorithm.name);
  }
});

test("every algorithm runs in every registered space, spending the budget on distinct, valid, canonical architectures", async () => {
  const { listSpaces } = await import("../src/spaces/registry.js");
  const { runSearch } = await import("../src/search/search.js");
  const { ALGORITHMS } = await import("../src/search/algorithms.js");
  for (const space of listSpaces()) {
    const kernels = new SpaceKernels(space);
    for (const algorithm of ALGORITHMS) {
      const { trials } = await runSearch(space, { oracle: { kind: "synthetic", seed: 1n }, algorithm, budget: 30, trials: 1, seed: 3n }, kernels);
      const [trial] = trials;
      assert.equal(trial.values.length, 30, `${space.id} ${algorithm}`);
      const { genomes, valid } = kernels.canonicalize(trial.genomes);
      assert.ok(valid.every((v) => v === 1), `${space.id} ${algorithm}: a queried architecture is not a member`);
      assert.deepEqual([...genomes], [...trial.genomes], `${space.id} ${algorithm}: queries are canonical`);
      assert.equal(new Set(kernels.keys(genomes)).size, 30, `${space.id} ${algorithm}: queries are distinct`);
    }
  }
});
