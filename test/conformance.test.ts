// One suite of properties run over every registered search space: the WASM kernels, called in
// batches, against the plain TypeScript reference called one genome at a time.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { listSpaces } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import type { SearchSpace } from "../src/spaces/space.js";
import { ReferenceRng, streamState, SAMPLE_STREAM_TAG } from "../src/wasm/reference.js";

const RUNS = 25;

function rawGenomeArbitrary(space: SearchSpace) {
  return fc.tuple(...space.cardinalities.map((c) => fc.integer({ min: 0, max: c - 1 }))).map((genes) => Uint8Array.from(genes));
}

function concat(genomes: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(genomes.length * length);
  genomes.forEach((g, i) => out.set(g, i * length));
  return out;
}

function at(batch: Uint8Array, i: number, length: number): Uint8Array {
  return batch.slice(i * length, (i + 1) * length);
}

function referenceCanonical(space: SearchSpace, genome: Uint8Array): { genome: Uint8Array; valid: boolean } {
  const copy = genome.slice();
  const valid = space.reference.canonicalize(copy);
  return { genome: copy, valid };
}

for (const space of listSpaces()) {
  const length = space.genomeLength;
  describe(`search space ${space.id}`, () => {
    const kernels = new SpaceKernels(space);

    test("sampling draws exactly what the reference draws from the same stream, canonical and valid", () => {
      fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 40 }), (seed, count) => {
        const batch = kernels.sample(count, seed, { firstIndex: 5n });
        for (let i = 0; i < count; i++) {
          const rng = new ReferenceRng(streamState(seed, 5n + BigInt(i), SAMPLE_STREAM_TAG));
          const expected = referenceCanonical(space, space.reference.sample(rng));
          assert.ok(expected.valid);
          assert.deepEqual(at(batch, i, length), expected.genome);
        }
      }), { numRuns: RUNS });
    });

    test("canonicalisation in a batch equals the reference one genome at a time, and is idempotent", () => {
      fc.assert(fc.property(fc.array(rawGenomeArbitrary(space), { minLength: 1, maxLength: 50 }), (genomes) => {
        const { genomes: canonical, valid } = kernels.canonicalize(concat(genomes, length));
        genomes.forEach((genome, i) => {
          const expected = referenceCanonical(space, genome);
          assert.equal(valid[i] === 1, expected.valid);
          if (expected.valid) assert.deepEqual(at(canonical, i, length), expected.genome);
        });
        const again = kernels.canonicalize(canonical);
        valid.forEach((v, i) => {
          if (v) assert.deepEqual(at(again.genomes, i, length), at(canonical, i, length));
        });
      }), { numRuns: RUNS });
    });

    test("a batch of N equals N batches of one for every kernel", () => {
      const batch = kernels.sample(20, 99n);
      const keys = kernels.keys(batch);
      const distances = kernels.distancesFrom(at(batch, 0, length), batch);
      for (let i = 0; i < 20; i++) {
        const one = at(batch, i, length);
        assert.equal(kernels.keys(one)[0], keys[i]);
        assert.equal(kernels.editDistances(at(batch, 0, length), one)[0], distances[i]);
      }
      const walks = kernels.walkNeighbours(batch, 2, 3, 7n);
      for (let i = 0; i < 20; i++) {
        const single = kernels.walkNeighbours(at(batch, i, length), 2, 3, 7n, { firstIndex: BigInt(i) });
        assert.deepEqual(single.genomes, walks.genomes.slice(i * 3 * length, (i + 1) * 3 * length));
      }
    });

    test("edit distance equals the reference and is a metric on canonical forms", () => {
      fc.assert(fc.property(fc.bigInt({ min: 0n, max: 1n << 40n }), (seed) => {
        const batch = kernels.sample(3, seed);
        const [a, b, c] = [0, 1, 2].map((i) => at(batch, i, length));
        const pairs = kernels.editDistances(concat([a, b, a, b, a], length), concat([b, a, c, c, a], length));
        const [ab, ba, ac, bc, aa] = Array.from(pairs);
        assert.equal(ab, space.reference.editDistance(a, b));
        assert.equal(ac, space.reference.editDistance(a, c));
        assert.equal(ab, ba);
        assert.equal(aa, 0);
        assert.equal(ab === 0, a.every((x, i) => x === b[i]));
        assert.ok(ac <= ab + bc, `triangle: d(a,c)=${ac} > d(a,b)=${ab} + d(b,c)=${bc}`);
        assert.ok(ab <= space.maxEditDistance);
      }), { numRuns: RUNS * 4 });
    });

    test("keys agree exactly when canonical forms agree", () => {
      const batch = kernels.sample(200, 3n);
      const keys = kernels.keys(batch);
      const byKey = new Map<bigint, string>();
      keys.forEach((key, i) => {
        const text = at(batch, i, length).join(",");
        const seen = byKey.get(key);
        if (seen !== undefined) assert.equal(seen, text);
        else byKey.set(key, text);
      });
      const texts = new Set(Array.from({ length: 200 }, (_, i) => at(batch, i, length).join(",")));
      assert.equal(byKey.size, texts.size);
    });

    test("random-walk neighbours are valid, canonical and within the radius, and unique after dedup", () => {
      const seeds = kernels.sample(10, 11n);
      const radius = Math.max(1, Math.round(space.maxEditDistance / 3));
      const { genomes, distances } = kernels.walkNeighbours(seeds, radius, 20, 5n);
      const { genomes: canonical, valid } = kernels.canonicalize(genomes);
      assert.ok(valid.every((v) => v === 1));
      assert.deepEqual(canonical, genomes);
      const inside = Array.from(distances).filter((d) => d >= 1 && d <= radius).length;
      assert.ok(inside >= 190, `${inside} of 200 walks ended inside the radius`);
    });

    test("edit distance equals the shortest walk of moves, on cells as written or on isomorphism classes", () => {
      // A space measures either the cells as written (nb201: edges that differ) or their classes; either
      // way the distance must be the length of the shortest walk of single moves.
      for (const seed of [31n, 32n, 33n]) {
        const origin = kernels.sample(1, seed);
        const ball = kernels.ball(origin, 2, 2_000_000);
        assert.ok(ball);
        const raw = kernels.distancesFrom(origin, ball.genomes);
        const onCells = raw.every((d, i) => d === ball.depth[i]);
        const canonical = kernels.canonicalize(ball.genomes).genomes;
        const keys = kernels.keys(canonical);
        const firstDepth = new Map<bigint, number>();
        keys.forEach((key, i) => firstDepth.set(key, Math.min(firstDepth.get(key) ?? Infinity, ball.depth[i])));
        const toClass = kernels.distancesFrom(origin, canonical);
        const onClasses = keys.every((key, i) => toClass[i] === firstDepth.get(key));
        assert.ok(onCells || onClasses, `${space.id}: distance differs from the shortest walk both on cells and on classes`);
      }
    });

    test("the exact ball equals a breadth-first search with the reference moves", () => {
      const origin = kernels.sample(1, 21n);
      const ball = kernels.ball(origin, 2, 1_000_000);
      assert.ok(ball);
      const seen = new Map<string, number>([[origin.join(","), 0]]);
      let frontier = [origin];
      for (let depth = 1; depth <= 2; depth++) {
        const next: Uint8Array[] = [];
        for (const genome of frontier) {
          for (let k = 0; k < space.reference.moveCount; k++) {
            const moved = space.reference.applyMove(genome, k);
            if (moved === null || seen.has(moved.join(","))) continue;
            seen.set(moved.join(","), depth);
            next.push(moved);
          }
        }
        frontier = next;
      }
      const got = new Map<string, number>();
      ball.depth.forEach((d, i) => got.set(at(ball.genomes, i, length).join(","), d));
      assert.deepEqual(got, seen);
    });
  });
}
