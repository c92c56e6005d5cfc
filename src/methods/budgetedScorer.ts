// A predictor behind a budget of distinct architectures: what lets every method spend exactly what the
// lissnas run explored. Scores are cached by class key, so re-drawing a scored member costs nothing.
import type { ScoringModel } from "../shrink/lissnas.js";
import { gatherGenomes, unknownFirstOccurrences } from "../spaces/genomeBatch.js";

export class BudgetedScorer {
  readonly budget: number;
  private readonly model: ScoringModel;
  private readonly cache = new Map<bigint, number>();

  constructor(model: ScoringModel, budget: number) {
    this.model = model;
    this.budget = Math.max(0, Math.floor(budget));
  }

  /** Distinct architectures scored so far. */
  get used(): number {
    return this.cache.size;
  }

  get remaining(): number {
    return this.budget - this.cache.size;
  }

  /** The cached score of a key, or undefined when it was never scored. */
  known(key: bigint): number | undefined {
    return this.cache.get(key);
  }

  /**
   * Scores of a batch of canonical genomes (genomeLength bytes each) with their keys: cached keys are
   * free, new keys are scored in one predictor call while the budget lasts; NaN past the budget (and
   * wherever the predictor has no score).
   */
  async score(genomes: Uint8Array, keys: BigUint64Array): Promise<Float32Array> {
    const count = keys.length;
    const length = count === 0 ? 0 : genomes.length / count;
    const fresh = unknownFirstOccurrences(keys, this.cache, this.remaining);
    if (fresh.length > 0) {
      const predicted = await this.model.predict(gatherGenomes(genomes, fresh, length));
      fresh.forEach((i, n) => this.cache.set(keys[i], predicted[n]));
    }
    const scores = new Float32Array(count);
    for (let i = 0; i < count; i++) scores[i] = this.cache.get(keys[i]) ?? NaN;
    return scores;
  }
}
