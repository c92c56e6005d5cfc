// Ranks a score array (best first, ties in index order) in linear time: a two-pass radix sort of the
// scores' order-preserving 32-bit images. Extension and trimming rank spaces of 10^7 members, where a
// comparator sort takes seconds.

/** Indices 0..count-1 of `scores` by score descending, equal scores in index order, NaN last. */
export function rankIndicesByScore(scores: Float32Array, count: number): Int32Array {
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, count);
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const u = bits[i];
    // Order-preserving image of a float: flip all bits of negatives, the sign bit of positives; then
    // complement, so ascending keys are descending scores.
    const ascending = (u & 0x80000000) !== 0 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
    keys[i] = Number.isNaN(scores[i]) ? 0xffffffff : ~ascending >>> 0;
  }
  let order = new Int32Array(count);
  let next = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const counts = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[((keys[order[i]] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    // Stable scatter: within a digit, earlier positions stay earlier.
    for (let i = 0; i < count; i++) next[counts[(keys[order[i]] >>> shift) & 0xffff]++] = order[i];
    [order, next] = [next, order];
  }
  return order;
}

/**
 * Compares indices of `scores`/`keys` by score descending, then key ascending (a total order where keys
 * are distinct); NaN scores last, among themselves in index order.
 */
export function byScoreThenKey(scores: ArrayLike<number>, keys: ArrayLike<bigint>): (a: number, b: number) => number {
  return (a, b) => {
    const sa = scores[a];
    const sb = scores[b];
    if (sa !== sb) {
      const nanA = sa !== sa;
      const nanB = sb !== sb;
      if (nanA || nanB) return nanA && nanB ? a - b : nanA ? 1 : -1;
      return sa > sb ? -1 : 1;
    }
    return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
  };
}
