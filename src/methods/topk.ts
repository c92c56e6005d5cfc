// topk — the baseline every user asks about: spend the predictor budget on uniform samples (as many
// distinct classes as lissnas scored) and keep the K best, K = the target size. Locality has to beat it
// at equal budget to be worth anything.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { BudgetedScorer } from "./budgetedScorer.js";
import { bestIndices, drawDistinct, explicitSpace, pick } from "./produce.js";

export const topk: ShrinkMethod = {
  name: "topk",
  description: "top-K of as many uniform samples as the predictor budget allows (K = the target size)",
  sizedToTarget: true,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { kernels, seed, targetSize, budget } = context;
    const scorer = new BudgetedScorer(context.model, budget);
    const sample = drawDistinct(kernels, budget, seed, 0x70b0n);
    const scores = await scorer.score(sample.genomes, sample.keys);
    const best = pick(sample, bestIndices(scores, sample.keys, targetSize), kernels.space.genomeLength);
    return explicitSpace(context, best, scorer.used);
  },
};
