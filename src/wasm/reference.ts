// Plain TypeScript references of assembly/common.ts, bit for bit (BigInt arithmetic mod 2^64).
// Used by tests and benches to check the kernels; never on a hot path.
const MASK = (1n << 64n) - 1n;
export const GOLDEN = 0x9e3779b97f4a7c15n;

export function mix64(x: bigint): bigint {
  x &= MASK;
  x ^= x >> 30n;
  x = (x * 0xbf58476d1ce4e5b9n) & MASK;
  x ^= x >> 27n;
  x = (x * 0x94d049bb133111ebn) & MASK;
  x ^= x >> 31n;
  return x;
}

export function streamState(seed: bigint, a: bigint, b: bigint): bigint {
  return mix64(mix64(seed ^ GOLDEN) ^ mix64((a + 0x632be59bd9b4e019n) & MASK) ^ mix64((b * GOLDEN + 0x8cb92ba72f3d8dd7n) & MASK));
}

/** The kernels' RNG: splitmix64 with multiply-shift draws below n. */
export class ReferenceRng {
  private state: bigint;
  constructor(state: bigint) {
    this.state = state & MASK;
  }
  next(): bigint {
    this.state = (this.state + GOLDEN) & MASK;
    return mix64(this.state);
  }
  below(n: number): number {
    return Number(((this.next() >> 32n) * BigInt(n)) >> 32n);
  }
}

export function hashBytes(bytes: Uint8Array, seed: bigint): bigint {
  const len = bytes.length;
  let h = mix64(seed ^ ((BigInt(len) * GOLDEN) & MASK));
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    let word = 0n;
    for (let j = 7; j >= 0; j--) word = (word << 8n) | BigInt(bytes[i + j]);
    h = (mix64(h ^ word) + GOLDEN) & MASK;
  }
  if (i < len) {
    let tail = 0n;
    for (let j = 0; i + j < len; j++) tail |= BigInt(bytes[i + j]) << BigInt(8 * j);
    h = (mix64(h ^ tail) + GOLDEN) & MASK;
  }
  return mix64(h);
}

export const HASH_LANE0 = 0x243f6a8885a308d3n;
export const HASH_LANE1 = 0x13198a2e03707344n;
export const SAMPLE_STREAM_TAG = 0x5a3cn;
