// The tnb101-macro WASM kernels, run in batches, against the plain TypeScript reference
// (src/spaces/tnb101-macro/genome.ts), called one genome at a time.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { ReferenceRng, streamState, SAMPLE_STREAM_TAG } from "../src/wasm/reference.js";

const space = getSpace("tnb101-macro");
const reference = space.reference;
const kernels = new SpaceKernels(space);
const LENGTH = 6;

const at = (batch: Uint8Array, i: number) => batch.slice(i * LENGTH, (i + 1) * LENGTH);
function concat(genomes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(genomes.length * LENGTH);
  genomes.forEach((g, i) => out.set(g, i * LENGTH));
  return out;
}

/** A member given by its module codes (4..6 of 1..4), or null when it breaks the rule. */
const memberArbitrary = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 6 })
  .map((codes) => { const g = new Uint8Array(LENGTH); g.set(codes); return g; })
  .filter((g) => reference.canonicalize(g.slice()));

test("sampling on any stream draws exactly the reference's members", () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: 1n << 40n }), fc.integer({ min: 1, max: 64 }),
    (seed, firstIndex, count) => {
      const batch = kernels.sample(count, seed, { firstIndex });
      for (let i = 0; i < count; i++) {
        const rng = new ReferenceRng(streamState(seed, firstIndex + BigInt(i), SAMPLE_STREAM_TAG));
        assert.deepEqual(at(batch, i), reference.sample(rng));
      }
    }), { numRuns: 40 });
});

test("membership in a batch equals the reference on arbitrary 6-byte genomes", () => {
  const raw = fc.uint8Array({ minLength: LENGTH, maxLength: LENGTH, min: 0, max: 4 });
  fc.assert(fc.property(fc.array(raw, { minLength: 1, maxLength: 64 }), (genomes) => {
    const { valid } = kernels.canonicalize(concat(genomes));
    genomes.forEach((g, i) => assert.equal(valid[i] === 1, reference.canonicalize(g.slice())));
  }), { numRuns: 60 });
});

test("edit distances in a batch equal the reference, are symmetric and bounded below by Levenshtein", () => {
  fc.assert(fc.property(fc.array(fc.tuple(memberArbitrary, memberArbitrary), { minLength: 1, maxLength: 40 }), (pairs) => {
    const a = concat(pairs.map(([x]) => x));
    const b = concat(pairs.map(([, y]) => y));
    const forward = kernels.editDistances(a, b);
    const backward = kernels.editDistances(b, a);
    pairs.forEach(([x, y], i) => {
      assert.equal(forward[i], reference.editDistance(x, y));
      assert.equal(backward[i], forward[i]);
      assert.equal(forward[i] === 0, x.every((v, j) => v === y[j]));
      assert.ok(forward[i] <= space.maxEditDistance);
    });
  }), { numRuns: 60 });
});

test("every move of the reference yields a member one step away, and the kernel's ball agrees", () => {
  fc.assert(fc.property(memberArbitrary, (origin) => {
    const neighbours = new Set<string>();
    for (let k = 0; k < reference.moveCount; k++) {
      const moved = reference.applyMove(origin, k);
      if (moved === null) continue;
      assert.ok(reference.canonicalize(moved.slice()));
      assert.equal(reference.editDistance(origin, moved), 1);
      neighbours.add(moved.join(","));
    }
    const ball = kernels.ball(origin, 1, 1000)!;
    const got = new Set(Array.from({ length: ball.depth.length }, (_, i) => at(ball.genomes, i).join(",")).filter((_, i) => ball.depth[i] === 1));
    assert.deepEqual(got, neighbours);
  }), { numRuns: 60 });
});

test("random-walk neighbours are members within the radius by the exact distance", () => {
  const seeds = kernels.sample(50, 5n);
  const { genomes, distances } = kernels.walkNeighbours(seeds, 2, 10, 9n);
  for (let i = 0; i < 500; i++) {
    const end = at(genomes, i);
    assert.ok(reference.canonicalize(end.slice()));
    assert.equal(distances[i], reference.editDistance(at(seeds, Math.floor(i / 10)), end));
  }
});
