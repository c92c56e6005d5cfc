// Property tests: every NB101 kernel, run as a batch, equals the plain TypeScript reference called one
// genome at a time; hashes are relabelling-invariant; edit distance is a metric; walks stay in radius.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { GenomeSet } from "../src/dedup/genomeSet.js";
import { ReferenceRng, streamState, SAMPLE_STREAM_TAG } from "../src/wasm/reference.js";
import { referenceOfficialHash } from "../src/spaces/nb101/reference.js";
import { edgeGene } from "../src/spaces/nb101/genome.js";

const nb101 = getSpace("nb101");
const reference = nb101.reference;
const kernels = new SpaceKernels(nb101);
const LENGTH = 26;

const rawGenome = fc.tuple(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 21, maxLength: 21 }),
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 5, maxLength: 5 }))
  .map(([edges, ops]) => Uint8Array.from([...edges, ...ops]));
const rawBatch = fc.array(rawGenome, { minLength: 1, maxLength: 64 });
const seed = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

function concat(genomes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(genomes.length * LENGTH);
  genomes.forEach((g, i) => out.set(g, i * LENGTH));
  return out;
}

function split(batch: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < batch.length; i += LENGTH) out.push(batch.slice(i, i + LENGTH));
  return out;
}

/** Valid canonical genomes drawn by the kernel. */
function canonicalSample(count: number, s: bigint): Uint8Array[] {
  return split(kernels.sample(count, s));
}

/** The genome with inner vertices relabelled along a random topological order (priorities given). */
function relabel(genome: Uint8Array, priority: number[]): Uint8Array {
  const order: number[] = [];
  const remaining = new Set([1, 2, 3, 4, 5]);
  while (remaining.size > 0) {
    const ready = [...remaining].filter((v) => [...remaining].every((u) => u >= v || !genome[edgeGene(u, v)]));
    ready.sort((a, b) => priority[a - 1] - priority[b - 1] || a - b);
    order.push(ready[0]);
    remaining.delete(ready[0]);
  }
  const position = [0, 0, 0, 0, 0, 0, 6];
  order.forEach((v, i) => { position[v] = i + 1; });
  const out = new Uint8Array(LENGTH);
  for (let i = 0; i < 7; i++) {
    for (let j = i + 1; j < 7; j++) if (genome[edgeGene(i, j)]) out[edgeGene(position[i], position[j])] = 1;
  }
  for (let v = 1; v <= 5; v++) out[21 + position[v] - 1] = genome[21 + v - 1];
  return out;
}

test("the canonicalisation kernel equals the brute-force reference on random raw genomes", () => {
  fc.assert(fc.property(rawBatch, (genomes) => {
    const { genomes: canonical, valid } = kernels.canonicalize(concat(genomes));
    genomes.forEach((genome, i) => {
      const expected = genome.slice();
      const member = reference.canonicalize(expected);
      assert.equal(valid[i], Number(member));
      assert.deepEqual(canonical.subarray(i * LENGTH, (i + 1) * LENGTH), expected);
    });
  }), { numRuns: 60 });
});

test("one canonicalisation batch of N equals N batches of one", () => {
  fc.assert(fc.property(rawBatch, (genomes) => {
    const whole = kernels.canonicalize(concat(genomes));
    const parts = genomes.map((g) => kernels.canonicalize(g));
    assert.deepEqual(whole.genomes, concat(parts.map((p) => p.genomes)));
    assert.deepEqual(Array.from(whole.valid), parts.map((p) => p.valid[0]));
  }), { numRuns: 20 });
});

test("sampling draws the reference's genomes from the same RNG stream", () => {
  fc.assert(fc.property(seed, fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 1n << 40n }), (s, stream, firstIndex) => {
    const count = 16;
    const drawn = kernels.sample(count, s, { stream, firstIndex });
    for (let i = 0; i < count; i++) {
      const rng = new ReferenceRng(streamState(s ^ stream, firstIndex + BigInt(i), SAMPLE_STREAM_TAG));
      const genome = reference.sample(rng);
      assert.equal(reference.canonicalize(genome), true);
      assert.deepEqual(drawn.subarray(i * LENGTH, (i + 1) * LENGTH), genome);
    }
  }), { numRuns: 30 });
});

test("the md5 kernel equals NAS-Bench-101's hash_module reference on random connected genomes", () => {
  fc.assert(fc.property(rawBatch, (genomes) => {
    const connected = genomes.filter((g) => referenceOfficialHash(g) !== null);
    fc.pre(connected.length > 0);
    const keys = nb101.officialKeys!(concat(connected), kernels.core);
    connected.forEach((g, i) => assert.equal(keys[i], referenceOfficialHash(g)));
  }), { numRuns: 40 });
});

