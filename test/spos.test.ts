import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SHUFFLENET_V2_1X_BACKBONE, SPOS_BACKBONE, shuffleNetCost } from "../src/spaces/spos/cost.js";

const spos = getSpace("spos");
// The architecture released with SPOS (ShuffleNet-Series/OneShot/network.py, block search + channel search).
const RELEASED = [0, 0, 3, 1, 1, 1, 0, 0, 2, 0, 2, 1, 1, 0, 2, 0, 2, 1, 3, 2];
const RELEASED_TEXT = "[0, 0, 3, 1, 1, 1, 0, 0, 2, 0, 2, 1, 1, 0, 2, 0, 2, 1, 3, 2]";

test("the SPOS aliases name the spos space on WASM id 6", () => {
  for (const alias of ["spos", "single-path-one-shot", "ShuffleNetV2-OneShot"]) assert.equal(getSpace(alias), spos);
  assert.equal(spos.wasmId, 6);
});

test("the choice list as the SPOS code prints it parses and formats back identically", () => {
  const genome = spos.parse(RELEASED_TEXT);
  assert.deepEqual(Array.from(genome), RELEASED);
  assert.equal(spos.format(genome), RELEASED_TEXT);
});

test("a compact digit string, an unspaced list and a JSON array decode to the same genome", () => {
  const genome = spos.parse(RELEASED_TEXT);
  assert.deepEqual(spos.parse(RELEASED.join("")), genome);
  assert.deepEqual(spos.parse(`[${RELEASED.join(",")}]`), genome);
  assert.deepEqual(spos.parse(RELEASED), genome);
});

test("SPOS has exactly 4^20 = 1,099,511,627,776 architectures, all distinct", () => {
  assert.equal(spos.size(), 1_099_511_627_776n);
  assert.equal(spos.uniqueSize(), 4n ** 20n);
});

test("an unknown choice is named with its block and the four expected choices", () => {
  const text = RELEASED_TEXT.replace("[0, 0, 3", "[0, 0, 7");
  assert.throws(() => spos.parse(text, { file: "archs.jsonl", line: 3 }),
    /^LissnasError: archs\.jsonl:3: field "arch": block 2 has choice "7"; expected one of 0 \(ShuffleNet 3x3\), 1 \(ShuffleNet 5x5\), 2 \(ShuffleNet 7x7\), 3 \(Shuffle-Xception\)$/);
});

test("a non-integer token is named with its block", () => {
  assert.throws(() => spos.parse(RELEASED_TEXT.replace("3, 2]", "3, x]")), /block 19 has choice "x"; expected one of 0 \(ShuffleNet 3x3\)/);
  assert.throws(() => spos.parse([...RELEASED.slice(0, 19), 1.5]), /block 19 has choice "1\.5"/);
});

test("a list of the wrong length says how many blocks were expected and found", () => {
  assert.throws(() => spos.parse(`[${RELEASED.slice(1).join(", ")}]`), /expected 20 block choices; found 19 in "\[0, 3, 1/);
  assert.throws(() => spos.parse(RELEASED.join("") + "0"), /expected 20 block choices; found 21/);
  assert.throws(() => spos.parse("[]"), /expected 20 block choices; found 0/);
});

test("text that is neither a list nor digits, and values of other types, are rejected with an example", () => {
  assert.throws(() => spos.parse("0, 0, 3, 1"), /expected a SPOS choice list like "\[0, 1, 2, 3, 0, .*\]" or 20 digits; found "0, 0, 3, 1"/);
  assert.throws(() => spos.parse(42), /expected a SPOS choice list like "\[0, 1, …\]" \(20 block choices in 0\.\.3\) or 20 digits; found number 42/);
});

// Published figures, FLOPs counted as multiply-adds:
// - SPOS released model (block + channel search): 328M FLOPs, 3.4M params (ShuffleNet-Series/OneShot/README.md).
// - ShuffleNetV2 1.0x, i.e. every block ShuffleNet 3x3 on the 1.0x backbone: 146M FLOPs, 2.3M params
//   (ShuffleNet-Series/ShuffleNetV2/README.md).
test("the layer formulas reproduce the released SPOS model: 328M FLOPs and 3.4M params within 0.5% and 2%", () => {
  const scaleList = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6];
  const scaleIds = [6, 5, 3, 5, 2, 6, 3, 4, 2, 5, 7, 5, 4, 6, 7, 4, 4, 5, 4, 3];
  const { flops, params } = shuffleNetCost(RELEASED, SPOS_BACKBONE, scaleIds.map((i) => scaleList[i]));
  assert.ok(Math.abs(flops / 328e6 - 1) < 0.005, `${flops / 1e6}M FLOPs`);
  assert.ok(Math.abs(params / 3.4e6 - 1) < 0.02, `${params / 1e6}M params`);
});

test("the same formulas on the 1.0x backbone reproduce ShuffleNetV2 1.0x: 146M FLOPs and 2.3M params within 0.5% and 2%", () => {
  const { flops, params } = shuffleNetCost(new Array(16).fill(0), SHUFFLENET_V2_1X_BACKBONE);
  assert.ok(Math.abs(flops / 146e6 - 1) < 0.005, `${flops / 1e6}M FLOPs`);
  assert.ok(Math.abs(params / 2.3e6 - 1) < 0.02, `${params / 1e6}M params`);
});

test("cost() of the released choices at full channel width is 318.7M FLOPs, and larger kernels cost more", () => {
  // At channel scale 1.0 (the block search space); computed by the same formulas the two published
  // figures above check, pinned here so that a change to the space's backbone shows.
  const cost = spos.cost!(spos.parse(RELEASED_TEXT));
  assert.ok(Math.abs(cost.flops - 318.73) < 0.01, `${cost.flops}`);
  assert.ok(Math.abs(cost.params - 3.345) < 0.001, `${cost.params}`);
  const all = (choice: number) => spos.cost!(new Uint8Array(20).fill(choice));
  assert.ok(all(0).flops < all(1).flops && all(1).flops < all(2).flops && all(2).flops < all(3).flops);
  assert.ok(all(0).params < all(1).params && all(1).params < all(2).params && all(2).params < all(3).params);
  assert.deepEqual(spos.costUnits, { flops: "MFLOPs (multiply-adds, ImageNet 224x224)", params: "M parameters" });
});
