// Operation masks: the subspaces the operation-pruning methods (abs, padnas, nse) work in. A mask keeps,
// per operation gene, a set of allowed values; topology genes keep every value.
//
// A class belongs to a mask's subspace when some architecture of the class is inside the mask. The test
// runs on the class's canonical genome with its free genes ignored: an operation gene is free when
// changing it leaves the class unchanged (an NB101 padding vertex, an NB201 edge cut off by `none`), so
// any allowed value would do. Spaces whose canonical form moves operations between genes (NB301 sorts
// each node's input pairs) are tested on the canonical genome alone, an approximation.
import type { SearchSpace } from "../spaces/space.js";
import type { SpaceKernels } from "../spaces/kernels.js";

export class OperationMask {
  /** The operation genes, in genome order. */
  readonly genes: readonly number[];
  /** allowed[j][v] = 1 when operation gene genes[j] may take value v. */
  readonly allowed: Uint8Array[];

  private constructor(genes: readonly number[], allowed: Uint8Array[]) {
    this.genes = genes;
    this.allowed = allowed;
  }

  static full(space: SearchSpace): OperationMask {
    const genes = space.operationGenes ?? [];
    return new OperationMask(genes, genes.map((g) => new Uint8Array(space.cardinalities[g]).fill(1)));
  }

  clone(): OperationMask {
    return new OperationMask(this.genes, this.allowed.map((a) => a.slice()));
  }

  /** Values operation gene j (its position in `genes`) still allows. */
  alive(j: number): number {
    return this.allowed[j].reduce((s, x) => s + x, 0);
  }

  without(j: number, value: number): OperationMask {
    const next = this.clone();
    next.allowed[j][value] = 0;
    return next;
  }

  /** This mask with operation gene j restricted to `values`. */
  keeping(j: number, values: Iterable<number>): OperationMask {
    const next = this.clone();
    next.allowed[j].fill(0);
    for (const v of values) next.allowed[j][v] = 1;
    return next;
  }

  /** Genome `i` of a batch, with its free-gene flags (free[i * genes.length + j]), is in the subspace. */
  contains(genomes: Uint8Array, i: number, length: number, free: Uint8Array): boolean {
    const G = this.genes.length;
    for (let j = 0; j < G; j++) {
      if (free[i * G + j] === 0 && this.allowed[j][genomes[i * length + this.genes[j]]] === 0) return false;
    }
    return true;
  }

  /** Raw architectures of the box the mask spans (every value combination, valid or not). */
  boxSize(space: SearchSpace): number {
    let size = 1;
    space.cardinalities.forEach((card, gene) => {
      const j = this.genes.indexOf(gene);
      size *= j < 0 ? card : this.alive(j);
    });
    return size;
  }

  /** The kept values per operation gene, e.g. "g0:{0,3} g1:{3}". */
  describe(): string {
    return this.genes.map((g, j) => `g${g}:{${[...this.allowed[j]].flatMap((x, v) => (x ? [v] : [])).join(",")}}`).join(" ");
  }
}

/**
 * Free-gene flags of genomes (raw or canonical): free[i * G + j] = 1 when every other value of operation
 * gene genes[j] gives genome i's own class back. One canonicalisation batch per (gene, other value).
 */
export function freeGenes(kernels: SpaceKernels, genomes: Uint8Array): Uint8Array {
  const space = kernels.space;
  const length = space.genomeLength;
  const genes = space.operationGenes ?? [];
  const count = genomes.length / length;
  const G = genes.length;
  const free = new Uint8Array(count * G).fill(1);
  if (count === 0) return free;
  const base = kernels.canonicalize(genomes).genomes;
  genes.forEach((gene, j) => {
    const card = space.cardinalities[gene];
    for (let shift = 1; shift < card; shift++) {
      const changed = genomes.slice();
      for (let i = 0; i < count; i++) changed[i * length + gene] = (changed[i * length + gene] + shift) % card;
      const { genomes: canonical, valid } = kernels.canonicalize(changed);
      for (let i = 0; i < count; i++) {
        if (free[i * G + j] === 0) continue;
        if (!valid[i]) { free[i * G + j] = 0; continue; }
        for (let b = 0; b < length; b++) {
          if (canonical[i * length + b] !== base[i * length + b]) { free[i * G + j] = 0; break; }
        }
      }
    }
  });
  return free;
}
