// topk-all — score every class of an enumerable space and keep the K best (K = the target size): the
// upper bound a predictor allows when scoring everything is affordable. It ignores the budget on purpose.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { bestIndices, explicitSpace, pick, type Members } from "./produce.js";
import { enumeration } from "./enumeration.js";

export const topkAll: ShrinkMethod = {
  name: "topk-all",
  description: "top-K of every class, each scored (enumerable spaces only; ignores the predictor budget)",
  sizedToTarget: true,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { space, kernels, targetSize } = context;
    const empty: Members = { genomes: new Uint8Array(0), keys: new BigUint64Array(0) };
    const all = enumeration(kernels);
    if (all === undefined) return explicitSpace(context, empty, 0, `topk-all: ${space.id} is not enumerable`);
    const scores = await context.model.predict(all.genomes);
    return explicitSpace(context, pick(all, bestIndices(scores, all.keys, targetSize), space.genomeLength), all.keys.length);
  },
};
