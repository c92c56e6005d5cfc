// The cost of an architecture (FLOPs, parameters, latency …) as the shrinker sees it: one batched call
// per batch of genomes, like a predictor. Sources: the space's own analytic cost model, a benchmark
// table's field (looked up by canonical key), or any second predictor (a latency model).
import type { SearchSpace } from "../spaces/space.js";
import { LissnasError } from "../errors.js";

/** A cost per genome; NaN where the source has none (such genomes belong to no cost stratum). */
export interface CostModel {
  readonly description: string;
  predict(genomes: Uint8Array): Promise<Float32Array>;
  /** Releases the model's resources; the caller that opened it calls it. */
  close?(): Promise<void>;
}

export const SPACE_COST_FIELDS = ["flops", "params"] as const;
export type SpaceCostField = (typeof SPACE_COST_FIELDS)[number];

/** The space's analytic cost (`flops` or `params`), computed genome by genome over the batch. */
export function spaceCostModel(space: SearchSpace, field: SpaceCostField): CostModel {
  const cost = space.cost?.bind(space);
  if (cost === undefined) {
    throw new LissnasError("E_OPTION", `--cost ${field}: ${space.id} has no analytic cost model; give a table (--cost FILE.jsonl:FIELD) or --cost-predictor`);
  }
  const length = space.genomeLength;
  const units = space.costUnits?.[field];
  return {
    description: `${space.id} analytic ${field}${units === undefined ? "" : ` (${units})`}`,
    predict: async (genomes) => {
      const count = genomes.length / length;
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = cost(genomes.subarray(i * length, (i + 1) * length))[field];
      return out;
    },
  };
}

/** The space's default cost: its analytic FLOPs where it has a cost model, else none. */
export function defaultCostModel(space: SearchSpace): CostModel | undefined {
  return space.cost === undefined ? undefined : spaceCostModel(space, "flops");
}
