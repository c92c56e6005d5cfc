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
