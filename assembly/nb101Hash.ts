// The official NAS-Bench-101 module fingerprint (nasbench graph_util.hash_module as ModelSpec.hash_spec
// calls it), bit for bit: labels -1 input, -2 output, op index for inner vertices; each vertex starts
// from md5(str((out_degree, in_degree, label))), then for as many rounds as there are vertices takes
// md5(sorted in-neighbour hex + "|" + sorted out-neighbour hex + "|" + own hex); the fingerprint is
// md5(str(sorted(hexes))), i.e. of "['h1', 'h2', ...]".
import { STATUS_OK } from "./common";
import { md5, md5Hex, md5x4 } from "./md5";
import { NB101_EDGES, NB101_LENGTH, loadAdjacency, liveVertices, restrictAdjacency, row } from "./spaces/nb101";

const HEX: usize = memory.data(7 * 32); // current hex digest per (compacted) vertex
const MESSAGE: usize = memory.data(512);
const DIGEST: usize = memory.data(16);
// One message per vertex per round, hashed four at a time (md5x4); a message is at most 7 x 32 + 2 bytes.
const MESSAGE_STRIDE: usize = 256;
const MESSAGES: usize = memory.data(<i32>(8 * MESSAGE_STRIDE));
const MESSAGE_LENGTHS: usize = memory.data(8 * 4);
const DIGESTS: usize = memory.data(8 * 16);
const VERTEX: usize = memory.data(8); // compacted index -> genome vertex
const RANKED: usize = memory.data(8); // compacted indices sorted by current hex
const IN_MASK: usize = memory.data(8); // compacted in-neighbour bits
const OUT_MASK: usize = memory.data(8);

// @ts-ignore: decorator
@inline
function hexLess(a: i32, b: i32): bool {
  // Byte-wise lexicographic order, 8 bytes at a time: big-endian words compare like their bytes.
  const pa = HEX + <usize>(a << 5);
  const pb = HEX + <usize>(b << 5);
  for (let i: usize = 0; i < 32; i += 8) {
    const x = bswap<u64>(load<u64>(pa + i));
    const y = bswap<u64>(load<u64>(pb + i));
    if (x != y) return x < y;
  }
  return false;
}

function rankByHex(n: i32): void {
  for (let i = 0; i < n; i++) {
    let j = i;
    while (j > 0 && hexLess(i, <i32>load<u8>(RANKED + <usize>(j - 1)))) {
      store<u8>(RANKED + <usize>j, load<u8>(RANKED + <usize>(j - 1)));
      j--;
    }
    store<u8>(RANKED + <usize>j, <u8>i);
  }
}

// Message writers: `base` is the message buffer, `at` the write position; each returns the next position.
// @ts-ignore: decorator
@inline
function putByte(base: usize, at: i32, byte: i32): i32 {
  store<u8>(base + <usize>at, <u8>byte);
  return at + 1;
}

// @ts-ignore: decorator
@inline
function putHex(base: usize, at: i32, vertex: i32): i32 {
  // Two 16-byte moves instead of memory.copy, which V8 runs as an out-of-line call.
  const from = HEX + <usize>(vertex << 5);
  const to = base + <usize>at;
  v128.store(to, v128.load(from));
  v128.store(to, v128.load(from, 16), 16);
  return at + 32;
}

/** Small non-negative or negative integer in decimal, as Python's str() writes it (|x| < 10). */
// @ts-ignore: decorator
@inline
function putSmallInt(base: usize, at: i32, x: i32): i32 {
  if (x < 0) {
    at = putByte(base, at, 45); // "-"
    x = -x;
  }
  return putByte(base, at, 48 + x);
}

/** Digests the n vertex messages (MESSAGES, MESSAGE_LENGTHS) four at a time; hex digest v -> target + 32 v. */
function hashVertexMessages(n: i32, target: usize): void {
  for (let v = 0; v < n; v += 4) {
    md5x4(min(4, n - v), MESSAGES + <usize>v * MESSAGE_STRIDE, MESSAGE_STRIDE, MESSAGE_LENGTHS + (<usize>v << 2), DIGESTS + (<usize>v << 4));
  }
  for (let v = 0; v < n; v++) md5Hex(DIGESTS + (<usize>v << 4), target + (<usize>v << 5));
}

