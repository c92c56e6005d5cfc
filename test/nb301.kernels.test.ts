// The nb301 WASM kernels, run in batches, against the plain TypeScript reference (src/spaces/nb301/genome.ts),
// and the edit distance against shortest walks of moves.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { ReferenceRng, streamState, SAMPLE_STREAM_TAG } from "../src/wasm/reference.js";

const nb301 = getSpace("nb301");
const reference = nb301.reference;
const kernels = new SpaceKernels(nb301);
const LENGTH = 32;
const VALID_MOVES = 96 + 24; // 16 edges x 6 other ops + per cell 2 x (0 + 1 + 2 + 3) free other inputs

const seedArbitrary = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

function at(batch: Uint8Array, i: number): Uint8Array {
  return batch.slice(i * LENGTH, (i + 1) * LENGTH);
}

function concat(genomes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(genomes.length * LENGTH);
  genomes.forEach((g, i) => out.set(g, i * LENGTH));
  return out;
}

function canonical(genome: Uint8Array): Uint8Array {
  const copy = genome.slice();
  assert.ok(reference.canonicalize(copy));
  return copy;
}

/** A canonical genome `steps` random valid reference moves away from `origin` (at most `steps` apart). */
function walk(origin: Uint8Array, steps: number, rng: ReferenceRng): Uint8Array {
  let genome = origin;
  for (let s = 0; s < steps; s++) {
    let moved: Uint8Array | null = null;
    while (moved === null) moved = reference.applyMove(genome, rng.below(reference.moveCount));
    genome = moved;
  }
  return canonical(genome);
}

/** Canonical genomes within `radius` moves of origin, with their walk length (BFS over applyMove + canonicalize). */
function referenceBall(origin: Uint8Array, radius: number): Map<string, number> {
  const seen = new Map<string, number>([[canonical(origin).join(","), 0]]);
  let frontier = [canonical(origin)];
  for (let depth = 1; depth <= radius; depth++) {
    const next: Uint8Array[] = [];
    for (const genome of frontier) {
      for (let k = 0; k < reference.moveCount; k++) {
        const moved = reference.applyMove(genome, k);
        if (moved === null) continue;
        const key = canonical(moved).join(",");
        if (seen.has(key)) continue;
        seen.set(key, depth);
        next.push(canonical(moved));
      }
    }
    frontier = next;
  }
  return seen;
}

test("sampling on any stream and offset draws exactly the reference's canonical genomes", () => {
  fc.assert(fc.property(seedArbitrary, fc.bigInt({ min: 0n, max: 1n << 32n }), fc.bigInt({ min: 0n, max: 1n << 40n }),
    fc.integer({ min: 1, max: 64 }), (seed, stream, firstIndex, count) => {
      const batch = kernels.sample(count, seed, { stream, firstIndex });
      for (let i = 0; i < count; i++) {
        const rng = new ReferenceRng(streamState(seed ^ stream, firstIndex + BigInt(i), SAMPLE_STREAM_TAG));
        assert.deepEqual(at(batch, i), canonical(reference.sample(rng)));
      }
    }), { numRuns: 40 });
});

test("sampling is uniform over each node's unordered input pairs and ops (chi-square, 40,000 draws)", () => {
  const draws = 40_000;
  const batch = kernels.sample(draws, 2024n);
  // Chi-square statistic per marginal; the 0.999 quantiles are 10.8 (1 dof) .. 27.9 (9 dof), 22.5 (6 dof).
  const limits: Record<number, number> = { 1: 10.8, 2: 13.8, 5: 20.5, 6: 22.5, 9: 27.9 };
  for (let node = 0; node < 8; node++) {
    const inputs = (node & 3) + 2;
    const pairCounts = new Map<string, number>();
    const opCounts = new Array(7).fill(0);
    for (let i = 0; i < draws; i++) {
      const base = i * LENGTH + node * 4;
      const key = `${batch[base]},${batch[base + 2]}`;
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
      opCounts[batch[base + 1]]++;
      opCounts[batch[base + 3]]++;
    }
    const pairs = (inputs * (inputs - 1)) / 2;
    assert.equal(pairCounts.size, pairs, `node ${node}: every input pair is drawn`);
    const chi = (counts: number[], expected: number) => counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    if (pairs > 1) {
      const statistic = chi([...pairCounts.values()], draws / pairs);
      assert.ok(statistic < limits[pairs - 1], `node ${node}: input pairs chi-square ${statistic.toFixed(1)}`);
    }
    const opStatistic = chi(opCounts, (2 * draws) / 7);
    assert.ok(opStatistic < limits[6], `node ${node}: ops chi-square ${opStatistic.toFixed(1)}`);
  }
});

