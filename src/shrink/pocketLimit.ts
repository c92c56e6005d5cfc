// Capped admission for diversity pockets: such a pocket admits only its best-scored neighbours, up to a
// limit per iteration, so it brings the cost range without adding mass.
import { byScoreThenKey } from "./ranking.js";

/** Pockets whose admissions are capped (diversity pockets): at most perPocket neighbours each over an iteration. */
export interface PocketLimit {
  pockets: Set<number>;
  perPocket: number;
  /** Neighbours admitted so far per limited pocket. */
  admitted: Map<number, number>;
}

/**
 * Which eligible items of a batch may be admitted: every item of an unlimited pocket; of a limited pocket,
 * its best-scored ones (ties: lower key) up to what its limit has left. Counts the admissions against it.
 */
export function limitedAdmissions(count: number, eligible: (i: number) => boolean, pocketOfIndex: (i: number) => number,
  scores: Float32Array, keys: BigUint64Array, limit: PocketLimit): Uint8Array {
  const allowed = new Uint8Array(count).fill(1);
  const candidates = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const pocket = pocketOfIndex(i);
    if (!limit.pockets.has(pocket)) continue;
    allowed[i] = 0;
    if (!eligible(i)) continue;
    const list = candidates.get(pocket);
    if (list === undefined) candidates.set(pocket, [i]);
    else list.push(i);
  }
  for (const [pocket, items] of candidates) {
    const left = Math.max(0, limit.perPocket - (limit.admitted.get(pocket) ?? 0));
    items.sort(byScoreThenKey(scores, keys));
    // Keys repeat inside a batch (walks meet): the first occurrence is the one claimed, so count distinct keys.
    const taken = new Set<bigint>();
    for (const i of items) {
      if (taken.size >= left) break;
      if (taken.has(keys[i])) continue;
      taken.add(keys[i]);
      allowed[i] = 1;
    }
    limit.admitted.set(pocket, (limit.admitted.get(pocket) ?? 0) + taken.size);
  }
  return allowed;
}
