// TransNAS-Bench-101 micro: codec against the benchmark's rows (edge order = op_indices), size,
// errors, and the kernels against the reference.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { LissnasError } from "../src/errors.js";
import { ReferenceRng, streamState, SAMPLE_STREAM_TAG } from "../src/wasm/reference.js";
import { needsShared, sharedLines } from "./helpers/shared.js";

const space = getSpace("tnb101-micro");
const kernels = new SpaceKernels(space);
const ROWS = sharedLines("data/samples/tnb101_micro.sample.jsonl")
  .map((line) => JSON.parse(line) as { arch: string; op_indices: number[] });
const at = (batch: Uint8Array, i: number) => batch.slice(i * 6, (i + 1) * 6);
const genomeArbitrary = fc.uint8Array({ minLength: 6, maxLength: 6, min: 0, max: 3 });

test("the TransNAS micro aliases name the tnb101-micro space with WASM id 4", () => {
  for (const alias of ["tnb101-micro", "transnas-micro", "TNB101micro"]) assert.equal(getSpace(alias), space);
  assert.equal(space.wasmId, 4);
});

test("every sample row parses to its op_indices (edges 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2) and formats back", needsShared("data/samples/tnb101_micro.sample.jsonl"), () => {
  assert.equal(ROWS.length, 40);
  for (const row of ROWS) {
    const genome = space.parse(row.arch);
    assert.deepEqual(Array.from(genome), row.op_indices);
    assert.equal(space.format(genome), row.arch);
  }
});

test("the space holds 4^6 = 4,096 cells, every one its own network, and enumerate lists each once", () => {
  assert.equal(space.size(), 4096n);
  assert.equal(space.uniqueSize(), 4096n);
  const all = [...space.enumerate!(kernels.core)][0];
  const texts = new Set(Array.from({ length: all.length / 6 }, (_, i) => space.format(at(all, i))));
  assert.equal(texts.size, 4096);
  assert.equal(new Set(Array.from(kernels.keys(all))).size, 4096);
});

test("sampling draws exactly what the reference draws and covers the ops uniformly (chi-square, 24,000 draws)", () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 32 }), (seed, count) => {
    const batch = kernels.sample(count, seed);
    for (let i = 0; i < count; i++) {
      assert.deepEqual(at(batch, i), space.reference.sample(new ReferenceRng(streamState(seed, BigInt(i), SAMPLE_STREAM_TAG))));
    }
  }), { numRuns: 30 });
  const draws = 24_000;
  const batch = kernels.sample(draws, 8n);
  for (let edge = 0; edge < 6; edge++) {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < draws; i++) counts[batch[i * 6 + edge]]++;
    const chi = counts.reduce((s, c) => s + (c - draws / 4) ** 2 / (draws / 4), 0);
    assert.ok(chi < 16.3, `edge ${edge}: chi-square ${chi.toFixed(1)} (3 dof, 0.999 quantile 16.3)`);
  }
});

test("edit distance is the number of differing edges, as the kernel computes it in batches; the largest is 6", () => {
  fc.assert(fc.property(fc.array(fc.tuple(genomeArbitrary, genomeArbitrary), { minLength: 1, maxLength: 40 }), (pairs) => {
    const a = new Uint8Array(pairs.flatMap(([x]) => [...x]));
    const b = new Uint8Array(pairs.flatMap(([, y]) => [...y]));
    const got = kernels.editDistances(a, b);
    pairs.forEach(([x, y], i) => {
      assert.equal(got[i], space.reference.editDistance(x, y));
      assert.equal(got[i], x.filter((v, j) => v !== y[j]).length);
    });
  }), { numRuns: 60 });
  assert.equal(kernels.editDistances(space.parse("64-41414-0_00_000"), space.parse("64-41414-1_23_123"))[0], 6);
  assert.equal(space.maxEditDistance, 6);
});

test("moves change exactly one edge to each other op: 18 distinct neighbours, as the kernel's ball has them", () => {
  fc.assert(fc.property(genomeArbitrary, (origin) => {
    const moved = Array.from({ length: 18 }, (_, k) => space.reference.applyMove(origin, k)!);
    assert.equal(new Set(moved.map((g) => g.join(","))).size, 18);
    for (const g of moved) assert.equal(space.reference.editDistance(origin, g), 1);
    const ball = kernels.ball(origin, 1, 100)!;
    assert.equal(ball.depth.length, 19);
  }), { numRuns: 40 });
});

function rejects(value: unknown, message: RegExp) {
  assert.throws(() => space.parse(value, { file: "micro.jsonl", line: 2 }), (error) => {
    assert.ok(error instanceof LissnasError);
    assert.equal(error.code, "E_PARSE");
    assert.deepEqual(error.location, { field: "arch", file: "micro.jsonl", line: 2 });
    assert.match(error.message, message);
    return true;
  });
}

test("a value that is not a string is rejected with what was found", () => {
  rejects(["1", "02"], /expected a TransNAS-Bench-101 micro string like "64-41414-1_02_333"; found an array$/);
});

test("a wrong width or skeleton prefix names what was found", () => {
  rejects("64-1234-basic", /"64-1234-basic" must start with "64-41414-" \(stem width 64, micro skeleton 41414\); found "64-1234"$/);
  rejects("32-41414-1_02_333", /found "32-41414"$/);
});

test("a cell without three groups names the count found", () => {
  rejects("64-41414-1_02333", /cell "1_02333" must have 3 groups separated by "_" \(nodes 1, 2, 3, like "1_02_333"\); found 2$/);
});

test("a group of the wrong length names the node, the group and the count expected", () => {
  rejects("64-41414-1_0_333", /node 2 group "0" must have 2 op code\(s\), one per input node 0\.\.1; found 1$/);
  rejects("64-41414-1_02_3333", /node 3 group "3333" must have 3 op code\(s\)/);
});

test("an unknown op code names the code, the edge and the codes expected", () => {
  rejects("64-41414-1_04_333", /unknown op code "4" on edge 1->2 in "64-41414-1_04_333"; expected one of 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3$/);
});
