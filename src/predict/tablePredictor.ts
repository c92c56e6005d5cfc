// The oracle predictor: looks architectures up in a benchmark table (JSON Lines with an `arch` and a
// numeric field). Rows are keyed by the canonical key, so any isomorphic form of a listed cell matches.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { describe } from "../spaces/describe.js";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { archText } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { splitArchLine, isParquetInput, readParquetArchRows } from "../io/archStream.js";
import type { Predictor, PredictorOptions } from "./contract.js";

/** Splits `table:FILE.jsonl:FIELD` (the file name may itself contain ":"). */
export function parseTableSpec(spec: string): { file: string; field: string } {
  const body = spec.slice("table:".length);
  const colon = body.lastIndexOf(":");
  if (colon <= 0 || colon === body.length - 1) {
    throw new LissnasError("E_OPTION", `a table predictor is written table:FILE.jsonl:FIELD; found "${spec}"`, { field: "predictor" });
  }
  return { file: body.slice(0, colon), field: body.slice(colon + 1) };
}

/** Reads a numeric field of a row; a LissnasError naming file, line and field otherwise. */
export function numericField(fields: Record<string, unknown>, field: string, file: string, line: number): number {
  // Dotted names reach into nested objects (e.g. acc_12ep.cifar10_test).
  let value: unknown = fields;
  for (const part of field.split(".")) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined) {
    throw new LissnasError("E_DATA", `row has no field "${field}" (found ${Object.keys(fields).map((k) => `"${k}"`).join(", ") || "no fields"})`,
      { file, line, field });
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new LissnasError("E_DATA", `expected a finite number; found ${describe(value)}`, { file, line, field });
  }
  return value;
}

export class TablePredictor implements Predictor {
  readonly description: string;
  readonly digest: string;
  /** Rows read and distinct canonical keys (isomorphic rows are averaged into one key). */
  readonly rows: number;
  private readonly values: Map<string, number>;
  private readonly kernels: SpaceKernels;
  private readonly missing: "error" | "skip";

  constructor(description: string, digest: string, values: Map<string, number>, rows: number, kernels: SpaceKernels, missing: "error" | "skip") {
    this.description = description;
    this.digest = digest;
    this.values = values;
    this.rows = rows;
    this.kernels = kernels;
    this.missing = missing;
  }

  get size(): number {
    return this.values.size;
  }

  async predict(genomes: Uint8Array): Promise<Float32Array> {
    const length = this.kernels.space.genomeLength;
    const { genomes: canonical, valid } = this.kernels.canonicalize(genomes);
    const keys = this.kernels.keyTexts(canonical);
    const out = new Float32Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const value = valid[i] === 1 ? this.values.get(keys[i]) : undefined;
      if (value === undefined) {
        if (this.missing === "error") {
          const arch = archText(this.kernels.space.format(genomes.subarray(i * length, (i + 1) * length)));
          throw new LissnasError("E_PREDICTOR", `architecture ${arch} is not in the table (pass --missing skip to drop such architectures)`,
            { file: this.description });
        }
        out[i] = NaN;
      } else {
        out[i] = value;
      }
    }
    return out;
  }
}

/**
 * Reads the table. Rows whose architectures are isomorphic (NB201 lists all 15,625 cells, 6,466
 * classes) share one key whose value is the mean of their fields. The same architecture written twice
 * is an error, or merged as `options.duplicates` says (mean: every row counts; first: the first row).
 */
export function openTablePredictor(file: string, field: string, space: SearchSpace, options: PredictorOptions = {}): TablePredictor {
  const parquet = isParquetInput(file);
  let content: string | Buffer;
  try {
    content = parquet ? readFileSync(file) : readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LissnasError("E_IO", `cannot read table: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, { file });
  }
  const kernels = new SpaceKernels(space);
  const length = space.genomeLength;
  const duplicates = options.duplicates ?? "error";
  const lines: number[] = [];
  const scores: number[] = [];
  const genomes: Uint8Array[] = [];
  // An architecture listed twice (the same genome as written; isomorphic cells written differently are
  // the benchmark's own separate rows) is an error unless the caller says how to merge it.
  const firstLine = new Map<string, number>();
  const addRow = (arch: unknown, fields: Record<string, unknown>, line: number) => {
    const genome = space.parse(arch, { file, line, field: "arch" });
    const value = numericField(fields, field, file, line);
    const written = Buffer.from(genome).toString("latin1");
    const first = firstLine.get(written);
    if (first !== undefined) {
      if (duplicates === "error") {
        throw new LissnasError("E_DATA", `architecture ${archText(space.format(genome))} is listed again (first on line ${first}); ` +
          `expected each architecture once (pass --duplicates mean or first to merge)`, { file, line, field: "arch" });
      }
      if (duplicates === "first") return;
    } else {
      firstLine.set(written, line);
    }
    genomes.push(genome);
    scores.push(value);
    lines.push(line);
  };
  if (typeof content === "string") {
    content.split("\n").forEach((text, index) => {
      if (text.trim() === "") return;
      const { arch, fields } = splitArchLine(text, file, index + 1);
      addRow(arch, fields, index + 1);
    });
  } else {
    for (const rows of readParquetArchRows(file)) for (const { arch, fields, line } of rows) addRow(arch, fields, line);
  }
  const raw = new Uint8Array(genomes.length * length);
  genomes.forEach((genome, i) => raw.set(genome, i * length));
  const { genomes: canonical, valid } = kernels.canonicalize(raw);
  const invalid = valid.indexOf(0);
  if (invalid >= 0) {
    throw new LissnasError("E_INVALID_ARCH", `not a member of ${space.id}`, { file, line: lines[invalid], field: "arch" });
  }
  const keys = kernels.keyTexts(canonical);
  const sums = new Map<string, { sum: number; n: number }>();
  keys.forEach((key, i) => {
    const entry = sums.get(key) ?? { sum: 0, n: 0 };
    entry.sum += scores[i];
    entry.n += 1;
    sums.set(key, entry);
  });
  const values = new Map<string, number>();
  for (const [key, { sum, n }] of sums) values.set(key, sum / n);
  const digest = createHash("sha256").update(content).update("\0").update(field).digest("hex");
  return new TablePredictor(`table:${file}:${field}`, digest, values, genomes.length, kernels, options.missing ?? "error");
}
