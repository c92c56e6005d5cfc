// The architectures an operation-pruning method has scored, with their free-gene flags, and the
// ranking of operations they give inside the current subspace: the predictor's stand-in for a
// supernet's per-operation metric (ABS's angle, PADNAS's path accuracy).
import type { OperationMask } from "./operationMask.js";
import type { Members } from "./produce.js";

export class ScoredPool {
  private genomes: number[] = [];
  private scores: number[] = [];
  private free: number[] = [];
  private readonly seen = new Set<bigint>();

  constructor(private readonly length: number, private readonly operationGenes: number) {}

  get count(): number {
    return this.scores.length;
  }

  /**
   * Adds scored members (NaN scores, i.e. unscored, are left out; repeats too), as drawn where the draw
   * kept them (the mask tests those), with the free-gene flags of those genomes.
   */
  add(members: Members, scores: Float32Array, free: Uint8Array): void {
    const { length, operationGenes: G } = this;
    const tested = members.drawn ?? members.genomes;
    for (let i = 0; i < members.keys.length; i++) {
      if (Number.isNaN(scores[i]) || this.seen.has(members.keys[i])) continue;
      this.seen.add(members.keys[i]);
      for (let b = 0; b < length; b++) this.genomes.push(tested[i * length + b]);
      for (let j = 0; j < G; j++) this.free.push(free[i * G + j]);
      this.scores.push(scores[i]);
    }
  }

  /**
   * Mean score of the scored members inside `mask` that use value v at operation gene j (where the gene
   * is not free), as means[j][v]; NaN where no such member was scored.
   */
  operationMeans(mask: OperationMask): Float64Array[] {
    const G = mask.genes.length;
    const sums = mask.allowed.map((a) => new Float64Array(a.length));
    const counts = mask.allowed.map((a) => new Float64Array(a.length));
    const genomes = Uint8Array.from(this.genomes);
    const free = Uint8Array.from(this.free);
    for (let i = 0; i < this.scores.length; i++) {
      if (!mask.contains(genomes, i, this.length, free)) continue;
      for (let j = 0; j < G; j++) {
        if (free[i * G + j]) continue;
        const v = genomes[i * this.length + mask.genes[j]];
        sums[j][v] += this.scores[i];
        counts[j][v]++;
      }
    }
    return sums.map((s, j) => s.map((x, v) => (counts[j][v] === 0 ? NaN : x / counts[j][v])));
  }

  /** Indices of the scored members inside `mask`, best first (ties by position). */
  rankedInside(mask: OperationMask): number[] {
    const genomes = Uint8Array.from(this.genomes);
    const free = Uint8Array.from(this.free);
    const inside: number[] = [];
    for (let i = 0; i < this.scores.length; i++) if (mask.contains(genomes, i, this.length, free)) inside.push(i);
    return inside.sort((a, b) => this.scores[b] - this.scores[a] || a - b);
  }

  /** Genome i's value at `gene`, and whether its operation gene j is free. */
  value(i: number, gene: number): number {
    return this.genomes[i * this.length + gene];
  }

  isFree(i: number, j: number): boolean {
    return this.free[i * this.operationGenes + j] === 1;
  }
}

/** Why a space cannot be pruned by operations, or null. */
export function noOperationGenes(name: string, spaceId: string, genes: readonly number[] | undefined): string | null {
  return genes === undefined || genes.length === 0 ? `${name}: ${spaceId} declares no operation genes to prune` : null;
}
