import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace, listSpaces } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import type { ScoringModel } from "../src/shrink/lissnas.js";
import { getMethod, listMethods, methodNames, registerMethod, runMethod, COMPARABLE_RATIO } from "../src/methods/registry.js";
import type { MethodContext, ProducedSpace, ShrinkMethod } from "../src/methods/method.js";
import { NSE_STAGES } from "../src/methods/nse.js";
import { evaluate } from "../src/evaluate/evaluate.js";
import { sharedPath, needsShared } from "./helpers/shared.js";

/** A model that records every batch it is asked to score. */
function spy(model: ScoringModel): ScoringModel & { batches: Uint8Array[] } {
  const batches: Uint8Array[] = [];
  return { description: "spy", digest: "spy", batches, predict: async (g) => { batches.push(g.slice()); return model.predict(g); } };
}

/** An additive landscape: score = sum over genes of weight[gene][value] (values decide alone). */
function additive(space: { genomeLength: number; cardinalities: readonly number[] }, weight: (gene: number, value: number) => number): ScoringModel {
  const n = space.genomeLength;
  return {
    description: "additive", digest: "additive",
    predict: async (genomes) => {
      const out = new Float32Array(genomes.length / n);
      for (let i = 0; i < out.length; i++) for (let g = 0; g < n; g++) out[i] += weight(g, genomes[i * n + g]);
      return out;
    },
  };
}

function contextFor(spaceId: string, model: ScoringModel, budget: number, targetSize: number, seed = 1n): MethodContext {
  const space = getSpace(spaceId);
  return { space, kernels: new SpaceKernels(space), model, seed, budget, targetSize };
}

function rows(genomes: Uint8Array, length: number): Uint8Array[] {
  return Array.from({ length: genomes.length / length }, (_, i) => genomes.subarray(i * length, (i + 1) * length));
}

test("the registry holds the nine methods by their exact names, lissnas first", () => {
  assert.deepEqual(methodNames(), ["lissnas", "abs", "padnas", "nse", "greedynas", "topk", "topk-all", "random", "full"]);
  assert.equal(getMethod("topk-all").name, "topk-all");
  assert.throws(() => getMethod("magic"), /unknown method "magic"; expected one of lissnas, abs/);
});

test("the registry checks a method structurally and refuses bad or taken names", () => {
  const good: ShrinkMethod = { name: "probe-method", description: "probe", sizedToTarget: true, run: async () => { throw new Error("unused"); } };
  assert.throws(() => registerMethod({ ...good, run: undefined } as unknown as ShrinkMethod), /member "run" must be a function; found undefined/);
  assert.throws(() => registerMethod({ ...good, sizedToTarget: "yes" } as unknown as ShrinkMethod), /member "sizedToTarget" must be a boolean/);
  assert.throws(() => registerMethod({ ...good, name: "Top K" }), /lowercase letters, digits and dashes/);
  assert.throws(() => registerMethod({ ...good, name: "abs" }), /"abs" is already registered/);
});

test("every method on every registered space, with the synthetic predictor, returns a non-empty space or says why", async () => {
  for (const space of listSpaces()) {
    const base = contextFor(space.id, new SyntheticLandscape(space, 1n), 0, 0);
    const reference = await runMethod(getMethod("lissnas"), base);
    assert.ok(reference.size > 0 && reference.scored >= reference.size, `${space.id}: lissnas`);
    for (const method of listMethods().slice(1)) {
      const produced = await runMethod(method, { ...base, budget: reference.scored, targetSize: reference.size });
      const where = `${space.id} ${method.name}: size ${produced.size}, reason ${produced.reason}`;
      if (produced.reason === null) {
        assert.ok(produced.size > 0 && produced.keys.length > 0, where);
        if (method.sizedToTarget) assert.ok(Math.abs(Math.log(produced.size / reference.size)) <= Math.log(COMPARABLE_RATIO), where);
      } else {
        assert.match(produced.reason, new RegExp(`^${method.name}: `), where);
      }
      assert.ok(produced.scored <= reference.scored || method.name === "topk-all", `${where}: scored ${produced.scored} over the budget`);
      assert.equal(produced.keys.length * space.genomeLength, produced.genomes.length, where);
    }
  }
});

