// The LISSNAS loop (design §3): sample, score, seed, grow the seeds' neighbourhoods, keep the space
// while its mean predicted accuracy rises.
import type { SearchSpace } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { GenomeSet } from "../dedup/genomeSet.js";
import { LissnasError } from "../errors.js";
import { GenomeList } from "./genomeList.js";
import { resolveShrinkOptions, type ShrinkOptions } from "./options.js";

/** What the shrinker needs of a predictor (src/predict's Predictor satisfies it). */
export interface ScoringModel {
  readonly description: string;
  readonly digest: string;
  predict(genomes: Uint8Array): Promise<Float32Array>;
}

export interface IterationTrace {
  iteration: number;
  size: number;
  seeds: number;
  new_architectures: number;
  mean: number;
  max: number;
  p_good: number;
  explored: number;
  seconds: number;
}

export interface Pocket {
  /** Pocket id = rank of its seed in the final iteration. */
  id: number;
  seed: Uint8Array;
  seedKey: bigint;
  seedScore: number;
  radius: number;
}

export interface ShrinkResult {
  space: SearchSpace;
  options: ShrinkOptions;
  /** The shrunk space: canonical genomes, keys, predicted scores. */
  members: GenomeList;
  /** members' pocket ids (the seed whose neighbourhood holds them; seeds hold their own id). */
  pocketOf: Int32Array;
  pockets: Pocket[];
  trace: IterationTrace[];
  /** Iteration whose space was returned. */
  chosenIteration: number;
  goodThreshold: number;
  explored: number;
  seconds: number;
}

export interface ShrinkProgress {
  (event: { iteration: number; explored: number; size: number; mean: number; phase: string }): void;
}

interface Candidate {
  list: GenomeList;
  pocketOf: number[];
  pockets: Pocket[];
}

export class Shrinker {
  private readonly kernels: SpaceKernels;
  private readonly options: ShrinkOptions;
  private readonly model: ScoringModel;
  private readonly scoreOf = new Map<bigint, number>();
  private readonly progress?: ShrinkProgress;
  private fixedBar = -Infinity;

  constructor(space: SearchSpace, model: ScoringModel, options: Partial<ShrinkOptions> = {}, progress?: ShrinkProgress, kernels?: SpaceKernels) {
    this.kernels = kernels ?? new SpaceKernels(space);
    this.options = resolveShrinkOptions(space, options);
    this.model = model;
    this.progress = progress;
  }

  async run(): Promise<ShrinkResult> {
    const started = performance.now();
    const { options } = this;
    const space = this.kernels.space;
    const trace: IterationTrace[] = [];

    let current = await this.initialSample();
    if (current.list.count === 0) throw new LissnasError("E_PREDICTOR", "the predictor scored none of the initial sample");
    const threshold = options.goodThreshold ?? quantile(current.list.scores.subarray(0, current.list.count), 0.8);
    trace.push(this.traceOf(0, current, 0, 0, threshold, started));
    this.fixedBar = quantile(current.list.scores.subarray(0, current.list.count), options.barQuantile);
    let chosen = 0;

    for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
      const before = this.scoreOf.size;
      const next = await this.grow(current, iteration);
      trace.push(this.traceOf(iteration, next, next.pockets.length, this.scoreOf.size - before, threshold, started));
      const gain = next.list.meanScore() - current.list.meanScore();
      if (!(gain > options.minGain)) break;
      current = next;
      chosen = iteration;
    }

