// The cost model the shrinker uses inside an evaluation, taken from the truth table's cost field (the
// one coverage is measured on): looked up by canonical key when the table holds every class of the
// space; for a sampled table (NB101's 20k rows cover 5% of the space) the space's analytic model of that
// field where it has one, otherwise a tree ensemble fitted on the rows that have a cost. Cost, not accuracy: the shrinking predictor
// still sees only its training rows.
import type { SpaceKernels } from "../spaces/kernels.js";
import { spaceCostModel, type CostModel } from "../shrink/costModel.js";
import type { TruthTable } from "./truthTable.js";
import { defaultEncoding, encodeFeatures } from "../predict/features.js";
import { trainGbdt, DEFAULT_TRAINER_PARAMS } from "../predict/gbdt.js";
import { scoreTrainedEnsemble } from "../predict/fit.js";

/** Rows a fitted cost model is trained on at most (the cost is smooth in the genome; more adds time only). */
const COST_TRAINING_ROWS = 5000;

export function truthCostModel(kernels: SpaceKernels, table: TruthTable, costField: string | undefined): CostModel | undefined {
  if (costField === undefined) return undefined;
  const space = kernels.space;
  const length = space.genomeLength;
  const withCost: number[] = [];
  table.classCost.forEach((c, i) => {
    if (Number.isFinite(c)) withCost.push(i);
  });
  if (withCost.length < 2) return undefined;
  const unique = space.uniqueSize() ?? space.size();
  if (BigInt(withCost.length) >= unique) {
    return {
      description: `truth table ${costField} (lookup)`,
      predict: async (genomes) => {
        const keys = kernels.keys(genomes);
        const out = new Float32Array(keys.length);
        for (let i = 0; i < keys.length; i++) {
          const c = table.classIndex.get(keys[i]);
          out[i] = c === undefined ? NaN : table.classCost[c];
        }
        return out;
      },
    };
  }
  // A sampled table: the space's own cost model where it defines this field.
  if (space.cost !== undefined && (costField === "flops" || costField === "params")) {
    return spaceCostModel(space, costField);
  }
  // Otherwise an even spread of the classes with a cost, in table order: deterministic, no seed needed.
  const step = Math.max(1, withCost.length / COST_TRAINING_ROWS);
  const rows: number[] = [];
  for (let r = 0; r < withCost.length && rows.length < COST_TRAINING_ROWS; r += step) rows.push(withCost[Math.floor(r)]);
  const genomes = new Uint8Array(rows.length * length);
  const y = new Float64Array(rows.length);
  rows.forEach((c, i) => {
    genomes.set(table.classGenomes.subarray(c * length, (c + 1) * length), i * length);
    y[i] = table.classCost[c];
  });
  const encoding = defaultEncoding(space);
  const { ensemble } = trainGbdt(encodeFeatures(encoding, genomes, kernels.core), encoding.width, y, { ...DEFAULT_TRAINER_PARAMS, seed: 0 });
  const score = scoreTrainedEnsemble(ensemble, encoding, length);
  return { description: `tree ensemble fitted on ${rows.length} rows of the truth table's ${costField}`, predict: async (batch) => score(batch) };
}