/** Fingerprint of one genome (pruned on the fly); false when its input is not connected to its output. */
export function nb101OfficialHash(g: usize, out: usize): bool {
  const raw = loadAdjacency(g);
  const live = liveVertices(raw);
  if (live == 0) return false;
  const adj = restrictAdjacency(raw, live);
  let n = 0;
  for (let v = 0; v < 7; v++) if ((live >> <u32>v) & 1) store<u8>(VERTEX + <usize>(n++), <u8>v);
  for (let i = 0; i < n; i++) {
    store<u8>(IN_MASK + <usize>i, 0);
    store<u8>(OUT_MASK + <usize>i, 0);
  }
  for (let i = 0; i < n; i++) {
    const r = row(adj, <i32>load<u8>(VERTEX + <usize>i));
    for (let j = i + 1; j < n; j++) {
      if ((r >> <u32>load<u8>(VERTEX + <usize>j)) & 1) {
        store<u8>(OUT_MASK + <usize>i, <u8>(<i32>load<u8>(OUT_MASK + <usize>i) | (<i32>1 << j)));
        store<u8>(IN_MASK + <usize>j, <u8>(<i32>load<u8>(IN_MASK + <usize>j) | (<i32>1 << i)));
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const label = i == 0 ? -1 : i == n - 1 ? -2 : <i32>load<u8>(g + <usize>(NB101_EDGES + <i32>load<u8>(VERTEX + <usize>i) - 1));
    const base = MESSAGES + <usize>i * MESSAGE_STRIDE;
    let at = putByte(base, 0, 40); // "("
    at = putSmallInt(base, at, <i32>popcnt(load<u8>(OUT_MASK + <usize>i)));
    at = putByte(base, putByte(base, at, 44), 32); // ", "
    at = putSmallInt(base, at, <i32>popcnt(load<u8>(IN_MASK + <usize>i)));
    at = putByte(base, putByte(base, at, 44), 32);
    at = putSmallInt(base, at, label);
    at = putByte(base, at, 41); // ")"
    store<i32>(MESSAGE_LENGTHS + (<usize>i << 2), at);
  }
  hashVertexMessages(n, HEX);
  for (let round = 0; round < n; round++) {
    // Neighbours are joined in sorted-hex order: rank every vertex once, then filter by the masks.
    rankByHex(n);
    for (let v = 0; v < n; v++) {
      const inMask = <u32>load<u8>(IN_MASK + <usize>v);
      const outMask = <u32>load<u8>(OUT_MASK + <usize>v);
      const base = MESSAGES + <usize>v * MESSAGE_STRIDE;
      let at = 0;
      for (let r = 0; r < n; r++) {
        const w = <i32>load<u8>(RANKED + <usize>r);
        if ((inMask >> <u32>w) & 1) at = putHex(base, at, w);
      }
      at = putByte(base, at, 124); // "|"
      for (let r = 0; r < n; r++) {
        const w = <i32>load<u8>(RANKED + <usize>r);
        if ((outMask >> <u32>w) & 1) at = putHex(base, at, w);
      }
      at = putByte(base, at, 124);
      at = putHex(base, at, v);
      store<i32>(MESSAGE_LENGTHS + (<usize>v << 2), at);
    }
    hashVertexMessages(n, HEX);
  }
  rankByHex(n);
  let at = putByte(MESSAGE, 0, 91); // "["
  for (let r = 0; r < n; r++) {
    if (r > 0) at = putByte(MESSAGE, putByte(MESSAGE, at, 44), 32);
    at = putByte(MESSAGE, at, 39); // "'"
    at = putHex(MESSAGE, at, <i32>load<u8>(RANKED + <usize>r));
    at = putByte(MESSAGE, at, 39);
  }
  at = putByte(MESSAGE, at, 93); // "]"
  md5(MESSAGE, at, out);
  return true;
}

/**
 * out[16 * i ..] = the NAS-Bench-101 md5 fingerprint (raw 16 bytes) of genome i, all zero when its
 * input is not connected to its output. Called by the host once per batch (officialKeys, verification).
 */
export function nb101OfficialHashes(genomes: usize, count: i32, out: usize): i32 {
  for (let i = 0; i < count; i++) {
    const slot = out + (<usize>i << 4);
    if (!nb101OfficialHash(genomes + <usize>(i * NB101_LENGTH), slot)) memory.fill(slot, 0, 16);
  }
  return STATUS_OK;
}
