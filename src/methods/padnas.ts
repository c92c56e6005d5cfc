// padnas — PADNAS, progressive automatic design of the search space (Xia et al., 2020), adapted to a
// predictor. The paper prunes the operations of a one-shot supernet progressively, layer by layer: each
// layer's candidates are ranked with the layers before it already pruned, and only the best are kept.
// Here each operation gene is a layer, taken in genome order: before pruning it, uniform members of the
// space left by the earlier genes are drawn and scored (within the predictor budget, cached scores
// reused), the gene's values are ranked by the mean predicted score of the scored members using them,
// and the best k are kept, k chosen so the space follows an even geometric path to the target size (the
// last gene lands nearest the target). A choice that would empty the space is never taken.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { startPruning } from "./pruningStart.js";
import { OperationMask } from "./operationMask.js";
import { maskSpace } from "./subspace.js";
import { sizeGap } from "./produce.js";

export const padnas: ShrinkMethod = {
  name: "padnas",
  description: "PADNAS: layer by layer in genome order, keep each operation gene's best values by mean predicted score in the space left so far",
  sizedToTarget: true,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { space, targetSize } = context;
    const started = startPruning("padnas", context);
    if (started.refused !== undefined) return started.refused;
    const { masked, scorer, pool } = started.start;
    let mask = started.start.mask;
    let size = masked.size(mask).size;
    const G = mask.genes.length;
    for (let j = 0; j < G && size > targetSize; j++) {
      const layersLeft = G - j;
      const drawn = masked.draw(mask, Math.floor(scorer.remaining / layersLeft), BigInt(j));
      pool.add(drawn, await scorer.score(drawn.genomes, drawn.keys), masked.free(drawn.drawn ?? drawn.genomes));
      const means = pool.operationMeans(mask)[j];
      // Values best first; a value no scored member used ranks last (nothing speaks for it).
      const ranked = [...mask.allowed[j].keys()].filter((v) => mask.allowed[j][v] === 1)
        .sort((a, b) => (Number.isNaN(means[a]) ? 1 : 0) - (Number.isNaN(means[b]) ? 1 : 0) || means[b] - means[a] || a - b);
      const desired = size * Math.pow(targetSize / size, 1 / layersLeft);
      let best: { mask: OperationMask; size: number } | undefined;
      for (let k = ranked.length; k >= 1; k--) {
        const next = mask.keeping(j, ranked.slice(0, k));
        const nextSize = k === ranked.length ? size : masked.size(next).size;
        if (nextSize === 0) continue;
        if (best === undefined || sizeGap(nextSize, desired) < sizeGap(best.size, desired)) best = { mask: next, size: nextSize };
      }
      if (best !== undefined) ({ mask, size } = best);
    }
    return maskSpace(context, masked, mask, scorer.used, null);
  },
};
