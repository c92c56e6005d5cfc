// The nb-macro WASM kernels, run in batches, against the plain TypeScript reference
// (src/spaces/nb-macro/genome.ts), and the edit distance against breadth-first search over networks.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { ReferenceRng, streamState, SAMPLE_STREAM_TAG } from "../src/wasm/reference.js";

const space = getSpace("nb-macro");
const reference = space.reference;
const kernels = new SpaceKernels(space);
const at = (batch: Uint8Array, i: number) => batch.slice(i * 8, (i + 1) * 8);
const codeArbitrary = fc.uint8Array({ minLength: 8, maxLength: 8, min: 0, max: 2 });
const canonical = (g: Uint8Array) => { const c = g.slice(); reference.canonicalize(c); return c; };

test("sampling on any stream draws exactly the reference's canonical networks", () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 64 }), (seed, count) => {
    const batch = kernels.sample(count, seed);
    for (let i = 0; i < count; i++) {
      const drawn = reference.sample(new ReferenceRng(streamState(seed, BigInt(i), SAMPLE_STREAM_TAG)));
      assert.deepEqual(at(batch, i), canonical(drawn));
      assert.deepEqual(drawn, canonical(drawn), "the reference draws canonical codes");
    }
  }), { numRuns: 40 });
});

test("canonicalisation in a batch equals the reference and is idempotent", () => {
  fc.assert(fc.property(fc.array(codeArbitrary, { minLength: 1, maxLength: 64 }), (codes) => {
    const { genomes } = kernels.canonicalize(new Uint8Array(codes.flatMap((g) => [...g])));
    codes.forEach((g, i) => assert.deepEqual(at(genomes, i), canonical(g)));
    assert.deepEqual(kernels.canonicalize(genomes).genomes, genomes);
  }), { numRuns: 60 });
});

test("edit distance on raw codes equals the reference and depends only on the networks", () => {
  fc.assert(fc.property(fc.array(fc.tuple(codeArbitrary, codeArbitrary), { minLength: 1, maxLength: 40 }), (pairs) => {
    const a = new Uint8Array(pairs.flatMap(([x]) => [...x]));
    const b = new Uint8Array(pairs.flatMap(([, y]) => [...y]));
    const raw = kernels.editDistances(a, b);
    const onClasses = kernels.editDistances(kernels.canonicalize(a).genomes, kernels.canonicalize(b).genomes);
    pairs.forEach(([x, y], i) => {
      assert.equal(raw[i], reference.editDistance(x, y));
      assert.equal(onClasses[i], raw[i]);
      assert.equal(raw[i] === 0, canonical(x).join() === canonical(y).join());
    });
  }), { numRuns: 60 });
});

test("the edit distance is the shortest walk between networks, moves applied to any of their codes (BFS from every 10th) and at most 8, reached", () => {
  const networks = [...space.enumerate!(kernels.core)][0];
  const count = networks.length / 8;
  const index = new Map<string, number>();
  for (let i = 0; i < count; i++) index.set(at(networks, i).join(), i);
  // A network's neighbours: one layer changed in any of its codes ("010" and "001" are one network).
  const neighbours = Array.from({ length: count }, () => new Set<number>());
  for (let code = 0; code < 3 ** 8; code++) {
    const genome = new Uint8Array(8);
    for (let layer = 7, x = code; layer >= 0; layer--, x = Math.floor(x / 3)) genome[layer] = x % 3;
    const from = index.get(canonical(genome).join())!;
    for (let k = 0; k < reference.moveCount; k++) {
      const moved = reference.applyMove(genome, k);
      if (moved !== null) neighbours[from].add(index.get(canonical(moved).join())!);
    }
  }
  const adjacency = neighbours.map((set) => [...set]);
  let largest = 0;
  for (let source = 0; source < count; source++) {
    const got = kernels.distancesFrom(at(networks, source), networks);
    largest = Math.max(largest, ...got);
    if (source % 10 !== 0) continue;
    const distance = new Int8Array(count).fill(-1);
    distance[source] = 0;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      for (const v of adjacency[queue[head]]) if (distance[v] < 0) { distance[v] = distance[queue[head]] + 1; queue.push(v); }
    }
    assert.deepEqual(Array.from(got), Array.from(distance), `from ${space.format(at(networks, source))}`);
  }
  assert.equal(largest, 8);
  assert.equal(space.maxEditDistance, 8);
  assert.equal(kernels.editDistances(space.parse("00000000"), space.parse("11112222"))[0], 8);
});
