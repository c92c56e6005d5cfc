// The queries of one trial: each distinct architecture is evaluated once and charged once; asking again
// returns the known value for free. The budget counts distinct queries.
import type { SpaceKernels } from "../spaces/kernels.js";
import { gatherGenomes, unknownFirstOccurrences } from "../spaces/genomeBatch.js";
import type { Oracle } from "./oracle.js";
import { oriented, type Direction } from "./direction.js";

export class QueryLog {
  readonly budget: number;
  readonly direction: Direction;
  /** Queried genomes (canonical) and their oracle values, in query order. */
  readonly genomes: Uint8Array[] = [];
  readonly values: number[] = [];
  private readonly known = new Map<bigint, number>();
  private readonly oracle: Oracle;
  private readonly kernels: SpaceKernels;
  private bestAt = -1;

  constructor(budget: number, oracle: Oracle, kernels: SpaceKernels, direction: Direction) {
    this.budget = budget;
    this.oracle = oracle;
    this.kernels = kernels;
    this.direction = direction;
  }

  get count(): number {
    return this.values.length;
  }

  get remaining(): number {
    return this.budget - this.values.length;
  }

  has(key: bigint): boolean {
    return this.known.has(key);
  }

  /** The oracle value of a queried key (undefined when never queried). */
  valueOf(key: bigint): number | undefined {
    return this.known.get(key);
  }

  /** Index (query order) of the best query so far; -1 before any. */
  get bestIndex(): number {
    return this.bestAt;
  }

  /** The oriented score (higher is better) of an oracle value. */
  score(value: number): number {
    return oriented(value, this.direction);
  }

  /**
   * Values of canonical `genomes`: known ones for free, unknown ones evaluated in one oracle call and
   * charged in batch order while budget remains (NaN for those left unqueried when it runs out).
   */
  async query(genomes: Uint8Array, keys: BigUint64Array = this.kernels.keys(genomes)): Promise<Float64Array> {
    const length = this.kernels.space.genomeLength;
    const out = new Float64Array(keys.length).fill(NaN);
    for (let i = 0; i < keys.length; i++) {
      const value = this.known.get(keys[i]);
      if (value !== undefined) out[i] = value;
    }
    const fresh = unknownFirstOccurrences(keys, this.known, this.remaining);
    if (fresh.length > 0) {
      const batch = gatherGenomes(genomes, fresh, length);
      const values = await this.oracle.evaluate(batch);
      fresh.forEach((i, j) => {
        this.known.set(keys[i], values[j]);
        this.genomes.push(batch.slice(j * length, (j + 1) * length));
        this.values.push(values[j]);
        if (this.bestAt < 0 || this.score(values[j]) > this.score(this.values[this.bestAt])) this.bestAt = this.values.length - 1;
      });
    }
    // Duplicates within the batch read the value their first occurrence got.
    for (let i = 0; i < keys.length; i++) if (Number.isNaN(out[i])) out[i] = this.known.get(keys[i]) ?? NaN;
    return out;
  }
}
