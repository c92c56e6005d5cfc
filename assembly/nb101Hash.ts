// The official NAS-Bench-101 module fingerprint (nasbench graph_util.hash_module as ModelSpec.hash_spec
// calls it), bit for bit: labels -1 input, -2 output, op index for inner vertices; each vertex starts
// from md5(str((out_degree, in_degree, label))), then for as many rounds as there are vertices takes
// md5(sorted in-neighbour hex + "|" + sorted out-neighbour hex + "|" + own hex); the fingerprint is
// md5(str(sorted(hexes))), i.e. of "['h1', 'h2', ...]".
//
// Graphs are hashed GROUP at a time in lockstep, round by round: the round's messages of the whole group
// are gathered, sorted by MD5 block count and digested twelve at a time (md5x12), so the lanes of a call
// carry messages of one length (hashing each graph's n messages alone left lanes idle or waiting). The
// first rounds' messages depend only on a vertex's near neighbourhood and repeat across graphs (round 0
// has a few dozen distinct messages), so their digests are memoised in a host-given table (see DIGEST
// CACHE below); the output never depends on what the table holds.
import { STATUS_BAD_ARGUMENT, STATUS_OK, mix64 } from "./common";
import { md5Hex, md5x12 } from "./md5";
import { NB101_EDGES, NB101_LENGTH, loadAdjacency, liveVertices, restrictAdjacency, row } from "./spaces/nb101";

const GROUP: i32 = 64; // graphs hashed in lockstep
const MAX_VERTICES: i32 = 7;
const SLOTS: i32 = GROUP * MAX_VERTICES; // slot k * 7 + v: vertex v of graph k of the group
// One message per slot; a round's message is at most 7 x 32 + 2 bytes, the final one 7 x 36 = 252.
// Every byte from a round message's end to the next multiple of 16 is zero (keys compare and hash whole words).
const MESSAGE_STRIDE: usize = 256;
const MESSAGES: usize = memory.data(SLOTS * <i32>MESSAGE_STRIDE);
const LENGTHS: usize = memory.data(SLOTS * 4); // i32 message length per slot
const DESTINATIONS: usize = memory.data(SLOTS * 4); // u32: where the slot's digest goes (hex, or raw for the fingerprint)
const CACHE_ENTRIES: usize = memory.data(SLOTS * 4); // u32: the cache entry a missed message fills, 0 for none
// Current hex digest per slot, two generations: round r reads HEX_EVEN when r is even and writes the other.
const HEX_EVEN: usize = memory.data(SLOTS * 32);
const HEX_ODD: usize = memory.data(SLOTS * 32);
const VERTICES: usize = memory.data(GROUP); // live vertex count per graph, 0 when its input is not connected to its output
const IN_MASK: usize = memory.data(SLOTS); // compacted in-neighbour bits per slot
const OUT_MASK: usize = memory.data(SLOTS);
const RANKED: usize = memory.data(8); // compacted indices of one graph sorted by current hex
const PENDING: usize = memory.data(SLOTS * 4); // i32 slots whose message awaits its digest
const SORTED: usize = memory.data(SLOTS * 4); // PENDING sorted by block count
const BLOCK_COUNTS: usize = memory.data(8 * 4); // i32 pending messages per block count (1..7), then bucket starts
const LANE_POINTERS: usize = memory.data(12 * 4);
const LANE_LENGTHS: usize = memory.data(12 * 4);
const LANE_DIGESTS: usize = memory.data(12 * 16);

