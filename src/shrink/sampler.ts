// Uniform sampling from a shrunk space, for one-shot NAS trainers that draw paths from it. From an
// output directory it indexes space.jsonl's lines and reads only the drawn ones, so a space of any
// size samples in 16 bytes a member; a space.parquet is read a row-group range at a time.
import { ReferenceRng, streamState } from "../wasm/reference.js";
import { openShrinkOutput, parseShrunkSpaceLine, checkShrunkSpaceRow, checkShrunkSpaceArchs, manifestSpace, type ShrunkSpaceRow } from "./output.js";
import { ParquetFile } from "../io/columnar.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { LineIndex } from "../io/lineIndex.js";
import { LissnasError } from "../errors.js";

/** Where the members come from: rows in memory, or lines of a space.jsonl read on demand. */
export interface MemberSource {
  readonly size: number;
  /** Where the members are, for messages (a space.jsonl path). */
  readonly file?: string;
  rows(indices: ArrayLike<number>): ShrunkSpaceRow[];
}

function memorySource(rows: ShrunkSpaceRow[]): MemberSource {
  return { size: rows.length, rows: (indices) => Array.from(indices, (i) => rows[i]) };
}

/** Rows read on demand, each checked as it is read: its fields, and (with `kernels`) its arch's membership in the space. */
function fileSource(index: LineIndex, kernels?: SpaceKernels): MemberSource {
  return {
    size: index.count,
    file: index.file,
    rows: (indices) => {
      const lines = Array.from(indices, (i) => index.lineNumber(i));
      const rows = index.read(indices).map((text, k) => parseShrunkSpaceLine(text, index.file, lines[k]));
      if (kernels !== undefined) checkShrunkSpaceArchs(kernels, rows, index.file, lines);
      return rows;
    },
  };
}

/** Rows of a space.parquet read on demand (only the row-group ranges drawn from), checked as fileSource checks lines. */
function parquetSource(parquet: ParquetFile, kernels?: SpaceKernels): MemberSource {
  return {
    size: parquet.rowCount,
    file: parquet.file,
    rows: (indices) => {
      const lines = Array.from(indices, (i) => i + 1);
      const rows = parquet.rowsAt(indices).map((row, k) => checkShrunkSpaceRow(row, parquet.file, lines[k]));
      if (kernels !== undefined) checkShrunkSpaceArchs(kernels, rows, parquet.file, lines);
      return rows;
    },
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
    if (this.source.size === 0) throw new LissnasError("E_DATA", "the shrunk space is empty (no members to draw)", { file: this.source.file });
    this.size = this.source.size;
    this.manifest = manifest;
    this.rng = new ReferenceRng(streamState(seed, 0x5a3b1e5n, 0n));
  }

  /**
   * A shrink output directory: its manifest must name a registered space, and every row drawn is
   * checked (fields, and membership of that space) as it is read.
   */
  static fromDirectory(dir: string, seed = 0n): ShrunkSpaceSampler {
    const { manifest, manifestFile, spaceFile, format } = openShrinkOutput(dir);
    const kernels = new SpaceKernels(manifestSpace(manifest, manifestFile));
    const source = format === "parquet" ? parquetSource(ParquetFile.open(spaceFile), kernels) : fileSource(LineIndex.build(spaceFile), kernels);
    return new ShrunkSpaceSampler(source, seed, manifest);
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

  /** The same draws as sample(count), as batches of at most `batchSize`: any count streams in bounded memory. */
  *batches(count: number, batchSize = 8192): Generator<ShrunkSpaceRow[]> {
    for (let done = 0; done < count; done += batchSize) yield this.sample(Math.min(batchSize, count - done));
  }
}
