// Training a tree-ensemble predictor from architecture -> accuracy rows, and its ONNX export with the
// metadata `lissnas predict` reads back (space, feature encoding, target, training digest, parameters).
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";
import { archText } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { splitArchLine } from "../io/archStream.js";
import { numericField } from "./tablePredictor.js";
import { defaultEncoding, encodeFeatures, getEncoding, type FeatureEncoding } from "./features.js";
import { treeScorerOfEnsemble } from "./ensembleScorer.js";
import { DEFAULT_TRAINER_PARAMS, predictEnsemble, trainGbdt, type TrainerParams, type TrainingResult, type TrainingProgress, type TreeEnsemble } from "./gbdt.js";
import { METADATA, treeEnsembleToOnnx } from "./onnxModel.js";
import { snakeCaseKeys } from "../io/snakeCase.js";

/**
 * What to do with an architecture listed twice (the same genome as written): `error` (default) names
 * both lines; `mean` trains on the mean of their targets; `first` keeps the first row. Rows that are
 * isomorphic but written differently are distinct rows, as in the benchmark tables themselves.
 */
export type DuplicatePolicy = "error" | "mean" | "first";
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ["error", "mean", "first"];

export interface TrainingRows {
  /** Genomes as written (count x genomeLength), each a member of the space. */
  genomes: Uint8Array;
  targets: Float64Array;
  /** Source line of each row (the first, for merged duplicates). */
  lines: number[];
  /** sha256 of the rows used: one "arch<TAB>target" line each, in order. */
  digest: string;
}

/** Reads `arch` + numeric `target` rows of a JSON Lines file. */
export function readTrainingRows(file: string, space: SearchSpace, target: string, duplicates: DuplicatePolicy = "error"): TrainingRows {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LissnasError("E_IO", `cannot read training data: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, { file });
  }
  const length = space.genomeLength;
  const firstRow = new Map<string, number>();
  const genomes: Uint8Array[] = [];
  const sums: number[] = [];
  const counts: number[] = [];
  const lines: number[] = [];
  content.split("\n").forEach((text, index) => {
    if (text.trim() === "") return;
    const line = index + 1;
    const { arch, fields } = splitArchLine(text, file, line);
    const genome = space.parse(arch, { file, line, field: "arch" });
    const value = numericField(fields, target, file, line);
    const key = Buffer.from(genome).toString("latin1");
    const seen = firstRow.get(key);
    if (seen !== undefined) {
      if (duplicates === "error") {
        throw new LissnasError("E_DATA", `architecture ${archText(space.format(genome))} is listed again (first on line ${lines[seen]}); ` +
          `expected each architecture once (pass --duplicates mean or first to merge)`, { file, line, field: "arch" });
      }
      if (duplicates === "mean") {
        sums[seen] += value;
        counts[seen] += 1;
      }
      return;
    }
    firstRow.set(key, genomes.length);
    genomes.push(genome);
    sums.push(value);
    counts.push(1);
    lines.push(line);
  });
  if (genomes.length === 0) throw new LissnasError("E_DATA", "no training rows; expected JSON Lines with an arch and a target", { file });
  const all = new Uint8Array(genomes.length * length);
  genomes.forEach((genome, i) => all.set(genome, i * length));
  const { valid } = new SpaceKernels(space).canonicalize(all);
  const invalid = valid.indexOf(0);
  if (invalid >= 0) throw new LissnasError("E_INVALID_ARCH", `not a member of ${space.id}`, { file, line: lines[invalid], field: "arch" });
  const targets = Float64Array.from(sums, (sum, i) => sum / counts[i]);
  const hash = createHash("sha256");
  genomes.forEach((genome, i) => hash.update(`${archText(space.format(genome))}\t${targets[i]}\n`));
  return { genomes: all, targets, lines, digest: hash.digest("hex") };
}

export interface FittedModel {
  encoding: FeatureEncoding;
  params: TrainerParams;
  training: TrainingResult;
  /** The ONNX model file's bytes. */
  onnx: Uint8Array;
  metadata: Record<string, string>;
  /** In-process predictions for genomes of the space (as the ONNX model computes them). */
  predict(genomes: Uint8Array): Float32Array;
}

/** Trains on `rows` and exports the ensemble as ONNX with lissnas metadata. */
export function fitModel(space: SearchSpace, rows: TrainingRows, target: string,
  options: { features?: string; params?: Partial<TrainerParams>; progress?: TrainingProgress } = {}): FittedModel {
  const encoding = options.features !== undefined ? getEncoding(options.features, space) : defaultEncoding(space);
  const params: TrainerParams = { ...DEFAULT_TRAINER_PARAMS, ...options.params };
  const x = encodeFeatures(encoding, rows.genomes);
  const training = trainGbdt(x, encoding.width, rows.targets, params, options.progress);
  const metadata: Record<string, string> = {
    [METADATA.space]: space.id,
    [METADATA.features]: encoding.name,
    [METADATA.target]: target,
    [METADATA.trainingDigest]: rows.digest,
    // snake_case like every JSON lissnas writes; schema_version 2 renamed the camelCase keys of version 1.
    [METADATA.trainer]: JSON.stringify(snakeCaseKeys({ schemaVersion: 2, algorithm: "gbdt-hist", objective: "squared_error", ...params, roundsKept: training.rounds,
      trainRows: training.trainRows, validationRows: training.validationRows })),
    description: `lissnas gradient-boosted trees on ${encoding.name}; target ${target}`,
  };
  return {
    encoding,
    params,
    training,
    onnx: treeEnsembleToOnnx(training.ensemble, encoding.width, metadata),
    metadata,
    predict: scoreTrainedEnsemble(training.ensemble, encoding, space.genomeLength),
  };
}

/** Scores genomes with a trained ensemble: compiled into the WASM core, or in TypeScript when its trees are too deep. */
export function scoreTrainedEnsemble(ensemble: TreeEnsemble, encoding: FeatureEncoding, genomeLength: number): (genomes: Uint8Array) => Float32Array {
  const scorer = treeScorerOfEnsemble(ensemble, encoding, genomeLength);
  return scorer !== undefined ? (genomes) => scorer.score(genomes) : (genomes) => predictEnsemble(ensemble, encodeFeatures(encoding, genomes), encoding.width);
}
