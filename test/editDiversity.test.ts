import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { editDiversity } from "../src/evaluate/editDiversity.js";

const kernels = new SpaceKernels(getSpace("nb201"));

test("edit diversity of three NB201 cells is the mean and max of their pairwise distances over 6, by hand", () => {
  // A differs from B in one edge and from C in three; B from C in two: distances 1, 3, 2.
  const genomes = Uint8Array.from([
    3, 3, 3, 3, 3, 3,
    2, 3, 3, 3, 3, 3,
    2, 2, 2, 3, 3, 3,
  ]);
  const d = editDiversity(kernels, genomes, 1n);
  assert.equal(d.pairs, 3);
  assert.equal(d.exact, true);
  assert.ok(Math.abs(d.mean - (1 + 3 + 2) / 3 / 6) < 1e-12, `mean ${d.mean}`);
  assert.equal(d.max, 3 / 6);
});

test("beyond the pair budget, pairs are sampled with the seed: same seed same figures, never a pair of a member with itself", () => {
  const genomes = kernels.sample(300, 5n);
  const a = editDiversity(kernels, genomes, 9n, 500);
  const b = editDiversity(kernels, genomes, 9n, 500);
  assert.deepEqual(a, b);
  assert.equal(a.pairs, 500);
  assert.equal(a.exact, false);
  assert.ok(a.mean > 0 && a.max <= 1);
  const same = new Uint8Array(6 * 50).fill(3);
  assert.equal(editDiversity(kernels, same, 1n, 10).mean, 0, "identical members only: zero");
});

test("a space of one member has no pairs", () => {
  const d = editDiversity(kernels, Uint8Array.from([3, 3, 3, 3, 3, 3]), 1n);
  assert.ok(Number.isNaN(d.mean) && Number.isNaN(d.max));
});
