import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { needsShared, sharedPath } from "./helpers/shared.js";

const nb201 = getSpace("nb201");

test("every arch string of the NB201 table parses and formats back identically", needsShared("data/nb201/nb201.jsonl"), () => {
  const lines = readFileSync(sharedPath("data/nb201/nb201.jsonl"), "utf8").trim().split("\n");
  assert.equal(lines.length, 15625);
  for (const line of lines) {
    const arch = JSON.parse(line).arch as string;
    assert.equal(nb201.format(nb201.parse(arch)), arch);
  }
});

test("NB201 has 15,625 cells and 6,466 isomorphism classes", () => {
  assert.equal(nb201.size(), 15625n);
  assert.equal(nb201.uniqueSize(), 6466n);
});

test("the exact NB201 ball holds 24 cells at distance 1 and 240 at distance 2", () => {
  const kernels = new SpaceKernels(nb201);
  const origin = nb201.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
  const ball = kernels.ball(origin, 2, 1000);
  assert.ok(ball);
  const atDepth = (d: number) => ball.depth.filter((x) => x === d).length;
  assert.deepEqual([atDepth(0), atDepth(1), atDepth(2)], [1, 24, 240]);
  const distances = kernels.distancesFrom(origin, ball.genomes);
  assert.deepEqual(Array.from(distances), Array.from(ball.depth));
});

test("NB201 parse errors name the offending token and the expected ops", () => {
  assert.throws(() => nb201.parse("|conv5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|", { file: "runs.jsonl", line: 14 }),
    /^LissnasError: runs\.jsonl:14: field "arch": unknown op "conv5x5" in "conv5x5~0"; expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3$/);
  assert.throws(() => nb201.parse("|none~0|+|none~0|none~1|"), /expected 3 nodes separated by "\+"/);
  assert.throws(() => nb201.parse("|none~0|+|none~0|+|none~0|none~1|none~2|"), /node 2 "\|none~0\|" must have 2 edge\(s\); found 1/);
  assert.throws(() => nb201.parse("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|"), /must read from node 0/);
  assert.throws(() => nb201.parse(42), /expected an NB201 string .* found number 42/);
});
