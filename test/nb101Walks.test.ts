// NB101 random-walk neighbours against a plain TypeScript walk (reference moves, reference RNG streams,
// reference edit distance by brute force over relabellings): the kernel's fast paths (the walk on bit
// masks, the distance bounds that skip the search) must give the same genomes and distances, bit for bit.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { ReferenceRng, streamState } from "../src/wasm/reference.js";
import { adjacencyRows, liveMask, restrictRows, opOf, popcount } from "../src/spaces/nb101/genome.js";

const nb101 = getSpace("nb101");
const reference = nb101.reference;
const kernels = new SpaceKernels(nb101);
const LENGTH = 26;
const MAX_WALK_RETRIES = 16;
const MAX_MOVE_TRIES = 256;

const seed = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

/** walkNeighbours, one walk at a time, from the reference's moves and distance. */
function referenceWalks(seeds: Uint8Array, radius: number, perSeed: number, s: bigint, stream: bigint, firstIndex: bigint) {
  const count = seeds.length / LENGTH;
  const genomes = new Uint8Array(count * perSeed * LENGTH);
  const distances = new Uint8Array(count * perSeed);
  for (let i = 0; i < count; i++) {
    const origin = seeds.subarray(i * LENGTH, (i + 1) * LENGTH);
    for (let j = 0; j < perSeed; j++) {
      const rng = new ReferenceRng(streamState(s ^ stream, firstIndex + BigInt(i), BigInt(j)));
      let d = 0;
      let end = origin;
      for (let attempt = 0; attempt < MAX_WALK_RETRIES; attempt++) {
        const steps = 1 + rng.below(radius);
        end = origin;
        for (let step = 0; step < steps; step++) {
          let next: Uint8Array | null = null;
          for (let t = 0; t < MAX_MOVE_TRIES && next === null; t++) next = reference.applyMove(end, rng.below(reference.moveCount));
          assert.ok(next !== null, "no valid move");
          end = next;
        }
        d = reference.editDistance(origin, end);
        if (d >= 1 && d <= radius) break;
      }
      const canonical = end.slice();
      reference.canonicalize(canonical);
      genomes.set(canonical, (i * perSeed + j) * LENGTH);
      distances[i * perSeed + j] = Math.min(d, 255);
    }
  }
  return { genomes, distances };
}

/** Distance of the pruned cells under the identity relabelling (the kernel's upper bound). */
function identityDistance(a: Uint8Array, b: Uint8Array): number {
  const pruned = (g: Uint8Array) => {
    const rows = adjacencyRows(g);
    const live = liveMask(rows);
    return { rows: restrictRows(rows, live), ops: [1, 2, 3, 4, 5].map((v) => (live & (1 << v) ? opOf(g, v) : 0)) };
  };
  const pa = pruned(a);
  const pb = pruned(b);
  let d = 0;
  for (let v = 0; v < 7; v++) d += popcount(pa.rows[v] ^ pb.rows[v]);
  for (let v = 0; v < 5; v++) d += Number(pa.ops[v] !== pb.ops[v]);
  return d;
}

test("walks from canonical seeds equal the reference walk: same ends, same exact distances", () => {
  fc.assert(fc.property(seed, seed, fc.integer({ min: 1, max: 9 }), (s, stream, radius) => {
    const seeds = kernels.sample(4, s);
    const walked = kernels.walkNeighbours(seeds, radius, 12, s, { stream, firstIndex: 3n });
    const expected = referenceWalks(seeds, radius, 12, s, stream, 3n);
    assert.deepEqual(walked.distances, expected.distances);
    assert.deepEqual(walked.genomes, expected.genomes);
  }), { numRuns: 40 });
});

