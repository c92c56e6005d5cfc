// The classes inside an operation mask: counted exactly over the enumeration where the space can be
// enumerated, estimated by sampling the mask's box elsewhere. What abs, padnas and nse size their
// subspaces with, draw their scored samples from, and return.
import type { SpaceKernels } from "../spaces/kernels.js";
import { ReferenceRng, streamState } from "../wasm/reference.js";
import type { MethodContext, ProducedSpace, Universe } from "./method.js";
import { OperationMask, freeGenes } from "./operationMask.js";
import { enumeration, type Enumeration } from "./enumeration.js";
import type { Members } from "./produce.js";

export interface SubspaceSize {
  size: number;
  estimated: boolean;
}

export interface MaskedSpace {
  size(mask: OperationMask): SubspaceSize;
  /** Up to `count` distinct classes of the subspace, drawn uniformly, canonical, from RNG stream `stream`. */
  draw(mask: OperationMask, count: number, stream: bigint): Members;
  /** Free-gene flags of canonical genomes (see operationMask.ts). */
  free(genomes: Uint8Array): Uint8Array;
  /** What the method returns for its final mask: every class where enumerated, else a uniform sample. */
  members(mask: OperationMask, stream: bigint): Members;
}

/** Classes materialised for a mask of a space that cannot be enumerated. */
const SAMPLED_MEMBERS = 10_000;
/** Box draws behind a size estimate. */
const SIZE_DRAWS = 4096;
const MASK_STREAM_TAG = 0x3a5cn;

function collect(genomes: Uint8Array, keys: BigUint64Array, indices: ArrayLike<number>, length: number, raw?: Uint8Array): Members {
  const out = new Uint8Array(indices.length * length);
  const drawn = raw === undefined ? undefined : new Uint8Array(indices.length * length);
  const outKeys = new BigUint64Array(indices.length);
  for (let n = 0; n < indices.length; n++) {
    const i = indices[n];
    out.set(genomes.subarray(i * length, (i + 1) * length), n * length);
    drawn?.set(raw!.subarray(i * length, (i + 1) * length), n * length);
    outKeys[n] = keys[i];
  }
  return { genomes: out, keys: outKeys, drawn };
}

