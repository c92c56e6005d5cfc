import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getSpace } from "../src/spaces/registry.js";
import { shrink } from "../src/shrink/lissnas.js";
import { resolveShrinkOptions } from "../src/shrink/options.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import { limitedAdmissions, type PocketLimit } from "../src/shrink/pocketLimit.js";

test("a limited pocket admits its best-scored eligible neighbours up to what its limit has left; other pockets admit all", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ pocket: fc.integer({ min: 0, max: 4 }), score: fc.integer({ min: 0, max: 6 }), key: fc.integer({ min: 1, max: 40 }), eligible: fc.boolean() }),
        { maxLength: 80 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 5 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }),
      (items, limitedPockets, perPocket, already) => {
        const scores = Float32Array.from(items, (x) => x.score);
        const keys = BigUint64Array.from(items, (x) => BigInt(x.key));
        const limit: PocketLimit = { pockets: new Set(limitedPockets), perPocket, admitted: new Map(limitedPockets.map((p) => [p, already])) };
        const allowed = limitedAdmissions(items.length, (i) => items[i].eligible, (i) => items[i].pocket, scores, keys, limit);
        for (const pocket of [0, 1, 2, 3, 4]) {
          const mine = items.map((x, i) => ({ ...x, i })).filter((x) => x.pocket === pocket);
          if (!limit.pockets.has(pocket)) {
            assert.ok(mine.every((x) => allowed[x.i] === 1), "an unlimited pocket is not filtered");
            continue;
          }
          // The reference: eligible items by score (ties: lower key), the first `left` distinct keys.
          const left = Math.max(0, perPocket - already);
          const ranked = mine.filter((x) => x.eligible).sort((a, b) => b.score - a.score || a.key - b.key || a.i - b.i);
          const chosen = new Set<number>();
          const keysTaken = new Set<number>();
          for (const x of ranked) {
            if (keysTaken.size >= left) break;
            if (keysTaken.has(x.key)) continue;
            keysTaken.add(x.key);
            chosen.add(x.i);
          }
          for (const x of mine) assert.equal(allowed[x.i], chosen.has(x.i) ? 1 : 0, `pocket ${pocket} item ${x.i}`);
          assert.equal(limit.admitted.get(pocket), already + keysTaken.size, "admissions are counted against the limit");
        }
      }),
    { numRuns: 300 },
  );
});

test("with a diversity cap, only the top seeds' pockets grow past the cap; without it, diversity pockets grow too", async () => {
  const space = getSpace("nb-macro");
  const model = new SyntheticLandscape(space, 3n);
  const cap = 2;
  for (const seed of [1n, 2n]) {
    const capped = await shrink(space, model, { seed, diversityCap: cap });
    assert.equal(capped.diversity.rule, "cost");
    const sizes = (result: typeof capped) => {
      const count = new Map<number, number>();
      for (const p of result.pocketOf) count.set(p, (count.get(p) ?? 0) + 1);
      return result.pockets.map((p) => count.get(p.id) ?? 0);
    };
    // A pocket holds its seed and its admitted neighbours; the top seeds (6 by default) are not capped.
    const overCap = sizes(capped).filter((n) => n > cap + 1).length;
    assert.ok(overCap <= capped.options.seeds, `seed ${seed}: ${overCap} pockets past the cap of ${cap}`);
    const free = await shrink(space, model, { seed });
    assert.ok(sizes(free).filter((n) => n > cap + 1).length > free.options.seeds, `seed ${seed}: without the cap the diversity pockets stay small anyway: the test proves nothing`);
  }
});

test("a diversity cap that is negative or not an integer is refused, naming the option", () => {
  const space = getSpace("nb201");
  for (const diversityCap of [-1, 2.5, Number.NaN]) {
    assert.throws(() => resolveShrinkOptions(space, { diversityCap }), /--diversity-cap must be an integer >= 0/);
  }
});
