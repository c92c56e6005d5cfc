// The random streams of one search trial, derived from (seed, trial) alone: the TypeScript draws use the
// project's reference RNG, and every kernel call (sampling, walks) gets a stream number of its own, so a
// trial's result is the same on any worker and in any order.
import { ReferenceRng, streamState } from "../wasm/reference.js";

/** Tags of the search streams, apart from the shrinker's. */
const DRAW_TAG = 0x5ea7c4n;
const KERNEL_TAG = 0x5ea7c5n;

export class TrialRandom {
  readonly trial: number;
  /** Seed of the kernel calls of this trial. */
  readonly kernelSeed: bigint;
  private readonly rng: ReferenceRng;
  private stream = 0n;

  constructor(seed: bigint, trial: number) {
    this.trial = trial;
    this.rng = new ReferenceRng(streamState(seed, DRAW_TAG, BigInt(trial)));
    this.kernelSeed = streamState(seed, KERNEL_TAG, BigInt(trial));
  }

  /** A uniform integer in 0..n-1. */
  below(n: number): number {
    return this.rng.below(n);
  }

  /** A fresh kernel stream number: each kernel call of the trial draws from its own. */
  nextStream(): bigint {
    return this.stream++;
  }

  /** A 31-bit seed (e.g. for the tree trainer's subsampling). */
  smallSeed(): number {
    return this.rng.below(0x7fffffff);
  }

  /** `k` distinct indices of 0..n-1 (k <= n), in draw order (partial Fisher-Yates). */
  distinct(n: number, k: number): Int32Array {
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.below(n - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return pool.slice(0, k);
  }
}
