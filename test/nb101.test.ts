import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels, defaultCore } from "../src/spaces/kernels.js";
import { readSpec, pruneSpec } from "../src/spaces/nb101/spec.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

const nb101 = getSpace("nb101");
const LENGTH = 26;

interface GoldenRow {
  matrix: number[][];
  ops: string[];
  valid_spec: boolean;
  pruned_matrix?: number[][];
  pruned_ops?: string[];
  in_space?: boolean;
  hash?: string;
}

function concat(genomes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(genomes.length * LENGTH);
  genomes.forEach((g, i) => out.set(g, i * LENGTH));
  return out;
}

function liveVertexCount(genome: Uint8Array): number {
  const touched = new Set([0, 6]);
  let gene = 0;
  for (let i = 0; i < 7; i++) {
    for (let j = i + 1; j < 7; j++) {
      if (genome[gene++]) { touched.add(i); touched.add(j); }
    }
  }
  return touched.size;
}

test("all 3,000 golden NB101 vectors agree on validity, pruned spec, in-space verdict and md5 hash", needsShared("golden/nb101_hash_vectors.jsonl"), () => {
  const rows = readFileSync(sharedPath("golden/nb101_hash_vectors.jsonl"), "utf8").trim().split("\n")
    .map((line) => JSON.parse(line) as GoldenRow);
  assert.equal(rows.length, 3000);
  const kernels = new SpaceKernels(nb101);
  const { genomes, valid } = kernels.canonicalize(concat(rows.map((row) => nb101.parse(row))));
  const keys = kernels.keyTexts(genomes);
  let checkedHashes = 0;
  rows.forEach((row, i) => {
    const pruned = pruneSpec(readSpec(row));
    assert.equal(pruned !== null, row.valid_spec, `row ${i}: valid_spec`);
    if (!row.valid_spec) {
      assert.equal(valid[i], 0, `row ${i}: an invalid spec is not a member`);
      return;
    }
    assert.deepEqual(pruned, { matrix: row.pruned_matrix, ops: row.pruned_ops }, `row ${i}: pruned spec`);
    assert.equal(valid[i] === 1, row.in_space, `row ${i}: in_space`);
    assert.equal(keys[i], row.hash, `row ${i}: hash`);
    // The pruned spec is the same cell: same canonical form.
    const fromPruned = kernels.canonicalize(nb101.parse(pruned!)).genomes;
    assert.deepEqual(fromPruned, genomes.subarray(i * LENGTH, (i + 1) * LENGTH), `row ${i}: canonical form of the pruned spec`);
    checkedHashes++;
  });
  assert.equal(checkedHashes, 1745);
});

test("every NB101 row of the 20k table parses and its canonical form carries the row's md5 hash", needsShared("data/nb101/nb101_vis20k.jsonl"), () => {
  const rows = readFileSync(sharedPath("data/nb101/nb101_vis20k.jsonl"), "utf8").trim().split("\n")
    .map((line) => JSON.parse(line) as { arch: unknown; hash: string });
  assert.equal(rows.length, 20001);
  const kernels = new SpaceKernels(nb101);
  const { genomes, valid } = kernels.canonicalize(concat(rows.map((row, i) => nb101.parse(row.arch, { line: i + 1 }))));
  assert.ok(valid.every((v) => v === 1));
  const keys = kernels.keyTexts(genomes);
  rows.forEach((row, i) => assert.equal(keys[i], row.hash, `line ${i + 1}`));
  // JSON text parses to the same genome as the object.
  assert.deepEqual(nb101.parse(JSON.stringify(rows[0].arch)), nb101.parse(rows[0].arch));
});

test("format is the inverse of parse, and a canonical genome formats as its pruned cell", () => {
  const spec = { matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]], ops: ["input", "maxpool3x3", "conv1x1-bn-relu", "output"] };
  const genome = nb101.parse(spec);
  assert.deepEqual(nb101.format(genome), spec);
  assert.deepEqual(nb101.parse(nb101.format(genome)), genome);
  const kernels = new SpaceKernels(nb101);
  const canonical = kernels.canonicalize(genome).genomes;
  const formatted = nb101.format(canonical) as { matrix: number[][]; ops: string[] };
  assert.equal(formatted.ops.length, 4);
  assert.deepEqual([...formatted.ops].sort(), [...spec.ops].sort());
  // A 7-vertex spec with a trailing isolated conv3x3 vertex is the same genome as its 6-vertex spec.
  const sixSpec = { matrix: [[0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0]], ops: ["input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "conv3x3-bn-relu", "output"] };
  assert.deepEqual(nb101.format(nb101.parse(sixSpec)), sixSpec);
});