test("canonicalisation sorts each node's pair, rejects equal or out-of-range inputs, and matches the reference", () => {
  const gene = (g: number) => fc.integer({ min: 0, max: nb301.cardinalities[g] - 1 });
  const raw = fc.tuple(...Array.from({ length: LENGTH }, (_, g) => gene(g))).map((genes) => Uint8Array.from(genes));
  fc.assert(fc.property(fc.array(raw, { minLength: 1, maxLength: 64 }), (genomes) => {
    const { genomes: out, valid } = kernels.canonicalize(concat(genomes));
    genomes.forEach((genome, i) => {
      const expected = genome.slice();
      const ok = reference.canonicalize(expected);
      let distinct = true;
      for (let node = 0; node < 8; node++) distinct &&= genome[node * 4] !== genome[node * 4 + 2];
      assert.equal(ok, distinct);
      assert.equal(valid[i] === 1, ok);
      // Invalid genomes are left as they were, by both.
      assert.deepEqual(at(out, i), expected);
      if (!ok) assert.deepEqual(expected, genome);
    });
  }), { numRuns: 60 });
  // An input beyond its node's range: the reference rejects it, and the batch API refuses it before the kernel.
  const genome = canonical(kernels.sample(1, 1n));
  genome[4 * 3 + 2] = 6;
  assert.equal(reference.canonicalize(genome.slice()), false);
  assert.throws(() => kernels.canonicalize(genome), /gene 14 is 6; expected 0\.\.4/);
});

test("keys are invariant under swapping any node's pair of edges", () => {
  fc.assert(fc.property(seedArbitrary, fc.integer({ min: 1, max: 255 }), (seed, swapMask) => {
    const genomes = kernels.sample(16, seed);
    const swapped = genomes.slice();
    for (let i = 0; i < 16; i++) {
      for (let node = 0; node < 8; node++) {
        if (((swapMask >> node) & 1) === 0) continue;
        const base = i * LENGTH + node * 4;
        const edge = swapped.slice(base, base + 2);
        swapped.copyWithin(base, base + 2, base + 4);
        swapped.set(edge, base + 2);
      }
    }
    assert.notDeepEqual(swapped, genomes);
    const { genomes: recanonical, valid } = kernels.canonicalize(swapped);
    assert.ok(valid.every((v) => v === 1));
    assert.deepEqual(kernels.keys(recanonical), kernels.keys(genomes));
    assert.deepEqual(kernels.keyTexts(recanonical), kernels.keyTexts(genomes));
    // The distance sees through the swap even without canonicalising.
    assert.ok(kernels.editDistances(swapped, genomes).every((d) => d === 0));
  }), { numRuns: 40 });
});

test("edit distances in a batch equal the reference on random and nearby pairs, canonical or raw", () => {
  fc.assert(fc.property(seedArbitrary, (seed) => {
    const rng = new ReferenceRng(seed);
    const a = kernels.sample(48, seed);
    const b = kernels.sample(48, seed, { stream: 1n });
    // Half the pairs are nearby (a walk of 1..6 moves), half unrelated; the raw genomes are sampled unsorted.
    for (let i = 0; i < 24; i++) b.set(walk(at(a, i), 1 + rng.below(6), rng), i * LENGTH);
    const raw = concat(Array.from({ length: 48 }, () => reference.sample(rng)));
    const wasm = kernels.editDistances(a, b);
    const wasmRaw = kernels.editDistances(raw, b);
    for (let i = 0; i < 48; i++) {
      assert.equal(wasm[i], reference.editDistance(at(a, i), at(b, i)));
      assert.equal(wasmRaw[i], reference.editDistance(at(raw, i), at(b, i)));
      assert.equal(wasmRaw[i], reference.editDistance(canonical(at(raw, i)), at(b, i)));
    }
  }), { numRuns: 40 });
});

test("edit distance is a metric on canonical forms: zero only on equal forms, symmetric, triangle inequality", () => {
  fc.assert(fc.property(seedArbitrary, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), (seed, stepsAB, stepsBC) => {
    const rng = new ReferenceRng(seed);
    const a = kernels.sample(1, seed);
    const b = walk(a, stepsAB, rng);
    const c = walk(b, stepsBC, rng);
    const [ab, ba, bc, ac, aa] = Array.from(kernels.editDistances(concat([a, b, b, a, a]), concat([b, a, c, c, a])));
    assert.equal(ab, ba);
    assert.equal(aa, 0);
    assert.equal(ab === 0, a.every((x, i) => x === b[i]));
    assert.ok(ab <= stepsAB && bc <= stepsBC);
    assert.ok(ac <= ab + bc);
    assert.ok(ac <= nb301.maxEditDistance);
  }), { numRuns: 200 });
});

