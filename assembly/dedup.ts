import { STATUS_OK, STATUS_TABLE_FULL, STATUS_BAD_ARGUMENT } from "./common";

// Open-addressing set of 64-bit keys with linear probing. Layout: `capacity` u64 slots at `table`,
// capacity a power of two, 0 marks an empty slot (a key equal to 0 is stored as EMPTY_KEY_STANDIN).
const EMPTY_KEY_STANDIN: u64 = 0x8000000000000001;

// @ts-ignore: decorator
@inline
function slotIndex(key: u64, mask: u64): u64 {
  // keys are already mixed hashes; the upper bits spread best under a power-of-two mask
  return (key ^ (key >> 29)) & mask;
}

/** Inserts one key; returns 1 if new, 0 if present, -1 if the table is full. */
// @ts-ignore: decorator
@inline
export function dedupInsertOne(table: usize, mask: u64, key: u64): i32 {
  if (key == 0) key = EMPTY_KEY_STANDIN;
  let index = slotIndex(key, mask);
  for (let probes: u64 = 0; probes <= mask; probes++) {
    const slot = table + (<usize>index << 3);
    const present = load<u64>(slot);
    if (present == 0) {
      store<u64>(slot, key);
      return 1;
    }
    if (present == key) return 0;
    index = (index + 1) & mask;
  }
  return -1;
}

/**
 * Inserts `count` keys (u64 each) into the set; isNew[i] = 1 for keys not seen before (including
 * earlier in the same batch). Returns the number of new keys, or STATUS_TABLE_FULL.
 * Called by the host once per batch of hashed genomes; the host keeps the load factor <= 1/2.
 */
export function dedupInsert(table: usize, capacity: i32, keys: usize, count: i32, isNew: usize): i32 {
  if (capacity <= 0 || (capacity & (capacity - 1)) != 0) return STATUS_BAD_ARGUMENT;
  const mask = <u64>(capacity - 1);
  let added = 0;
  for (let i = 0; i < count; i++) {
    const result = dedupInsertOne(table, mask, load<u64>(keys + (<usize>i << 3)));
    if (result < 0) return STATUS_TABLE_FULL;
    store<u8>(isNew + <usize>i, <u8>result);
    added += result;
  }
  return added;
}

/** contains[i] = 1 when keys[i] is in the set; read-only. Called once per batch. */
export function dedupContains(table: usize, capacity: i32, keys: usize, count: i32, contains: usize): i32 {
  if (capacity <= 0 || (capacity & (capacity - 1)) != 0) return STATUS_BAD_ARGUMENT;
  const mask = <u64>(capacity - 1);
  for (let i = 0; i < count; i++) {
    let key = load<u64>(keys + (<usize>i << 3));
    if (key == 0) key = EMPTY_KEY_STANDIN;
    let index = slotIndex(key, mask);
    let found: u8 = 0;
    for (let probes: u64 = 0; probes <= mask; probes++) {
      const present = load<u64>(table + (<usize>index << 3));
      if (present == 0) break;
      if (present == key) { found = 1; break; }
      index = (index + 1) & mask;
    }
    store<u8>(contains + <usize>i, found);
  }
  return STATUS_OK;
}
