import { STATUS_OK, STATUS_BAD_SPACE } from "./common";
import { genomeLength, canonicalize } from "./spaces/dispatch";

/**
 * Canonicalises `count` genomes in place; valid[i] = 1 when genome i is a member of the space.
 * Called by the host once per batch of parsed or generated genomes.
 */
export function canonicalizeGenomes(space: i32, genomes: usize, count: i32, valid: usize): i32 {
  const length = genomeLength(space);
  if (length == 0) return STATUS_BAD_SPACE;
  for (let i = 0; i < count; i++) {
    store<u8>(valid + <usize>i, <u8>canonicalize(space, genomes + <usize>(i * length)));
  }
  return STATUS_OK;
}