test("edit distance equals the shortest walk of moves (breadth-first search) on random pairs up to distance 4", () => {
  // Meet in the middle: any walk of length <= 4 has a genome within 2 moves of both ends.
  const rng = new ReferenceRng(77n);
  const origins = kernels.sample(12, 77n);
  const seenDistances = new Set<number>();
  for (let i = 0; i < 12; i++) {
    const a = at(origins, i);
    const b = walk(a, 1 + (i % 4), rng);
    const fromA = referenceBall(a, 2);
    const fromB = referenceBall(b, 2);
    let shortest = Infinity;
    for (const [key, da] of fromA) {
      const db = fromB.get(key);
      if (db !== undefined) shortest = Math.min(shortest, da + db);
    }
    const d = kernels.editDistances(a, b)[0];
    assert.equal(shortest, d, `pair ${i}`);
    seenDistances.add(d);
  }
  assert.ok(seenDistances.size >= 3, `distances covered: ${[...seenDistances]}`);
});

test("the ball of radius 2 holds every canonical genome at each distance exactly once", () => {
  const origin = kernels.sample(1, 5n);
  const ball = referenceBall(origin, 2);
  const genomes = concat([...ball.keys()].map((key) => Uint8Array.from(key.split(",").map(Number))));
  const distances = kernels.distancesFrom(origin, genomes);
  assert.deepEqual(Array.from(distances), [...ball.values()]);
  assert.equal([...ball.values()].filter((d) => d === 1).length, VALID_MOVES);
});

test("there are 136 move indices; from any member exactly 120 are valid, each changing one gene", () => {
  assert.equal(reference.moveCount, 136);
  fc.assert(fc.property(seedArbitrary, (seed) => {
    const rng = new ReferenceRng(seed);
    const genome = reference.sample(rng); // raw, unsorted pairs
    let valid = 0;
    const results = new Set<string>();
    for (let k = 0; k < reference.moveCount; k++) {
      const moved = reference.applyMove(genome, k);
      if (moved === null) continue;
      valid++;
      const changed = moved.reduce((n, x, g) => n + +(x !== genome[g]), 0);
      assert.equal(changed, 1);
      assert.ok(moved.slice().every((x, g) => x < nb301.cardinalities[g]));
      assert.ok(reference.canonicalize(moved.slice()), `move ${k} keeps the node's inputs distinct`);
      results.add(moved.join(","));
    }
    assert.equal(valid, VALID_MOVES);
    assert.equal(results.size, VALID_MOVES);
    for (const k of [-1, 136, 1000, 0.5]) assert.equal(reference.applyMove(genome, k), null);
    // The WASM moves: the exact radius-1 ball holds the same genomes.
    const ball = kernels.ball(genome, 1, 1000);
    assert.ok(ball);
    const wasm = new Set(Array.from({ length: ball.depth.length - 1 }, (_, i) => at(ball.genomes, i + 1).join(",")));
    assert.deepEqual(wasm, results);
    assert.ok(kernels.distancesFrom(genome, ball.genomes.slice(LENGTH)).every((d) => d === 1));
  }), { numRuns: 30 });
});

test("random-walk neighbours are valid canonical genomes within the radius, exactly 1 away at radius 1", () => {
  const seeds = kernels.sample(50, 8n);
  const one = kernels.walkNeighbours(seeds, 1, 10, 3n);
  assert.ok(one.distances.every((d) => d === 1));
  for (const radius of [3, 9]) {
    const { genomes, distances } = kernels.walkNeighbours(seeds, radius, 10, 4n);
    for (let i = 0; i < 500; i++) {
      const genome = at(genomes, i);
      const copy = genome.slice();
      assert.ok(reference.canonicalize(copy));
      assert.deepEqual(copy, genome);
      const d = reference.editDistance(at(seeds, Math.floor(i / 10)), genome);
      assert.equal(distances[i], d);
      assert.ok(d >= 1 && d <= radius, `walk ${i}: distance ${d} outside 1..${radius}`);
    }
    // Walk lengths are uniform in 1..radius, so every distance shows up.
    assert.equal(new Set(distances).size, radius);
  }
});
