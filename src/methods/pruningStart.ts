// What every operation-pruning method (abs, padnas, nse) starts from: the masked view of the space, the
// budgeted scorer, the full operation mask and an empty pool of scored members; or, for a space without
// operation genes, the empty space and the reason.
import type { MethodContext, ProducedSpace } from "./method.js";
import { BudgetedScorer } from "./budgetedScorer.js";
import { OperationMask } from "./operationMask.js";
import { ScoredPool, noOperationGenes } from "./scoredPool.js";
import { maskedSpace } from "./subspace.js";
import { explicitSpace } from "./produce.js";

export interface PruningStart {
  masked: ReturnType<typeof maskedSpace>;
  scorer: BudgetedScorer;
  mask: OperationMask;
  pool: ScoredPool;
}

export function startPruning(name: string, context: MethodContext): { start: PruningStart; refused?: undefined } | { refused: ProducedSpace } {
  const { space, kernels, seed } = context;
  const none = noOperationGenes(name, space.id, space.operationGenes);
  if (none !== null) return { refused: explicitSpace(context, { genomes: new Uint8Array(0), keys: new BigUint64Array(0) }, 0, none) };
  const mask = OperationMask.full(space);
  return {
    start: {
      masked: maskedSpace(kernels, seed),
      scorer: new BudgetedScorer(context.model, context.budget),
      mask,
      pool: new ScoredPool(space.genomeLength, mask.genes.length),
    },
  };
}
