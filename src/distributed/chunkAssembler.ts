// Puts a phase's chunk results back together from their parts, in whatever order and however often
// they arrive: a chunk redone after a worker died may deliver parts twice; the first copy of each
// part counts, later copies are ignored (a chunk's rows depend only on its task, so copies are equal).
import { LissnasError } from "../errors.js";
import type { ResultPart } from "./protocol.js";

export interface AssembledChunk {
  genomes: Uint8Array;
  distances: Uint8Array;
  keys: BigUint64Array;
}

interface Pending {
  total: number;
  filled: number;
  parts: Set<string>;
  chunk: AssembledChunk;
}

export class ChunkAssembler {
  readonly phase: number;
  private readonly genomeLength: number;
  private readonly expected: (chunk: number) => number | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly complete = new Map<number, AssembledChunk>();
  private readonly taken = new Set<number>();
  /** Parts that arrived for chunks or rows already held: redone work, ignored. */
  duplicates = 0;

  /** `expected(chunk)`: the rows the phase's chunk must have (undefined: no such chunk). */
  constructor(phase: number, genomeLength: number, expected: (chunk: number) => number | undefined) {
    this.phase = phase;
    this.genomeLength = genomeLength;
    this.expected = expected;
  }

  /** Adds a part; returns true when it completed its chunk. */
  add(part: ResultPart): boolean {
    const { chunk } = part;
    const expected = this.expected(chunk);
    if (expected === undefined || part.total !== expected || part.genomeLength !== this.genomeLength) {
      throw new LissnasError("E_ENGINE", `phase ${this.phase} chunk ${chunk}: a worker sent ${part.total} rows of ${part.genomeLength} bytes; ` +
        `expected ${expected ?? "no such chunk"} rows of ${this.genomeLength} bytes (a worker of another build?)`);
    }
    if (this.complete.has(chunk) || this.taken.has(chunk)) {
      this.duplicates++;
      return false;
    }
    let pending = this.pending.get(chunk);
    if (pending === undefined) {
      pending = {
        total: part.total, filled: 0, parts: new Set(),
        chunk: { genomes: new Uint8Array(part.total * this.genomeLength), distances: new Uint8Array(part.total), keys: new BigUint64Array(part.total) },
      };
      this.pending.set(chunk, pending);
    }
    const id = `${part.first}:${part.count}`;
    if (pending.parts.has(id)) {
      this.duplicates++;
      return false;
    }
    pending.parts.add(id);
    pending.chunk.genomes.set(part.genomes, part.first * this.genomeLength);
    pending.chunk.distances.set(part.distances, part.first);
    pending.chunk.keys.set(part.keys, part.first);
    pending.filled += part.count;
    if (pending.filled < pending.total) return false;
    this.pending.delete(chunk);
    this.complete.set(chunk, pending.chunk);
    return true;
  }

  has(chunk: number): boolean {
    return this.complete.has(chunk);
  }

  /** Hands a complete chunk over once; its memory is the caller's from then on. */
  take(chunk: number): AssembledChunk {
    const result = this.complete.get(chunk);
    if (result === undefined) throw new Error(`chunk ${chunk} of phase ${this.phase} is not complete`);
    this.complete.delete(chunk);
    this.taken.add(chunk);
    return result;
  }
}
