// Uniform sampling from a shrunk space, for one-shot NAS trainers that draw paths from it. From an
// output directory it indexes space.jsonl's lines and reads only the drawn ones, so a space of any
// size samples in 16 bytes a member.
import { ReferenceRng, streamState } from "../wasm/reference.js";
import { openShrinkOutput, parseShrunkSpaceLine, type ShrunkSpaceRow } from "./output.js";
import { LineIndex } from "../io/lineIndex.js";
import { LissnasError } from "../errors.js";

/** Where the members come from: rows in memory, or lines of a space.jsonl read on demand. */
export interface MemberSource {
  readonly size: number;
  rows(indices: ArrayLike<number>): ShrunkSpaceRow[];
}

function memorySource(rows: ShrunkSpaceRow[]): MemberSource {
  return { size: rows.length, rows: (indices) => Array.from(indices, (i) => rows[i]) };
}

function fileSource(index: LineIndex): MemberSource {
  return {
    size: index.count,
    rows: (indices) => index.read(indices).map((text, k) => parseShrunkSpaceLine(text, index.file, index.lineNumber(indices[k]))),
  };
}

export class ShrunkSpaceSampler {
  readonly manifest: Record<string, unknown>;
  /** Members to draw from. */
  readonly size: number;
  private readonly source: MemberSource;
  private readonly rng: ReferenceRng;

  constructor(rows: ShrunkSpaceRow[] | MemberSource, seed = 0n, manifest: Record<string, unknown> = {}) {
    this.source = Array.isArray(rows) ? memorySource(rows) : rows;
    if (this.source.size === 0) throw new LissnasError("E_DATA", "the shrunk space is empty");
    this.size = this.source.size;
    this.manifest = manifest;
    this.rng = new ReferenceRng(streamState(seed, 0x5a3b1e5n, 0n));
  }

  static fromDirectory(dir: string, seed = 0n): ShrunkSpaceSampler {
    const { manifest, spaceFile } = openShrinkOutput(dir);
    return new ShrunkSpaceSampler(fileSource(LineIndex.build(spaceFile)), seed, manifest);
  }

  /** One member drawn uniformly (with replacement). */
  next(): ShrunkSpaceRow {
    return this.sample(1)[0];
  }

  /** `count` members drawn uniformly with replacement, in draw order. */
  sample(count: number): ShrunkSpaceRow[] {
    const drawn = new Float64Array(count);
    for (let i = 0; i < count; i++) drawn[i] = this.rng.below(this.size);
    return this.source.rows(drawn);
  }
}
