// MD5 (RFC 1321), written from the RFC's description: NAS-Bench-101 fingerprints cells with iterated MD5
// over hex strings, so interoperable keys need the real digest. Messages here are short (< 512 bytes).

// The step constants K[i] = floor(|sin(i + 1)| * 2^32) and the rotations are the RFC's, inlined in compress().

// The padded last one or two blocks of the message being digested.
const TAIL: usize = memory.data(128);

let h0: u32 = 0;
let h1: u32 = 0;
let h2: u32 = 0;
let h3: u32 = 0;

// One MD5 step per round function: a' = b + rotl(a + f(b, c, d) + x + k, s).
// @ts-ignore: decorator
@inline function stepF(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 { return b + rotl<u32>(a + ((b & c) | (~b & d)) + x + k, s); }
// @ts-ignore: decorator
@inline function stepG(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 { return b + rotl<u32>(a + ((d & b) | (~d & c)) + x + k, s); }
// @ts-ignore: decorator
@inline function stepH(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 { return b + rotl<u32>(a + (b ^ c ^ d) + x + k, s); }
// @ts-ignore: decorator
@inline function stepI(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 { return b + rotl<u32>(a + (c ^ (b | ~d)) + x + k, s); }

function compress(block: usize): void {
  // Unrolled: the 64 steps with their constants inline (the table-driven loop spent most of its
  // time on the round dispatch and table loads). Same arithmetic as the RFC's description.
  const x0 = load<u32>(block, 0);
  const x1 = load<u32>(block, 4);
  const x2 = load<u32>(block, 8);
  const x3 = load<u32>(block, 12);
  const x4 = load<u32>(block, 16);
  const x5 = load<u32>(block, 20);
  const x6 = load<u32>(block, 24);
  const x7 = load<u32>(block, 28);
  const x8 = load<u32>(block, 32);
  const x9 = load<u32>(block, 36);
  const x10 = load<u32>(block, 40);
  const x11 = load<u32>(block, 44);
  const x12 = load<u32>(block, 48);
  const x13 = load<u32>(block, 52);
  const x14 = load<u32>(block, 56);
  const x15 = load<u32>(block, 60);
  let a = h0, b = h1, c = h2, d = h3;
  a = stepF(a, b, c, d, x0, 7, 0xd76aa478);
  d = stepF(d, a, b, c, x1, 12, 0xe8c7b756);
  c = stepF(c, d, a, b, x2, 17, 0x242070db);
  b = stepF(b, c, d, a, x3, 22, 0xc1bdceee);
  a = stepF(a, b, c, d, x4, 7, 0xf57c0faf);
  d = stepF(d, a, b, c, x5, 12, 0x4787c62a);
  c = stepF(c, d, a, b, x6, 17, 0xa8304613);
  b = stepF(b, c, d, a, x7, 22, 0xfd469501);
  a = stepF(a, b, c, d, x8, 7, 0x698098d8);
  d = stepF(d, a, b, c, x9, 12, 0x8b44f7af);
  c = stepF(c, d, a, b, x10, 17, 0xffff5bb1);
  b = stepF(b, c, d, a, x11, 22, 0x895cd7be);
  a = stepF(a, b, c, d, x12, 7, 0x6b901122);
  d = stepF(d, a, b, c, x13, 12, 0xfd987193);
  c = stepF(c, d, a, b, x14, 17, 0xa679438e);
  b = stepF(b, c, d, a, x15, 22, 0x49b40821);
  a = stepG(a, b, c, d, x1, 5, 0xf61e2562);
  d = stepG(d, a, b, c, x6, 9, 0xc040b340);
  c = stepG(c, d, a, b, x11, 14, 0x265e5a51);
  b = stepG(b, c, d, a, x0, 20, 0xe9b6c7aa);
  a = stepG(a, b, c, d, x5, 5, 0xd62f105d);
  d = stepG(d, a, b, c, x10, 9, 0x02441453);
  c = stepG(c, d, a, b, x15, 14, 0xd8a1e681);
  b = stepG(b, c, d, a, x4, 20, 0xe7d3fbc8);
  a = stepG(a, b, c, d, x9, 5, 0x21e1cde6);
  d = stepG(d, a, b, c, x14, 9, 0xc33707d6);
  c = stepG(c, d, a, b, x3, 14, 0xf4d50d87);
  b = stepG(b, c, d, a, x8, 20, 0x455a14ed);
  a = stepG(a, b, c, d, x13, 5, 0xa9e3e905);
  d = stepG(d, a, b, c, x2, 9, 0xfcefa3f8);
  c = stepG(c, d, a, b, x7, 14, 0x676f02d9);
  b = stepG(b, c, d, a, x12, 20, 0x8d2a4c8a);
  a = stepH(a, b, c, d, x5, 4, 0xfffa3942);
  d = stepH(d, a, b, c, x8, 11, 0x8771f681);
  c = stepH(c, d, a, b, x11, 16, 0x6d9d6122);
  b = stepH(b, c, d, a, x14, 23, 0xfde5380c);
  a = stepH(a, b, c, d, x1, 4, 0xa4beea44);
  d = stepH(d, a, b, c, x4, 11, 0x4bdecfa9);
  c = stepH(c, d, a, b, x7, 16, 0xf6bb4b60);
  b = stepH(b, c, d, a, x10, 23, 0xbebfbc70);
  a = stepH(a, b, c, d, x13, 4, 0x289b7ec6);
  d = stepH(d, a, b, c, x0, 11, 0xeaa127fa);
  c = stepH(c, d, a, b, x3, 16, 0xd4ef3085);
  b = stepH(b, c, d, a, x6, 23, 0x04881d05);
  a = stepH(a, b, c, d, x9, 4, 0xd9d4d039);
  d = stepH(d, a, b, c, x12, 11, 0xe6db99e5);
  c = stepH(c, d, a, b, x15, 16, 0x1fa27cf8);
  b = stepH(b, c, d, a, x2, 23, 0xc4ac5665);
  a = stepI(a, b, c, d, x0, 6, 0xf4292244);
  d = stepI(d, a, b, c, x7, 10, 0x432aff97);
  c = stepI(c, d, a, b, x14, 15, 0xab9423a7);
  b = stepI(b, c, d, a, x5, 21, 0xfc93a039);
  a = stepI(a, b, c, d, x12, 6, 0x655b59c3);
  d = stepI(d, a, b, c, x3, 10, 0x8f0ccc92);
  c = stepI(c, d, a, b, x10, 15, 0xffeff47d);
  b = stepI(b, c, d, a, x1, 21, 0x85845dd1);
  a = stepI(a, b, c, d, x8, 6, 0x6fa87e4f);
  d = stepI(d, a, b, c, x15, 10, 0xfe2ce6e0);
  c = stepI(c, d, a, b, x6, 15, 0xa3014314);
  b = stepI(b, c, d, a, x13, 21, 0x4e0811a1);
  a = stepI(a, b, c, d, x4, 6, 0xf7537e82);
  d = stepI(d, a, b, c, x11, 10, 0xbd3af235);
  c = stepI(c, d, a, b, x2, 15, 0x2ad7d2bb);
  b = stepI(b, c, d, a, x9, 21, 0xeb86d391);
  h0 += a;
  h1 += b;
  h2 += c;
  h3 += d;
}

/** Writes the 16-byte MD5 digest of `len` bytes at `ptr` to `out`. */
export function md5(ptr: usize, len: i32, out: usize): void {
  h0 = 0x67452301;
  h1 = 0xefcdab89;
  h2 = 0x98badcfe;
  h3 = 0x10325476;
  let offset = 0;
  for (; offset + 64 <= len; offset += 64) compress(ptr + <usize>offset);
  const rest = len - offset;
  // The tail in 16-byte moves (memory.fill/copy are out-of-line calls in V8, and this runs ~50 times
  // per NB101 fingerprint): copy whole 16-byte chunks, then clear what was copied past the message.
  const zero = i64x2.splat(0);
  for (let i: usize = 0; i < 128; i += 16) v128.store(TAIL + i, zero);
  const from = ptr + <usize>offset;
  for (let i: usize = 0; i < <usize>rest; i += 16) v128.store(TAIL + i, v128.load(from + i));
  for (let i = rest; i < ((rest + 15) & ~15); i++) store<u8>(TAIL + <usize>i, 0);
  store<u8>(TAIL + <usize>rest, 0x80);
  // The bit length goes in the last 8 bytes of the final block; it needs a second block past 55 bytes.
  const tailBlocks = rest < 56 ? 1 : 2;
  store<u64>(TAIL + <usize>(tailBlocks * 64 - 8), <u64>len << 3);
  compress(TAIL);
  if (tailBlocks == 2) compress(TAIL + 64);
  store<u32>(out, h0);
  store<u32>(out + 4, h1);
  store<u32>(out + 8, h2);
  store<u32>(out + 12, h3);
}

const HEX_DIGITS: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/** Writes the 32 lowercase hex characters of a 16-byte digest (Python's hexdigest()). */
export function md5Hex(digest: usize, out: usize): void {
  for (let i = 0; i < 16; i++) {
    const byte = <usize>load<u8>(digest + <usize>i);
    store<u8>(out + <usize>(i << 1), load<u8>(HEX_DIGITS + (byte >> 4)));
    store<u8>(out + <usize>((i << 1) + 1), load<u8>(HEX_DIGITS + (byte & 15)));
  }
}

// ---- Four messages at once: multi-buffer MD5 in the four i32 lanes of v128 ----
// NB101 fingerprints hash n independent messages per round; running four through one SIMD pipeline
// gives each lane the same arithmetic as compress() at a fraction of the instructions.
// Blocks are stored interleaved: word j of block b of lane l at LANES_BLOCKS + ((b * 16 + j) * 4 + l) * 4.
export const MD5X4_MAX_BYTES: i32 = 440; // longest message: 7 blocks with padding
const MD5X4_MAX_BLOCKS: i32 = 7;
const LANES_BLOCKS: usize = memory.data(MD5X4_MAX_BLOCKS * 64 * 4);
const LANE_BLOCKS: usize = memory.data(16); // i32 block count per lane

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
  const to = LANES_BLOCKS + (<usize>lane << 2);
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

/**
 * MD5 digests of `lanes` (1..4) messages: message l is lengths[l] (i32) bytes at messages + l * stride,
 * at most MD5X4_MAX_BYTES; digest l goes to out + 16 * l. Unused lanes compute garbage, never written.
 */
export function md5x4(lanes: i32, messages: usize, stride: usize, lengths: usize, out: usize): void {
  let most = 0;
  for (let l = 0; l < 4; l++) {
    const len = l < lanes ? load<i32>(lengths + (<usize>l << 2)) : 0;
    const blocks = padLane(l, messages + <usize>l * stride, len);
    store<i32>(LANE_BLOCKS + (<usize>l << 2), blocks);
    most = max(most, blocks);
  }
  let h0 = i32x4.splat(0x67452301);
  let h1 = i32x4.splat(0xefcdab89);
  let h2 = i32x4.splat(0x98badcfe);
  let h3 = i32x4.splat(0x10325476);
  const blocks = v128.load(LANE_BLOCKS);
  for (let block = 0; block < most; block++) {
    const base = LANES_BLOCKS + (<usize>block << 8);
    const x0 = v128.load(base, 0);
    const x1 = v128.load(base, 16);
    const x2 = v128.load(base, 32);
    const x3 = v128.load(base, 48);
    const x4 = v128.load(base, 64);
    const x5 = v128.load(base, 80);
    const x6 = v128.load(base, 96);
    const x7 = v128.load(base, 112);
    const x8 = v128.load(base, 128);
    const x9 = v128.load(base, 144);
    const x10 = v128.load(base, 160);
    const x11 = v128.load(base, 176);
    const x12 = v128.load(base, 192);
    const x13 = v128.load(base, 208);
    const x14 = v128.load(base, 224);
    const x15 = v128.load(base, 240);
    let a = h0, b = h1, c = h2, d = h3;
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vF(b, c, d)), i32x4.add(x0, i32x4(0xd76aa478, 0xd76aa478, 0xd76aa478, 0xd76aa478))), 7));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vF(a, b, c)), i32x4.add(x1, i32x4(0xe8c7b756, 0xe8c7b756, 0xe8c7b756, 0xe8c7b756))), 12));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vF(d, a, b)), i32x4.add(x2, i32x4(0x242070db, 0x242070db, 0x242070db, 0x242070db))), 17));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vF(c, d, a)), i32x4.add(x3, i32x4(0xc1bdceee, 0xc1bdceee, 0xc1bdceee, 0xc1bdceee))), 22));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vF(b, c, d)), i32x4.add(x4, i32x4(0xf57c0faf, 0xf57c0faf, 0xf57c0faf, 0xf57c0faf))), 7));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vF(a, b, c)), i32x4.add(x5, i32x4(0x4787c62a, 0x4787c62a, 0x4787c62a, 0x4787c62a))), 12));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vF(d, a, b)), i32x4.add(x6, i32x4(0xa8304613, 0xa8304613, 0xa8304613, 0xa8304613))), 17));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vF(c, d, a)), i32x4.add(x7, i32x4(0xfd469501, 0xfd469501, 0xfd469501, 0xfd469501))), 22));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vF(b, c, d)), i32x4.add(x8, i32x4(0x698098d8, 0x698098d8, 0x698098d8, 0x698098d8))), 7));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vF(a, b, c)), i32x4.add(x9, i32x4(0x8b44f7af, 0x8b44f7af, 0x8b44f7af, 0x8b44f7af))), 12));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vF(d, a, b)), i32x4.add(x10, i32x4(0xffff5bb1, 0xffff5bb1, 0xffff5bb1, 0xffff5bb1))), 17));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vF(c, d, a)), i32x4.add(x11, i32x4(0x895cd7be, 0x895cd7be, 0x895cd7be, 0x895cd7be))), 22));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vF(b, c, d)), i32x4.add(x12, i32x4(0x6b901122, 0x6b901122, 0x6b901122, 0x6b901122))), 7));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vF(a, b, c)), i32x4.add(x13, i32x4(0xfd987193, 0xfd987193, 0xfd987193, 0xfd987193))), 12));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vF(d, a, b)), i32x4.add(x14, i32x4(0xa679438e, 0xa679438e, 0xa679438e, 0xa679438e))), 17));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vF(c, d, a)), i32x4.add(x15, i32x4(0x49b40821, 0x49b40821, 0x49b40821, 0x49b40821))), 22));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vG(b, c, d)), i32x4.add(x1, i32x4(0xf61e2562, 0xf61e2562, 0xf61e2562, 0xf61e2562))), 5));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vG(a, b, c)), i32x4.add(x6, i32x4(0xc040b340, 0xc040b340, 0xc040b340, 0xc040b340))), 9));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vG(d, a, b)), i32x4.add(x11, i32x4(0x265e5a51, 0x265e5a51, 0x265e5a51, 0x265e5a51))), 14));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vG(c, d, a)), i32x4.add(x0, i32x4(0xe9b6c7aa, 0xe9b6c7aa, 0xe9b6c7aa, 0xe9b6c7aa))), 20));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vG(b, c, d)), i32x4.add(x5, i32x4(0xd62f105d, 0xd62f105d, 0xd62f105d, 0xd62f105d))), 5));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vG(a, b, c)), i32x4.add(x10, i32x4(0x02441453, 0x02441453, 0x02441453, 0x02441453))), 9));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vG(d, a, b)), i32x4.add(x15, i32x4(0xd8a1e681, 0xd8a1e681, 0xd8a1e681, 0xd8a1e681))), 14));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vG(c, d, a)), i32x4.add(x4, i32x4(0xe7d3fbc8, 0xe7d3fbc8, 0xe7d3fbc8, 0xe7d3fbc8))), 20));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vG(b, c, d)), i32x4.add(x9, i32x4(0x21e1cde6, 0x21e1cde6, 0x21e1cde6, 0x21e1cde6))), 5));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vG(a, b, c)), i32x4.add(x14, i32x4(0xc33707d6, 0xc33707d6, 0xc33707d6, 0xc33707d6))), 9));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vG(d, a, b)), i32x4.add(x3, i32x4(0xf4d50d87, 0xf4d50d87, 0xf4d50d87, 0xf4d50d87))), 14));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vG(c, d, a)), i32x4.add(x8, i32x4(0x455a14ed, 0x455a14ed, 0x455a14ed, 0x455a14ed))), 20));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vG(b, c, d)), i32x4.add(x13, i32x4(0xa9e3e905, 0xa9e3e905, 0xa9e3e905, 0xa9e3e905))), 5));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vG(a, b, c)), i32x4.add(x2, i32x4(0xfcefa3f8, 0xfcefa3f8, 0xfcefa3f8, 0xfcefa3f8))), 9));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vG(d, a, b)), i32x4.add(x7, i32x4(0x676f02d9, 0x676f02d9, 0x676f02d9, 0x676f02d9))), 14));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vG(c, d, a)), i32x4.add(x12, i32x4(0x8d2a4c8a, 0x8d2a4c8a, 0x8d2a4c8a, 0x8d2a4c8a))), 20));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vH(b, c, d)), i32x4.add(x5, i32x4(0xfffa3942, 0xfffa3942, 0xfffa3942, 0xfffa3942))), 4));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vH(a, b, c)), i32x4.add(x8, i32x4(0x8771f681, 0x8771f681, 0x8771f681, 0x8771f681))), 11));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vH(d, a, b)), i32x4.add(x11, i32x4(0x6d9d6122, 0x6d9d6122, 0x6d9d6122, 0x6d9d6122))), 16));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vH(c, d, a)), i32x4.add(x14, i32x4(0xfde5380c, 0xfde5380c, 0xfde5380c, 0xfde5380c))), 23));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vH(b, c, d)), i32x4.add(x1, i32x4(0xa4beea44, 0xa4beea44, 0xa4beea44, 0xa4beea44))), 4));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vH(a, b, c)), i32x4.add(x4, i32x4(0x4bdecfa9, 0x4bdecfa9, 0x4bdecfa9, 0x4bdecfa9))), 11));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vH(d, a, b)), i32x4.add(x7, i32x4(0xf6bb4b60, 0xf6bb4b60, 0xf6bb4b60, 0xf6bb4b60))), 16));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vH(c, d, a)), i32x4.add(x10, i32x4(0xbebfbc70, 0xbebfbc70, 0xbebfbc70, 0xbebfbc70))), 23));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vH(b, c, d)), i32x4.add(x13, i32x4(0x289b7ec6, 0x289b7ec6, 0x289b7ec6, 0x289b7ec6))), 4));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vH(a, b, c)), i32x4.add(x0, i32x4(0xeaa127fa, 0xeaa127fa, 0xeaa127fa, 0xeaa127fa))), 11));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vH(d, a, b)), i32x4.add(x3, i32x4(0xd4ef3085, 0xd4ef3085, 0xd4ef3085, 0xd4ef3085))), 16));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vH(c, d, a)), i32x4.add(x6, i32x4(0x04881d05, 0x04881d05, 0x04881d05, 0x04881d05))), 23));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vH(b, c, d)), i32x4.add(x9, i32x4(0xd9d4d039, 0xd9d4d039, 0xd9d4d039, 0xd9d4d039))), 4));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vH(a, b, c)), i32x4.add(x12, i32x4(0xe6db99e5, 0xe6db99e5, 0xe6db99e5, 0xe6db99e5))), 11));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vH(d, a, b)), i32x4.add(x15, i32x4(0x1fa27cf8, 0x1fa27cf8, 0x1fa27cf8, 0x1fa27cf8))), 16));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vH(c, d, a)), i32x4.add(x2, i32x4(0xc4ac5665, 0xc4ac5665, 0xc4ac5665, 0xc4ac5665))), 23));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vI(b, c, d)), i32x4.add(x0, i32x4(0xf4292244, 0xf4292244, 0xf4292244, 0xf4292244))), 6));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vI(a, b, c)), i32x4.add(x7, i32x4(0x432aff97, 0x432aff97, 0x432aff97, 0x432aff97))), 10));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vI(d, a, b)), i32x4.add(x14, i32x4(0xab9423a7, 0xab9423a7, 0xab9423a7, 0xab9423a7))), 15));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vI(c, d, a)), i32x4.add(x5, i32x4(0xfc93a039, 0xfc93a039, 0xfc93a039, 0xfc93a039))), 21));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vI(b, c, d)), i32x4.add(x12, i32x4(0x655b59c3, 0x655b59c3, 0x655b59c3, 0x655b59c3))), 6));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vI(a, b, c)), i32x4.add(x3, i32x4(0x8f0ccc92, 0x8f0ccc92, 0x8f0ccc92, 0x8f0ccc92))), 10));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vI(d, a, b)), i32x4.add(x10, i32x4(0xffeff47d, 0xffeff47d, 0xffeff47d, 0xffeff47d))), 15));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vI(c, d, a)), i32x4.add(x1, i32x4(0x85845dd1, 0x85845dd1, 0x85845dd1, 0x85845dd1))), 21));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vI(b, c, d)), i32x4.add(x8, i32x4(0x6fa87e4f, 0x6fa87e4f, 0x6fa87e4f, 0x6fa87e4f))), 6));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vI(a, b, c)), i32x4.add(x15, i32x4(0xfe2ce6e0, 0xfe2ce6e0, 0xfe2ce6e0, 0xfe2ce6e0))), 10));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vI(d, a, b)), i32x4.add(x6, i32x4(0xa3014314, 0xa3014314, 0xa3014314, 0xa3014314))), 15));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vI(c, d, a)), i32x4.add(x13, i32x4(0x4e0811a1, 0x4e0811a1, 0x4e0811a1, 0x4e0811a1))), 21));
    a = i32x4.add(b, rotlx4(i32x4.add(i32x4.add(a, vI(b, c, d)), i32x4.add(x4, i32x4(0xf7537e82, 0xf7537e82, 0xf7537e82, 0xf7537e82))), 6));
    d = i32x4.add(a, rotlx4(i32x4.add(i32x4.add(d, vI(a, b, c)), i32x4.add(x11, i32x4(0xbd3af235, 0xbd3af235, 0xbd3af235, 0xbd3af235))), 10));
    c = i32x4.add(d, rotlx4(i32x4.add(i32x4.add(c, vI(d, a, b)), i32x4.add(x2, i32x4(0x2ad7d2bb, 0x2ad7d2bb, 0x2ad7d2bb, 0x2ad7d2bb))), 15));
    b = i32x4.add(c, rotlx4(i32x4.add(i32x4.add(b, vI(c, d, a)), i32x4.add(x9, i32x4(0xeb86d391, 0xeb86d391, 0xeb86d391, 0xeb86d391))), 21));
    // Lanes whose message has ended keep their state.
    const active = i32x4.gt_s(blocks, i32x4.splat(block));
    h0 = v128.bitselect(i32x4.add(h0, a), h0, active);
    h1 = v128.bitselect(i32x4.add(h1, b), h1, active);
    h2 = v128.bitselect(i32x4.add(h2, c), h2, active);
    h3 = v128.bitselect(i32x4.add(h3, d), h3, active);
  }
  for (let l = 0; l < lanes; l++) {
    const digest = out + (<usize>l << 4);
    store<i32>(digest, laneOf(h0, l));
    store<i32>(digest, laneOf(h1, l), 4);
    store<i32>(digest, laneOf(h2, l), 8);
    store<i32>(digest, laneOf(h3, l), 12);
  }
}

// @ts-ignore: decorator
@inline function laneOf(v: v128, l: i32): i32 {
  return l == 0 ? i32x4.extract_lane(v, 0) : l == 1 ? i32x4.extract_lane(v, 1) : l == 2 ? i32x4.extract_lane(v, 2) : i32x4.extract_lane(v, 3);
}
