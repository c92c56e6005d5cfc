// Batch operations of one search space on the WASM core: what the rest of lissnas calls. Each method
// crosses the JS/WASM boundary once per batch.
import { WasmCore, wasmModule } from "../wasm/core.js";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "./space.js";
import { listSpaces } from "./registry.js";

let sharedCore: WasmCore | undefined;

/** A core with every registered space prepared; `module` lets workers reuse the main thread's compile. */
export function createCore(module: WebAssembly.Module = wasmModule()): WasmCore {
  const core = new WasmCore(module);
  for (const space of listSpaces()) space.prepareCore?.(core);
  return core;
}

/** The core this thread uses by default. */
export function defaultCore(): WasmCore {
  sharedCore ??= createCore();
  return sharedCore;
}

export interface StreamPosition {
  /** Names an independent RNG stream within a run (e.g. iteration number). */
  stream?: bigint;
  /** Index of the first item of this batch within the stream. */
  firstIndex?: bigint;
}

export class SpaceKernels {
  readonly space: SearchSpace;
  readonly core: WasmCore;
  private readonly length: number;

  constructor(space: SearchSpace, core: WasmCore = defaultCore()) {
    this.space = space;
    this.core = core;
    this.length = space.genomeLength;
  }

  count(genomes: Uint8Array): number {
    if (genomes.length % this.length !== 0) {
      throw new LissnasError("E_WASM", `a ${this.space.id} genome batch must be a multiple of ${this.length} bytes; found ${genomes.length}`);
    }
    return genomes.length / this.length;
  }

  /** `count` uniform canonical genomes. */
  sample(count: number, seed: bigint, at: StreamPosition = {}): Uint8Array {
    return this.core.sample(this.space.wasmId, this.length, seed, at.stream ?? 0n, at.firstIndex ?? 0n, count);
  }

  canonicalize(genomes: Uint8Array): { genomes: Uint8Array; valid: Uint8Array } {
    this.checkGenes(genomes);
    return this.core.canonicalize(this.space.wasmId, this.length, genomes);
  }

  /** 64-bit isomorphism-invariant keys of canonical genomes (dedup keys). */
  keys(genomes: Uint8Array): BigUint64Array {
    this.count(genomes);
    return this.core.hash(this.space.wasmId, this.length, genomes, 1);
  }

  /** Text keys of canonical genomes: the benchmark's own where it has one, else the 128-bit hash in hex. */
  keyTexts(genomes: Uint8Array): string[] {
    this.count(genomes);
    if (this.space.officialKeys !== undefined) return this.space.officialKeys(genomes, this.core);
    const lanes = this.core.hash(this.space.wasmId, this.length, genomes, 2);
    const texts: string[] = [];
    for (let i = 0; i < lanes.length; i += 2) {
      texts.push(lanes[i].toString(16).padStart(16, "0") + lanes[i + 1].toString(16).padStart(16, "0"));
    }
    return texts;
  }

  editDistances(a: Uint8Array, b: Uint8Array): Int32Array {
    if (a.length !== b.length) throw new LissnasError("E_WASM", `pair batches differ in length: ${a.length} vs ${b.length} bytes`);
    this.count(a);
    return this.core.editDistances(this.space.wasmId, this.length, a, b);
  }

  /**
   * Distances between the isomorphism classes of a[i] and b[i]: the minimum edit distance over their
   * members (what `lissnas distance` prints). Isomorphic genomes are at 0, and a walk neighbour is at most
   * the distance its walk reports (the distance between the members it started from and reached). For
   * spaces without `isomorphs`, editDistance is already the same for every member of a class.
   */
  classDistances(a: Uint8Array, b: Uint8Array): Int32Array {
    const isomorphs = this.space.isomorphs;
    if (isomorphs === undefined) return this.editDistances(a, b);
    const count = this.count(a);
    if (a.length !== b.length) throw new LissnasError("E_WASM", `pair batches differ in length: ${a.length} vs ${b.length} bytes`);
    this.checkGenes(a);
    this.checkGenes(b);
    // Every member pair of every class pair in one batch (NB201: at most 275 x 275 pairs a class pair).
    const length = this.length;
    const left: Uint8Array[] = [];
    const right: Uint8Array[] = [];
    const pairs = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) {
      const ma = isomorphs.call(this.space, a.subarray(i * length, (i + 1) * length));
      const mb = isomorphs.call(this.space, b.subarray(i * length, (i + 1) * length));
      const na = ma.length / length;
      const nb = mb.length / length;
      const l = new Uint8Array(na * nb * length);
      const r = new Uint8Array(na * nb * length);
      for (let x = 0; x < na; x++) {
        for (let y = 0; y < nb; y++) {
          const at = (x * nb + y) * length;
          l.set(ma.subarray(x * length, (x + 1) * length), at);
          r.set(mb.subarray(y * length, (y + 1) * length), at);
        }
      }
      left.push(l);
      right.push(r);
      pairs[i + 1] = pairs[i] + na * nb;
    }
    const join = (parts: Uint8Array[]) => {
      const all = new Uint8Array(pairs[count] * length);
      let offset = 0;
      for (const part of parts) {
        all.set(part, offset);
        offset += part.length;
      }
      return all;
    };
    const distances = this.editDistances(join(left), join(right));
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      let best = Infinity;
      for (let k = pairs[i]; k < pairs[i + 1]; k++) best = Math.min(best, distances[k]);
      out[i] = best;
    }
    return out;
  }

  distancesFrom(origin: Uint8Array, others: Uint8Array): Int32Array {
    this.count(others);
    return this.core.editDistancesFrom(this.space.wasmId, this.length, origin, others);
  }

  /**
   * perSeed random-walk neighbours of each canonical seed (walk lengths 1..radius), canonical,
   * seed-major, with each one's edit distance to its seed (rarely 0 or > radius: callers filter).
   */
  walkNeighbours(seeds: Uint8Array, radius: number, perSeed: number, seed: bigint, at: StreamPosition = {}): { genomes: Uint8Array; distances: Uint8Array } {
    this.count(seeds);
    return this.core.walkNeighbours(this.space.wasmId, this.length, seeds, radius, perSeed, seed, at.stream ?? 0n, at.firstIndex ?? 0n);
  }

  /** The exact ball of raw genomes within `radius` moves (null when larger than `capacity`). */
  ball(origin: Uint8Array, radius: number, capacity: number): { genomes: Uint8Array; depth: Uint8Array } | null {
    this.count(origin);
    return this.core.enumerateBall(this.space.wasmId, this.length, origin, radius, capacity);
  }

  /** Rejects genes outside their cardinality once per batch, so kernels can run unchecked. */
  private checkGenes(genomes: Uint8Array): void {
    const count = this.count(genomes);
    const cards = this.space.cardinalities;
    for (let i = 0; i < count; i++) {
      for (let g = 0; g < this.length; g++) {
        const value = genomes[i * this.length + g];
        if (value >= cards[g]) {
          throw new LissnasError("E_INVALID_ARCH", `genome ${i}: gene ${g} is ${value}; expected 0..${cards[g] - 1}`);
        }
      }
    }
  }
}