    return {
      space,
      options,
      members: current.list,
      pocketOf: Int32Array.from(current.pocketOf),
      pockets: current.pockets,
      trace,
      chosenIteration: chosen,
      goodThreshold: threshold,
      explored: this.scoreOf.size,
      seconds: (performance.now() - started) / 1000,
    };
  }

  private async initialSample(): Promise<Candidate> {
    const { options } = this;
    const list = new GenomeList(this.kernels.space.genomeLength, options.initial);
    for (let start = 0; start < options.initial; start += options.chunkSize) {
      const count = Math.min(options.chunkSize, options.initial - start);
      const genomes = this.kernels.sample(count, options.seed, { stream: 0n, firstIndex: BigInt(start) });
      await this.admit(genomes, list, () => true);
      this.report(0, list.count, "sample");
    }
    return { list, pocketOf: Array(list.count).fill(-1), pockets: [] };
  }

  /** One iteration: seeds from `current`, their neighbourhoods, scored and admitted. */
  private async grow(current: Candidate, iteration: number): Promise<Candidate> {
    const { options } = this;
    const space = this.kernels.space;
    const length = space.genomeLength;
    const ranked = current.list.rankByScore();
    const seedCount = Math.min(current.list.count,
      options.seeds >= 1 ? options.seeds : Math.min(options.maxSeeds, Math.max(1, Math.round(options.seeds * current.list.count))));
    const bar = options.admission === "above-mean" ? current.list.meanScore()
      : options.admission === "above-bar" ? this.fixedBar : -Infinity;

    const list = new GenomeList(length, seedCount * 8);
    const inSpace = new GenomeSet(this.kernels.core, seedCount * 64);
    const pocketOf: number[] = [];
    const pockets: Pocket[] = [];
    const seeds = new Uint8Array(seedCount * length);
    for (let p = 0; p < seedCount; p++) {
      const i = ranked[p];
      const genome = current.list.genome(i);
      seeds.set(genome, p * length);
      pockets.push({ id: p, seed: genome.slice(), seedKey: current.list.keys[i], seedScore: current.list.scores[i], radius: options.radius });
      inSpace.add(current.list.keys.subarray(i, i + 1));
      list.push(genome, current.list.keys[i], current.list.scores[i]);
      pocketOf.push(p);
    }

    // Neighbourhoods: the exact ball where it is small, random walks otherwise; one batch per seed chunk.
    const walkSeeds: number[] = [];
    for (let p = 0; p < seedCount; p++) {
      const seed = seeds.subarray(p * length, (p + 1) * length);
      const ball = this.kernels.ball(seed, options.radius, options.exactBallLimit);
      if (ball === null) {
        walkSeeds.push(p);
        continue;
      }
      // Distance = moves from the seed as enumerated; the canonical form is what is kept and keyed.
      const canonical = this.kernels.canonicalize(ball.genomes).genomes;
      await this.admitNeighbours(canonical, Int32Array.from(ball.depth), () => p, list, inSpace, pocketOf, bar);
      this.report(iteration, list.count, "neighbours");
    }
    const perChunk = Math.max(1, Math.floor(options.chunkSize / options.perSeed));
    for (let start = 0; start < walkSeeds.length; start += perChunk) {
      const chunk = walkSeeds.slice(start, start + perChunk);
      const batch = new Uint8Array(chunk.length * length);
      chunk.forEach((p, i) => batch.set(seeds.subarray(p * length, (p + 1) * length), i * length));
      const { genomes, distances } = this.kernels.walkNeighbours(batch, options.radius, options.perSeed, options.seed,
        { stream: BigInt(iteration), firstIndex: BigInt(chunk[0]) });
      await this.admitNeighbours(genomes, Int32Array.from(distances), (i) => chunk[Math.floor(i / options.perSeed)],
        list, inSpace, pocketOf, bar);
      this.report(iteration, list.count, "neighbours");
    }
    return { list, pocketOf, pockets };
  }

  /** Adds the neighbours within the radius that are new to this space and pass the bar. */
  private async admitNeighbours(genomes: Uint8Array, distances: Int32Array, pocketOfIndex: (i: number) => number,
    list: GenomeList, inSpace: GenomeSet, pocketOf: number[], bar: number): Promise<void> {
    const length = this.kernels.space.genomeLength;
    const keys = this.kernels.keys(genomes);
    const isNew = inSpace.add(keys);
    const scores = await this.scoreAll(genomes, keys, isNew);
    for (let i = 0; i < keys.length; i++) {
      if (!isNew[i] || distances[i] < 1 || distances[i] > this.options.radius) continue;
      const score = scores[i];
      if (Number.isNaN(score) || score < bar) continue;
      list.push(genomes.subarray(i * length, (i + 1) * length), keys[i], score);
      pocketOf.push(pocketOfIndex(i));
    }
  }

  /** Scores for a batch, predicting only architectures never scored before in this run. */
  private async scoreAll(genomes: Uint8Array, keys: BigUint64Array, wanted: Uint8Array): Promise<Float32Array> {
    const length = this.kernels.space.genomeLength;
    const scores = new Float32Array(keys.length).fill(NaN);
    const unseen: number[] = [];
    const pending = new Map<bigint, number[]>();
    for (let i = 0; i < keys.length; i++) {
      if (!wanted[i]) continue;
      const cached = this.scoreOf.get(keys[i]);
      if (cached !== undefined) {
        scores[i] = cached;
        continue;
      }
      const twins = pending.get(keys[i]);
      if (twins !== undefined) twins.push(i);
      else {
        pending.set(keys[i], [i]);
        unseen.push(i);
      }
    }
    for (let start = 0; start < unseen.length; start += this.options.chunkSize) {
      const part = unseen.slice(start, start + this.options.chunkSize);
      const batch = new Uint8Array(part.length * length);
      part.forEach((i, n) => batch.set(genomes.subarray(i * length, (i + 1) * length), n * length));
      const predicted = await this.model.predict(batch);
      part.forEach((i, n) => {
        for (const twin of pending.get(keys[i])!) scores[twin] = predicted[n];
        this.scoreOf.set(keys[i], predicted[n]);
      });
    }
    return scores;
  }

  /** Admits new (by key) genomes of a batch into `list` with their scores. */
  private async admit(genomes: Uint8Array, list: GenomeList, keep: (score: number) => boolean): Promise<void> {
    const length = this.kernels.space.genomeLength;
    const keys = this.kernels.keys(genomes);
    const scores = await this.scoreAll(genomes, keys, new Uint8Array(keys.length).fill(1));
    const firstInList = new Set<bigint>();
    for (let i = 0; i < keys.length; i++) {
      if (Number.isNaN(scores[i]) || !keep(scores[i]) || firstInList.has(keys[i])) continue;
      firstInList.add(keys[i]);
      list.push(genomes.subarray(i * length, (i + 1) * length), keys[i], scores[i]);
    }
  }

  private traceOf(iteration: number, candidate: Candidate, seeds: number, added: number, threshold: number, started: number): IterationTrace {
    const { list } = candidate;
    let good = 0;
    for (let i = 0; i < list.count; i++) if (list.scores[i] >= threshold) good++;
    return {
      iteration,
      size: list.count,
      seeds,
      new_architectures: added,
      mean: list.meanScore(),
      max: list.maxScore(),
      p_good: list.count === 0 ? NaN : good / list.count,
      explored: this.scoreOf.size,
      seconds: (performance.now() - started) / 1000,
    };
  }

  private report(iteration: number, size: number, phase: string): void {
    this.progress?.({ iteration, explored: this.scoreOf.size, size, mean: NaN, phase });
  }
}

/** Shrinks `space` with `model`: the library entry point of `lissnas shrink`. */
export function shrink(space: SearchSpace, model: ScoringModel, options: Partial<ShrinkOptions> = {}, progress?: ShrinkProgress): Promise<ShrinkResult> {
  return new Shrinker(space, model, options, progress).run();
}

function quantile(values: Float32Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
