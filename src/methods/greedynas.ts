// greedynas — GreedyNAS (You et al., CVPR 2020), adapted to a predictor.
// The paper trains a supernet greedily: each step samples m paths, ranks them by a multi-path evaluation
// on a validation batch and trains only the top k; the paths that win enter a candidate pool of the
// best paths seen (a bounded heap, refreshed as better ones arrive); and with a probability rising
// linearly from 0 to 0.8 (exploration to exploitation) paths are drawn from the pool instead of uniformly.
// The search then starts from the pool. Here the predictor is the evaluation: rounds of m paths, the
// top k of each round offered to a pool of capacity K (the target size, so the returned space has K
// members), the worst pool entries displaced by better ones. Re-drawing a pool path teaches a fixed
// predictor nothing, so an exploitation draw is a pool path moved by one random edit (a new path next to
// a good one). The returned space is the pool once the predictor budget is spent.
import type { MethodContext, ProducedSpace, ShrinkMethod } from "./method.js";
import { BudgetedScorer } from "./budgetedScorer.js";
import { bestIndices, explicitSpace, pick, type Members } from "./produce.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";

/** Paths per round (the paper's m) and paths of a round offered to the pool (its k). */
export const GREEDY_PATHS = 10;
export const GREEDY_KEPT = 5;
/** Final probability of drawing from the pool (the paper's schedule: 0 rising linearly to 0.8). */
export const GREEDY_EXPLOIT = 0.8;
/** Rounds generated per predictor call. */
const ROUNDS_PER_BATCH = 64;
const UNIFORM_STREAM = 0x67e1n;
const WALK_STREAM = 0x67e2n;

class CandidatePool {
  genomes: number[] = [];
  keys: bigint[] = [];
  scores: number[] = [];
  private readonly members = new Set<bigint>();
  constructor(private readonly capacity: number, private readonly length: number) {}

  get size(): number {
    return this.keys.length;
  }

  offer(genomes: Uint8Array, i: number, key: bigint, score: number): void {
    if (this.members.has(key)) return;
    this.members.add(key);
    for (let b = 0; b < this.length; b++) this.genomes.push(genomes[i * this.length + b]);
    this.keys.push(key);
    this.scores.push(score);
    // Amortised refresh: past twice the capacity, keep the best `capacity`.
    if (this.keys.length >= 2 * this.capacity) this.refresh();
  }

  /** Keeps the best `capacity` entries (ties by key). */
  refresh(): Members {
    const all: Members = { genomes: Uint8Array.from(this.genomes), keys: BigUint64Array.from(this.keys) };
    const best = bestIndices(this.scores, all.keys, this.capacity);
    const kept = pick(all, best, this.length);
    this.scores = best.map((i) => this.scores[i]);
    this.genomes = Array.from(kept.genomes);
    this.keys = Array.from(kept.keys);
    this.members.clear();
    for (const key of this.keys) this.members.add(key);
    return kept;
  }
}

export const greedynas: ShrinkMethod = {
  name: "greedynas",
  description: "GreedyNAS: rounds of m paths, the top k of each offered to a pool of the K best; exploitation draws move a pool path by one edit",
  sizedToTarget: true,
  async run(context: MethodContext): Promise<ProducedSpace> {
    const { space, kernels, seed, targetSize } = context;
    const length = space.genomeLength;
    const scorer = new BudgetedScorer(context.model, context.budget);
    const pool = new CandidatePool(Math.max(1, targetSize), length);
    const rng = new ReferenceRng(streamState(seed, 0x67e0n, 0n));
    let uniformDrawn = 0n;
    let walked = 0n;
    // A batch that scores nothing new (a tiny space, or walks that only meet known paths) counts as
    // fruitless; a few in a row end the run before the budget does.
    for (let fruitless = 0; scorer.remaining > 0 && fruitless < 8;) {
      const paths = ROUNDS_PER_BATCH * GREEDY_PATHS;
      const exploit = pool.size === 0 ? 0 : GREEDY_EXPLOIT * (scorer.used / scorer.budget);
      const fromPool: number[] = [];
      let uniform = 0;
      for (let p = 0; p < paths; p++) {
        if (rng.below(1 << 30) / (1 << 30) < exploit) fromPool.push(rng.below(pool.size));
        else uniform++;
      }
      const batch = new Uint8Array(paths * length);
      batch.set(kernels.sample(uniform, seed, { stream: UNIFORM_STREAM, firstIndex: uniformDrawn }));
      uniformDrawn += BigInt(uniform);
      if (fromPool.length > 0) {
        const parents = new Uint8Array(fromPool.length * length);
        fromPool.forEach((i, n) => parents.set(pool.genomes.slice(i * length, (i + 1) * length), n * length));
        const moved = kernels.walkNeighbours(parents, 1, 1, seed, { stream: WALK_STREAM, firstIndex: walked });
        walked += BigInt(fromPool.length);
        batch.set(moved.genomes, uniform * length);
      }
      // Rounds mix uniform and pool draws in draw order, as the paper's sampler does.
      const order = Int32Array.from({ length: paths }, (_, i) => i);
      for (let i = paths - 1; i > 0; i--) {
        const k = rng.below(i + 1);
        [order[i], order[k]] = [order[k], order[i]];
      }
      const shuffled = pick({ genomes: batch, keys: kernels.keys(batch) }, Array.from(order), length);
      const before = scorer.used;
      const scores = await scorer.score(shuffled.genomes, shuffled.keys);
      fruitless = scorer.used === before ? fruitless + 1 : 0;
      for (let round = 0; round < ROUNDS_PER_BATCH; round++) {
        const from = round * GREEDY_PATHS;
        const roundScores = scores.subarray(from, from + GREEDY_PATHS);
        const top = bestIndices(roundScores, shuffled.keys.subarray(from, from + GREEDY_PATHS), GREEDY_KEPT);
        for (const i of top) pool.offer(shuffled.genomes, from + i, shuffled.keys[from + i], roundScores[i]);
      }
    }
    const members = pool.refresh();
    return explicitSpace(context, members, scorer.used);
  },
};
