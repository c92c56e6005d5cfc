// TransNAS-Bench-101 macro: codec against the benchmark's rows, the membership rule (3,256), errors,
// and the edit distance against breadth-first search over every member.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { LissnasError } from "../src/errors.js";
import { levenshtein } from "../src/spaces/tnb101-macro/genome.js";
import { needsShared, sharedLines } from "./helpers/shared.js";

const space = getSpace("tnb101-macro");
const kernels = new SpaceKernels(space);
const ROWS = sharedLines("data/samples/tnb101_macro.sample.jsonl")
  .map((line) => JSON.parse(line) as { arch: string; op_indices: number[] });

function allMembers(): Uint8Array {
  return [...space.enumerate!(kernels.core)][0];
}

function at(batch: Uint8Array, i: number): Uint8Array {
  return batch.slice(i * 6, (i + 1) * 6);
}

test("the TransNAS macro aliases name the tnb101-macro space with WASM id 3", () => {
  for (const alias of ["tnb101-macro", "transnas-macro", "TransNAS-Bench-101-macro"]) assert.equal(getSpace(alias), space);
  assert.equal(space.wasmId, 3);
});

test("every sample row parses to its op_indices and formats back to its arch string", needsShared("data/samples/tnb101_macro.sample.jsonl"), () => {
  assert.equal(ROWS.length, 40);
  for (const row of ROWS) {
    const genome = space.parse(row.arch);
    assert.deepEqual(Array.from(genome).filter((code) => code !== 0), row.op_indices);
    assert.equal(space.format(genome), row.arch);
    assert.ok(space.reference.canonicalize(genome.slice()), `${row.arch} is a member`);
  }
});

test("the rule 4-6 modules, 1-4 downsampling, 1-3 channel-doubling gives exactly 3,256 networks", needsShared("data/samples/tnb101_macro.sample.jsonl"), () => {
  assert.equal(space.size(), 3256n);
  assert.equal(space.uniqueSize(), 3256n);
  const members = allMembers();
  assert.equal(members.length / 6, 3256);
  const { genomes, valid } = kernels.canonicalize(members);
  assert.ok(valid.every((v) => v === 1));
  assert.deepEqual(genomes, members);
  // Brute force over every 6-byte genome: the kernel accepts exactly the members.
  const raw = new Uint8Array(5 ** 6 * 6);
  for (let index = 0; index < 5 ** 6; index++) {
    for (let gene = 5, x = index; gene >= 0; gene--, x = Math.floor(x / 5)) raw[index * 6 + gene] = x % 5;
  }
  assert.equal(kernels.canonicalize(raw).valid.reduce((s, v) => s + v, 0), 3256);
  // The benchmark row 64-34441 has 4 downsampling modules: the alternative rule "1-3 downsampling,
  // 1-4 doubling", which also counts 3,256, would reject it.
  assert.ok(ROWS.some((row) => row.arch === "64-34441-basic"));
});

test("sampling is uniform over module counts 4, 5, 6 in proportion to their members (chi-square, 30,000 draws)", () => {
  const members = allMembers();
  const expected = [0, 0, 0];
  for (let i = 0; i < members.length / 6; i++) expected[at(members, i).indexOf(0) === -1 ? 2 : at(members, i).indexOf(0) - 4]++;
  const draws = 30_000;
  const batch = kernels.sample(draws, 77n);
  const counts = [0, 0, 0];
  for (let i = 0; i < draws; i++) {
    const n = at(batch, i).indexOf(0);
    counts[n === -1 ? 2 : n - 4]++;
  }
  const chi = counts.reduce((s, c, i) => s + (c - (draws * expected[i]) / 3256) ** 2 / ((draws * expected[i]) / 3256), 0);
  assert.ok(chi < 13.8, `chi-square ${chi.toFixed(1)} (2 dof, 0.999 quantile 13.8); counts ${counts}`);
});

