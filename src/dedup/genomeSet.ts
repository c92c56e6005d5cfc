// A set of 64-bit canonical keys in WASM memory: the explored region of a run. Open addressing with
// linear probing (assembly/dedup.ts); grows by doubling at load factor 1/2.
import type { WasmCore } from "../wasm/core.js";
import { nextPowerOfTwo } from "../wasm/core.js";

export class GenomeSet {
  private readonly core: WasmCore;
  private table: number;
  private capacity: number;
  private count = 0;

  constructor(core: WasmCore, expected = 1024) {
    this.core = core;
    this.capacity = nextPowerOfTwo(Math.max(16, expected * 2));
    this.table = core.allocPersistent(this.capacity * 8);
  }

  get size(): number {
    return this.count;
  }

  /** Adds keys; isNew[i] = 1 for keys not in the set before (first occurrence within the batch too). */
  add(keys: BigUint64Array): Uint8Array {
    if ((this.count + keys.length) * 2 > this.capacity) this.grow(this.count + keys.length);
    const { isNew, added } = this.core.dedupInsert(this.table, this.capacity, keys);
    this.count += added;
    return isNew;
  }

  has(keys: BigUint64Array): Uint8Array {
    return this.core.dedupContains(this.table, this.capacity, keys);
  }

  private grow(needed: number): void {
    const old = new BigUint64Array(this.core.u8(this.table, this.capacity * 8).slice().buffer);
    const kept = old.filter((key) => key !== 0n);
    this.capacity = nextPowerOfTwo(needed * 4);
    // The old region stays allocated (bump allocator); growth doubles at most log2(n) times.
    this.table = this.core.allocPersistent(this.capacity * 8);
    this.core.dedupInsert(this.table, this.capacity, kept);
  }
}
