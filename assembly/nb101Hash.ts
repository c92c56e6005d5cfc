// The official NAS-Bench-101 module fingerprint (nasbench graph_util.hash_module as ModelSpec.hash_spec
// calls it), bit for bit: labels -1 input, -2 output, op index for inner vertices; each vertex starts
// from md5(str((out_degree, in_degree, label))), then for as many rounds as there are vertices takes
// md5(sorted in-neighbour hex + "|" + sorted out-neighbour hex + "|" + own hex); the fingerprint is
// md5(str(sorted(hexes))), i.e. of "['h1', 'h2', ...]".
import { STATUS_OK } from "./common";
import { md5, md5Hex } from "./md5";
import { NB101_EDGES, NB101_LENGTH, loadAdjacency, liveVertices, restrictAdjacency, row } from "./spaces/nb101";

const HEX: usize = memory.data(7 * 32); // current hex digest per (compacted) vertex
const NEXT_HEX: usize = memory.data(7 * 32);
const MESSAGE: usize = memory.data(512);
const DIGEST: usize = memory.data(16);
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

// @ts-ignore: decorator
@inline
function putByte(at: i32, byte: i32): i32 {
  store<u8>(MESSAGE + <usize>at, <u8>byte);
  return at + 1;
}

// @ts-ignore: decorator
@inline
function putHex(at: i32, vertex: i32): i32 {
  // Two 16-byte moves instead of memory.copy, which V8 runs as an out-of-line call.
  const from = HEX + <usize>(vertex << 5);
  const to = MESSAGE + <usize>at;
  v128.store(to, v128.load(from));
  v128.store(to, v128.load(from, 16), 16);
  return at + 32;
}

/** Small non-negative or negative integer in decimal, as Python's str() writes it (|x| < 10). */
// @ts-ignore: decorator
@inline
function putSmallInt(at: i32, x: i32): i32 {
  if (x < 0) {
    at = putByte(at, 45); // "-"
    x = -x;
  }
  return putByte(at, 48 + x);
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
    let at = putByte(0, 40); // "("
    at = putSmallInt(at, <i32>popcnt(load<u8>(OUT_MASK + <usize>i)));
    at = putByte(putByte(at, 44), 32); // ", "
    at = putSmallInt(at, <i32>popcnt(load<u8>(IN_MASK + <usize>i)));
    at = putByte(putByte(at, 44), 32);
    at = putSmallInt(at, label);
    at = putByte(at, 41); // ")"
    md5(MESSAGE, at, DIGEST);
    md5Hex(DIGEST, HEX + <usize>(i << 5));
  }
  for (let round = 0; round < n; round++) {
    // Neighbours are joined in sorted-hex order: rank every vertex once, then filter by the masks.
    rankByHex(n);
    for (let v = 0; v < n; v++) {
      const inMask = <u32>load<u8>(IN_MASK + <usize>v);
      const outMask = <u32>load<u8>(OUT_MASK + <usize>v);
      let at = 0;
      for (let r = 0; r < n; r++) {
        const w = <i32>load<u8>(RANKED + <usize>r);
        if ((inMask >> <u32>w) & 1) at = putHex(at, w);
      }
      at = putByte(at, 124); // "|"
      for (let r = 0; r < n; r++) {
        const w = <i32>load<u8>(RANKED + <usize>r);
        if ((outMask >> <u32>w) & 1) at = putHex(at, w);
      }
      at = putByte(at, 124);
      at = putHex(at, v);
      md5(MESSAGE, at, DIGEST);
      md5Hex(DIGEST, NEXT_HEX + <usize>(v << 5));
    }
    memory.copy(HEX, NEXT_HEX, <usize>(n << 5));
  }
  rankByHex(n);
  let at = putByte(0, 91); // "["
  for (let r = 0; r < n; r++) {
    if (r > 0) at = putByte(putByte(at, 44), 32);
    at = putByte(at, 39); // "'"
    at = putHex(at, <i32>load<u8>(RANKED + <usize>r));
    at = putByte(at, 39);
  }
  at = putByte(at, 93); // "]"
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
