import { STATUS_OK, STATUS_TABLE_FULL, STATUS_BAD_ARGUMENT } from "./common";

// Key -> score table of a run: every architecture ever scored, with its score and the last iteration
// whose space admitted it. Open addressing, linear probing, `capacity` slots (a power of two) of
// 16 bytes at `table`:
//   +0  u64 key    canonical 64-bit key; 0 marks an empty slot (key 0 is stored as EMPTY_KEY_STANDIN)
//   +8  f32 score  predicted score (NaN until the host sets it)
//   +12 u32 stamp  the host's stamp (iteration + 1) of the last space that claimed the key; 0 = none
// 16 bytes per slot against ~100 for a JS Map<bigint, number> entry: 10^7 keys fit in 256 MiB.
const EMPTY_KEY_STANDIN: u64 = 0x8000000000000001;
const SLOT_SHIFT: usize = 4;

export const CLAIM_SEEN: u8 = 0;
export const CLAIM_KNOWN: u8 = 1;
export const CLAIM_NEW: u8 = 2;

// @ts-ignore: decorator
@inline
function slotOf(table: usize, key: u64, mask: u64): usize {
  // Keys are mixed hashes; folding the upper bits in spreads them under a power-of-two mask.
  let index = (key ^ (key >> 29)) & mask;
  while (true) {
    const slot = table + (<usize>index << SLOT_SHIFT);
    const present = load<u64>(slot);
    if (present == 0 || present == key) return slot;
    index = (index + 1) & mask;
  }
  return 0;
}

// @ts-ignore: decorator
@inline
function storedKey(key: u64): u64 {
  return key == 0 ? EMPTY_KEY_STANDIN : key;
}

function validCapacity(capacity: i32): bool {
  return capacity > 0 && (capacity & (capacity - 1)) == 0;
}

/**
 * Claims `count` keys for the space stamped `stamp` (>= 1). status[i] (u8): 0 = already claimed with
 * this stamp (a duplicate), 1 = scored before (scores[i] = its score; now stamped), 2 = never seen
 * (inserted with this stamp and a NaN score; the host predicts it and calls scoreTableSet).
 * Returns the number of new keys, or STATUS_TABLE_FULL. The host keeps the load factor <= 3/4, so
 * probing always ends; it checks free slots >= count before the call. Called once per chunk of keys.
 */
export function scoreTableClaim(table: usize, capacity: i32, keys: usize, count: i32, stamp: u32, scores: usize, status: usize): i32 {
  if (!validCapacity(capacity) || stamp == 0) return STATUS_BAD_ARGUMENT;
  const mask = <u64>(capacity - 1);
  let added = 0;
  for (let i = 0; i < count; i++) {
    const key = storedKey(load<u64>(keys + (<usize>i << 3)));
    const slot = slotOf(table, key, mask);
    let result = CLAIM_SEEN;
    let score: f32 = NaN;
    if (load<u64>(slot) == 0) {
      store<u64>(slot, key);
      store<f32>(slot + 8, NaN);
      store<u32>(slot + 12, stamp);
      result = CLAIM_NEW;
      added++;
    } else if (load<u32>(slot + 12) != stamp) {
      store<u32>(slot + 12, stamp);
      score = load<f32>(slot + 8);
      result = CLAIM_KNOWN;
    }
    store<u8>(status + <usize>i, result);
    store<f32>(scores + (<usize>i << 2), score);
  }
  return added;
}

/** Sets the scores of `count` keys, inserting unseen keys unstamped. Returns keys added. Once per scored chunk. */
export function scoreTableSet(table: usize, capacity: i32, keys: usize, count: i32, scores: usize): i32 {
  if (!validCapacity(capacity)) return STATUS_BAD_ARGUMENT;
  const mask = <u64>(capacity - 1);
  let added = 0;
  for (let i = 0; i < count; i++) {
    const key = storedKey(load<u64>(keys + (<usize>i << 3)));
    const slot = slotOf(table, key, mask);
    if (load<u64>(slot) == 0) {
      store<u64>(slot, key);
      store<u32>(slot + 12, 0);
      added++;
    }
    store<f32>(slot + 8, load<f32>(scores + (<usize>i << 2)));
  }
  return added;
}

/** scores[i] = score of keys[i] and found[i] = 1, or NaN and 0 when absent; read-only. Once per batch. */
export function scoreTableGet(table: usize, capacity: i32, keys: usize, count: i32, scores: usize, found: usize): i32 {
  if (!validCapacity(capacity)) return STATUS_BAD_ARGUMENT;
  const mask = <u64>(capacity - 1);
  for (let i = 0; i < count; i++) {
    const slot = slotOf(table, storedKey(load<u64>(keys + (<usize>i << 3))), mask);
    const present = load<u64>(slot) != 0;
    store<f32>(scores + (<usize>i << 2), present ? load<f32>(slot + 8) : <f32>NaN);
    store<u8>(found + <usize>i, present ? 1 : 0);
  }
  return STATUS_OK;
}

/**
 * Moves every entry of the table at `from` into the empty table at `to` (larger). Returns the entry
 * count, or STATUS_TABLE_FULL when `to` cannot hold them. Called when the host grows the table.
 */
export function scoreTableRehash(from: usize, fromCapacity: i32, to: usize, toCapacity: i32): i32 {
  if (!validCapacity(fromCapacity) || !validCapacity(toCapacity)) return STATUS_BAD_ARGUMENT;
  const mask = <u64>(toCapacity - 1);
  let moved = 0;
  for (let i = 0; i < fromCapacity; i++) {
    const source = from + (<usize>i << SLOT_SHIFT);
    const key = load<u64>(source);
    if (key == 0) continue;
    if (moved >= toCapacity) return STATUS_TABLE_FULL;
    const slot = slotOf(to, key, mask);
    memory.copy(slot, source, 16);
    moved++;
  }
  return moved;
}
