import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createCore } from "../src/spaces/kernels.js";
import { ScoreTable, CLAIM_SEEN, CLAIM_KNOWN, CLAIM_NEW } from "../src/shrink/scoreTable.js";

test("claim marks new keys, known keys with their score, and repeats within one stamp as seen", () => {
  const table = new ScoreTable(createCore(), 16);
  const first = table.claim(new BigUint64Array([5n, 0n, 5n, 7n]), 1);
  assert.deepEqual([...first.status], [CLAIM_NEW, CLAIM_NEW, CLAIM_SEEN, CLAIM_NEW]);
  table.set(new BigUint64Array([5n, 0n, 7n]), new Float32Array([1.5, 2.5, 3.5]));
  assert.equal(table.size, 3);
  const again = table.claim(new BigUint64Array([7n, 0n, 9n]), 1);
  assert.deepEqual([...again.status], [CLAIM_SEEN, CLAIM_SEEN, CLAIM_NEW]);
  const next = table.claim(new BigUint64Array([7n, 0n, 7n]), 2);
  assert.deepEqual([...next.status], [CLAIM_KNOWN, CLAIM_KNOWN, CLAIM_SEEN]);
  assert.deepEqual([...next.scores.subarray(0, 2)], [3.5, 2.5]);
  assert.ok(Number.isNaN(next.scores[2]));
});

test("the table behaves as a Map of keys to f32 scores through growth (property)", () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.float({ noNaN: true })), { maxLength: 3000 }), (pairs) => {
    const table = new ScoreTable(createCore(), 8);
    const model = new Map<bigint, number>();
    for (let start = 0; start < pairs.length; start += 500) {
      const part = pairs.slice(start, start + 500);
      table.set(BigUint64Array.from(part.map(([k]) => k)), Float32Array.from(part.map(([, s]) => s)));
      for (const [k, s] of part) model.set(k, Math.fround(s));
    }
    assert.equal(table.size, model.size);
    const keys = BigUint64Array.from([...model.keys(), 12345678901234567n]);
    const { scores, found } = table.get(keys);
    [...model.values()].forEach((s, i) => {
      assert.equal(found[i], 1);
      assert.ok(Object.is(scores[i], s) || scores[i] === s);
    });
    assert.equal(found[keys.length - 1], model.has(12345678901234567n) ? 1 : 0);
  }), { numRuns: 25 });
});

test("a table of a million keys takes 16 bytes a slot at load <= 3/4", () => {
  const table = new ScoreTable(createCore(), 1_000_000);
  const keys = new BigUint64Array(1_000_000);
  for (let i = 0; i < keys.length; i++) keys[i] = BigInt(i) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn;
  table.set(keys, new Float32Array(keys.length).fill(1));
  assert.equal(table.size, 1_000_000);
  assert.equal(table.bytes, 2 ** 21 * 16);
});

test("a run too large for wasm32 memory is refused with E_CAPACITY", () => {
  assert.throws(() => new ScoreTable(createCore(), 2 ** 28), /needs more than the 100663296 a score table holds/);
});
