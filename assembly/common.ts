// Shared primitives of every kernel: 64-bit mixing, seeded RNG streams and status codes.
// The TypeScript references in src/wasm/reference.ts mirror these bit for bit.

export const STATUS_OK: i32 = 0;
export const STATUS_BAD_SPACE: i32 = -1;
export const STATUS_CAPACITY: i32 = -2;
export const STATUS_TABLE_FULL: i32 = -3;
export const STATUS_NO_VALID_MOVE: i32 = -4;
export const STATUS_BAD_ARGUMENT: i32 = -5;

export const GOLDEN: u64 = 0x9e3779b97f4a7c15;

/** splitmix64 finaliser: a bijective 64-bit mixer. */
// @ts-ignore: decorator
@inline
export function mix64(x: u64): u64 {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9;
  x ^= x >> 27;
  x *= 0x94d049bb133111eb;
  x ^= x >> 31;
  return x;
}

/** State of the RNG stream named by (seed, a, b); streams are independent of worker layout. */
export function streamState(seed: u64, a: u64, b: u64): u64 {
  return mix64(mix64(seed ^ GOLDEN) ^ mix64(a + 0x632be59bd9b4e019) ^ mix64(b * GOLDEN + 0x8cb92ba72f3d8dd7));
}

// The RNG state of the kernel currently running; kernels set it from streamState at entry.
let rngState: u64 = 0;

export function rngSeed(state: u64): void {
  rngState = state;
}

// @ts-ignore: decorator
@inline
export function rngNext(): u64 {
  rngState += GOLDEN;
  return mix64(rngState);
}

/** Uniform integer in [0, n) for n < 2^32 (multiply-shift; bias below 2^-32). */
// @ts-ignore: decorator
@inline
export function rngBelow(n: u32): u32 {
  return <u32>(((rngNext() >> 32) * <u64>n) >> 32);
}

/** Hash of `len` bytes at `ptr`, 8 bytes per round; `seed` selects the lane (128-bit keys use two). */
export function hashBytes(ptr: usize, len: i32, seed: u64): u64 {
  let h: u64 = mix64(seed ^ (<u64>len * GOLDEN));
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    h = mix64(h ^ load<u64>(ptr + <usize>i)) + GOLDEN;
  }
  if (i < len) {
    let tail: u64 = 0;
    for (let j = 0; i + j < len; j++) {
      tail |= (<u64>load<u8>(ptr + <usize>(i + j))) << (<u64>(8 * j));
    }
    h = mix64(h ^ tail) + GOLDEN;
  }
  return mix64(h);
}

/**
 * Copies a genome: 16-byte SIMD blocks, then the tail. memory.copy is a call into the engine's
 * general memmove; for the 6-64-byte genomes of the walk loops this inline copy is cheaper.
 */
// @ts-ignore: decorator
@inline
export function copyGenome(dst: usize, src: usize, length: i32): void {
  let i = 0;
  for (; i + 16 <= length; i += 16) v128.store(dst + <usize>i, v128.load(src + <usize>i));
  for (; i < length; i++) store<u8>(dst + <usize>i, load<u8>(src + <usize>i));
}
