// Uniform sampling from a shrunk space, for one-shot NAS trainers that draw paths from it.
import { ReferenceRng, streamState } from "../wasm/reference.js";
import { readShrunkSpace, type ShrunkSpaceRow } from "./output.js";
import { LissnasError } from "../errors.js";

export class ShrunkSpaceSampler {
  readonly rows: ShrunkSpaceRow[];
  readonly manifest: Record<string, unknown>;
  private readonly rng: ReferenceRng;

  constructor(rows: ShrunkSpaceRow[], seed = 0n, manifest: Record<string, unknown> = {}) {
    if (rows.length === 0) throw new LissnasError("E_DATA", "the shrunk space is empty");
    this.rows = rows;
    this.manifest = manifest;
    this.rng = new ReferenceRng(streamState(seed, 0x5a3b1e5n, 0n));
  }

  static fromDirectory(dir: string, seed = 0n): ShrunkSpaceSampler {
    const { rows, manifest } = readShrunkSpace(dir);
    return new ShrunkSpaceSampler(rows, seed, manifest);
  }

  /** One member drawn uniformly (with replacement). */
  next(): ShrunkSpaceRow {
    return this.rows[this.rng.below(this.rows.length)];
  }

  sample(count: number): ShrunkSpaceRow[] {
    return Array.from({ length: count }, () => this.next());
  }
}
