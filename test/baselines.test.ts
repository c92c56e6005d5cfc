import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { pruneOperations, inMask, type OperationMask } from "../src/shrink/baselines.js";

const nb201 = getSpace("nb201");
const kernels = new SpaceKernels(nb201);

// Score = number of nor_conv_3x3 edges (op 3) minus the number of none edges (op 0), plus per-edge taste.
function scores(genomes: Uint8Array): Float32Array {
  const out = new Float32Array(genomes.length / 6);
  for (let i = 0; i < out.length; i++) {
    for (let e = 0; e < 6; e++) {
      const op = genomes[i * 6 + e];
      out[i] += (op === 3 ? 1 : 0) - (op === 0 ? 1 : 0) + (e === 0 && op === 4 ? 3 : 0);
    }
  }
  return out;
}

function rawSize(mask: OperationMask): number {
  let size = 1;
  for (let gene = 0; gene < 6; gene++) size *= mask.allowed.subarray(gene * mask.stride, gene * mask.stride + 5).reduce((a, b) => a + b, 0);
  return size;
}

test("ABS-style pruning drops the worst operation on every edge at once until the space fits", () => {
  const sample = kernels.sample(3000, 1n);
  const mask = pruneOperations(nb201, "abs", sample, scores(sample), 1000, rawSize);
  assert.equal(mask.dropped[0].op, 0, "none is the worst operation overall");
  assert.equal(mask.dropped[0].gene, "all");
  assert.ok(rawSize(mask) <= 1000 && rawSize(mask) === 729, "3 of 5 ops kept everywhere: 3^6");
  for (let gene = 0; gene < 6; gene++) assert.equal(mask.allowed[gene * mask.stride + 0], 0);
});

test("PADNAS-style pruning ranks operations per edge, keeps at least one per edge and fits the target", () => {
  const sample = kernels.sample(3000, 2n);
  const mask = pruneOperations(nb201, "padnas", sample, scores(sample), 50, rawSize);
  assert.ok(rawSize(mask) <= 50);
  for (let gene = 0; gene < 6; gene++) {
    const kept = mask.allowed.subarray(gene * mask.stride, gene * mask.stride + 5).reduce((a, b) => a + b, 0);
    assert.ok(kept >= 1);
  }
  assert.equal(mask.allowed[0 * mask.stride + 4], 1, "edge 0 keeps avg_pool_3x3, which only it favours");
  const best = Uint8Array.from([4, 3, 3, 3, 3, 3]);
  assert.ok(inMask(mask, best));
});

test("pruning a space without operation genes is refused with a clear error", () => {
  const bare = { ...nb201, operationGenes: undefined };
  assert.throws(() => pruneOperations(bare, "abs", new Uint8Array(6), new Float32Array(1), 10, () => 100), /declares no operation genes to prune/);
});
