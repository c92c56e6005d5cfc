// nse — Neural Search-space Evolution (Ci et al., 2020), adapted to a predictor.
// The paper splits a large operation pool into subspaces searched one after another: a supernet is
// trained on the current subspace, the best architecture found keeps its operations (knowledge
// inherited as a multi-branch space), and the next subspace's operations are added to them; the space
// grows by new candidates and is kept by how good its best members are. Here each operation gene's
// values are split (seeded shuffle) into NSE_STAGES groups. Stage t searches the space "kept operations
// plus group t": uniform members are drawn and scored (the budget split evenly over the stages), and the
// kept operations become the values its best scored members use, taken member by member in rank order
// (gene by gene within a member) up to the point whose space is nearest the target size. A stage whose space would be empty (the space's
// constraints need an operation of a later group) takes the next group in at once.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { startPruning } from "./pruningStart.js";
import { OperationMask } from "./operationMask.js";
import { ScoredPool } from "./scoredPool.js";
import { maskSpace, type MaskedSpace } from "./subspace.js";
import { sizeGap } from "./produce.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";

/** Subspaces each gene's operations are split into (the paper grows its pool in a few stages). */
export const NSE_STAGES = 2;

/**
 * The operations the best scored members of `mask` use: taken member by member in rank order and gene by
 * gene within a member, up to the point whose space is nearest the target size.
 */
function keptByBest(pool: ScoredPool, mask: OperationMask, masked: MaskedSpace, targetSize: number): OperationMask {
  const used = mask.allowed.map((a) => new Uint8Array(a.length));
  // A gene no member taken so far uses (free in all of them) keeps what the stage allowed.
  const union = () => mask.genes.reduce((m, _g, j) => {
    const values = [...used[j].keys()].filter((v) => used[j][v] === 1);
    return values.length === 0 ? m : m.keeping(j, values);
  }, mask);
  let best: { mask: OperationMask; size: number } | undefined;
  for (const i of pool.rankedInside(mask)) {
    for (let j = 0; j < mask.genes.length; j++) {
      const v = pool.value(i, mask.genes[j]);
      if (pool.isFree(i, j) || used[j][v] === 1) continue;
      used[j][v] = 1;
      const candidate = union();
      const size = masked.size(candidate).size;
      if (size > 0 && (best === undefined || sizeGap(size, targetSize) < sizeGap(best.size, targetSize))) best = { mask: candidate, size };
      // Once every gene has a value taken, more values only grow the space.
      if (size > targetSize && used.every((u) => u.includes(1))) return best?.mask ?? candidate;
    }
  }
  return best?.mask ?? mask;
}

export const nse: ShrinkMethod = {
  name: "nse",
  description: "NSE: operations split into subspaces searched in turn; each stage keeps the operations of its best members and adds the next subspace",
  sizedToTarget: true,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { space, seed, targetSize } = context;
    const started = startPruning("nse", context);
    if (started.refused !== undefined) return started.refused;
    const { masked, scorer, pool } = started.start;
    const full = started.start.mask;
    // groupOf[j][v]: the stage at which value v of operation gene j enters.
    const rng = new ReferenceRng(streamState(seed, 0x45e0n, 0n));
    const groupOf = full.allowed.map((a) => {
      const order = [...a.keys()];
      for (let i = 0; i < order.length - 1; i++) {
        const k = i + rng.below(order.length - i);
        [order[i], order[k]] = [order[k], order[i]];
      }
      const groups = new Uint8Array(a.length);
      order.forEach((v, rank) => { groups[v] = Math.min(NSE_STAGES - 1, Math.floor((rank * NSE_STAGES) / order.length)); });
      return groups;
    });
    let kept = full.genes.reduce((m, _g, j) => m.keeping(j, []), full);
    for (let stage = 0; stage < NSE_STAGES; stage++) {
      let current = kept;
      full.genes.forEach((_g, j) => {
        const values = [...groupOf[j].keys()].filter((v) => kept.allowed[j][v] === 1 || groupOf[j][v] === stage);
        current = current.keeping(j, values);
      });
      // Genes with nothing yet (a group of a 1-value gene) or an empty subspace take the next groups in.
      let grow = stage;
      while (grow < NSE_STAGES - 1 && (current.genes.some((_g, j) => current.alive(j) === 0) || masked.size(current).size === 0)) {
        grow++;
        full.genes.forEach((_g, j) => {
          const values = [...groupOf[j].keys()].filter((v) => current.allowed[j][v] === 1 || groupOf[j][v] === grow);
          current = current.keeping(j, values);
        });
      }
      const drawn = masked.draw(current, Math.floor(scorer.remaining / (NSE_STAGES - stage)), BigInt(stage));
      pool.add(drawn, await scorer.score(drawn.genomes, drawn.keys), masked.free(drawn.drawn ?? drawn.genomes));
      kept = keptByBest(pool, current, masked, targetSize);
      stage = grow;
    }
    return maskSpace(context, masked, kept, scorer.used, null);
  },
};
