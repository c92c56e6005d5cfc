// Where the accuracies of a locality analysis come from: a ground-truth table (complete, or a uniform
// sample of the space's isomorphism classes) or a predictor that scores any architecture.
import { LissnasError } from "../errors.js";
import type { SpaceKernels } from "../spaces/kernels.js";
import type { TruthTable } from "../evaluate/truthTable.js";
import type { Predictor } from "../predict/predictor.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";

export interface AccuracySource {
  readonly kind: "truth-table" | "predictor";
  /** For output: the table file and field, or the predictor's own description. */
  readonly description: string;
  /**
   * Fraction of the space's isomorphism classes that have a value: 1 for a predictor or a complete
   * table, classes / uniqueSize for a sampled table (which must be a uniform sample of classes).
   */
  readonly coverage: number;
  /** One value per canonical genome; NaN where the source has none (only a sampled table). */
  values(genomes: Uint8Array): Promise<Float64Array>;
  /**
   * `count` canonical genomes to start walks and neighbour draws from, chosen with replacement: table
   * rows for a table (a uniform sample of classes when the table samples them), the space's sampler for
   * a predictor.
   */
  origins(count: number, seed: bigint, stream: bigint): Uint8Array;
}

/** A truth table as an accuracy source; its coverage compares its classes with the space's. */
export function truthTableSource(kernels: SpaceKernels, table: TruthTable, target: string): AccuracySource {
  const space = kernels.space;
  const length = space.genomeLength;
  const classes = table.classKeys.length;
  const spaceClasses = space.uniqueSize() ?? space.size();
  if (BigInt(classes) > spaceClasses) {
    throw new LissnasError("E_DATA", `the table has ${classes} isomorphism classes; expected at most the ${spaceClasses} of ${space.id}`, { file: table.file });
  }
  return {
    kind: "truth-table",
    description: `truth table ${table.file} field "${target}" (${table.rowTarget.length} rows, ${classes} classes)`,
    coverage: classes / Number(spaceClasses),
    async values(genomes) {
      const keys = kernels.keys(genomes);
      const out = new Float64Array(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const c = table.classIndex.get(keys[i]);
        out[i] = c === undefined ? Number.NaN : table.classTarget[c];
      }
      return out;
    },
    origins(count, seed, stream) {
      const rng = new ReferenceRng(streamState(seed, stream, 0n));
      const out = new Uint8Array(count * length);
      for (let i = 0; i < count; i++) {
        const c = table.rowClass[rng.below(table.rowClass.length)];
        out.set(table.classGenomes.subarray(c * length, (c + 1) * length), i * length);
      }
      return out;
    },
  };
}

/** A predictor as an accuracy source: every architecture has a value, so coverage is 1. */
export function predictorSource(kernels: SpaceKernels, predictor: Predictor): AccuracySource {
  const length = kernels.space.genomeLength;
  return {
    kind: "predictor",
    description: `predictor ${predictor.description}`,
    coverage: 1,
    async values(genomes) {
      const scores = await predictor.predict(genomes);
      const out = Float64Array.from(scores);
      const missing = out.findIndex((value) => !Number.isFinite(value));
      if (missing >= 0) {
        const arch = kernels.space.format(genomes.subarray(missing * length, (missing + 1) * length));
        throw new LissnasError("E_PREDICTOR", `gave no score for ${typeof arch === "string" ? arch : JSON.stringify(arch)}; ` +
          "a locality analysis needs a score for every architecture a walk visits (use --truth for a sampled table)");
      }
      return out;
    },
    origins(count, seed, stream) {
      return kernels.sample(count, seed, { stream });
    },
  };
}
