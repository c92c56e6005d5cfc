// Where a search may go: the whole space, or a set of members (a shrunk space, a table's covered
// architectures). Every draw, mutation and neighbourhood is computed by the space kernels in batches.
//
// Inside a member set, a mutation moves to a member chosen uniformly among those nearest the parent by
// edit distance (the parent's in-space neighbours at distance 1 where it has any: exactly the
// full-space mutation conditioned on staying inside; farther members where the set is sparse), and the
// neighbourhood of local search is that same nearest set. Neither can leave the set.
import type { SpaceKernels } from "../spaces/kernels.js";
import type { MemberSet } from "./inputSpace.js";
import type { TrialRandom } from "./trialRandom.js";

/** Largest radius-1 ball enumerated exactly; beyond it neighbourhoods are sampled by random walks. */
export const BALL_CAPACITY = 20000;
/** Random-walk neighbours drawn where the ball is larger than BALL_CAPACITY. */
export const SAMPLED_NEIGHBOURS = 256;
/** Walk steps drawn at once when mutating in the full space (a step may land on an equivalent cell). */
const MUTATION_DRAWS = 8;
/** Nearest-member sets remembered per trial (parents recur in tournaments). */
const NEAREST_CACHE = 4096;

export class SearchDomain {
  readonly kernels: SpaceKernels;
  readonly members: MemberSet | undefined;
  /** Number of distinct architectures (isomorphism classes) the domain holds. */
  readonly size: bigint;
  private readonly length: number;
  private readonly memberIndex: Map<bigint, number> | undefined;
  private nearestCache = new Map<bigint, Int32Array>();

  constructor(kernels: SpaceKernels, members?: MemberSet) {
    this.kernels = kernels;
    this.members = members;
    this.length = kernels.space.genomeLength;
    if (members !== undefined) {
      this.memberIndex = new Map();
      members.keys.forEach((key, i) => this.memberIndex!.set(key, i));
      this.size = BigInt(members.count);
    } else {
      this.size = kernels.space.uniqueSize() ?? kernels.space.size();
    }
  }

  get restricted(): boolean {
    return this.members !== undefined;
  }

  isMember(key: bigint): boolean {
    return this.memberIndex === undefined || this.memberIndex.has(key);
  }

  member(index: number): Uint8Array {
    return this.members!.genomes.subarray(index * this.length, (index + 1) * this.length);
  }

  /** `count` uniform draws (canonical genomes; with replacement, callers dedupe). */
  sample(count: number, random: TrialRandom): Uint8Array {
    if (this.members === undefined) return this.kernels.sample(count, random.kernelSeed, { stream: random.nextStream() });
    const out = new Uint8Array(count * this.length);
    for (let i = 0; i < count; i++) out.set(this.member(random.below(this.members.count)), i * this.length);
    return out;
  }

  /**
   * Up to `count` distinct architectures not yet `known`, drawn uniformly (fewer only when the domain
   * has fewer left). Member sets fall back to listing the unknown members once most are known.
   */
  sampleUnknown(count: number, random: TrialRandom, known: (key: bigint) => boolean): Uint8Array {
    const picked: Uint8Array[] = [];
    const taken = new Set<bigint>();
    for (let attempt = 0; attempt < 8 && picked.length < count; attempt++) {
      const draws = this.sample(Math.max(16, 2 * (count - picked.length)), random);
      const keys = this.kernels.keys(draws);
      for (let i = 0; i < keys.length && picked.length < count; i++) {
        if (known(keys[i]) || taken.has(keys[i])) continue;
        taken.add(keys[i]);
        picked.push(draws.slice(i * this.length, (i + 1) * this.length));
      }
    }
    if (picked.length < count && this.members !== undefined) {
      const left: number[] = [];
      this.members.keys.forEach((key, i) => {
        if (!known(key) && !taken.has(key)) left.push(i);
      });
      for (const j of random.distinct(left.length, Math.min(left.length, count - picked.length))) picked.push(this.member(left[j]).slice());
    }
    return concat(picked, this.length);
  }

  /** One mutation of a canonical parent: a different architecture one move away (see the file comment inside a member set). */
  mutate(parent: Uint8Array, random: TrialRandom): Uint8Array {
    if (this.members !== undefined) {
      const nearest = this.nearestMembers(parent);
      if (nearest.length === 0) return parent.slice();
      return this.member(nearest[random.below(nearest.length)]).slice();
    }
    for (let attempt = 0; attempt < 16; attempt++) {
      const { genomes, distances } = this.kernels.walkNeighbours(parent, 1, MUTATION_DRAWS, random.kernelSeed, { stream: random.nextStream() });
      const k = distances.findIndex((d) => d >= 1);
      if (k >= 0) return genomes.slice(k * this.length, (k + 1) * this.length);
    }
    return parent.slice();
  }

  /**
   * The neighbourhood of a canonical genome, distinct and without itself: the exact radius-1 ball (or
   * SAMPLED_NEIGHBOURS random-walk neighbours where it is larger than BALL_CAPACITY); inside a member
   * set, the nearest members.
   */
  neighbours(origin: Uint8Array, random: TrialRandom): Uint8Array {
    if (this.members !== undefined) return concat(Array.from(this.nearestMembers(origin), (i) => this.member(i)), this.length);
    const [originKey] = this.kernels.keys(origin);
    const ball = this.kernels.ball(origin, 1, BALL_CAPACITY);
    let candidates: Uint8Array;
    if (ball !== null) {
      const { genomes, valid } = this.kernels.canonicalize(ball.genomes);
      candidates = keepRows(genomes, this.length, (i) => valid[i] === 1);
    } else {
      const { genomes, distances } = this.kernels.walkNeighbours(origin, 1, SAMPLED_NEIGHBOURS, random.kernelSeed, { stream: random.nextStream() });
      candidates = keepRows(genomes, this.length, (i) => distances[i] >= 1);
    }
    const keys = this.kernels.keys(candidates);
    const seen = new Set<bigint>([originKey]);
    return keepRows(candidates, this.length, (i) => {
      if (seen.has(keys[i])) return false;
      seen.add(keys[i]);
      return true;
    });
  }

  /** Indices of the members at the smallest positive edit distance from `origin` (one batched kernel call). */
  nearestMembers(origin: Uint8Array): Int32Array {
    const members = this.members!;
    const [key] = this.kernels.keys(origin);
    const cached = this.nearestCache.get(key);
    if (cached !== undefined) return cached;
    const distances = this.kernels.distancesFrom(origin, members.genomes);
    let nearest = Infinity;
    for (let i = 0; i < distances.length; i++) if (distances[i] > 0 && distances[i] < nearest) nearest = distances[i];
    const found: number[] = [];
    for (let i = 0; i < distances.length; i++) if (distances[i] === nearest) found.push(i);
    const result = Int32Array.from(found);
    if (this.nearestCache.size >= NEAREST_CACHE) this.nearestCache = new Map();
    this.nearestCache.set(key, result);
    return result;
  }
}

export function concat(rows: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(rows.length * length);
  rows.forEach((row, i) => out.set(row, i * length));
  return out;
}

function keepRows(genomes: Uint8Array, length: number, keep: (i: number) => boolean): Uint8Array {
  const rows: Uint8Array[] = [];
  for (let i = 0; i < genomes.length / length; i++) if (keep(i)) rows.push(genomes.subarray(i * length, (i + 1) * length));
  return concat(rows, length);
}