test("md5 hashes, 64-bit keys and canonical forms are invariant under relabelling the inner vertices", () => {
  const priorities = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 });
  fc.assert(fc.property(rawGenome, priorities, (genome, priority) => {
    fc.pre(referenceOfficialHash(genome) !== null);
    const relabelled = relabel(genome, priority);
    const { genomes, valid } = kernels.canonicalize(concat([genome, relabelled]));
    assert.equal(valid[0], valid[1]);
    assert.deepEqual(genomes.subarray(0, LENGTH), genomes.subarray(LENGTH));
    const md5 = nb101.officialKeys!(concat([genome, relabelled]), kernels.core);
    assert.equal(md5[0], md5[1]);
    const keys = kernels.keys(genomes);
    assert.equal(keys[0], keys[1]);
  }), { numRuns: 300 });
});

test("the edit-distance kernel equals the reference over all 120 relabellings", () => {
  fc.assert(fc.property(seed, (s) => {
    const a = canonicalSample(24, s);
    const b = canonicalSample(24, s ^ 0x5555n);
    const distances = kernels.editDistances(concat(a), concat(b));
    a.forEach((g, i) => assert.equal(distances[i], reference.editDistance(g, b[i])));
  }), { numRuns: 15 });
  // Raw genomes are measured as their pruned cells, in both.
  fc.assert(fc.property(rawBatch, rawBatch, (a, b) => {
    const n = Math.min(a.length, b.length);
    const distances = kernels.editDistances(concat(a.slice(0, n)), concat(b.slice(0, n)));
    for (let i = 0; i < n; i++) assert.equal(distances[i], reference.editDistance(a[i], b[i]));
  }), { numRuns: 15 });
});

test("edit distance is a metric on canonical forms: symmetric, zero exactly on equal forms, triangle inequality", () => {
  fc.assert(fc.property(seed, (s) => {
    const cells = canonicalSample(12, s);
    // A relabelled copy canonicalises back, so distance 0 on equal forms is exercised too.
    cells.push(kernels.canonicalize(relabel(cells[0], [0.5, 0.1, 0.9, 0.3, 0.7])).genomes);
    const n = cells.length;
    const d: number[][] = cells.map((a) => Array.from(kernels.distancesFrom(a, concat(cells))));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        assert.equal(d[i][j], d[j][i]);
        const equal = cells[i].every((x, k) => x === cells[j][k]);
        assert.equal(d[i][j] === 0, equal);
        assert.ok(d[i][j] <= nb101.maxEditDistance);
        for (let k = 0; k < n; k++) assert.ok(d[i][k] <= d[i][j] + d[j][k]);
      }
    }
  }), { numRuns: 15 });
});

test("random-walk neighbours are valid canonical cells inside the radius, and dedup keeps distinct cells", () => {
  fc.assert(fc.property(seed, fc.integer({ min: 1, max: 6 }), (s, radius) => {
    const seeds = kernels.sample(8, s);
    const perSeed = 16;
    const { genomes: walked, distances } = kernels.walkNeighbours(seeds, radius, perSeed, s);
    const { genomes, valid } = kernels.canonicalize(walked);
    assert.ok(valid.every((v) => v === 1));
    assert.deepEqual(genomes, walked);
    for (let i = 0; i < 8; i++) {
      const origin = seeds.subarray(i * LENGTH, (i + 1) * LENGTH);
      const ends = walked.subarray(i * perSeed * LENGTH, (i + 1) * perSeed * LENGTH);
      kernels.distancesFrom(origin, ends).forEach((d, j) => {
        assert.ok(d <= radius, `distance ${d} > radius ${radius}`);
        // The distance the walk reports (of its end as reached) is that of the canonical end.
        assert.equal(distances[i * perSeed + j], d);
      });
    }
    const set = new GenomeSet(kernels.core, 256);
    const isNew = set.add(kernels.keys(walked));
    const distinct = new Set(split(walked).map((g) => g.join(",")));
    assert.equal(isNew.reduce((sum, x) => sum + x, 0), distinct.size);
  }), { numRuns: 25 });
});

test("moves equal the reference's, and every cell of the exact ball lies within its depth", () => {
  fc.assert(fc.property(seed, (s) => {
    const origin = kernels.sample(1, s);
    const ball = kernels.ball(origin, 1, 64);
    assert.ok(ball);
    const expected = new Set([origin.join(",")]);
    for (let k = 0; k < reference.moveCount; k++) {
      const moved = reference.applyMove(origin, k);
      if (moved !== null) expected.add(moved.join(","));
    }
    assert.deepEqual(new Set(split(ball.genomes).map((g) => g.join(","))), expected);
    const wide = kernels.ball(origin, 2, 4096);
    assert.ok(wide);
    const canonical = kernels.canonicalize(wide.genomes);
    assert.ok(canonical.valid.every((v) => v === 1));
    const distances = kernels.distancesFrom(origin, canonical.genomes);
    distances.forEach((d, i) => assert.ok(d <= wide.depth[i]));
  }), { numRuns: 30 });
});