// ---- DIGEST CACHE ----
// A direct-mapped table of `cacheSlots` (a power of two, or 0 for none) entries of CACHE_ENTRY bytes in
// host memory, kept across calls: u32 message length (0: empty), 12 bytes unused, the 32-byte hex
// digest, then the message, zero-padded to 16 bytes. A miss overwrites its entry. Only the messages of
// the first CACHED_ROUNDS phases are looked up: round 0's (out degree, in degree, label) and round 1's,
// which depend on the neighbours' round-0 values alone, repeat across cells (over all NAS-Bench-101
// classes, about 99% and 85% hits with 16,384 entries). Later rounds see most of the cell: round 2 repeats
// about a quarter of the time, round 3 on 1-3%, too little to pay for the look-ups and for evicting
// round 1's entries.
const CACHE_ENTRY: usize = 256;
const CACHE_HEX: usize = 16;
const CACHE_KEY: usize = 48;
const CACHE_KEY_BYTES: i32 = <i32>(CACHE_ENTRY - CACHE_KEY);
const CACHED_ROUNDS: i32 = 2;

let cache: usize = 0;
let cacheMask: u64 = 0;
let caching = false; // whether the phase being resolved looks its messages up

// @ts-ignore: decorator
@inline
function slotMessage(slot: i32): usize {
  return MESSAGES + <usize>slot * MESSAGE_STRIDE;
}

// @ts-ignore: decorator
@inline
function hexAt(hexes: usize, slot: i32): usize {
  return hexes + (<usize>slot << 5);
}

// @ts-ignore: decorator
@inline
function hexLess(hexes: usize, a: i32, b: i32): bool {
  // Byte-wise lexicographic order, 8 bytes at a time: big-endian words compare like their bytes.
  const pa = hexAt(hexes, a);
  const pb = hexAt(hexes, b);
  for (let i: usize = 0; i < 32; i += 8) {
    const x = bswap<u64>(load<u64>(pa + i));
    const y = bswap<u64>(load<u64>(pb + i));
    if (x != y) return x < y;
  }
  return false;
}

const RANK_KEYS: usize = memory.data(8 * 8); // u64 per rank: the first 8 hex characters, big-endian

