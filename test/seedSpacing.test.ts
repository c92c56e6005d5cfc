import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { shrink } from "../src/shrink/lissnas.js";
import { resolveShrinkOptions } from "../src/shrink/options.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import { GenomeList } from "../src/shrink/genomeList.js";
import { spacedTop } from "../src/shrink/seedChoice.js";

const nb201 = getSpace("nb201");
const nb301 = getSpace("nb301");
const nb101 = getSpace("nb101");

async function scoredSample(space: typeof nb301, count: number, seed: bigint, kernels: SpaceKernels): Promise<GenomeList> {
  const genomes = kernels.canonicalize(kernels.sample(count, seed)).genomes;
  const keys = kernels.keys(genomes);
  const scores = await new SyntheticLandscape(space, seed).predict(genomes);
  const list = new GenomeList(space.genomeLength, count);
  const seen = new Set<bigint>();
  for (let i = 0; i < keys.length; i++) {
    if (seen.has(keys[i])) continue;
    seen.add(keys[i]);
    list.push(genomes.subarray(i * space.genomeLength, (i + 1) * space.genomeLength), keys[i], scores[i]);
  }
  return list;
}

/** The rule written plainly: in score order, a candidate joins when it is far enough from every pick; the best of the rest fill up. */
function referenceSpacedTop(list: GenomeList, kernels: SpaceKernels, count: number, minDistance: number, poolSize: number): number[] {
  const pool = list.topByScore(Math.min(list.count, Math.max(count, poolSize)));
  if (minDistance <= 1 || pool.length <= count) return pool.slice(0, count);
  const picked: number[] = [];
  for (const candidate of pool) {
    if (picked.length === count) break;
    if (picked.every((p) => kernels.editDistances(list.genome(p), list.genome(candidate))[0] >= minDistance)) picked.push(candidate);
  }
  for (const candidate of pool) if (picked.length < count && !picked.includes(candidate)) picked.push(candidate);
  return picked;
}

test("spaced top seeds are the best members at least the spacing apart, in score order, filled up with the best of the rest", async () => {
  // nb201 (largest distance 6) makes every spacing bind somewhere; nb301 (32) the long ones.
  const kernelsOf = new Map([nb201, nb301].map((space) => [space, new SpaceKernels(space)]));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(nb201, nb301), fc.bigInt({ min: 1n, max: 1n << 40n }), fc.integer({ min: 20, max: 160 }), fc.integer({ min: 1, max: 12 }),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 }), async (space, seed, size, count, spacing, poolSize) => {
        const kernels = kernelsOf.get(space)!;
        const minDistance = Math.round(spacing * space.maxEditDistance);
        const list = await scoredSample(space, size, seed, kernels);
        const picked = spacedTop(list, kernels, count, minDistance, poolSize);
        assert.deepEqual(picked, referenceSpacedTop(list, kernels, count, minDistance, poolSize));
        assert.equal(new Set(picked).size, picked.length, "no member twice");
        assert.equal(picked.length, Math.min(count, list.count));
        assert.equal(picked[0], list.topByScore(1)[0], "the best member is always the first seed");
      }),
    { numRuns: 60 },
  );
});

test("a spacing of at most one move is the paper's top seeds", async () => {
  const kernels = new SpaceKernels(nb301);
  const list = await scoredSample(nb301, 300, 3n, kernels);
  for (const minDistance of [0, 1]) assert.deepEqual(spacedTop(list, kernels, 6, minDistance, 400), list.topByScore(6));
});

test("with a seed spacing, the pockets of a run are seeded at least ceil(spacing x radius) apart; without it, some top seeds sit closer", async () => {
  const kernels = new SpaceKernels(nb101);
  const model = new SyntheticLandscape(nb101, 4n);
  const nearestPair = (seeds: Uint8Array[]) => {
    let least = Infinity;
    for (let a = 0; a < seeds.length; a++) {
      for (let b = a + 1; b < seeds.length; b++) least = Math.min(least, kernels.editDistances(seeds[a], seeds[b])[0]);
    }
    return least;
  };
  // Without strata every pocket but the kept best's (radius 0) is a top seed of the returned iteration.
  const topSeeds = (result: Awaited<ReturnType<typeof shrink>>) => result.pockets.filter((p) => p.radius > 0).map((p) => p.seed);
  const spaced = await shrink(nb101, model, { seed: 2n, strata: 0, seedSpacing: 0.5, maxIterations: 3 });
  const spacing = Math.ceil(0.5 * spaced.options.radius);
  assert.ok(spacing > 1);
  assert.ok(nearestPair(topSeeds(spaced)) >= spacing, `nearest seeds ${nearestPair(topSeeds(spaced))} apart, spacing ${spacing}`);
  const close = await shrink(nb101, model, { seed: 2n, strata: 0, seedSpacing: 0, maxIterations: 3 });
  assert.ok(nearestPair(topSeeds(close)) < spacing, "the unspaced top seeds are already that far apart: the test proves nothing");
});

test("a seed spacing that is negative or not a number is refused, naming the option", () => {
  for (const seedSpacing of [-0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => resolveShrinkOptions(nb101, { seedSpacing }), /--seed-spacing must be a finite number >= 0/);
  }
});
