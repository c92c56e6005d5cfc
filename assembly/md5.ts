// MD5 (RFC 1321), written from the RFC's description: NAS-Bench-101 fingerprints cells with iterated MD5
// over hex strings, so interoperable keys need the real digest.
//
// Twelve messages at once: three multi-buffer pipelines of four i32 lanes each, interleaved step by step.
// MD5's steps form one dependency chain, so a single pipeline waits on each step's latency; three
// independent chains keep the CPU busy. Every lane does exactly the RFC's arithmetic.
// Blocks are stored interleaved: word j of block b of lane l (pipeline p = l >> 2, lane q = l & 3) at
// LANES_BLOCKS + ((p * MD5X12_MAX_BLOCKS + b) * 64 + j * 4 + q) * 4.

const MD5X12_MAX_BLOCKS: i32 = 7; // messages up to 440 bytes
const PIPELINE_BYTES: usize = <usize>MD5X12_MAX_BLOCKS * 256;
const LANES_BLOCKS: usize = memory.data(3 * <i32>PIPELINE_BYTES);
const LANE_BLOCKS: usize = memory.data(48); // i32 block count per lane
// Written after every fourth step and never read: stores keep their order in V8's code, so the three
// pipelines' steps stay interleaved (without them V8 emitted each pipeline's 64 steps in turn, and a
// block took 1.6 times as long).
const STEP_ORDER: usize = memory.data(48);

// The 16 lowercase hex digits, as a swizzle table.
const HEX_DIGITS = i8x16(48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102);

/** Writes the 32 lowercase hex characters of a 16-byte digest (Python's hexdigest()). */
// @ts-ignore: decorator
@inline
export function md5Hex(digest: usize, out: usize): void {
  // Nibbles high-first, interleaved, then looked up 16 at a time.
  const bytes = v128.load(digest);
  const high = i8x16.shr_u(bytes, 4);
  const low = v128.and(bytes, i8x16.splat(15));
  v128.store(out, i8x16.swizzle(HEX_DIGITS, i8x16.shuffle(high, low, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23)));
  v128.store(out, i8x16.swizzle(HEX_DIGITS, i8x16.shuffle(high, low, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31)), 16);
}

// @ts-ignore: decorator
@inline function rotlx4(x: v128, s: i32): v128 { return v128.or(i32x4.shl(x, s), i32x4.shr_u(x, 32 - s)); }
// @ts-ignore: decorator
@inline function vF(b: v128, c: v128, d: v128): v128 { return v128.bitselect(c, d, b); }
// @ts-ignore: decorator
@inline function vG(b: v128, c: v128, d: v128): v128 { return v128.bitselect(b, c, d); }
// @ts-ignore: decorator
@inline function vH(b: v128, c: v128, d: v128): v128 { return v128.xor(v128.xor(b, c), d); }
// @ts-ignore: decorator
@inline function vI(b: v128, c: v128, d: v128): v128 { return v128.xor(c, v128.or(b, v128.not(d))); }

/**
 * Lays lane `lane`'s message (len bytes at ptr) out padded, as MD5 pads it, in the interleaved blocks.
 * Reads up to 3 bytes past the message (the callers' buffers have room); they are masked off.
 */
// @ts-ignore: decorator
@inline
function padLane(lane: i32, ptr: usize, len: i32): i32 {
  const blocks = (len + 8) / 64 + 1;
  const to = LANES_BLOCKS + <usize>(lane >> 2) * PIPELINE_BYTES + (<usize>(lane & 3) << 2);
  const full = len >> 2;
  let w = 0;
  for (; w < full; w++) store<u32>(to + (<usize>w << 4), load<u32>(ptr + (<usize>w << 2)));
  const shift = <u32>(len & 3) << 3;
  const mask: u32 = shift == 0 ? 0 : (<u32>1 << shift) - 1;
  store<u32>(to + (<usize>w << 4), (load<u32>(ptr + (<usize>w << 2)) & mask) | (<u32>0x80 << shift));
  const lastWord = blocks * 16 - 2;
  for (w++; w < lastWord; w++) store<u32>(to + (<usize>w << 4), 0);
  store<u32>(to + (<usize>lastWord << 4), <u32>(len << 3));
  store<u32>(to + (<usize>(lastWord + 1) << 4), 0);
  return blocks;
}