/** RANKED = the graph's compacted vertices (slots first..first+n-1) sorted by their hex in `hexes`. */
function rankByHex(hexes: usize, first: i32, n: i32): void {
  // Insertion sort on each hex's first 8 characters as a number (its byte order); equal ones, which
  // are rare, compare whole.
  for (let i = 0; i < n; i++) {
    const key = bswap<u64>(load<u64>(hexAt(hexes, first + i)));
    let j = i;
    while (j > 0) {
      const before = load<u64>(RANK_KEYS + (<usize>(j - 1) << 3));
      if (key > before || (key == before && !hexLess(hexes, first + i, first + <i32>load<u8>(RANKED + <usize>(j - 1))))) break;
      store<u64>(RANK_KEYS + (<usize>j << 3), before);
      store<u8>(RANKED + <usize>j, load<u8>(RANKED + <usize>(j - 1)));
      j--;
    }
    store<u64>(RANK_KEYS + (<usize>j << 3), key);
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
function putHex(base: usize, at: i32, from: usize): i32 {
  // Two 16-byte moves instead of memory.copy, which V8 runs as an out-of-line call.
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

/** Ends a round message: its length, zeros to the next multiple of 16, its digest's destination, pending. */
// @ts-ignore: decorator
@inline
function closeMessage(slot: i32, length: i32, destination: usize, pending: i32): i32 {
  const base = slotMessage(slot);
  v128.store(base + <usize>length, i64x2.splat(0));
  store<i32>(LENGTHS + (<usize>slot << 2), length);
  store<u32>(DESTINATIONS + (<usize>slot << 2), <u32>destination);
  store<i32>(PENDING + (<usize>pending << 2), slot);
  return pending + 1;
}

/** The cache entry of a message (zero-padded to 16 bytes). */
function cacheEntryOf(message: usize, length: i32): usize {
  // A few words suffice to spread entries (a key is compared whole): the first 16 bytes (all of a
  // round-0 message), then 8 bytes of every further 32 (each a stretch of some digest's hex).
  let h: u64 = (<u64>length ^ load<u64>(message)) * 0x9e3779b97f4a7c15 + load<u64>(message, 8);
  for (let i: usize = 32; i < <usize>length; i += 32) h = rotl<u64>(h * 0x9e3779b97f4a7c15, 29) ^ load<u64>(message + i);
  return cache + <usize>(mix64(h) & cacheMask) * CACHE_ENTRY;
}

/** True when `entry` holds `message` (both zero-padded to 16 bytes). */
function cacheHolds(entry: usize, message: usize, length: i32): bool {
  if (load<i32>(entry) != length) return false;
  const key = entry + CACHE_KEY;
  for (let i: usize = 0; i < <usize>length; i += 16) {
    if (v128.any_true(v128.xor(v128.load(key + i), v128.load(message + i)))) return false;
  }
  return true;
}

function cacheStore(entry: usize, message: usize, length: i32, hex: usize): void {
  store<i32>(entry, length);
  putHex(entry + CACHE_HEX, 0, hex);
  const key = entry + CACHE_KEY;
  for (let i: usize = 0; i < <usize>length; i += 16) v128.store(key + i, v128.load(message + i));
}

/**
 * Digests the `pending` messages: from the cache when `caching` and it holds them, else twelve at a time
 * grouped by block count. `hex`: destinations take the hex digest, else the raw 16 bytes.
 */
function resolve(pending: i32, hex: bool): void {
  // Cache hits leave; the rest are counted per block count.
  for (let b = 0; b < 8; b++) store<i32>(BLOCK_COUNTS + (<usize>b << 2), 0);
  let missed = 0;
  for (let p = 0; p < pending; p++) {
    const slot = load<i32>(PENDING + (<usize>p << 2));
    const length = load<i32>(LENGTHS + (<usize>slot << 2));
    let entry: usize = 0;
    if (caching && length <= CACHE_KEY_BYTES) {
      const message = slotMessage(slot);
      entry = cacheEntryOf(message, length);
      if (cacheHolds(entry, message, length)) {
        putHex(<usize>load<u32>(DESTINATIONS + (<usize>slot << 2)), 0, entry + CACHE_HEX);
        continue;
      }
    }
    store<u32>(CACHE_ENTRIES + (<usize>slot << 2), <u32>entry);
    store<i32>(PENDING + (<usize>missed << 2), slot);
    missed++;
    const counter = BLOCK_COUNTS + (<usize>((length + 8) >> 6) << 2); // blocks - 1
    store<i32>(counter, load<i32>(counter) + 1);
  }
  // Counting sort by block count: each bucket's start, then the slots placed.
  let start = 0;
  for (let b = 0; b < 8; b++) {
    const counter = BLOCK_COUNTS + (<usize>b << 2);
    const count = load<i32>(counter);
    store<i32>(counter, start);
    start += count;
  }
  for (let p = 0; p < missed; p++) {
    const slot = load<i32>(PENDING + (<usize>p << 2));
    const counter = BLOCK_COUNTS + (<usize>((load<i32>(LENGTHS + (<usize>slot << 2)) + 8) >> 6) << 2);
    const at = load<i32>(counter);
    store<i32>(counter, at + 1);
    store<i32>(SORTED + (<usize>at << 2), slot);
  }
  for (let p = 0; p < missed; p += 12) {
    const lanes = min(12, missed - p);
    for (let l = 0; l < lanes; l++) {
      const slot = load<i32>(SORTED + (<usize>(p + l) << 2));
      store<u32>(LANE_POINTERS + (<usize>l << 2), <u32>slotMessage(slot));
      store<i32>(LANE_LENGTHS + (<usize>l << 2), load<i32>(LENGTHS + (<usize>slot << 2)));
    }
    md5x12(lanes, LANE_POINTERS, LANE_LENGTHS, LANE_DIGESTS);
    for (let l = 0; l < lanes; l++) {
      const slot = load<i32>(SORTED + (<usize>(p + l) << 2));
      const destination = <usize>load<u32>(DESTINATIONS + (<usize>slot << 2));
      const digest = LANE_DIGESTS + (<usize>l << 4);
      if (!hex) {
        v128.store(destination, v128.load(digest));
        continue;
      }
      md5Hex(digest, destination);
      const entry = <usize>load<u32>(CACHE_ENTRIES + (<usize>slot << 2));
      if (entry != 0) cacheStore(entry, slotMessage(slot), load<i32>(LENGTHS + (<usize>slot << 2)), destination);
    }
  }
}

/** Graph k's live vertices, masks and round-0 messages (appended to PENDING); returns the new pending count. */
function startGraph(k: i32, g: usize, pending: i32): i32 {
  const raw = loadAdjacency(g);
  const live = liveVertices(raw);
  if (live == 0) {
    store<u8>(VERTICES + <usize>k, 0);
    return pending;
  }
  const adj = restrictAdjacency(raw, live);
  // Compacted index i -> genome vertex, in RANKED as scratch.
  let n = 0;
  for (let v = 0; v < MAX_VERTICES; v++) if ((live >> <u32>v) & 1) store<u8>(RANKED + <usize>(n++), <u8>v);
  store<u8>(VERTICES + <usize>k, <u8>n);
  const first = k * MAX_VERTICES;
  for (let i = 0; i < n; i++) {
    store<u8>(IN_MASK + <usize>(first + i), 0);
    store<u8>(OUT_MASK + <usize>(first + i), 0);
  }
  for (let i = 0; i < n; i++) {
    const r = row(adj, <i32>load<u8>(RANKED + <usize>i));
    for (let j = i + 1; j < n; j++) {
      if ((r >> <u32>load<u8>(RANKED + <usize>j)) & 1) {
        store<u8>(OUT_MASK + <usize>(first + i), <u8>(<i32>load<u8>(OUT_MASK + <usize>(first + i)) | (<i32>1 << j)));
        store<u8>(IN_MASK + <usize>(first + j), <u8>(<i32>load<u8>(IN_MASK + <usize>(first + j)) | (<i32>1 << i)));
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const slot = first + i;
    const label = i == 0 ? -1 : i == n - 1 ? -2 : <i32>load<u8>(g + <usize>(NB101_EDGES + <i32>load<u8>(RANKED + <usize>i) - 1));
    const base = slotMessage(slot);
    let at = putByte(base, 0, 40); // "("
    at = putSmallInt(base, at, <i32>popcnt(load<u8>(OUT_MASK + <usize>slot)));
    at = putByte(base, putByte(base, at, 44), 32); // ", "
    at = putSmallInt(base, at, <i32>popcnt(load<u8>(IN_MASK + <usize>slot)));
    at = putByte(base, putByte(base, at, 44), 32);
    at = putSmallInt(base, at, label);
    at = putByte(base, at, 41); // ")"
    pending = closeMessage(slot, at, hexAt(HEX_EVEN, slot), pending);
  }
  return pending;
}

/** Graph k's messages of one round (hexes `from`, digests to `to`), appended to PENDING. */
function roundMessages(k: i32, n: i32, from: usize, to: usize, pending: i32): i32 {
  const first = k * MAX_VERTICES;
  // Neighbours are joined in sorted-hex order: rank every vertex once, then filter by the masks.
  rankByHex(from, first, n);
  for (let v = 0; v < n; v++) {
    const slot = first + v;
    const inMask = <u32>load<u8>(IN_MASK + <usize>slot);
    const outMask = <u32>load<u8>(OUT_MASK + <usize>slot);
    const base = slotMessage(slot);
    // In-neighbours from 0, out-neighbours after the in-neighbours' "|", in one pass over the ranking.
    const inEnd = <i32>popcnt(inMask) << 5;
    let inAt = 0;
    let outAt = inEnd + 1;
    for (let r = 0; r < n; r++) {
      const w = <i32>load<u8>(RANKED + <usize>r);
      if ((inMask >> <u32>w) & 1) inAt = putHex(base, inAt, hexAt(from, first + w));
      else if ((outMask >> <u32>w) & 1) outAt = putHex(base, outAt, hexAt(from, first + w));
    }
    putByte(base, inEnd, 124); // "|"
    let at = putByte(base, outAt, 124);
    at = putHex(base, at, hexAt(from, slot));
    pending = closeMessage(slot, at, hexAt(to, slot), pending);
  }
  return pending;
}

/** Graph k's fingerprint message "['h1', 'h2', ...]" in its first slot, the digest going to `out`. */
function fingerprintMessage(k: i32, n: i32, hexes: usize, out: usize, pending: i32): i32 {
  const first = k * MAX_VERTICES;
  rankByHex(hexes, first, n);
  const base = slotMessage(first);
  let at = putByte(base, 0, 91); // "["
  for (let r = 0; r < n; r++) {
    if (r > 0) at = putByte(base, putByte(base, at, 44), 32);
    at = putByte(base, at, 39); // "'"
    at = putHex(base, at, hexAt(hexes, first + <i32>load<u8>(RANKED + <usize>r)));
    at = putByte(base, at, 39);
  }
  at = putByte(base, at, 93); // "]"
  // At most 7 x 36 bytes, within its slot; not zero-padded, as it is never a cache key.
  store<i32>(LENGTHS + (<usize>first << 2), at);
  store<u32>(DESTINATIONS + (<usize>first << 2), <u32>out);
  store<i32>(PENDING + (<usize>pending << 2), first);
  return pending + 1;
}

/** Fingerprints of `count` (<= GROUP) genomes at g to out (16 bytes each, zero for an unconnected one). */
function hashGroup(g: usize, count: i32, out: usize): void {
  let pending = 0;
  let rounds = 0;
  for (let k = 0; k < count; k++) {
    pending = startGraph(k, g + <usize>(k * NB101_LENGTH), pending);
    rounds = max(rounds, <i32>load<u8>(VERTICES + <usize>k));
  }
  caching = cache != 0;
  resolve(pending, true);
  for (let round = 0; round < rounds; round++) {
    const from = round & 1 ? HEX_ODD : HEX_EVEN;
    const to = round & 1 ? HEX_EVEN : HEX_ODD;
    pending = 0;
    for (let k = 0; k < count; k++) {
      const n = <i32>load<u8>(VERTICES + <usize>k);
      if (round < n) pending = roundMessages(k, n, from, to, pending);
    }
    caching = cache != 0 && round + 1 < CACHED_ROUNDS;
    resolve(pending, true);
  }
  pending = 0;
  for (let k = 0; k < count; k++) {
    const n = <i32>load<u8>(VERTICES + <usize>k);
    const digest = out + (<usize>k << 4);
    // A graph of n vertices ran n rounds: its hexes are in the generation round n wrote.
    if (n == 0) v128.store(digest, i64x2.splat(0));
    else pending = fingerprintMessage(k, n, n & 1 ? HEX_ODD : HEX_EVEN, digest, pending);
  }
  caching = false;
  resolve(pending, false);
}

/**
 * out[16 * i ..] = the NAS-Bench-101 md5 fingerprint (raw 16 bytes) of genome i, all zero when its
 * input is not connected to its output. `digestCache`: the DIGEST CACHE table of `cacheSlots` entries
 * (a power of two; 0 for none), zeroed by the host once and kept for later calls.
 * Called by the host once per batch (officialKeys, verification).
 */
export function nb101OfficialHashes(genomes: usize, count: i32, out: usize, digestCache: usize, cacheSlots: i32): i32 {
  if (cacheSlots < 0 || (cacheSlots & (cacheSlots - 1)) != 0 || (cacheSlots > 0 && digestCache == 0)) return STATUS_BAD_ARGUMENT;
  cache = cacheSlots == 0 ? 0 : digestCache;
  cacheMask = <u64>(cacheSlots - 1);
  for (let start = 0; start < count; start += GROUP) {
    hashGroup(genomes + <usize>(start * NB101_LENGTH), min(GROUP, count - start), out + (<usize>start << 4));
  }
  return STATUS_OK;
}