test("an empty space without a reason is an error, not a silent row", async () => {
  const broken: ShrinkMethod = {
    name: "broken", description: "returns nothing", sizedToTarget: true,
    run: async (): Promise<ProducedSpace> => ({ genomes: new Uint8Array(0), keys: new BigUint64Array(0), classes: null, size: 0, estimated: false, scored: 0, reason: null }),
  };
  await assert.rejects(runMethod(broken, contextFor("nb201", new SyntheticLandscape(getSpace("nb201")), 10, 10)), /returned an empty space on nb201 without a reason/);
});

test("topk scores exactly the budget of distinct uniform samples and keeps the K best of them", async () => {
  const space = getSpace("nb201");
  const model = spy(new SyntheticLandscape(space, 3n));
  const produced = await runMethod(getMethod("topk"), contextFor("nb201", model, 500, 40));
  const scored = model.batches.flatMap((b) => rows(b, 6));
  assert.equal(scored.length, 500);
  assert.equal(new Set(scored.map((g) => g.join())).size, 500);
  const scores = await new SyntheticLandscape(space, 3n).predict(Uint8Array.from(scored.flatMap((g) => [...g])));
  const best = [...scores].sort((a, b) => b - a).slice(0, 40);
  const kept = await new SyntheticLandscape(space, 3n).predict(produced.genomes);
  assert.equal(produced.size, 40);
  assert.deepEqual([...kept].sort((a, b) => b - a), best);
});

test("topk-all keeps the K best of every class of an enumerable space, and says why elsewhere", async () => {
  const space = getSpace("tnb101-micro");
  const model = new SyntheticLandscape(space, 4n);
  const produced = await runMethod(getMethod("topk-all"), contextFor("tnb101-micro", model, 10, 25));
  const all = [...space.enumerate!(new SpaceKernels(space).core)][0];
  const scores = await model.predict(all);
  const kept = await model.predict(produced.genomes);
  assert.equal(produced.scored, 4096);
  assert.deepEqual([...kept], [...scores].sort((a, b) => b - a).slice(0, 25));
  const spos = await runMethod(getMethod("topk-all"), contextFor("spos", new SyntheticLandscape(getSpace("spos")), 10, 25));
  assert.equal(spos.reason, "topk-all: spos is not enumerable");
});

test("abs re-samples inside the remaining space between removals, and removes the worst operation first", async () => {
  const space = getSpace("tnb101-micro");
  // Value 0 is bad everywhere, worst on gene 2; value 3 is best everywhere.
  const model = spy(additive(space, (g, v) => (v === 0 ? (g === 2 ? -5 : -2) : v)));
  const produced = await runMethod(getMethod("abs"), contextFor("tnb101-micro", model, 1200, 424));
  assert.ok(model.batches.length >= 3, `${model.batches.length} scoring steps`);
  const first = rows(model.batches[1], 6);
  assert.ok(first.every((g) => g[2] !== 0), "after the first removal no draw uses value 0 on gene 2");
  const last = rows(model.batches[model.batches.length - 1], 6);
  const valuesSeen = (batch: Uint8Array[]) => batch.reduce((n, g) => n + new Set(g).size, 0) / batch.length;
  assert.ok(valuesSeen(last) < valuesSeen(rows(model.batches[0], 6)), "later draws come from a smaller space");
  const kept = rows(produced.genomes, 6);
  assert.ok(kept.some((g) => g.every((v) => v === 3)), "the best cell is kept");
  assert.ok(kept.every((g) => g[2] !== 0));
});

test("abs and padnas land on the size nearest the target their steps allow, within 2x on tnb101-micro", async () => {
  // The old ABS dropped an operation everywhere at once and went from 729 straight to 64 cells for 424.
  for (const name of ["abs", "padnas"]) {
    const produced = await runMethod(getMethod(name), contextFor("tnb101-micro", new SyntheticLandscape(getSpace("tnb101-micro"), 2n), 1500, 424));
    assert.equal(produced.reason, null, name);
    assert.ok(produced.size >= 212 && produced.size <= 848, `${name}: ${produced.size}`);
  }
});

test("a method whose rule cannot come within 2x of the target says so and still reports its space", async () => {
  // NB101's five operation genes: one operation per gene still holds thousands of cells.
  const produced = await runMethod(getMethod("abs"), contextFor("nb101", new SyntheticLandscape(getSpace("nb101"), 1n), 2000, 100));
  assert.ok(produced.size > 200);
  assert.equal(produced.reason, "abs: cannot come within 2x of the target size: one operation per gene is left");
});