/** The four digests of one pipeline's state (word w of lane q in lane q of hw) to out, 16 bytes each. */
// @ts-ignore: decorator
@inline
function storeDigests(h0: v128, h1: v128, h2: v128, h3: v128, out: usize): void {
  const low01 = i32x4.shuffle(h0, h1, 0, 4, 1, 5); // h0[0] h1[0] h0[1] h1[1]
  const low23 = i32x4.shuffle(h2, h3, 0, 4, 1, 5);
  const high01 = i32x4.shuffle(h0, h1, 2, 6, 3, 7);
  const high23 = i32x4.shuffle(h2, h3, 2, 6, 3, 7);
  v128.store(out, i64x2.shuffle(low01, low23, 0, 2));
  v128.store(out, i64x2.shuffle(low01, low23, 1, 3), 16);
  v128.store(out, i64x2.shuffle(high01, high23, 0, 2), 32);
  v128.store(out, i64x2.shuffle(high01, high23, 1, 3), 48);
}

/**
 * MD5 digests of `lanes` (1..12) messages: message l is lengths[l] (i32) bytes at pointers[l] (u32), at
 * most 440 (7 blocks with padding); digest l goes to out + 16 * l. `out` has room for 12 digests: unused lanes
 * compute and write garbage. A call costs its longest lane's blocks: callers group messages of one
 * block count.
 */
