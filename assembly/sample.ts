import { STATUS_OK, STATUS_BAD_SPACE, rngSeed, streamState } from "./common";
import { genomeLength, sampleOne, canonicalize } from "./spaces/dispatch";

const SAMPLE_STREAM_TAG: u64 = 0x5a3c;

/**
 * Writes `count` uniformly drawn, canonical genomes of `space` to `out` (count x genomeLength bytes).
 * Genome i draws from the stream (seed, stream, firstIndex + i), so any chunking of a run gives the
 * same genomes. Called by the host once per sampling chunk.
 */
export function sampleGenomes(space: i32, seed: u64, stream: u64, firstIndex: u64, count: i32, out: usize): i32 {
  const length = genomeLength(space);
  if (length == 0) return STATUS_BAD_SPACE;
  for (let i = 0; i < count; i++) {
    rngSeed(streamState(seed ^ stream, firstIndex + <u64>i, SAMPLE_STREAM_TAG));
    const g = out + <usize>(i * length);
    sampleOne(space, g);
    canonicalize(space, g);
  }
  return STATUS_OK;
}