/** mulberry32 seeded from one of lissnas' stream states: box draws need many small integers, fast. */
function fastRng(state: bigint): (n: number) => number {
  let a = Number(state & 0xffffffffn) ^ Number(state >> 32n);
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

class EnumeratedSpace implements MaskedSpace {
  private readonly all: Enumeration;
  private readonly allFree: Uint8Array;
  private readonly length: number;
  constructor(private readonly kernels: SpaceKernels, private readonly seed: bigint) {
    this.all = enumeration(kernels)!;
    this.allFree = this.all.free();
    this.length = kernels.space.genomeLength;
  }

  private inside(mask: OperationMask): Int32Array {
    const { genomes, keys } = this.all;
    const free = this.allFree;
    const out = new Int32Array(keys.length);
    let n = 0;
    for (let i = 0; i < keys.length; i++) if (mask.contains(genomes, i, this.length, free)) out[n++] = i;
    return out.subarray(0, n);
  }

  size(mask: OperationMask): SubspaceSize {
    return { size: this.inside(mask).length, estimated: false };
  }

  draw(mask: OperationMask, count: number, stream: bigint): Members {
    const inside = this.inside(mask).slice();
    const take = Math.min(count, inside.length);
    const rng = new ReferenceRng(streamState(this.seed, MASK_STREAM_TAG, stream));
    for (let i = 0; i < take; i++) {
      const j = i + rng.below(inside.length - i);
      [inside[i], inside[j]] = [inside[j], inside[i]];
    }
    return collect(this.all.genomes, this.all.keys, inside.subarray(0, take), this.length);
  }

  free(genomes: Uint8Array): Uint8Array {
    return freeGenes(this.kernels, genomes);
  }

  members(mask: OperationMask): Members {
    return collect(this.all.genomes, this.all.keys, this.inside(mask), this.length);
  }
}

/** Spaces too large to enumerate: raw genomes drawn uniformly from the mask's box, canonicalised. */
class SampledSpace implements MaskedSpace {
  private readonly length: number;
  /** Classes per raw architecture of the whole space (1 where every architecture is its own class). */
  private readonly classRatio: number;
  private sizeCalls = 0n;
  constructor(private readonly kernels: SpaceKernels, private readonly seed: bigint) {
    const space = kernels.space;
    this.length = space.genomeLength;
    this.classRatio = Number(space.uniqueSize() ?? space.size()) / Number(space.size());
  }

  private boxDraws(mask: OperationMask, count: number, stream: bigint): { raw: Uint8Array; genomes: Uint8Array; valid: Uint8Array } {
    const space = this.kernels.space;
    const below = fastRng(streamState(this.seed, MASK_STREAM_TAG, stream));
    const values = space.cardinalities.map((card, gene) => {
      const j = mask.genes.indexOf(gene);
      return Array.from({ length: card }, (_, v) => v).filter((v) => j < 0 || mask.allowed[j][v] === 1);
    });
    const raw = new Uint8Array(count * this.length);
    for (let i = 0; i < count; i++) {
      for (let g = 0; g < this.length; g++) raw[i * this.length + g] = values[g][below(values[g].length)];
    }
    return { raw, ...this.kernels.canonicalize(raw) };
  }

  size(mask: OperationMask): SubspaceSize {
    const { valid } = this.boxDraws(mask, SIZE_DRAWS, (1n << 40n) + this.sizeCalls++);
    const fraction = valid.reduce((s, x) => s + x, 0) / SIZE_DRAWS;
    return { size: Math.round(mask.boxSize(this.kernels.space) * fraction * this.classRatio), estimated: fraction < 1 || this.classRatio !== 1 };
  }

  draw(mask: OperationMask, count: number, stream: bigint): Members {
    const { raw, genomes, valid } = this.boxDraws(mask, Math.ceil(count * 1.25) + 16, stream);
    const keys = this.kernels.keys(genomes);
    const seen = new Set<bigint>();
    const chosen: number[] = [];
    for (let i = 0; i < valid.length && chosen.length < count; i++) {
      if (!valid[i] || seen.has(keys[i])) continue;
      seen.add(keys[i]);
      chosen.push(i);
    }
    return collect(genomes, keys, chosen, this.length, raw);
  }

  free(genomes: Uint8Array): Uint8Array {
    return freeGenes(this.kernels, genomes);
  }

  members(mask: OperationMask, stream: bigint): Members {
    return this.draw(mask, SAMPLED_MEMBERS, stream);
  }
}

export function maskedSpace(kernels: SpaceKernels, seed: bigint): MaskedSpace {
  return kernels.space.enumerate !== undefined ? new EnumeratedSpace(kernels, seed) : new SampledSpace(kernels, seed);
}

const universeFree = new WeakMap<Universe, Uint8Array>();

/** The space a final mask defines: its members, its size, and the universe classes inside it. */
export function maskSpace(context: MethodContext, masked: MaskedSpace, mask: OperationMask, scored: number,
  reason: string | null): ProducedSpace {
  const { universe, kernels } = context;
  const length = kernels.space.genomeLength;
  const members = masked.members(mask, 1n << 41n);
  const { size, estimated } = masked.size(mask);
  let classes: number[] | null = null;
  if (universe !== undefined) {
    let free = universeFree.get(universe);
    if (free === undefined) {
      free = freeGenes(kernels, universe.genomes);
      universeFree.set(universe, free);
    }
    classes = [];
    for (let c = 0; c < universe.keys.length; c++) if (mask.contains(universe.genomes, c, length, free)) classes.push(c);
  }
  return { genomes: members.genomes, keys: members.keys, classes, size, estimated, scored, reason };
}
