import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getSpace } from "../src/spaces/registry.js";
import { needsShared, sharedLines } from "./helpers/shared.js";

const mnas = getSpace("mnas");
interface Row { arch: string; config: Record<string, number | boolean>; flops: number; params: number }
const ROWS = sharedLines("data/samples/accel_mnas.sample.jsonl").map((line) => JSON.parse(line) as Row);
const EXAMPLE = ROWS[0]?.arch ?? "";

test("the Accel-NASBench aliases name the mnas space on WASM id 8", () => {
  for (const alias of ["mnas", "accel-nasbench", "ANB"]) assert.equal(getSpace(alias), mnas);
  assert.equal(mnas.wasmId, 8);
});

test("every sample row's arch parses and formats back identically", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  assert.equal(ROWS.length, 40);
  for (const row of ROWS) assert.equal(mnas.format(mnas.parse(row.arch)), row.arch);
});

test("every sample row's config object decodes to the genome of its arch string", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  for (const row of ROWS) assert.deepEqual(mnas.parse(row.config), mnas.parse(row.arch));
});

test("the space holds exactly 36^6 * 48 = 104,485,552,128 architectures, all distinct", () => {
  // Per block 3 expansions x 2 kernels x 3 layer counts x SE on/off = 36; block 5 allows 4 layers: 48.
  assert.equal(mnas.size(), 104_485_552_128n);
  assert.equal(mnas.uniqueSize(), mnas.size());
});

test("only block 5 accepts four layers", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  const blocks = EXAMPLE.split("-");
  blocks[5] = "e4k5l4s1";
  assert.equal(mnas.format(mnas.parse(blocks.join("-"))), blocks.join("-"));
  blocks[2] = "e4k3l4s0";
  assert.throws(() => mnas.parse(blocks.join("-")), /block 2 "e4k3l4s0": layers 4 not allowed; expected one of 1, 2, 3$/);
});

test("a value outside its set is named with its block and the allowed values", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  const bad = (index: number, token: string) => EXAMPLE.split("-").map((t, i) => (i === index ? token : t)).join("-");
  assert.throws(() => mnas.parse(bad(1, "e5k3l2s0"), { file: "anb.jsonl", line: 7 }),
    /^LissnasError: anb\.jsonl:7: field "arch": block 1 "e5k3l2s0": expansion 5 not allowed; expected one of 1, 4, 6$/);
  assert.throws(() => mnas.parse(bad(3, "e6k7l3s1")), /block 3 "e6k7l3s1": kernel 7 not allowed; expected one of 3, 5$/);
  assert.throws(() => mnas.parse(bad(0, "e6k3l0s1")), /block 0 "e6k3l0s1": layers 0 not allowed; expected one of 1, 2, 3$/);
  assert.throws(() => mnas.parse(bad(6, "e1k3l3s2")), /block 6 "e1k3l3s2": squeeze-excite 2 not allowed; expected one of 0, 1$/);
});

test("a malformed block token is named with the expected pattern", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  assert.throws(() => mnas.parse(EXAMPLE.replace(/^e6k3l1s1/, "e6k3l1")), /block 0 "e6k3l1" must read e<expansion>k<kernel>l<layers>s<0\|1>, e\.g\. "e6k3l1s0"/);
});

test("the wrong number of blocks says how many were expected and found", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  assert.throws(() => mnas.parse(EXAMPLE.split("-").slice(0, 6).join("-")), /expected 7 blocks separated by "-" like "e6k3l1s0-.*"; found 6 in "e6k3l1s1-/);
});

test("a config object with a missing or mistyped key names the key", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  const { block4_se: _dropped, ...missing } = ROWS[0].config;
  assert.throws(() => mnas.parse(missing), /field "config": config key "block4_se" must be a boolean; found nothing/);
  assert.throws(() => mnas.parse({ ...ROWS[0].config, block2_k: "5" }), /config key "block2_k" must be a number; found "5"/);
  assert.throws(() => mnas.parse({ ...ROWS[0].config, block2_k: 7 }), /block 2 \(config\): kernel 7 not allowed; expected one of 3, 5/);
});

test("values of other types are rejected with an example", () => {
  assert.throws(() => mnas.parse(42), /expected an Accel-NASBench string like "e6k3l1s0-e4k5l2s0-.*" or its config object; found number 42/);
  assert.throws(() => mnas.parse([1, 2]), /found an array/);
});

// Params follow from the layer definitions alone; the FLOPs' element-wise terms (src/spaces/mnas/cost.ts)
// were read off these same rows, so this pins that one integer convention explains all 40 of them.
test("cost() equals every sample row's params exactly and its FLOPs to the row's last digit", needsShared("data/samples/accel_mnas.sample.jsonl"), () => {
  for (const row of ROWS) {
    const cost = mnas.cost!(mnas.parse(row.arch));
    assert.ok(Math.abs(cost.params - row.params) < 5e-7, `${row.arch}: ${cost.params} vs ${row.params}`);
    assert.ok(Math.abs(cost.flops - row.flops) < 5e-7, `${row.arch}: ${cost.flops} vs ${row.flops}`);
  }
});
