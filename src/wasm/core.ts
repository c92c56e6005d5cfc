// The one module that loads the WebAssembly core and touches its memory. Everything else hands it
// typed arrays and gets typed arrays back: one copy in, one call, one copy out per batch.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LissnasError } from "../errors.js";

const WASM_PATH = fileURLToPath(new URL("../../../build/lissnas.wasm", import.meta.url));
const PAGE_BYTES = 65536;

// Status codes of assembly/common.ts.
const STATUS_MESSAGES: Record<number, string> = {
  [-1]: "unknown space id",
  [-2]: "output capacity exceeded",
  [-3]: "hash table full",
  [-4]: "no valid move from a genome after many tries",
  [-5]: "bad argument",
};

interface CoreExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  sampleGenomes(space: number, seed: bigint, stream: bigint, firstIndex: bigint, count: number, out: number): number;
  canonicalizeGenomes(space: number, genomes: number, count: number, valid: number): number;
  hashGenomes(space: number, genomes: number, count: number, lanes: number, out: number): number;
  editDistances(space: number, a: number, b: number, count: number, out: number): number;
  editDistancesFrom(space: number, a: number, b: number, count: number, out: number): number;
  dedupInsert(table: number, capacity: number, keys: number, count: number, isNew: number): number;
  dedupContains(table: number, capacity: number, keys: number, count: number, contains: number): number;
  walkNeighbours(space: number, seeds: number, count: number, radius: number, perSeed: number,
    seed: bigint, stream: bigint, firstIndex: bigint, out: number, distance: number, scratch: number): number;
  enumerateBall(space: number, origin: number, radius: number, out: number, depth: number, capacity: number,
    table: number, tableCapacity: number): number;
  nb201SetClassTable(ptr: number): void;
  nb101OfficialHashes(genomes: number, count: number, out: number, digestCache: number, cacheSlots: number): number;
  nb101Enumerate(state: number, out: number, capacity: number): number;
  encodeFeatures(genomes: number, count: number, length: number, plan: number, width: number, out: number): number;
  scoreTableClaim(table: number, capacity: number, keys: number, count: number, stamp: number, scores: number, status: number): number;
  scoreTableSet(table: number, capacity: number, keys: number, count: number, scores: number): number;
  scoreTableGet(table: number, capacity: number, keys: number, count: number, scores: number, found: number): number;
  scoreTableRehash(from: number, fromCapacity: number, to: number, toCapacity: number): number;
  scoreGenomesWithTrees(genomes: number, count: number, length: number, plan: number, width: number,
    nodes: number, leaves: number, trees: number, depth: number, base: number, divisor: number, double: number, scratch: number, out: number): number;
  treeScratchBytes(width: number): number;
}

/** A tree ensemble and its feature plan installed in a core's persistent memory (see loadTreeEnsemble). */
export interface InstalledTrees {
  readonly nodes: number;
  readonly leaves: number;
  readonly plan: number;
  readonly width: number;
  readonly trees: number;
  readonly depth: number;
  readonly base: number;
  readonly divisor: number;
  readonly double: boolean;
}

let compiledModule: WebAssembly.Module | undefined;

/** The compiled module, compiled once per thread; workers receive it instead of recompiling. */
export function wasmModule(): WebAssembly.Module {
  if (compiledModule === undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(WASM_PATH);
    } catch {
      throw new LissnasError("E_WASM", `the WebAssembly core ${WASM_PATH} is missing; run "npm run build" first`);
    }
    compiledModule = new WebAssembly.Module(new Uint8Array(bytes));
  }
  return compiledModule;
}

function check(status: number, what: string): number {
  if (status < 0) {
    throw new LissnasError("E_WASM", `${what}: ${STATUS_MESSAGES[status] ?? `status ${status}`}`);
  }
  return status;
}

export interface WasmCoreOptions {
  /**
   * Entries of the NB101 md5 digest cache (a power of two; 0 for none): 256 bytes each, allocated on the
   * first fingerprint batch. Any size gives the same fingerprints; it only changes how many are recomputed.
   */
  nb101DigestCacheSlots?: number;
}

