// What answers a query: a benchmark table (table:FILE:FIELD), a model (MODEL.onnx, any predictor
// openPredictor runs) or the synthetic landscape (synthetic[:SEED]).
import { existsSync } from "node:fs";
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import { archText } from "../spaces/space.js";
import { readTruthTable, type TruthTable } from "../evaluate/truthTable.js";
import { parseTableSpec } from "../predict/tablePredictor.js";
import { openPredictor } from "../predict/predictor.js";
import { SyntheticLandscape } from "../shrink/syntheticLandscape.js";

export type OracleSpec =
  | { kind: "table"; file: string; field: string }
  | { kind: "model"; file: string }
  | { kind: "synthetic"; seed: bigint };

export interface Oracle {
  readonly description: string;
  /** One value per canonical genome, in the oracle's own units. */
  evaluate(genomes: Uint8Array): Promise<Float64Array>;
  close?(): Promise<void>;
}

/** Parses ORACLE; a LissnasError naming the option and the accepted forms otherwise. */
export function parseOracleSpec(text: string): OracleSpec {
  if (text.startsWith("table:")) return { kind: "table", ...parseTableSpec(text) };
  const synthetic = /^synthetic(?::(\d+))?$/.exec(text);
  if (synthetic !== null) return { kind: "synthetic", seed: BigInt(synthetic[1] ?? "1") };
  if (text.endsWith(".onnx")) return { kind: "model", file: text };
  throw new LissnasError("E_OPTION", `--oracle must be table:FILE.jsonl:FIELD, MODEL.onnx or synthetic[:SEED]; found "${text}"`, { field: "oracle" });
}

export function oracleText(spec: OracleSpec): string {
  if (spec.kind === "table") return `table:${spec.file}:${spec.field}`;
  if (spec.kind === "model") return spec.file;
  return `synthetic:${spec.seed}`;
}

/** A table read once: its classes (canonical genomes, 64-bit keys, mean value of each class's rows). */
export async function readOracleTable(kernels: SpaceKernels, spec: { file: string; field: string }): Promise<TruthTable> {
  if (!existsSync(spec.file)) throw new LissnasError("E_IO", "cannot read table: no such file", { file: spec.file, field: "oracle" });
  return readTruthTable(kernels, spec.file, spec.field, spec.field);
}

class TableOracle implements Oracle {
  readonly description: string;
  constructor(private readonly table: TruthTable, private readonly kernels: SpaceKernels, field: string) {
    this.description = `table:${table.file}:${field}`;
  }

  async evaluate(genomes: Uint8Array): Promise<Float64Array> {
    const keys = this.kernels.keys(genomes);
    const out = new Float64Array(keys.length);
    const length = this.kernels.space.genomeLength;
    for (let i = 0; i < keys.length; i++) {
      const c = this.table.classIndex.get(keys[i]);
      if (c === undefined) {
        const arch = archText(this.kernels.space.format(genomes.subarray(i * length, (i + 1) * length)));
        throw new LissnasError("E_DATA", `architecture ${arch} is not in the table; pass --restrict-to-table to search only the architectures it covers`,
          { file: this.table.file });
      }
      out[i] = this.table.classTarget[c];
    }
    return out;
  }
}

class ScorerOracle implements Oracle {
  constructor(readonly description: string, private readonly scorer: { predict(g: Uint8Array): Promise<Float32Array>; close?(): Promise<void> }) {}

  async evaluate(genomes: Uint8Array): Promise<Float64Array> {
    return Float64Array.from(await this.scorer.predict(genomes));
  }

  async close(): Promise<void> {
    await this.scorer.close?.();
  }
}

/** Opens an oracle; a table already read (`table`) is reused. */
export async function openOracle(spec: OracleSpec, kernels: SpaceKernels, table?: TruthTable): Promise<Oracle> {
  if (spec.kind === "table") return new TableOracle(table ?? await readOracleTable(kernels, spec), kernels, spec.field);
  if (spec.kind === "synthetic") {
    const landscape = new SyntheticLandscape(kernels.space, spec.seed);
    return new ScorerOracle(landscape.description, landscape);
  }
  if (!existsSync(spec.file)) throw new LissnasError("E_IO", "cannot read model: no such file", { file: spec.file, field: "oracle" });
  const predictor = await openPredictor(spec.file, kernels.space);
  return new ScorerOracle(predictor.description, predictor);
}
