// GenomeList.topByScore: the k best members, score descending, ties by key, NaN last in index order,
// whether k is small (insertion) or large (one sort).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { GenomeList } from "../src/shrink/genomeList.js";

/** The order the list promises, written plainly: every index compared with every other. */
function expectedTop(scores: number[], keys: bigint[], k: number): number[] {
  const order = scores.map((_, i) => i);
  const rank = (i: number) => order.filter((j) => {
    if (Number.isNaN(scores[i])) return !Number.isNaN(scores[j]) || j < i;
    if (Number.isNaN(scores[j])) return false;
    return scores[j] > scores[i] || (scores[j] === scores[i] && keys[j] < keys[i]);
  }).length;
  return order.sort((a, b) => rank(a) - rank(b)).slice(0, Math.min(k, scores.length));
}

function listOf(scores: number[], keys: bigint[]): GenomeList {
  const list = new GenomeList(2, 4);
  scores.forEach((score, i) => list.push(new Uint8Array([i & 255, i >> 8]), keys[i], score));
  return list;
}

test("topByScore equals the plain ranking for any k, ties, equal scores and NaN (property)", () => {
  const score = fc.oneof(fc.constantFrom(0, -0, 1, 2.5, Number.NaN), fc.float({ noNaN: false }));
  fc.assert(fc.property(fc.array(score, { maxLength: 300 }), fc.nat(400), fc.integer({ min: 1 }), (scores, k, salt) => {
    const keys = scores.map((_, i) => BigInt((i * 7919 + salt) % 100003));
    // Distinct keys, as a list holds them.
    fc.pre(new Set(keys).size === keys.length);
    const list = listOf(scores, keys);
    const values = Array.from(list.scores.subarray(0, list.count));
    assert.deepEqual(list.topByScore(k), expectedTop(values, keys, k));
    assert.deepEqual(list.topByScore(Math.min(k, 64)), expectedTop(values, keys, Math.min(k, 64)));
  }), { numRuns: 150 });
});

test("a pool of a quarter of a 200,000-member list rising in score comes out best first", () => {
  const count = 200_000;
  const list = new GenomeList(2, count);
  for (let i = 0; i < count; i++) list.push(new Uint8Array([i & 255, (i >> 8) & 255]), BigInt(i), i / count);
  // Rising scores were insertion's worst case (every member displaced the last kept one); the bench's
  // end-to-end shrink row is where its time shows.
  const top = list.topByScore(count / 4);
  assert.equal(top.length, count / 4);
  assert.equal(top[0], count - 1);
  assert.equal(top[top.length - 1], count - count / 4);
});