test("walks from raw (non-canonical) valid seeds equal the reference walk too", () => {
  // The neighbours CLI walks from an origin as the user wrote it; the distance is still that of classes.
  fc.assert(fc.property(seed, fc.integer({ min: 1, max: 8 }), (s, radius) => {
    const rng = new ReferenceRng(s);
    const seeds = kernels.sample(4, s);
    for (let i = 0; i < 4; i++) seeds.set(rawWalkEnd(seeds.slice(i * LENGTH, (i + 1) * LENGTH), rng), i * LENGTH);
    const walked = kernels.walkNeighbours(seeds, radius, 8, s);
    const expected = referenceWalks(seeds, radius, 8, s, 0n, 0n);
    assert.deepEqual(walked.distances, expected.distances);
    assert.deepEqual(walked.genomes, expected.genomes);
  }), { numRuns: 25 });
});

/** A valid genome as written (dangling edges kept, not relabelled): a few moves from `origin`. */
function rawWalkEnd(origin: Uint8Array, rng: ReferenceRng): Uint8Array {
  let end = origin;
  for (let steps = 1 + rng.below(6); steps > 0; steps--) {
    let next: Uint8Array | null = null;
    while (next === null) next = reference.applyMove(end, rng.below(reference.moveCount));
    end = next;
  }
  return end;
}

test("the distance of near pairs (walk ends, as reached) equals the brute-force distance, also where relabelling beats identity", () => {
  // Near pairs exercise the bounds (identity upper bound, per-class lower bound) that skip the search;
  // the pairs where the identity is not optimal are the ones that need the search.
  let identityNotOptimal = 0;
  let pairs = 0;
  for (const s of [1n, 2n, 3n, 4n]) {
    const seeds = kernels.sample(32, s);
    for (let i = 0; i < 32; i++) {
      const origin = seeds.slice(i * LENGTH, (i + 1) * LENGTH);
      const rng = new ReferenceRng(s * 1000n + BigInt(i));
      const ends: Uint8Array[] = [];
      for (let w = 0; w < 40; w++) {
        ends.push(rawWalkEnd(w % 2 === 0 ? origin : rawWalkEnd(origin, rng), rng));
      }
      const batch = new Uint8Array(ends.length * LENGTH);
      ends.forEach((e, k) => batch.set(e, k * LENGTH));
      const got = kernels.distancesFrom(origin, batch);
      const origins = new Uint8Array(ends.length * LENGTH).map((_, k) => origin[k % LENGTH]);
      const swapped = kernels.editDistances(batch, origins);
      ends.forEach((end, k) => {
        const exact = reference.editDistance(origin, end);
        assert.equal(got[k], exact, `pair ${origin} / ${end}`);
        assert.equal(swapped[k], exact);
        pairs++;
        if (identityDistance(origin, end) > exact) identityNotOptimal++;
      });
    }
  }
  assert.ok(identityNotOptimal > 0, `${identityNotOptimal} of ${pairs} pairs need a relabelling`);
});

test("a cell and its canonical form are at distance 0, however far apart their labellings are", () => {
  // The search must find the relabelling that the identity upper bound misses.
  fc.assert(fc.property(seed, (s) => {
    const rng = new ReferenceRng(s);
    const seeds = kernels.sample(16, s);
    const raw = new Uint8Array(seeds.length);
    for (let i = 0; i < 16; i++) raw.set(rawWalkEnd(seeds.slice(i * LENGTH, (i + 1) * LENGTH), rng), i * LENGTH);
    const canonical = kernels.canonicalize(raw).genomes;
    assert.deepEqual(Array.from(kernels.editDistances(raw, canonical)), new Array(16).fill(0));
    assert.deepEqual(Array.from(kernels.editDistances(canonical, raw)), new Array(16).fill(0));
  }), { numRuns: 40 });
  let relabelled = 0;
  const all = kernels.sample(512, 9n);
  const rng = new ReferenceRng(9n);
  for (let i = 0; i < 512; i++) {
    const raw = rawWalkEnd(all.slice(i * LENGTH, (i + 1) * LENGTH), rng);
    const canonical = kernels.canonicalize(raw).genomes;
    assert.equal(kernels.editDistances(raw, canonical)[0], 0);
    if (identityDistance(raw, canonical) > 0) relabelled++;
  }
  assert.ok(relabelled > 50, `${relabelled} of 512 canonical forms are relabellings`);
});
