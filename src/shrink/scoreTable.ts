// The scores of every architecture a run has met, keyed by canonical 64-bit key, in WASM memory
// (assembly/scoreTable.ts): 16 bytes a slot instead of a JS Map entry, so 10^7 keys fit in 256 MiB.
// Each key also carries the stamp of the last space that claimed it, which makes the table the
// per-iteration "already in this space" set as well: no second set per iteration.
import type { WasmCore } from "../wasm/core.js";
import { nextPowerOfTwo } from "../wasm/core.js";
import { LissnasError } from "../errors.js";

const SLOT_BYTES = 16;
/** Load factor past which the table grows; linear probing stays short below it. */
const MAX_LOAD = 0.75;
/** wasm32 addresses 4 GiB; the table must leave room for batches and the space's own tables. */
const MAX_SLOTS = 2 ** 27;

/** The most keys one table holds (wasm32 slots at the maximum load). */
export const SCORE_TABLE_MAX_KEYS = Math.floor(MAX_SLOTS * MAX_LOAD);

export const CLAIM_SEEN = 0;
export const CLAIM_KNOWN = 1;
export const CLAIM_NEW = 2;

export interface Claim {
  /** Per key: CLAIM_SEEN (already in this space), CLAIM_KNOWN (score given) or CLAIM_NEW (predict it). */
  status: Uint8Array;
  /** Score of CLAIM_KNOWN keys; NaN elsewhere. */
  scores: Float32Array;
}

export class ScoreTable {
  private readonly core: WasmCore;
  private table: number;
  private capacity: number;
  private entries = 0;

  /** `expected`: how many keys the run may meet; the table is sized once for it when it is known. */
  constructor(core: WasmCore, expected = 1 << 16) {
    this.core = core;
    this.capacity = slotsFor(Math.max(1024, expected));
    this.table = core.allocPersistent(this.capacity * SLOT_BYTES);
  }

  /** Distinct keys held (every architecture scored by the run). */
  get size(): number {
    return this.entries;
  }

  /** Bytes of WASM memory the table occupies now. */
  get bytes(): number {
    return this.capacity * SLOT_BYTES;
  }

  /** Claims keys for the space stamped `stamp` (>= 1; the shrinker uses iteration + 1). */
  claim(keys: BigUint64Array, stamp: number): Claim {
    this.reserve(keys.length);
    const { status, scores, added } = this.core.scoreTableClaim(this.table, this.capacity, keys, stamp);
    this.entries += added;
    return { status, scores };
  }

  /** Records predicted scores (keys not yet present are added unstamped). */
  set(keys: BigUint64Array, scores: Float32Array): void {
    this.reserve(keys.length);
    this.entries += this.core.scoreTableSet(this.table, this.capacity, keys, scores);
  }

  get(keys: BigUint64Array): { scores: Float32Array; found: Uint8Array } {
    return this.core.scoreTableGet(this.table, this.capacity, keys);
  }

  /** Grows before a batch could pass the load bound. The old region stays with the bump allocator. */
  private reserve(incoming: number): void {
    if (this.entries + incoming <= this.capacity * MAX_LOAD) return;
    const capacity = slotsFor(this.entries + incoming);
    const table = this.core.allocPersistent(capacity * SLOT_BYTES);
    this.core.scoreTableRehash(this.table, this.capacity, table, capacity);
    this.table = table;
    this.capacity = capacity;
  }
}

function slotsFor(keys: number): number {
  const slots = nextPowerOfTwo(Math.ceil(keys / MAX_LOAD) + 1);
  if (slots > MAX_SLOTS) throw new LissnasError("E_CAPACITY", `a run exploring ${keys} architectures needs more than the ${MAX_SLOTS * MAX_LOAD} a score table holds in wasm32 memory; split it across machines (docs/scaling.md)`);
  return slots;
}
