// A growable list of genomes with their keys and scores: the unit the shrinker passes around.
export class GenomeList {
  readonly length: number;
  genomes: Uint8Array;
  keys: BigUint64Array;
  scores: Float32Array;
  count = 0;

  constructor(genomeLength: number, capacity = 1024) {
    this.length = genomeLength;
    this.genomes = new Uint8Array(capacity * genomeLength);
    this.keys = new BigUint64Array(capacity);
    this.scores = new Float32Array(capacity);
  }

  push(genome: Uint8Array, key: bigint, score: number): void {
    if (this.count === this.keys.length) this.reserve(this.count * 2);
    this.genomes.set(genome, this.count * this.length);
    this.keys[this.count] = key;
    this.scores[this.count] = score;
    this.count++;
  }

  genome(i: number): Uint8Array {
    return this.genomes.subarray(i * this.length, (i + 1) * this.length);
  }

  /** The genomes as one contiguous batch. */
  batch(): Uint8Array {
    return this.genomes.subarray(0, this.count * this.length);
  }

  meanScore(): number {
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.scores[i];
    return this.count === 0 ? NaN : sum / this.count;
  }

  maxScore(): number {
    let best = -Infinity;
    for (let i = 0; i < this.count; i++) best = Math.max(best, this.scores[i]);
    return best;
  }

  /** Indices ordered by score descending, ties broken by key, so the order is deterministic. */
  rankByScore(): number[] {
    const order = Array.from({ length: this.count }, (_, i) => i);
    order.sort((a, b) => this.scores[b] - this.scores[a] || (this.keys[a] < this.keys[b] ? -1 : this.keys[a] > this.keys[b] ? 1 : 0));
    return order;
  }

  private reserve(capacity: number): void {
    const genomes = new Uint8Array(capacity * this.length);
    genomes.set(this.genomes);
    const keys = new BigUint64Array(capacity);
    keys.set(this.keys);
    const scores = new Float32Array(capacity);
    scores.set(this.scores);
    this.genomes = genomes;
    this.keys = keys;
    this.scores = scores;
  }
}
