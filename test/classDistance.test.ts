// `lissnas distance` measures isomorphism classes, the quantity the neighbour walks and the exact ball
// report: for every registered space, isomorphic cells are at 0 and every neighbour reported at
// distance d is at most d away (walks: the distance between the members they started from and reached,
// an upper bound on the classes' distance; the ball: the number of moves).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { listSpaces, getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { runCli, jsonLines } from "./helpers/cli.js";

function at(batch: Uint8Array, i: number, length: number): Uint8Array {
  return batch.slice(i * length, (i + 1) * length);
}

function repeat(genome: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(genome.length * count);
  for (let i = 0; i < count; i++) out.set(genome, i * genome.length);
  return out;
}

for (const space of listSpaces()) {
  describe(`class distance on ${space.id}`, () => {
    const kernels = new SpaceKernels(space);
    const length = space.genomeLength;
    const radius = Math.max(1, Math.min(3, Math.round(space.maxEditDistance / 3)));

    test("every random-walk neighbour at reported distance d is at most d from its origin's class, and a different class is at least 1", () => {
      fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 62n) - 1n }), (seed) => {
        const origin = kernels.sample(1, seed);
        const { genomes, distances } = kernels.walkNeighbours(origin, radius, 8, seed ^ 0x55n);
        const got = kernels.classDistances(repeat(origin, distances.length), genomes);
        const originKey = kernels.keys(origin)[0];
        const keys = kernels.keys(genomes);
        for (let i = 0; i < distances.length; i++) {
          assert.ok(got[i] <= distances[i], `${space.id}: walk reported ${distances[i]}, distance says ${got[i]}`);
          assert.equal(got[i] === 0, keys[i] === originKey, `${space.id}: distance 0 exactly for the origin's class`);
        }
      }), { numRuns: 30 });
    });

    test("every member of the exact ball at depth d is at most d from the origin, and isomorphic cells are at 0", () => {
      const origin = kernels.sample(1, 5n);
      const ball = kernels.ball(origin, 1, 1_000_000);
      assert.ok(ball);
      const count = ball.depth.length;
      const canonical = kernels.canonicalize(ball.genomes).genomes;
      const toRaw = kernels.classDistances(repeat(origin, count), ball.genomes);
      const toCanonical = kernels.classDistances(repeat(origin, count), canonical);
      const selfCanonical = kernels.classDistances(ball.genomes, canonical);
      for (let i = 0; i < count; i++) {
        assert.ok(toRaw[i] <= ball.depth[i]);
        assert.equal(toRaw[i], toCanonical[i], "a cell and its canonical form are equally far");
        assert.equal(selfCanonical[i], 0, "a cell and its canonical form are at 0");
      }
    });

    test("the class distance is symmetric and equal on any members of the two classes", () => {
      const batch = kernels.sample(40, 77n);
      const a = batch.subarray(0, 20 * length);
      const b = batch.subarray(20 * length);
      const ab = kernels.classDistances(a, b);
      const ba = kernels.classDistances(b, a);
      assert.deepEqual(ab, ba);
      const isomorphs = space.isomorphs;
      if (isomorphs === undefined) {
        // Without isomorphs the space's own distance must already be class-invariant.
        const { genomes: ca } = kernels.canonicalize(a);
        assert.deepEqual(kernels.editDistances(ca, b), ab);
        return;
      }
      for (let i = 0; i < 20; i++) {
        const members = isomorphs.call(space, at(a, i, length));
        const last = at(members, members.length / length - 1, length);
        assert.equal(kernels.classDistances(last, at(b, i, length))[0], ab[i]);
      }
    });
  });
}

test("on nb201 every radius-1 neighbour of `neighbours --all` is at `distance` 1, and isomorphic cells are at 0", () => {
  const origin = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
  const listed = jsonLines(runCli(["neighbours", "nb201", origin, "--radius", "1", "--all"]).stdout);
  assert.ok(listed.length >= 20);
  const kernels = new SpaceKernels(getSpace("nb201"));
  const from = kernels.space.parse(origin);
  const others = listed.map((row) => kernels.space.parse(row.arch));
  const batch = new Uint8Array(others.length * 6);
  others.forEach((genome, i) => batch.set(genome, i * 6));
  assert.deepEqual(Array.from(kernels.classDistances(repeat(from, others.length), batch)), others.map(() => 1));
  // The CLI itself, on one of them and on two isomorphic cells (a none edge into node 1 zeroes what reads it).
  assert.equal(runCli(["distance", "nb201", origin, String(listed[0].arch)]).stdout, "1\n");
  const zeroA = "|none~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|";
  const zeroB = "|none~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|";
  assert.equal(kernels.keys(kernels.canonicalize(kernels.space.parse(zeroA)).genomes)[0],
    kernels.keys(kernels.canonicalize(kernels.space.parse(zeroB)).genomes)[0], "the two cells are isomorphic");
  const json = JSON.parse(runCli(["distance", "nb201", zeroA, zeroB, "--json"]).stdout);
  assert.equal(json.distance, 0);
  assert.equal(json.between, "isomorphism classes");
});