export function md5x12(lanes: i32, pointers: usize, lengths: usize, out: usize): void {
  let most = 0;
  for (let l = 0; l < 12; l++) {
    const live = l < lanes;
    const len = live ? load<i32>(lengths + (<usize>l << 2)) : 0;
    const blocks = padLane(l, live ? <usize>load<u32>(pointers + (<usize>l << 2)) : LANE_BLOCKS, len);
    store<i32>(LANE_BLOCKS + (<usize>l << 2), blocks);
    most = max(most, blocks);
  }
  let h00 = i32x4.splat(0x67452301), h01 = i32x4.splat(0xefcdab89), h02 = i32x4.splat(0x98badcfe), h03 = i32x4.splat(0x10325476);
  let h10 = h00, h11 = h01, h12 = h02, h13 = h03;
  let h20 = h00, h21 = h01, h22 = h02, h23 = h03;
  const blocks0 = v128.load(LANE_BLOCKS);
  const blocks1 = v128.load(LANE_BLOCKS, 16);
  const blocks2 = v128.load(LANE_BLOCKS, 32);
  for (let block = 0; block < most; block++) {
    const base0 = LANES_BLOCKS + (<usize>block << 8);
    const base1 = base0 + PIPELINE_BYTES;
    const base2 = base1 + PIPELINE_BYTES;
    let a0 = h00, b0 = h01, c0 = h02, d0 = h03;
    let a1 = h10, b1 = h11, c1 = h12, d1 = h13;
    let a2 = h20, b2 = h21, c2 = h22, d2 = h23;
    let k: v128;
    // Step i: t' = x + rotl(f(x, y, z) + (t + word + K[i]), s), t cycling a, d, c, b; the (t + word + K)
    // part does not wait on the previous step.
    k = i32x4.splat(0xd76aa478);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vF(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 0), k))), 7));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vF(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 0), k))), 7));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vF(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 0), k))), 7));
    k = i32x4.splat(0xe8c7b756);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vF(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 16), k))), 12));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vF(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 16), k))), 12));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vF(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 16), k))), 12));
    k = i32x4.splat(0x242070db);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vF(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 32), k))), 17));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vF(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 32), k))), 17));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vF(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 32), k))), 17));
    k = i32x4.splat(0xc1bdceee);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vF(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 48), k))), 22));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vF(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 48), k))), 22));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vF(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 48), k))), 22));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xf57c0faf);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vF(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 64), k))), 7));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vF(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 64), k))), 7));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vF(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 64), k))), 7));
    k = i32x4.splat(0x4787c62a);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vF(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 80), k))), 12));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vF(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 80), k))), 12));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vF(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 80), k))), 12));
    k = i32x4.splat(0xa8304613);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vF(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 96), k))), 17));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vF(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 96), k))), 17));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vF(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 96), k))), 17));
    k = i32x4.splat(0xfd469501);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vF(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 112), k))), 22));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vF(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 112), k))), 22));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vF(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 112), k))), 22));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0x698098d8);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vF(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 128), k))), 7));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vF(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 128), k))), 7));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vF(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 128), k))), 7));
    k = i32x4.splat(0x8b44f7af);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vF(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 144), k))), 12));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vF(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 144), k))), 12));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vF(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 144), k))), 12));
    k = i32x4.splat(0xffff5bb1);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vF(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 160), k))), 17));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vF(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 160), k))), 17));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vF(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 160), k))), 17));
    k = i32x4.splat(0x895cd7be);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vF(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 176), k))), 22));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vF(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 176), k))), 22));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vF(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 176), k))), 22));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0x6b901122);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vF(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 192), k))), 7));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vF(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 192), k))), 7));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vF(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 192), k))), 7));
    k = i32x4.splat(0xfd987193);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vF(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 208), k))), 12));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vF(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 208), k))), 12));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vF(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 208), k))), 12));
    k = i32x4.splat(0xa679438e);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vF(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 224), k))), 17));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vF(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 224), k))), 17));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vF(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 224), k))), 17));
    k = i32x4.splat(0x49b40821);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vF(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 240), k))), 22));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vF(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 240), k))), 22));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vF(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 240), k))), 22));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xf61e2562);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vG(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 16), k))), 5));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vG(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 16), k))), 5));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vG(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 16), k))), 5));
    k = i32x4.splat(0xc040b340);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vG(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 96), k))), 9));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vG(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 96), k))), 9));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vG(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 96), k))), 9));
    k = i32x4.splat(0x265e5a51);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vG(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 176), k))), 14));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vG(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 176), k))), 14));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vG(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 176), k))), 14));
    k = i32x4.splat(0xe9b6c7aa);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vG(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 0), k))), 20));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vG(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 0), k))), 20));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vG(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 0), k))), 20));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xd62f105d);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vG(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 80), k))), 5));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vG(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 80), k))), 5));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vG(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 80), k))), 5));
    k = i32x4.splat(0x02441453);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vG(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 160), k))), 9));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vG(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 160), k))), 9));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vG(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 160), k))), 9));
    k = i32x4.splat(0xd8a1e681);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vG(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 240), k))), 14));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vG(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 240), k))), 14));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vG(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 240), k))), 14));
    k = i32x4.splat(0xe7d3fbc8);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vG(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 64), k))), 20));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vG(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 64), k))), 20));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vG(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 64), k))), 20));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0x21e1cde6);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vG(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 144), k))), 5));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vG(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 144), k))), 5));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vG(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 144), k))), 5));
    k = i32x4.splat(0xc33707d6);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vG(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 224), k))), 9));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vG(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 224), k))), 9));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vG(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 224), k))), 9));
    k = i32x4.splat(0xf4d50d87);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vG(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 48), k))), 14));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vG(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 48), k))), 14));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vG(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 48), k))), 14));
    k = i32x4.splat(0x455a14ed);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vG(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 128), k))), 20));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vG(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 128), k))), 20));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vG(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 128), k))), 20));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xa9e3e905);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vG(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 208), k))), 5));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vG(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 208), k))), 5));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vG(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 208), k))), 5));
    k = i32x4.splat(0xfcefa3f8);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vG(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 32), k))), 9));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vG(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 32), k))), 9));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vG(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 32), k))), 9));
    k = i32x4.splat(0x676f02d9);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vG(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 112), k))), 14));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vG(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 112), k))), 14));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vG(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 112), k))), 14));
    k = i32x4.splat(0x8d2a4c8a);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vG(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 192), k))), 20));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vG(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 192), k))), 20));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vG(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 192), k))), 20));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xfffa3942);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vH(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 80), k))), 4));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vH(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 80), k))), 4));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vH(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 80), k))), 4));
    k = i32x4.splat(0x8771f681);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vH(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 128), k))), 11));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vH(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 128), k))), 11));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vH(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 128), k))), 11));
    k = i32x4.splat(0x6d9d6122);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vH(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 176), k))), 16));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vH(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 176), k))), 16));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vH(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 176), k))), 16));
    k = i32x4.splat(0xfde5380c);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vH(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 224), k))), 23));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vH(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 224), k))), 23));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vH(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 224), k))), 23));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xa4beea44);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vH(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 16), k))), 4));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vH(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 16), k))), 4));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vH(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 16), k))), 4));
    k = i32x4.splat(0x4bdecfa9);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vH(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 64), k))), 11));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vH(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 64), k))), 11));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vH(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 64), k))), 11));
    k = i32x4.splat(0xf6bb4b60);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vH(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 112), k))), 16));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vH(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 112), k))), 16));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vH(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 112), k))), 16));
    k = i32x4.splat(0xbebfbc70);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vH(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 160), k))), 23));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vH(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 160), k))), 23));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vH(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 160), k))), 23));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0x289b7ec6);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vH(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 208), k))), 4));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vH(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 208), k))), 4));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vH(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 208), k))), 4));
    k = i32x4.splat(0xeaa127fa);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vH(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 0), k))), 11));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vH(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 0), k))), 11));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vH(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 0), k))), 11));
    k = i32x4.splat(0xd4ef3085);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vH(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 48), k))), 16));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vH(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 48), k))), 16));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vH(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 48), k))), 16));
    k = i32x4.splat(0x04881d05);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vH(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 96), k))), 23));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vH(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 96), k))), 23));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vH(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 96), k))), 23));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xd9d4d039);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vH(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 144), k))), 4));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vH(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 144), k))), 4));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vH(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 144), k))), 4));
    k = i32x4.splat(0xe6db99e5);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vH(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 192), k))), 11));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vH(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 192), k))), 11));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vH(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 192), k))), 11));
    k = i32x4.splat(0x1fa27cf8);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vH(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 240), k))), 16));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vH(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 240), k))), 16));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vH(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 240), k))), 16));
    k = i32x4.splat(0xc4ac5665);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vH(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 32), k))), 23));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vH(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 32), k))), 23));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vH(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 32), k))), 23));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xf4292244);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vI(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 0), k))), 6));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vI(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 0), k))), 6));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vI(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 0), k))), 6));
    k = i32x4.splat(0x432aff97);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vI(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 112), k))), 10));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vI(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 112), k))), 10));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vI(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 112), k))), 10));
    k = i32x4.splat(0xab9423a7);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vI(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 224), k))), 15));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vI(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 224), k))), 15));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vI(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 224), k))), 15));
    k = i32x4.splat(0xfc93a039);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vI(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 80), k))), 21));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vI(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 80), k))), 21));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vI(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 80), k))), 21));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0x655b59c3);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vI(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 192), k))), 6));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vI(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 192), k))), 6));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vI(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 192), k))), 6));
    k = i32x4.splat(0x8f0ccc92);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vI(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 48), k))), 10));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vI(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 48), k))), 10));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vI(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 48), k))), 10));
    k = i32x4.splat(0xffeff47d);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vI(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 160), k))), 15));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vI(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 160), k))), 15));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vI(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 160), k))), 15));
    k = i32x4.splat(0x85845dd1);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vI(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 16), k))), 21));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vI(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 16), k))), 21));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vI(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 16), k))), 21));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0x6fa87e4f);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vI(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 128), k))), 6));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vI(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 128), k))), 6));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vI(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 128), k))), 6));
    k = i32x4.splat(0xfe2ce6e0);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vI(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 240), k))), 10));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vI(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 240), k))), 10));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vI(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 240), k))), 10));
    k = i32x4.splat(0xa3014314);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vI(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 96), k))), 15));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vI(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 96), k))), 15));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vI(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 96), k))), 15));
    k = i32x4.splat(0x4e0811a1);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vI(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 208), k))), 21));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vI(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 208), k))), 21));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vI(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 208), k))), 21));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    k = i32x4.splat(0xf7537e82);
    a0 = i32x4.add(b0, rotlx4(i32x4.add(vI(b0, c0, d0), i32x4.add(a0, i32x4.add(v128.load(base0, 64), k))), 6));
    a1 = i32x4.add(b1, rotlx4(i32x4.add(vI(b1, c1, d1), i32x4.add(a1, i32x4.add(v128.load(base1, 64), k))), 6));
    a2 = i32x4.add(b2, rotlx4(i32x4.add(vI(b2, c2, d2), i32x4.add(a2, i32x4.add(v128.load(base2, 64), k))), 6));
    k = i32x4.splat(0xbd3af235);
    d0 = i32x4.add(a0, rotlx4(i32x4.add(vI(a0, b0, c0), i32x4.add(d0, i32x4.add(v128.load(base0, 176), k))), 10));
    d1 = i32x4.add(a1, rotlx4(i32x4.add(vI(a1, b1, c1), i32x4.add(d1, i32x4.add(v128.load(base1, 176), k))), 10));
    d2 = i32x4.add(a2, rotlx4(i32x4.add(vI(a2, b2, c2), i32x4.add(d2, i32x4.add(v128.load(base2, 176), k))), 10));
    k = i32x4.splat(0x2ad7d2bb);
    c0 = i32x4.add(d0, rotlx4(i32x4.add(vI(d0, a0, b0), i32x4.add(c0, i32x4.add(v128.load(base0, 32), k))), 15));
    c1 = i32x4.add(d1, rotlx4(i32x4.add(vI(d1, a1, b1), i32x4.add(c1, i32x4.add(v128.load(base1, 32), k))), 15));
    c2 = i32x4.add(d2, rotlx4(i32x4.add(vI(d2, a2, b2), i32x4.add(c2, i32x4.add(v128.load(base2, 32), k))), 15));
    k = i32x4.splat(0xeb86d391);
    b0 = i32x4.add(c0, rotlx4(i32x4.add(vI(c0, d0, a0), i32x4.add(b0, i32x4.add(v128.load(base0, 144), k))), 21));
    b1 = i32x4.add(c1, rotlx4(i32x4.add(vI(c1, d1, a1), i32x4.add(b1, i32x4.add(v128.load(base1, 144), k))), 21));
    b2 = i32x4.add(c2, rotlx4(i32x4.add(vI(c2, d2, a2), i32x4.add(b2, i32x4.add(v128.load(base2, 144), k))), 21));
    v128.store(STEP_ORDER, b0, 0);
    v128.store(STEP_ORDER, b1, 16);
    v128.store(STEP_ORDER, b2, 32);
    // Lanes whose message has ended keep their state.
    const active0 = i32x4.gt_s(blocks0, i32x4.splat(block));
    const active1 = i32x4.gt_s(blocks1, i32x4.splat(block));
    const active2 = i32x4.gt_s(blocks2, i32x4.splat(block));
    h00 = v128.bitselect(i32x4.add(h00, a0), h00, active0);
    h01 = v128.bitselect(i32x4.add(h01, b0), h01, active0);
    h02 = v128.bitselect(i32x4.add(h02, c0), h02, active0);
    h03 = v128.bitselect(i32x4.add(h03, d0), h03, active0);
    h10 = v128.bitselect(i32x4.add(h10, a1), h10, active1);
    h11 = v128.bitselect(i32x4.add(h11, b1), h11, active1);
    h12 = v128.bitselect(i32x4.add(h12, c1), h12, active1);
    h13 = v128.bitselect(i32x4.add(h13, d1), h13, active1);
    h20 = v128.bitselect(i32x4.add(h20, a2), h20, active2);
    h21 = v128.bitselect(i32x4.add(h21, b2), h21, active2);
    h22 = v128.bitselect(i32x4.add(h22, c2), h22, active2);
    h23 = v128.bitselect(i32x4.add(h23, d2), h23, active2);
  }
  storeDigests(h00, h01, h02, h03, out);
  storeDigests(h10, h11, h12, h13, out + 64);
  storeDigests(h20, h21, h22, h23, out + 128);
}
