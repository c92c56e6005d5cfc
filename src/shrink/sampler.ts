// Uniform sampling from a shrunk space, for one-shot NAS trainers that draw paths from it.
import { ReferenceRng, streamState } from "../wasm/reference.js";
import { readShrunkSpace, type ShrunkSpaceRow } from "./output.js";
import { LissnasError } from "../errors.js";

export class ShrunkSpaceSampler {
  readonly rows: ShrunkSpaceRow[];
  private readonly rng: ReferenceRng;

  constructor(rows: ShrunkSpaceRow[], seed = 0n) {
    if (rows.length === 0) throw new LissnasError("E_DATA", "the shrunk space is empty");
    this.rows = rows;
    this.rng = new ReferenceRng(streamState(seed, 0x5a3b1e5n, 0n));
  }

  static fromDirectory(dir: string, seed = 0n): ShrunkSpaceSampler {
    return new ShrunkSpaceSampler(readShrunkSpace(dir).rows, seed);
  }

  /** One member drawn uniformly (with replacement). */
  next(): ShrunkSpaceRow {
    return this.rows[this.rng.below(this.rows.length)];
  }

  sample(count: number): ShrunkSpaceRow[] {
    return Array.from({ length: count }, () => this.next());
  }
}