test("NB101 parse errors name the location, what was expected and what was found", () => {
  const at = { file: "cells.jsonl", line: 3 };
  const ok = { matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ["input", "conv3x3-bn-relu", "output"] };
  assert.throws(() => nb101.parse({ ...ok, matrix: [[0, 1, 1], [1, 0, 1], [0, 0, 0]] }, at),
    /^LissnasError: cells\.jsonl:3: field "arch": matrix must be upper-triangular .*found matrix\[1\]\[0\] = 1$/);
  assert.throws(() => nb101.parse({ ...ok, matrix: [[0, 1, 1], [0, 0], [0, 0, 0]] }), /matrix must be square: row 1 has 2 entries; expected 3/);
  assert.throws(() => nb101.parse({ ...ok, ops: ["input", "output"] }), /ops has 2 entries; expected 3 to match the 3x3 matrix/);
  assert.throws(() => nb101.parse({ ...ok, ops: ["conv3x3-bn-relu", "conv3x3-bn-relu", "output"] }), /ops\[0\] must be "input"; found "conv3x3-bn-relu"/);
  assert.throws(() => nb101.parse({ ...ok, ops: ["input", "conv3x3-bn-relu", "maxpool3x3"] }), /ops\[2\] \(the last\) must be "output"; found "maxpool3x3"/);
  assert.throws(() => nb101.parse({ ...ok, ops: ["input", "conv5x5", "output"] }),
    /unknown op "conv5x5" at ops\[1\]; expected one of conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3$/);
  const eight = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => Number(j === i + 1)));
  assert.throws(() => nb101.parse({ matrix: eight, ops: ["input", ...Array(6).fill("conv3x3-bn-relu"), "output"] }),
    /a cell has at most 7 vertices; found a 8x8 matrix/);
  assert.throws(() => nb101.parse({ matrix: [[0]], ops: ["input"] }), /at least 2 vertices/);
  assert.throws(() => nb101.parse({ ...ok, matrix: [[0, 2, 1], [0, 0, 1], [0, 0, 0]] }), /matrix\[0\]\[1\] must be 0 or 1; found number 2/);
  assert.throws(() => nb101.parse("{not json"), /found text that is not JSON/);
  assert.throws(() => nb101.parse(42), /expected an NB101 cell like .* found number 42/);
  assert.throws(() => nb101.parse({ ops: ok.ops }), /expected "matrix" to be an array of rows; found nothing/);
  assert.throws(() => nb101.parse({ matrix: ok.matrix }), /expected "ops" to be an array of op names; found nothing/);
});

test("NB101 has 423,624 isomorphism classes and counts its raw valid genomes exactly", () => {
  assert.equal(nb101.uniqueSize(), 423624n);
  // The kernel's validity verdict over all 2^21 matrices (ops never matter) must give the same count.
  const kernels = new SpaceKernels(nb101);
  const batch = 1 << 16;
  let validMatrices = 0;
  for (let first = 0; first < 1 << 21; first += batch) {
    const genomes = new Uint8Array(batch * LENGTH);
    for (let m = 0; m < batch; m++) {
      for (let gene = 0; gene < 21; gene++) genomes[m * LENGTH + gene] = ((first + m) >> gene) & 1;
    }
    validMatrices += kernels.canonicalize(genomes).valid.reduce((s, v) => s + v, 0);
  }
  assert.equal(nb101.size(), BigInt(validMatrices) * 243n);
});

test("the enumeration yields every class once: 423,624 canonical genomes with NB101's vertex and edge breakdown", needsShared("golden/nb101_all_hashes.jsonl.gz"), () => {
  const core = defaultCore();
  const kernels = new SpaceKernels(nb101, core);
  const byVertices = new Map<number, number>();
  const byEdges = new Map<number, number>();
  const seen = new Set<bigint>();
  let count = 0;
  let firstBatch: Uint8Array | undefined;
  for (const batch of nb101.enumerate!(core)) {
    firstBatch ??= batch;
    for (const key of kernels.keys(batch)) seen.add(key);
    for (let i = 0; i < batch.length; i += LENGTH) {
      const genome = batch.subarray(i, i + LENGTH);
      const vertices = liveVertexCount(genome);
      const edges = genome.subarray(0, 21).reduce((s, x) => s + x, 0);
      byVertices.set(vertices, (byVertices.get(vertices) ?? 0) + 1);
      byEdges.set(edges, (byEdges.get(edges) ?? 0) + 1);
      count++;
    }
  }
  assert.equal(count, 423624);
  assert.equal(seen.size, 423624, "distinct 64-bit canonical keys");
  assert.deepEqual(Object.fromEntries([...byVertices].sort((a, b) => a[0] - b[0])), { 2: 1, 3: 6, 4: 84, 5: 2441, 6: 62010, 7: 359082 });
  assert.deepEqual(Object.fromEntries([...byEdges].sort((a, b) => a[0] - b[0])),
    { 1: 1, 2: 3, 3: 12, 4: 60, 5: 339, 6: 2134, 7: 13984, 8: 78822, 9: 328269 });

  // A slice: canonical (canonicalize is the identity on it) and its md5 hashes are NB101's own.
  const slice = firstBatch!.subarray(0, 5000 * LENGTH);
  const again = kernels.canonicalize(slice);
  assert.deepEqual(again.genomes, slice);
  assert.ok(again.valid.every((v) => v === 1));
  const official = new Set(gunzipSync(readFileSync(sharedPath("golden/nb101_all_hashes.jsonl.gz"))).toString("utf8")
    .trim().split("\n").map((line) => (JSON.parse(line) as { hash: string }).hash));
  const keys = kernels.keyTexts(slice);
  assert.equal(new Set(keys).size, 5000);
  for (const key of keys) assert.ok(official.has(key), `hash ${key} of an enumerated cell is in NAS-Bench-101`);
});
