import { STATUS_OK, STATUS_BAD_SPACE, hashBytes } from "./common";
import { genomeLength } from "./spaces/dispatch";

export const HASH_LANE0: u64 = 0x243f6a8885a308d3;
export const HASH_LANE1: u64 = 0x13198a2e03707344;

/**
 * Isomorphism-invariant keys of `count` canonical genomes: lanes = 1 writes one u64 per genome
 * (dedup key), lanes = 2 writes two (128-bit key). Called once per batch.
 */
export function hashGenomes(space: i32, genomes: usize, count: i32, lanes: i32, out: usize): i32 {
  const length = genomeLength(space);
  if (length == 0) return STATUS_BAD_SPACE;
  for (let i = 0; i < count; i++) {
    const g = genomes + <usize>(i * length);
    const slot = out + (<usize>(i * lanes) << 3);
    store<u64>(slot, hashBytes(g, length, HASH_LANE0 ^ (<u64>space << 56)));
    if (lanes == 2) store<u64>(slot + 8, hashBytes(g, length, HASH_LANE1 ^ (<u64>space << 56)));
  }
  return STATUS_OK;
}
