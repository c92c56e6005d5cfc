import { STATUS_OK, STATUS_BAD_SPACE } from "./common";
import { genomeLength, editDistance } from "./spaces/dispatch";

/**
 * out[i] = edit distance between canonical genomes a[i] and b[i] (i32 each), for `count` pairs.
 * Called once per batch of pairs (locality analysis, radius filtering, tests).
 */
export function editDistances(space: i32, a: usize, b: usize, count: i32, out: usize): i32 {
  const length = genomeLength(space);
  if (length == 0) return STATUS_BAD_SPACE;
  for (let i = 0; i < count; i++) {
    const offset = <usize>(i * length);
    store<i32>(out + (<usize>i << 2), editDistance(space, a + offset, b + offset));
  }
  return STATUS_OK;
}

/** out[i] = distance from the single genome `a` to b[i]: one-to-many, as radius filtering needs. */
export function editDistancesFrom(space: i32, a: usize, b: usize, count: i32, out: usize): i32 {
  const length = genomeLength(space);
  if (length == 0) return STATUS_BAD_SPACE;
  for (let i = 0; i < count; i++) {
    store<i32>(out + (<usize>i << 2), editDistance(space, a, b + <usize>(i * length)));
  }
  return STATUS_OK;
}