/** 16,384 entries (4 MiB): the first rounds' repeated messages of a stream of cells fit. */
const NB101_DIGEST_CACHE_SLOTS = 1 << 14;
const NB101_DIGEST_CACHE_ENTRY_BYTES = 256;

/**
 * One instance of the core with its linear memory. Memory layout, set here and nowhere else:
 *   [0, heapBase)                 the module's static data (tables of assembly/)
 *   [heapBase, persistentTop)     long-lived regions (dedup, class and NB101 digest tables), bump-allocated
 *   [persistentTop, ...)          per-call scratch, reused by every call
 * Growth only happens in reserve(); views are derived from memory.buffer after it, never cached.
 */
export class WasmCore {
  private readonly exports: CoreExports;
  private persistentTop: number;
  private scratchTop: number;
  private readonly nb101DigestCacheSlots: number;
  private nb101DigestCache?: number;

  constructor(module: WebAssembly.Module = wasmModule(), options: WasmCoreOptions = {}) {
    const slots = options.nb101DigestCacheSlots ?? NB101_DIGEST_CACHE_SLOTS;
    if (!Number.isInteger(slots) || slots < 0 || slots > 1 << 20 || (slots & (slots - 1)) !== 0) {
      throw new LissnasError("E_WASM", `nb101DigestCacheSlots must be 0 or a power of two up to 2^20; found ${slots}`);
    }
    this.nb101DigestCacheSlots = slots;
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: (_message: number, _file: number, line: number, column: number) => {
          throw new LissnasError("E_WASM", `WebAssembly core aborted at ${line}:${column}`);
        },
      },
    });
    this.exports = instance.exports as unknown as CoreExports;
    this.persistentTop = align(this.exports.heapBase(), 16);
    this.scratchTop = this.persistentTop;
  }

  /** Allocates a long-lived, zeroed region (lives as long as this core). */
  allocPersistent(bytes: number): number {
    if (this.scratchTop !== this.persistentTop) throw new Error("allocPersistent during a batch call");
    const ptr = this.persistentTop;
    this.persistentTop = align(ptr + bytes, 16);
    this.scratchTop = this.persistentTop;
    this.reserve(this.persistentTop);
    this.u8(ptr, bytes).fill(0);
    return ptr;
  }

  private beginScratch(): void {
    this.scratchTop = this.persistentTop;
  }

  private scratch(bytes: number): number {
    const ptr = this.scratchTop;
    this.scratchTop = align(ptr + Math.max(bytes, 1), 16);
    this.reserve(this.scratchTop);
    return ptr;
  }

  private endScratch(): void {
    this.scratchTop = this.persistentTop;
  }

  private reserve(end: number): void {
    const memory = this.exports.memory;
    const have = memory.buffer.byteLength;
    if (end <= have) return;
    try {
      memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    } catch (error) {
      // wasm32 addresses 4 GiB (and the machine may hold less): a plan the options' up-front bounds missed.
      throw new LissnasError("E_CAPACITY", `the WebAssembly memory cannot grow to ${(end / 2 ** 30).toFixed(2)} GiB ` +
        `(${(error as Error).message}); ask for fewer architectures`);
    }
  }

  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, length);
  }

  private i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, ptr, length);
  }

  private u64(ptr: number, length: number): BigUint64Array {
    return new BigUint64Array(this.exports.memory.buffer, ptr, length);
  }

  private copyIn(data: Uint8Array): number {
    const ptr = this.scratch(data.length);
    this.u8(ptr, data.length).set(data);
    return ptr;
  }

  /** Uniform canonical genomes; genome i of the run is drawn from stream (seed, stream, firstIndex + i). */
  sample(space: number, length: number, seed: bigint, stream: bigint, firstIndex: bigint, count: number): Uint8Array {
    this.beginScratch();
    try {
      const out = this.scratch(count * length);
      check(this.exports.sampleGenomes(space, seed, stream, firstIndex, count, out), "sampleGenomes");
      return this.u8(out, count * length).slice();
    } finally {
      this.endScratch();
    }
  }

  /** Canonical forms of a batch and whether each is a member of the space (1) or not (0). */
  canonicalize(space: number, length: number, genomes: Uint8Array): { genomes: Uint8Array; valid: Uint8Array } {
    const count = genomes.length / length;
    this.beginScratch();
    try {
      const ptr = this.copyIn(genomes);
      const valid = this.scratch(count);
      check(this.exports.canonicalizeGenomes(space, ptr, count, valid), "canonicalizeGenomes");
      return { genomes: this.u8(ptr, genomes.length).slice(), valid: this.u8(valid, count).slice() };
    } finally {
      this.endScratch();
    }
  }

  /** 64-bit (lanes 1) or 128-bit (lanes 2) keys of canonical genomes, `lanes` u64 per genome. */
  hash(space: number, length: number, genomes: Uint8Array, lanes: 1 | 2): BigUint64Array {
    const count = genomes.length / length;
    this.beginScratch();
    try {
      const ptr = this.copyIn(genomes);
      const out = this.scratch(count * lanes * 8);
      check(this.exports.hashGenomes(space, ptr, count, lanes, out), "hashGenomes");
      return this.u64(out, count * lanes).slice();
    } finally {
      this.endScratch();
    }
  }

  /** Pairwise distances a[i]–b[i]. */
  editDistances(space: number, length: number, a: Uint8Array, b: Uint8Array): Int32Array {
    const count = a.length / length;
    this.beginScratch();
    try {
      const pa = this.copyIn(a);
      const pb = this.copyIn(b);
      const out = this.scratch(count * 4);
      check(this.exports.editDistances(space, pa, pb, count, out), "editDistances");
      return this.i32(out, count).slice();
    } finally {
      this.endScratch();
    }
  }

  /** Distances from one genome to each of a batch. */
  editDistancesFrom(space: number, length: number, origin: Uint8Array, others: Uint8Array): Int32Array {
    const count = others.length / length;
    this.beginScratch();
    try {
      const pa = this.copyIn(origin);
      const pb = this.copyIn(others);
      const out = this.scratch(count * 4);
      check(this.exports.editDistancesFrom(space, pa, pb, count, out), "editDistancesFrom");
      return this.i32(out, count).slice();
    } finally {
      this.endScratch();
    }
  }

  /** perSeed random-walk neighbours (canonical) of each canonical seed, seed-major, with their distances. */
  walkNeighbours(space: number, length: number, seeds: Uint8Array, radius: number, perSeed: number,
    seed: bigint, stream: bigint, firstIndex: bigint): { genomes: Uint8Array; distances: Uint8Array } {
    const count = seeds.length / length;
    this.beginScratch();
    try {
      const ps = this.copyIn(seeds);
      const out = this.scratch(count * perSeed * length);
      const distance = this.scratch(count * perSeed);
      const scratch = this.scratch(2 * length);
      check(this.exports.walkNeighbours(space, ps, count, radius, perSeed, seed, stream, firstIndex, out, distance, scratch),
        "walkNeighbours");
      return { genomes: this.u8(out, count * perSeed * length).slice(), distances: this.u8(distance, count * perSeed).slice() };
    } finally {
      this.endScratch();
    }
  }

  /** Every raw genome within `radius` moves of origin, with its move count; null past `capacity`. */
  enumerateBall(space: number, length: number, origin: Uint8Array, radius: number, capacity: number):
    { genomes: Uint8Array; depth: Uint8Array } | null {
    this.beginScratch();
    try {
      const po = this.copyIn(origin);
      const out = this.scratch(capacity * length);
      const depth = this.scratch(capacity);
      const tableCapacity = nextPowerOfTwo(capacity * 2);
      const table = this.scratch(tableCapacity * 8);
      this.u8(table, tableCapacity * 8).fill(0);
      const status = this.exports.enumerateBall(space, po, radius, out, depth, capacity, table, tableCapacity);
      if (status === -2) return null;
      const count = check(status, "enumerateBall");
      return { genomes: this.u8(out, count * length).slice(), depth: this.u8(depth, count).slice() };
    } finally {
      this.endScratch();
    }
  }

  /** Inserts keys into the table at `table`; returns per-key 1 (new) / 0 (seen) and the new count. */
  dedupInsert(table: number, capacity: number, keys: BigUint64Array): { isNew: Uint8Array; added: number } {
    this.beginScratch();
    try {
      const pk = this.scratch(keys.length * 8);
      this.u64(pk, keys.length).set(keys);
      const flags = this.scratch(keys.length);
      const added = check(this.exports.dedupInsert(table, capacity, pk, keys.length, flags), "dedupInsert");
      return { isNew: this.u8(flags, keys.length).slice(), added };
    } finally {
      this.endScratch();
    }
  }

  dedupContains(table: number, capacity: number, keys: BigUint64Array): Uint8Array {
    this.beginScratch();
    try {
      const pk = this.scratch(keys.length * 8);
      this.u64(pk, keys.length).set(keys);
      const flags = this.scratch(keys.length);
      check(this.exports.dedupContains(table, capacity, pk, keys.length, flags), "dedupContains");
      return this.u8(flags, keys.length).slice();
    } finally {
      this.endScratch();
    }
  }

  /**
   * Feature rows (count x width f32) of a genome batch, laid out by `plan` (three i32 per gene: kind,
   * offset, stride; see assembly/features.ts). The caller has checked genes and plan columns.
   */
  encodeFeatures(length: number, genomes: Uint8Array, plan: Int32Array, width: number): Float32Array {
    const count = genomes.length / length;
    this.beginScratch();
    try {
      const pg = this.copyIn(genomes);
      const pp = this.scratch(plan.byteLength);
      new Int32Array(this.exports.memory.buffer, pp, plan.length).set(plan);
      const out = this.scratch(count * width * 4);
      check(this.exports.encodeFeatures(pg, count, length, pp, width, out), "encodeFeatures");
      return new Float32Array(this.exports.memory.buffer, out, count * width).slice();
    } finally {
      this.endScratch();
    }
  }

  /** NAS-Bench-101 md5 fingerprints (16 raw bytes per genome; all zero for a disconnected cell). */
  nb101OfficialHashes(genomes: Uint8Array): Uint8Array {
    const count = genomes.length / 26;
    // The digest cache (assembly/nb101Hash.ts, DIGEST CACHE) lives as long as the core, made on first use.
    const slots = this.nb101DigestCacheSlots;
    this.nb101DigestCache ??= slots === 0 ? 0 : this.allocPersistent(slots * NB101_DIGEST_CACHE_ENTRY_BYTES);
    this.beginScratch();
    try {
      const pg = this.copyIn(genomes);
      const out = this.scratch(count * 16);
      check(this.exports.nb101OfficialHashes(pg, count, out, this.nb101DigestCache, slots), "nb101OfficialHashes");
      return this.u8(out, count * 16).slice();
    } finally {
      this.endScratch();
    }
  }

  /**
   * One batch of the NB101 enumeration: up to `capacity` (>= 243) canonical genomes, resuming from
   * `cursor` ([vertex count, next matrix], start [2, 0]), which is advanced in place; done at [8, 0].
   */
  nb101Enumerate(cursor: Int32Array, capacity: number): Uint8Array {
    this.beginScratch();
    try {
      const state = this.scratch(8);
      this.i32(state, 2).set(cursor);
      const out = this.scratch(capacity * 26);
      const count = check(this.exports.nb101Enumerate(state, out, capacity), "nb101Enumerate");
      cursor.set(this.i32(state, 2));
      return this.u8(out, count * 26).slice();
    } finally {
      this.endScratch();
    }
  }

  /**
   * Claims keys for the space stamped `stamp` in the score table at `table` (assembly/scoreTable.ts):
   * status 0 = already claimed with this stamp, 1 = scored before (score given), 2 = new (predict it).
   */
  scoreTableClaim(table: number, capacity: number, keys: BigUint64Array, stamp: number): { status: Uint8Array; scores: Float32Array; added: number } {
    this.beginScratch();
    try {
      const pk = this.scratch(keys.length * 8);
      this.u64(pk, keys.length).set(keys);
      const scores = this.scratch(keys.length * 4);
      const status = this.scratch(keys.length);
      const added = check(this.exports.scoreTableClaim(table, capacity, pk, keys.length, stamp, scores, status), "scoreTableClaim");
      return { status: this.u8(status, keys.length).slice(), scores: new Float32Array(this.exports.memory.buffer, scores, keys.length).slice(), added };
    } finally {
      this.endScratch();
    }
  }

  /** Stores scores[i] for keys[i] in the score table; returns how many keys were new. */
  scoreTableSet(table: number, capacity: number, keys: BigUint64Array, scores: Float32Array): number {
    this.beginScratch();
    try {
      const pk = this.scratch(keys.length * 8);
      this.u64(pk, keys.length).set(keys);
      const ps = this.scratch(scores.byteLength);
      new Float32Array(this.exports.memory.buffer, ps, scores.length).set(scores);
      return check(this.exports.scoreTableSet(table, capacity, pk, keys.length, ps), "scoreTableSet");
    } finally {
      this.endScratch();
    }
  }

  /** Scores of keys in the score table (NaN and found 0 when absent). */
  scoreTableGet(table: number, capacity: number, keys: BigUint64Array): { scores: Float32Array; found: Uint8Array } {
    this.beginScratch();
    try {
      const pk = this.scratch(keys.length * 8);
      this.u64(pk, keys.length).set(keys);
      const scores = this.scratch(keys.length * 4);
      const found = this.scratch(keys.length);
      check(this.exports.scoreTableGet(table, capacity, pk, keys.length, scores, found), "scoreTableGet");
      return { scores: new Float32Array(this.exports.memory.buffer, scores, keys.length).slice(), found: this.u8(found, keys.length).slice() };
    } finally {
      this.endScratch();
    }
  }

  /** Moves every entry of one score table into a larger empty one; returns the entry count. */
  scoreTableRehash(from: number, fromCapacity: number, to: number, toCapacity: number): number {
    return check(this.exports.scoreTableRehash(from, fromCapacity, to, toCapacity), "scoreTableRehash");
  }

  /**
   * Copies a compiled tree ensemble (src/predict/treeEnsemble.ts layout) and the feature plan of its
   * encoding into persistent memory; once per predictor, on a core of its own.
   */
  loadTreeEnsemble(ensemble: { nodes: Uint32Array; leaves: Float64Array; trees: number; depth: number; base: number; divisor: number; double: boolean },
    plan: Int32Array, width: number): InstalledTrees {
    const nodes = this.allocPersistent(ensemble.nodes.byteLength);
    new Uint32Array(this.exports.memory.buffer, nodes, ensemble.nodes.length).set(ensemble.nodes);
    const leaves = this.allocPersistent(ensemble.leaves.byteLength);
    new Float64Array(this.exports.memory.buffer, leaves, ensemble.leaves.length).set(ensemble.leaves);
    const planPtr = this.allocPersistent(plan.byteLength);
    new Int32Array(this.exports.memory.buffer, planPtr, plan.length).set(plan);
    return { nodes, leaves, plan: planPtr, width, trees: ensemble.trees, depth: ensemble.depth, base: ensemble.base, divisor: ensemble.divisor, double: ensemble.double };
  }

  /** Scores genomes (`length` bytes each) with installed trees: encode and evaluate in one call per batch. */
  scoreWithTrees(trees: InstalledTrees, length: number, genomes: Uint8Array): Float32Array {
    const count = genomes.length / length;
    this.beginScratch();
    try {
      const pg = this.copyIn(genomes);
      const scratch = this.scratch(this.exports.treeScratchBytes(trees.width));
      const out = this.scratch(count * 4);
      check(this.exports.scoreGenomesWithTrees(pg, count, length, trees.plan, trees.width, trees.nodes, trees.leaves,
        trees.trees, trees.depth, trees.base, trees.divisor, trees.double ? 1 : 0, scratch, out), "scoreGenomesWithTrees");
      return new Float32Array(this.exports.memory.buffer, out, count).slice();
    } finally {
      this.endScratch();
    }
  }

  /** Installs the NB201 class table (15,625 u16 representative indices); once per core. */
  installNb201ClassTable(table: Uint16Array): void {
    const ptr = this.allocPersistent(table.byteLength);
    new Uint16Array(this.exports.memory.buffer, ptr, table.length).set(table);
    this.exports.nb201SetClassTable(ptr);
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