test("the edit distance is the shortest walk: it equals breadth-first search from sampled members, and the largest is 6", () => {
  const members = allMembers();
  const count = members.length / 6;
  const index = new Map<string, number>();
  for (let i = 0; i < count; i++) index.set(at(members, i).join(","), i);
  const adjacency: number[][] = [];
  for (let i = 0; i < count; i++) {
    const next = new Set<number>();
    for (let k = 0; k < space.reference.moveCount; k++) {
      const moved = space.reference.applyMove(at(members, i), k);
      if (moved !== null) next.add(index.get(moved.join(","))!);
    }
    adjacency.push([...next]);
  }
  let largest = 0;
  for (let source = 0; source < count; source++) {
    const distance = new Int8Array(count).fill(-1);
    distance[source] = 0;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      for (const v of adjacency[queue[head]]) {
        if (distance[v] < 0) {
          distance[v] = distance[queue[head]] + 1;
          queue.push(v);
        }
      }
    }
    assert.equal(queue.length, count, "every member reaches every other");
    largest = Math.max(largest, ...distance);
    if (source % 97 === 0) {
      const got = kernels.distancesFrom(at(members, source), members);
      assert.deepEqual(Array.from(got), Array.from(distance), `distances from ${space.format(at(members, source))}`);
    }
  }
  assert.equal(largest, 6);
  assert.equal(space.maxEditDistance, largest);
});

test("plain Levenshtein distance undercounts where the walk must leave the space; the edit distance does not", () => {
  const a = space.parse("64-1424-basic");
  const b = space.parse("64-1242-basic");
  assert.equal(levenshtein(a, b), 2);
  assert.equal(space.reference.editDistance(a, b), 3);
  assert.equal(kernels.editDistances(a, b)[0], 3);
});

function rejects(value: unknown, message: RegExp) {
  assert.throws(() => space.parse(value, { file: "rows.jsonl", line: 7 }), (error) => {
    assert.ok(error instanceof LissnasError);
    assert.equal(error.code, "E_PARSE");
    assert.deepEqual(error.location, { field: "arch", file: "rows.jsonl", line: 7 });
    assert.match(error.message, /^rows\.jsonl:7: field "arch": /);
    assert.match(error.message, message);
    return true;
  });
}

test("a value that is not a string is rejected with what was found and an example", () => {
  rejects(1234, /expected a TransNAS-Bench-101 macro string like "64-1234-basic"; found number 1234$/);
});

test("a string without three dash-separated parts names the count found", () => {
  rejects("64-1234", /"64-1234" must have 3 parts separated by "-" \(width-modules-block, like "64-1234-basic"\); found 2$/);
});

test("a stem width other than 64 names the token and 64", () => {
  rejects("32-1234-basic", /stem width "32" in "32-1234-basic" is not in the benchmark; expected "64"$/);
});

test("a block other than basic names the token and basic", () => {
  rejects("64-1234-bottleneck", /block "bottleneck" in "64-1234-bottleneck" is not in the benchmark; expected "basic"$/);
});

test("too few or too many modules name the count and the range 4 to 6", () => {
  rejects("64-234-basic", /"234" in "64-234-basic" has 3 module\(s\); expected 4 to 6$/);
  rejects("64-1234123-basic", /has 7 module\(s\); expected 4 to 6$/);
});

test("an unknown module code names the character, its position and the codes", () => {
  rejects("64-1254-basic", /unknown module code "5" at module 3 of "64-1254-basic"; expected one of 1 normal, 2 channels x2, 3 resolution \/2, 4 channels x2 and resolution \/2$/);
  rejects("64-1204-basic", /unknown module code "0" at module 3/);
});

test("a downsampling count outside 1 to 4 names the count found", () => {
  rejects("64-1122-basic", /"1122" in "64-1122-basic" has 0 downsampling module\(s\) \(codes 3, 4\); expected 1 to 4$/);
  rejects("64-343432-basic", /has 5 downsampling module\(s\)/);
});

test("a channel-doubling count outside 1 to 3 names the count found", () => {
  rejects("64-1313-basic", /"1313" in "64-1313-basic" has 0 channel-doubling module\(s\) \(codes 2, 4\); expected 1 to 3$/);
  rejects("64-22224-basic", /has 5 channel-doubling module\(s\)/);
});
