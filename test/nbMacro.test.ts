// NAS-Bench-Macro: codec and canonical form against the benchmark's rows, 3,969 networks by
// enumeration, analytic FLOPs/params equal to the rows, errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { LissnasError } from "../src/errors.js";
import { needsShared, sharedLines } from "./helpers/shared.js";

const space = getSpace("nb-macro");
const kernels = new SpaceKernels(space);
const ROWS = sharedLines("data/samples/nb_macro.sample.jsonl")
  .map((line) => JSON.parse(line) as { arch: string; canonical: string; flops: number; params: number });
const at = (batch: Uint8Array, i: number) => batch.slice(i * 8, (i + 1) * 8);

function allCodes(): Uint8Array {
  const out = new Uint8Array(3 ** 8 * 8);
  for (let index = 0; index < 3 ** 8; index++) {
    for (let layer = 7, x = index; layer >= 0; layer--, x = Math.floor(x / 3)) out[index * 8 + layer] = x % 3;
  }
  return out;
}

test("the NAS-Bench-Macro aliases name the nb-macro space with WASM id 5", () => {
  for (const alias of ["nb-macro", "NAS-Bench-Macro", "nasbench-macro"]) assert.equal(getSpace(alias), space);
  assert.equal(space.wasmId, 5);
});

test("every sample row parses and formats back, and its canonical form is the row's canonical field", needsShared("data/samples/nb_macro.sample.jsonl"), () => {
  assert.equal(ROWS.length, 40);
  const genomes = new Uint8Array(ROWS.flatMap((row) => [...space.parse(row.arch)]));
  ROWS.forEach((row, i) => assert.equal(space.format(at(genomes, i)), row.arch));
  const { genomes: canonical, valid } = kernels.canonicalize(genomes);
  assert.ok(valid.every((v) => v === 1));
  ROWS.forEach((row, i) => assert.equal(space.format(at(canonical, i)), row.canonical));
  // Some rows need the move: the check is not vacuous.
  assert.ok(ROWS.filter((row) => row.arch !== row.canonical).length >= 10);
});

test("the 6,561 codes fall into exactly 3,969 networks, which enumerate lists once each", () => {
  assert.equal(space.size(), 6561n);
  const { genomes: canonical } = kernels.canonicalize(allCodes());
  const classes = new Set(Array.from({ length: 6561 }, (_, i) => space.format(at(canonical, i))));
  assert.equal(classes.size, 3969);
  assert.equal(space.uniqueSize(), BigInt(classes.size));
  const listed = [...space.enumerate!(kernels.core)][0];
  const texts = Array.from({ length: listed.length / 8 }, (_, i) => space.format(at(listed, i)));
  assert.equal(texts.length, 3969);
  assert.deepEqual(new Set(texts), classes);
  // The first layer of a stage keeps its identity (it downsamples): 0xxxxxxx stays.
  assert.equal(space.format(at(kernels.canonicalize(space.parse("01010101")).genomes, 0)), "01010110");
});

test("the analytic FLOPs and parameters equal the benchmark's rows exactly, for the code and its canonical form", needsShared("data/samples/nb_macro.sample.jsonl"), () => {
  for (const row of ROWS) {
    assert.deepEqual(space.cost!(space.parse(row.arch)), { flops: row.flops, params: row.params }, row.arch);
    assert.deepEqual(space.cost!(space.parse(row.canonical)), { flops: row.flops, params: row.params }, row.canonical);
  }
  assert.ok(space.costUnits !== undefined);
});

test("sampling is uniform over the 3,969 networks (chi-square, 39,690 draws)", () => {
  const draws = 39_690;
  const batch = kernels.sample(draws, 31n);
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const text = String(space.format(at(batch, i)));
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  assert.equal(counts.size, 3969);
  let chi = 0;
  for (const c of counts.values()) chi += (c - 10) ** 2 / 10;
  // 3,968 dof: mean 3,968, sd 89; 4,300 is about 3.7 sd.
  assert.ok(chi < 4300, `chi-square ${chi.toFixed(0)}`);
});

function rejects(value: unknown, message: RegExp) {
  assert.throws(() => space.parse(value, { file: "macro.jsonl", line: 5 }), (error) => {
    assert.ok(error instanceof LissnasError);
    assert.equal(error.code, "E_PARSE");
    assert.deepEqual(error.location, { field: "arch", file: "macro.jsonl", line: 5 });
    assert.match(error.message, message);
    return true;
  });
}

test("a value that is not a string is rejected with what was found", () => {
  rejects(20012010, /expected a NAS-Bench-Macro code of 8 digits like "00020002"; found number 20012010$/);
});

test("a code of the wrong length names the count and 8", () => {
  rejects("0002000", /"0002000" has 7 layer choice\(s\); expected 8 digits, one per layer$/);
});

test("an unknown choice names the digit, the layer and the choices", () => {
  rejects("00030002", /unknown choice "3" for layer 3 in "00030002"; expected one of 0 identity, 1 mbv2_k3_e3, 2 mbv2_k5_e6$/);
});
