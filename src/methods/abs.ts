// abs — Angle-Based search space Shrinking (Hu et al., ECCV 2020), adapted to a predictor.
// The paper trains a supernet, ranks every candidate operator by an angle-based metric measured over the
// paths that use it, removes the lowest-ranked operators, and re-ranks in the remaining space before the
// next removal. Here the predictor replaces the supernet: each step draws uniform members of the
// remaining space (scored within the predictor budget, cached scores reused), ranks every (gene,
// operation) still allowed by the mean predicted score of the scored members inside the remaining space
// that use it, and removes the worst one. It stops at the size nearest the target (the step before or
// after crossing it, whichever is nearer), never empties the space, and keeps one operation per gene.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { startPruning } from "./pruningStart.js";
import { maskSpace } from "./subspace.js";
import { sizeGap } from "./produce.js";

export const abs: ShrinkMethod = {
  name: "abs",
  description: "ABS: remove the worst (gene, operation) by mean predicted score, re-sampling and re-ranking in the remaining space each step",
  sizedToTarget: true,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { space, targetSize } = context;
    const started = startPruning("abs", context);
    if (started.refused !== undefined) return started.refused;
    const { masked, scorer, pool } = started.start;
    let mask = started.start.mask;
    let size = masked.size(mask).size;
    let stopped: string | null = null;
    for (let step = 0; size > targetSize; step++) {
      // Spread what is left of the budget over the removals still expected: each removal from a gene
      // with k values cuts its share of the space by about 1/k.
      const meanAlive = mask.genes.reduce((s, _g, j) => s + mask.alive(j), 0) / mask.genes.length;
      const expected = meanAlive <= 1 ? 1 : Math.max(1, Math.ceil(Math.log(size / targetSize) / Math.log(meanAlive / (meanAlive - 1))));
      const drawn = masked.draw(mask, Math.floor(scorer.remaining / expected), BigInt(step));
      pool.add(drawn, await scorer.score(drawn.genomes, drawn.keys), masked.free(drawn.drawn ?? drawn.genomes));
      const means = pool.operationMeans(mask);
      const candidates: Array<{ j: number; v: number; score: number }> = [];
      mask.genes.forEach((_g, j) => {
        if (mask.alive(j) <= 1) return;
        means[j].forEach((score, v) => { if (mask.allowed[j][v] === 1 && !Number.isNaN(score)) candidates.push({ j, v, score }); });
      });
      candidates.sort((a, b) => a.score - b.score || a.j - b.j || a.v - b.v);
      let removed = false;
      for (const { j, v } of candidates) {
        const next = mask.without(j, v);
        const nextSize = masked.size(next).size;
        if (nextSize === 0) continue; // the space's constraints need this operation somewhere
        if (nextSize <= targetSize && sizeGap(nextSize, targetSize) > sizeGap(size, targetSize)) return maskSpace(context, masked, mask, scorer.used, null);
        mask = next;
        size = nextSize;
        removed = true;
        break;
      }
      if (!removed) {
        stopped = mask.genes.every((_g, j) => mask.alive(j) <= 1) ? "one operation per gene is left"
          : candidates.length === 0 && scorer.remaining === 0 ? "the predictor budget ran out before the remaining operations could be ranked"
            : "the space's constraints need every remaining operation";
        break;
      }
    }
    const produced = maskSpace(context, masked, mask, scorer.used, null);
    if (stopped !== null && sizeGap(produced.size, targetSize) > Math.LN2) {
      produced.reason = `abs: cannot come within 2x of the target size: ${stopped}`;
    }
    return produced;
  },
};
