// The word-based canonicaliser (invariants from bit-parallel levels, sorting network, swizzle
// relabelling, permutations only within tied invariants) against the brute-force TypeScript reference,
// on cells drawn to tie often: sparse edges and few distinct ops.
import { test } from "node:test";
import assert from "node:assert/strict";
import { getSpace } from "../src/spaces/registry.js";
import { SpaceKernels } from "../src/spaces/kernels.js";
import { ReferenceRng } from "../src/wasm/reference.js";

const nb101 = getSpace("nb101");
const kernels = new SpaceKernels(nb101);
const LENGTH = 26;

/** `count` raw genomes: edge i present with probability density/8, ops below `opCount`. */
function drawGenomes(count: number, density: number, opCount: number, seed: bigint): Uint8Array {
  const rng = new ReferenceRng(seed);
  const out = new Uint8Array(count * LENGTH);
  for (let i = 0; i < count; i++) {
    for (let gene = 0; gene < 21; gene++) out[i * LENGTH + gene] = rng.below(8) < density ? 1 : 0;
    for (let v = 0; v < 5; v++) out[i * LENGTH + 21 + v] = rng.below(opCount);
  }
  return out;
}

for (const [density, opCount] of [[2, 1], [3, 1], [3, 2], [4, 2], [4, 3]] as const) {
  test(`canonical forms equal the reference on 4,000 raw cells (edge density ${density}/8, ${opCount} op values), ties included`, () => {
    const raw = drawGenomes(4000, density, opCount, BigInt(density * 10 + opCount));
    const { genomes, valid } = kernels.canonicalize(raw);
    let connected = 0;
    for (let i = 0; i < 4000; i++) {
      const expected = raw.slice(i * LENGTH, (i + 1) * LENGTH);
      const member = nb101.reference.canonicalize(expected);
      assert.equal(valid[i], Number(member), `genome ${i}`);
      assert.deepEqual(genomes.subarray(i * LENGTH, (i + 1) * LENGTH), expected, `genome ${i}`);
      if (member) connected++;
    }
    assert.ok(connected > 100, `only ${connected} valid cells drawn`);
  });
}
