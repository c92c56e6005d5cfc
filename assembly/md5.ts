// MD5 (RFC 1321), written from the RFC's description: NAS-Bench-101 fingerprints cells with iterated MD5
// over hex strings, so interoperable keys need the real digest. Messages here are short (< 512 bytes).

// K[i] = floor(|sin(i + 1)| * 2^32), the RFC's table.
const MD5_K: usize = memory.data<u32>([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

// Per-step left rotations: four per round, repeated four times within the round.
const MD5_S: usize = memory.data<u8>([7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]);

// The padded last one or two blocks of the message being digested.
const TAIL: usize = memory.data(128);

let h0: u32 = 0;
let h1: u32 = 0;
let h2: u32 = 0;
let h3: u32 = 0;

function compress(block: usize): void {
  let a = h0, b = h1, c = h2, d = h3;
  for (let i = 0; i < 64; i++) {
    let f: u32;
    let g: i32;
    const round = i >> 4;
    if (round == 0) { f = (b & c) | (~b & d); g = i; }
    else if (round == 1) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
    else if (round == 2) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
    else { f = c ^ (b | ~d); g = (7 * i) & 15; }
    f += a + load<u32>(MD5_K + (<usize>i << 2)) + load<u32>(block + (<usize>g << 2));
    a = d;
    d = c;
    c = b;
    b += rotl<u32>(f, <u32>load<u8>(MD5_S + <usize>((round << 2) | (i & 3))));
  }
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
  memory.fill(TAIL, 0, 128);
  memory.copy(TAIL, ptr + <usize>offset, <usize>rest);
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
