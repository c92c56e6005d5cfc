// A predictor behind a budget of distinct architectures: what lets every method spend exactly what the
// lissnas run explored. Scores are cached by class key, so re-drawing a scored member costs nothing.
import type { ScoringModel } from "../shrink/lissnas.js";

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
    const scores = new Float32Array(count).fill(NaN);
    const fresh: number[] = [];
    const claimed = new Set<bigint>();
    for (let i = 0; i < count; i++) {
      const cached = this.cache.get(keys[i]);
      if (cached !== undefined) scores[i] = cached;
      else if (!claimed.has(keys[i]) && fresh.length < this.remaining) {
        claimed.add(keys[i]);
        fresh.push(i);
      }
    }
    if (fresh.length > 0) {
      const batch = new Uint8Array(fresh.length * length);
      fresh.forEach((i, n) => batch.set(genomes.subarray(i * length, (i + 1) * length), n * length));
      const predicted = await this.model.predict(batch);
      fresh.forEach((i, n) => this.cache.set(keys[i], predicted[n]));
    }
    for (let i = 0; i < count; i++) if (Number.isNaN(scores[i])) scores[i] = this.cache.get(keys[i]) ?? NaN;
    return scores;
  }
}
