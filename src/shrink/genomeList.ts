// A growable list of genomes with their keys and scores: the unit the shrinker passes around.
import { byScoreThenKey } from "./ranking.js";

/** topByScore picks up to this many by insertion, more by one sort. */
const TOP_BY_INSERTION = 64;
export class GenomeList {
  readonly length: number;
  genomes: Uint8Array;
  keys: BigUint64Array;
  scores: Float32Array;
  count = 0;
  /** keys as 32-bit words, so hot loops copy keys without allocating a BigInt per architecture. */
  private keyWords: Uint32Array;

  constructor(genomeLength: number, capacity = 1024) {
    this.length = genomeLength;
    this.genomes = new Uint8Array(capacity * genomeLength);
    this.keys = new BigUint64Array(capacity);
    this.scores = new Float32Array(capacity);
    this.keyWords = new Uint32Array(this.keys.buffer);
  }

  push(genome: Uint8Array, key: bigint, score: number): void {
    if (this.count === this.keys.length) this.reserve(this.count * 2);
    this.genomes.set(genome, this.count * this.length);
    this.keys[this.count] = key;
    this.scores[this.count] = score;
    this.count++;
  }

  /** Appends item i of a batch: genome i of `genomes`, key words 2i and 2i+1 of `keyWords` (a view of a key array). */
  pushFrom(genomes: Uint8Array, keyWords: Uint32Array, i: number, score: number): void {
    if (this.count === this.keys.length) this.reserve(this.count * 2);
    const length = this.length;
    const to = this.count * length;
    const from = i * length;
    for (let b = 0; b < length; b++) this.genomes[to + b] = genomes[from + b];
    this.keyWords[2 * this.count] = keyWords[2 * i];
    this.keyWords[2 * this.count + 1] = keyWords[2 * i + 1];
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

  /**
   * The k best indices, score descending, ties by key ascending (keys in a list are distinct, so the
   * order is total), NaN scores last in index order. A few (seeds) by one pass of insertion, O(n k);
   * many (a candidate pool of a quarter of the list) by one sort, O(n log n): insertion was quadratic there.
   */
  topByScore(k: number): number[] {
    k = Math.max(0, Math.min(k, this.count));
    return k <= TOP_BY_INSERTION ? this.topByInsertion(k) : this.topBySort(k);
  }

  private topByInsertion(k: number): number[] {
    const best: number[] = [];
    const order = byScoreThenKey(this.scores, this.keys);
    const before = (a: number, b: number) => order(a, b) < 0;
    for (let i = 0; i < this.count; i++) {
      if (best.length === k) {
        if (k === 0 || !before(i, best[k - 1])) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && before(i, best[at - 1])) at--;
      best.splice(at, 0, i);
    }
    return best;
  }

  private topBySort(k: number): number[] {
    const order = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    order.sort(byScoreThenKey(this.scores, this.keys));
    return Array.from(order.subarray(0, k));
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
    this.keyWords = new Uint32Array(keys.buffer);
  }
}
