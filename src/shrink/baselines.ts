// Operation-pruning baselines, on the same predictor and sample budget as LISSNAS:
//   abs    — Angle-Based Search Space Shrinking style: rank each operation over the whole space by the
//            mean predicted score of the sampled architectures that contain it; drop the worst
//            operation everywhere, and repeat until the space is small enough.
//   padnas — PADNAS style, layer-wise: each operation gene keeps its own ranking of operations and
//            the worst (gene, operation) pair is dropped, keeping at least one operation per gene.
import { LissnasError } from "../errors.js";
import type { SearchSpace } from "../spaces/space.js";

/** allowed[gene * stride + value] = 1 when the value is kept (topology genes keep every value). */
export interface OperationMask {
  readonly stride: number;
  readonly allowed: Uint8Array;
  /** (gene, op) pairs dropped, in order. */
  readonly dropped: Array<{ gene: number | "all"; op: number }>;
}

export function fullMask(space: SearchSpace): OperationMask {
  const stride = Math.max(...space.cardinalities);
  const allowed = new Uint8Array(space.genomeLength * stride);
  space.cardinalities.forEach((card, gene) => allowed.fill(1, gene * stride, gene * stride + card));
  return { stride, allowed, dropped: [] };
}

export function inMask(mask: OperationMask, genome: Uint8Array): boolean {
  for (let gene = 0; gene < genome.length; gene++) if (!mask.allowed[gene * mask.stride + genome[gene]]) return false;
  return true;
}

/** Fraction of a batch of genomes inside the mask. */
export function maskFraction(mask: OperationMask, genomes: Uint8Array, length: number): number {
  const count = genomes.length / length;
  let inside = 0;
  for (let i = 0; i < count; i++) if (inMask(mask, genomes.subarray(i * length, (i + 1) * length))) inside++;
  return count === 0 ? 0 : inside / count;
}

/**
 * Prunes operations until `sizeOf(mask)` <= targetSize. `genomes`/`scores` are the scored sample;
 * `sizeOf` measures a candidate subspace (exactly where the space is enumerable).
 */
export function pruneOperations(space: SearchSpace, method: "abs" | "padnas", genomes: Uint8Array, scores: Float32Array,
  targetSize: number, sizeOf: (mask: OperationMask) => number): OperationMask {
  const opGenes = space.operationGenes;
  if (opGenes === undefined || opGenes.length === 0) {
    throw new LissnasError("E_OPTION", `${method}: ${space.id} declares no operation genes to prune`);
  }
  const length = space.genomeLength;
  const opCount = space.cardinalities[opGenes[0]];
  const count = scores.length;
  // Mean score per (gene, op) and per op over all operation genes.
  const sum = new Float64Array(length * opCount);
  const hits = new Float64Array(length * opCount);
  for (let i = 0; i < count; i++) {
    for (const gene of opGenes) {
      const op = genomes[i * length + gene];
      sum[gene * opCount + op] += scores[i];
      hits[gene * opCount + op]++;
    }
  }
  const mask = fullMask(space);
  const allowed = mask.allowed;
  const dropped: OperationMask["dropped"] = [];
  const keptOps = (gene: number) => {
    let kept = 0;
    for (let op = 0; op < opCount; op++) kept += allowed[gene * mask.stride + op];
    return kept;
  };
  let size = sizeOf(mask);
  while (size > targetSize) {
    let worst: { gene: number | "all"; op: number; score: number } | undefined;
    if (method === "abs") {
      for (let op = 0; op < opCount; op++) {
        if (!opGenes.some((gene) => allowed[gene * mask.stride + op])) continue;
        let s = 0;
        let n = 0;
        for (const gene of opGenes) {
          s += sum[gene * opCount + op];
          n += hits[gene * opCount + op];
        }
        const score = n === 0 ? -Infinity : s / n;
        const livingOps = Array.from({ length: opCount }, (_, o) => o).filter((o) => opGenes.some((g) => allowed[g * mask.stride + o])).length;
        if (livingOps <= 1) break;
        if (worst === undefined || score < worst.score) worst = { gene: "all", op, score };
      }
    } else {
      for (const gene of opGenes) {
        if (keptOps(gene) <= 1) continue;
        for (let op = 0; op < opCount; op++) {
          if (!allowed[gene * mask.stride + op]) continue;
          const n = hits[gene * opCount + op];
          const score = n === 0 ? -Infinity : sum[gene * opCount + op] / n;
          if (worst === undefined || score < worst.score) worst = { gene, op, score };
        }
      }
    }
    if (worst === undefined) break;
    if (worst.gene === "all") for (const gene of opGenes) allowed[gene * mask.stride + worst.op] = 0;
    else allowed[worst.gene * mask.stride + worst.op] = 0;
    dropped.push({ gene: worst.gene, op: worst.op });
    size = sizeOf(mask);
  }
  return { stride: mask.stride, allowed, dropped };
}
