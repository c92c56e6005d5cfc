import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace, listSpaces } from "../src/spaces/registry.js";
import { encodingsFor, encodeFeatures, encodeFeaturesReference, getEncoding } from "../src/predict/features.js";

const nb201 = getSpace("nb201");

function genomeArbitrary(cardinalities: readonly number[]) {
  return fc.tuple(...cardinalities.map((card) => fc.integer({ min: 0, max: card - 1 }))).map((genes) => Uint8Array.from(genes));
}

test("nb201/onehot@1 puts op k of edge e in column e*5 + k (the layout of the golden XGBoost model)", () => {
  const encoding = getEncoding("nb201/onehot@1", nb201);
  assert.equal(encoding.width, 30);
  const genome = nb201.parse("|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
  const row = encodeFeatures(encoding, genome);
  const hot = [...row.keys()].filter((column) => row[column] === 1);
  assert.deepEqual(hot, [0 * 5 + 3, 1 * 5 + 0, 2 * 5 + 4, 3 * 5 + 1, 4 * 5 + 2, 5 * 5 + 0]);
  assert.equal(row.reduce((a, b) => a + b, 0), 6);
});

test("every encoding of every space, run as a WASM batch, equals the TypeScript reference genome by genome", () => {
  for (const space of listSpaces()) {
    for (const encoding of encodingsFor(space)) {
      fc.assert(fc.property(fc.array(genomeArbitrary(space.cardinalities), { minLength: 1, maxLength: 20 }), (genomes) => {
        const batch = new Uint8Array(genomes.length * space.genomeLength);
        genomes.forEach((genome, i) => batch.set(genome, i * space.genomeLength));
        const rows = encodeFeatures(encoding, batch);
        assert.equal(rows.length, genomes.length * encoding.width);
        genomes.forEach((genome, i) => {
          assert.deepEqual(rows.subarray(i * encoding.width, (i + 1) * encoding.width), encodeFeaturesReference(encoding, genome), encoding.name);
        });
      }), { numRuns: 30 });
    }
  }
});

test("one batch of N genomes encodes like N batches of one", () => {
  const encoding = getEncoding("nb201/genome-onehot@1");
  const genomes = Uint8Array.from({ length: 6 * 50 }, (_, i) => (i * 7 + (i >> 3)) % 5);
  const whole = encodeFeatures(encoding, genomes);
  for (let i = 0; i < 50; i++) {
    assert.deepEqual(encodeFeatures(encoding, genomes.subarray(i * 6, i * 6 + 6)), whole.subarray(i * 30, i * 30 + 30));
  }
  assert.equal(encodeFeatures(encoding, new Uint8Array(0)).length, 0);
});

test("every registered space has a generic genome one-hot whose width is the sum of its cardinalities", () => {
  for (const space of listSpaces()) {
    const encoding = getEncoding(`${space.id}/genome-onehot@1`, space);
    assert.equal(encoding.width, space.cardinalities.reduce((a, b) => a + b, 0));
  }
});

test("nb101/adjacency@1 is 21 edge bits then a one-hot op of each of the 5 inner vertices", () => {
  const nb101 = getSpace("nb101");
  const encoding = getEncoding("nb101/adjacency@1", nb101);
  assert.equal(encoding.width, 36);
  const genome = new Uint8Array(26);
  genome[0] = 1; // edge 0->1
  genome[20] = 1; // edge 5->6
  genome[21] = 2; // vertex 1: maxpool3x3
  genome[25] = 1; // vertex 5: conv1x1
  const row = encodeFeatures(encoding, genome);
  const hot = [...row.keys()].filter((column) => row[column] === 1);
  assert.deepEqual(hot, [0, 20, 21 + 2, 24, 27, 30, 33 + 1]);
});

test("nb301/onehot@1 marks the op on each (node, input) edge and ignores the order of a node's two edges", () => {
  const nb301 = getSpace("nb301");
  const encoding = getEncoding("nb301/onehot@1", nb301);
  assert.equal(encoding.width, 196);
  // Every node reads inputs 0 and 1 with op 0 ...
  const genome = Uint8Array.from({ length: 32 }, (_, gene) => (gene % 4 === 2 ? 1 : 0));
  // ... except normal cell node 3 (genes 12..15): inputs 4 and 2 with ops 6 and 3.
  genome.set([4, 6, 2, 3], 12);
  const swapped = genome.slice();
  swapped.set([2, 3, 4, 6], 12);
  const [a, b] = [encodeFeatures(encoding, genome), encodeFeatures(encoding, swapped)];
  assert.deepEqual(a, b);
  // Node 3's edges start at edge 9 of the cell: input 4 -> edge 13, input 2 -> edge 11.
  assert.equal(a[13 * 7 + 6], 1);
  assert.equal(a[11 * 7 + 3], 1);
  assert.equal(a.reduce((s, v) => s + v, 0), 16);
});

test("unknown or foreign encodings and out-of-range genes are rejected with the expected values", () => {
  assert.throws(() => getEncoding("nb201/onehot@9", nb201), /unknown feature encoding "nb201\/onehot@9"; expected one of nb201\/onehot@1, nb201\/genome-onehot@1/);
  assert.throws(() => getEncoding("nb101/adjacency@1", nb201), /belongs to space nb101, not nb201/);
  assert.throws(() => getEncoding("onehot"), /unknown feature encoding "onehot"/);
  assert.throws(() => encodeFeatures(getEncoding("nb201/onehot@1"), Uint8Array.of(0, 0, 0, 5, 0, 0)), /genome 0: gene 3 is 5; expected 0\.\.4/);
  assert.throws(() => encodeFeatures(getEncoding("nb201/onehot@1"), new Uint8Array(7)), /multiple of 6 bytes; found 7/);
});