test("padnas prunes layer by layer: each gene is cut before the next one's draw", async () => {
  const space = getSpace("nb201");
  const model = spy(new SyntheticLandscape(space, 5n));
  await runMethod(getMethod("padnas"), contextFor("nb201", model, 1800, 300));
  assert.ok(model.batches.length >= 3);
  const values = (batch: Uint8Array, gene: number) => new Set(rows(batch, 6).map((g) => g[gene])).size;
  assert.equal(values(model.batches[0], 0), 5, "the first draw sees gene 0 whole");
  assert.ok(values(model.batches[1], 0) < 5, "the second draw comes after gene 0 was pruned");
  assert.equal(values(model.batches[1], 5), 5, "later genes are still whole");
});

test("nse searches the first subspace's operations first, then keeps its best members' operations and grows", async () => {
  const space = getSpace("spos");
  const model = spy(new SyntheticLandscape(space, 6n));
  const produced = await runMethod(getMethod("nse"), contextFor("spos", model, 4000, 1000));
  assert.equal(NSE_STAGES, 2);
  assert.equal(model.batches.length, 2, "one scoring step per stage");
  const stage = (batch: Uint8Array, gene: number) => new Set(rows(batch, 20).map((g) => g[gene])).size;
  for (let gene = 0; gene < 20; gene++) assert.ok(stage(model.batches[0], gene) <= 2, "stage 1 draws half of each gene's operations");
  const scored = [...model.batches[0], ...model.batches[1]];
  const all = Uint8Array.from(scored);
  const scores = await new SyntheticLandscape(space, 6n).predict(all);
  const best = rows(all, 20)[scores.indexOf(Math.max(...scores))];
  const keptValues = Array.from({ length: 20 }, (_, gene) => new Set(rows(produced.genomes, 20).map((g) => g[gene])));
  assert.ok(best.every((v, gene) => keptValues[gene].has(v)), "the best member's operations are kept");
  assert.equal(produced.reason, null);
});

test("greedynas fills a pool of exactly K from the budget and exploits it more and more", async () => {
  const space = getSpace("spos");
  const model = spy(new SyntheticLandscape(space, 7n));
  const produced = await runMethod(getMethod("greedynas"), contextFor("spos", model, 3000, 100));
  assert.equal(produced.size, 100);
  assert.equal(produced.scored, 3000);
  const seen: Uint8Array[] = [];
  const nearSeen = (batch: Uint8Array) => {
    const list = rows(batch, 20);
    const near = list.filter((g) => seen.some((s) => s.reduce((d, v, i) => d + (v !== g[i] ? 1 : 0), 0) === 1)).length;
    seen.push(...list);
    return near / list.length;
  };
  const shares = model.batches.map(nearSeen);
  assert.equal(shares[0], 0, "the first rounds are all exploration");
  assert.ok(shares[shares.length - 1] > 0.4, `late rounds move pool paths by one edit (${shares[shares.length - 1]})`);
  const scores = await new SyntheticLandscape(space, 7n).predict(Uint8Array.from(seen.flatMap((g) => [...g])));
  const kept = await new SyntheticLandscape(space, 7n).predict(produced.genomes);
  const k = [...scores].sort((a, b) => b - a);
  assert.ok(Math.min(...kept) >= k[Math.floor(k.length / 2)], "the pool holds the upper half of what was scored");
});

test("abs and padnas give non-empty spaces on the TransNAS-Bench-101 macro and MnasNet-style tables", needsShared("data/nb101/nb101_naslib_zc500.jsonl"), async () => {
  for (const [id, file, target] of [["tnb101-macro", "tnb101_macro.sample.jsonl", "val.segmentsemantic"], ["mnas", "accel_mnas.sample.jsonl", "val_acc"]]) {
    const report = await evaluate(getSpace(id), {
      truth: sharedPath(`data/samples/${file}`), target, trainTarget: target, trainSize: 30, methods: ["lissnas", "abs", "padnas", "nse", "greedynas"], seeds: [1n],
    });
    for (const row of report.rows) assert.ok(row.size > 0 || row.reason !== null, `${id} ${row.method}: size ${row.size}`);
    for (const name of ["abs", "padnas"]) assert.ok(report.rows.find((r) => r.method === name)!.size > 0, `${id} ${name}`);
  }
});

