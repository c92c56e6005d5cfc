// The choice-genome spaces (spos, fairnas, mnas: independent categorical genes, Hamming distance): their
// WASM kernels, run as batches, against the plain TypeScript reference (src/spaces/spos/choiceGenome.ts)
// on arbitrary genomes, not only sampled ones.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import type { SearchSpace } from "../src/spaces/space.js";
import { LissnasError } from "../src/errors.js";

const EXPECTED = [
  { id: "spos", length: 20, moves: 60, cardinalities: Array(20).fill(4) },
  { id: "fairnas", length: 19, moves: 95, cardinalities: Array(19).fill(6) },
  { id: "mnas", length: 28, moves: 43, cardinalities: [3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 4, 2, 3, 2, 3, 2] },
];

function genomeArbitrary(space: SearchSpace) {
  return fc.tuple(...space.cardinalities.map((c) => fc.integer({ min: 0, max: c - 1 }))).map((genes) => Uint8Array.from(genes));
}

function concat(genomes: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(genomes.length * length);
  genomes.forEach((g, i) => out.set(g, i * length));
  return out;
}

for (const expected of EXPECTED) {
  const space = getSpace(expected.id);
  const length = space.genomeLength;
  const kernels = new SpaceKernels(space);
  describe(`choice-genome space ${expected.id}`, () => {
    test("has the documented gene layout, move count and maximum distance", () => {
      assert.equal(length, expected.length);
      assert.deepEqual([...space.cardinalities], expected.cardinalities);
      assert.equal(space.reference.moveCount, expected.moves);
      assert.equal(space.maxEditDistance, expected.length);
    });

    test("the WASM edit distance equals the reference Hamming distance on arbitrary pairs", () => {
      fc.assert(fc.property(fc.array(fc.tuple(genomeArbitrary(space), genomeArbitrary(space)), { minLength: 1, maxLength: 30 }), (pairs) => {
        const got = kernels.editDistances(concat(pairs.map((p) => p[0]), length), concat(pairs.map((p) => p[1]), length));
        pairs.forEach(([a, b], i) => {
          assert.equal(got[i], space.reference.editDistance(a, b));
          assert.equal(got[i], a.reduce((d, x, j) => d + +(x !== b[j]), 0));
        });
      }), { numRuns: 50 });
    });

    test("a genome and its gene-wise opposite are exactly maxEditDistance apart", () => {
      fc.assert(fc.property(genomeArbitrary(space), (a) => {
        const b = a.map((x, i) => (x + 1) % space.cardinalities[i]);
        assert.equal(kernels.editDistances(a, b)[0], space.maxEditDistance);
      }), { numRuns: 20 });
    });

    test("every move changes exactly one gene to a different in-range value, and no two moves agree", () => {
      fc.assert(fc.property(genomeArbitrary(space), (genome) => {
        const seen = new Set<string>();
        for (let k = 0; k < space.reference.moveCount; k++) {
          const moved = space.reference.applyMove(genome, k);
          assert.ok(moved !== null);
          assert.equal(space.reference.editDistance(genome, moved), 1);
          assert.ok(space.reference.canonicalize(moved.slice()));
          seen.add(moved.join(","));
        }
        assert.equal(seen.size, space.reference.moveCount);
        assert.equal(space.reference.applyMove(genome, space.reference.moveCount), null);
        assert.equal(space.reference.applyMove(genome, -1), null);
      }), { numRuns: 20 });
    });

    test("the WASM ball of radius 1 holds the origin and exactly the reference moves, each at Hamming distance 1", () => {
      fc.assert(fc.property(genomeArbitrary(space), (origin) => {
        const ball = kernels.ball(origin, 1, 10_000);
        assert.ok(ball);
        const got = new Set(Array.from({ length: ball.depth.length }, (_, i) => ball.genomes.slice(i * length, (i + 1) * length).join(",")));
        const want = new Set([origin.join(",")]);
        for (let k = 0; k < space.reference.moveCount; k++) want.add(space.reference.applyMove(origin, k)!.join(","));
        assert.deepEqual(got, want);
        assert.deepEqual(Array.from(kernels.distancesFrom(origin, ball.genomes)), Array.from(ball.depth));
      }), { numRuns: 10 });
    });

    test("canonicalisation keeps every in-range genome; the kernel and the reference reject a gene at or above its cardinality", () => {
      fc.assert(fc.property(genomeArbitrary(space), fc.nat(), (genome, pick) => {
        const gene = pick % length;
        const bad = genome.slice();
        bad[gene] = space.cardinalities[gene] + (pick % 3);
        // The batch API validates genes on the host; the core is called directly to reach the kernel's own check.
        const { genomes, valid } = kernels.core.canonicalize(space.wasmId, length, concat([genome, bad], length));
        assert.deepEqual(Array.from(valid), [1, 0]);
        assert.deepEqual(genomes.slice(0, length), genome);
        assert.equal(space.reference.canonicalize(bad.slice()), false);
        assert.throws(() => kernels.canonicalize(bad), new RegExp(`gene ${gene} is ${bad[gene]}; expected 0\\.\\.${space.cardinalities[gene] - 1}`));
      }), { numRuns: 30 });
    });

    test("sampling covers every value of every gene about equally often", () => {
      const count = 6000;
      const batch = kernels.sample(count, 42n);
      for (let gene = 0; gene < length; gene++) {
        const card = space.cardinalities[gene];
        const counts = new Array(card).fill(0);
        for (let i = 0; i < count; i++) counts[batch[i * length + gene]]++;
        for (const c of counts) assert.ok(Math.abs(c - count / card) < 5 * Math.sqrt(count / card), `gene ${gene}: ${counts}`);
      }
    });

    test("an arch array holding anything but numbers and strings is refused with a LissnasError, not a TypeError", () => {
      // String() of {"toString": 0} throws; the parser must not call it (found by the parser fuzz test).
      for (const odd of [{ toString: 0 }, { valueOf: 0, toString: 0 }, [1], null, true]) {
        const arch = Array.from({ length }, (_, i) => (i === 2 ? odd : 0));
        assert.throws(() => space.parse(arch, { file: "x.jsonl", line: 3 }), (e: unknown) => e instanceof LissnasError && /x\.jsonl:3/.test(e.message), JSON.stringify(odd));
      }
    });

    test("keys of distinct genomes differ and keys of equal genomes agree", () => {
      const batch = kernels.sample(500, 9n);
      const keys = kernels.keys(concat([batch, batch], batch.length));
      const texts = new Set(Array.from({ length: 500 }, (_, i) => batch.slice(i * length, (i + 1) * length).join(",")));
      assert.equal(new Set(Array.from(keys.slice(0, 500))).size, texts.size);
      assert.deepEqual(keys.slice(500), keys.slice(0, 500));
    });
  });
}