test("an operation gene that cannot change the class is free, so operation masks ignore it", async () => {
  const { freeGenes, OperationMask } = await import("../src/methods/operationMask.js");
  const space = getSpace("nb101");
  const kernels = new SpaceKernels(space);
  // input -> conv3x3 -> output: vertices 2..5 of the genome are padding, their op genes (22..25) free.
  const raw = space.parse({ matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: ["input", "conv3x3-bn-relu", "output"] });
  const genome = kernels.canonicalize(raw).genomes;
  assert.deepEqual([...freeGenes(kernels, genome)], [0, 1, 1, 1, 1]);
  // Dropping conv3x3 (value 0) on the padding genes keeps the cell; dropping it on gene 21 does not.
  let mask = OperationMask.full(space);
  for (let j = 1; j < 5; j++) mask = mask.without(j, genome[space.operationGenes![j]]);
  assert.ok(mask.contains(genome, 0, space.genomeLength, freeGenes(kernels, genome)));
  assert.ok(!mask.without(0, genome[21]).contains(genome, 0, space.genomeLength, freeGenes(kernels, genome)));
});

test("evaluate --out writes each method's whole space, not only the part a sparse table covers", needsShared("data/nb101/nb101_naslib_zc500.jsonl"), async () => {
  const { methodSpaces } = await import("../src/report/evaluationData.js");
  const space = getSpace("nb101");
  const report = await evaluate(space, {
    truth: sharedPath("data/nb101/nb101_naslib_zc500.jsonl"), target: "val_acc", trainTarget: "val_acc", trainSize: 200,
    methods: ["lissnas", "topk", "abs"], seeds: [1n], shrink: { initial: 300 },
  });
  const files = methodSpaces(report, new SpaceKernels(space));
  for (const method of ["lissnas", "topk", "abs"]) {
    const run = report.rows.find((r) => r.method === method)!.runs[0];
    const lines = files[`space-${method}.jsonl`].trim().split("\n");
    assert.equal(lines.length, run.size, method);
    assert.ok(run.covered < run.size, `${method}: the 500-row table covers ${run.covered} of ${run.size}`);
    assert.match(lines[0], /^\{"arch":\{"matrix":/);
  }
});

test("every method gives the same space twice for the same seed; the sampling ones another for another seed", async () => {
  const space = getSpace("nb201");
  const model = new SyntheticLandscape(space, 8n);
  for (const method of listMethods().slice(1)) {
    const run = async (seed: bigint) => (await runMethod(method, contextFor("nb201", model, 900, 300, seed))).keys;
    assert.deepEqual(await run(3n), await run(3n), method.name);
    // A pruning rule may well settle on the same operations from two samples; a top-K of samples may not.
    if (["greedynas", "topk", "random"].includes(method.name)) assert.notDeepEqual(await run(3n), await run(4n), method.name);
  }
});

test("random draws K classes from the universe (a uniform sample stands for the space), at most all of it, and from the space without one", async () => {
  const space = getSpace("mnas");
  const kernels = new SpaceKernels(space);
  const genomes = kernels.sample(40, 9n);
  const keys = kernels.keys(genomes);
  const universe = { genomes, keys, index: new Map(Array.from(keys, (k, i) => [k, i] as [bigint, number])), share: 40 / 104485552128 };
  // A 500-class draw from a 40-class sample of the space: all 40 (every one measurable), standing for the 500.
  const sparse = await runMethod(getMethod("random"), { ...contextFor("mnas", new SyntheticLandscape(space), 100, 500), universe });
  assert.equal(sparse.size, 500);
  assert.equal(sparse.keys.length, 40);
  assert.equal(sparse.estimated, true);
  assert.deepEqual([...sparse.classes!].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
  const dense = await runMethod(getMethod("random"), { ...contextFor("mnas", new SyntheticLandscape(space), 100, 20), universe });
  assert.equal(dense.classes!.length, 20, "K classes of a universe larger than K");
  assert.equal(new Set(dense.classes).size, 20);
  assert.equal(dense.size, 20);
  const free = await runMethod(getMethod("random"), { ...contextFor("mnas", new SyntheticLandscape(space), 100, 500), universe: undefined });
  assert.equal(free.size, 500);
  assert.equal(free.keys.length, 500);
});
