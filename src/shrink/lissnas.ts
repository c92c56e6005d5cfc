// The LISSNAS loop (design §3): sample, score, seed, grow the seeds' neighbourhoods, keep the space
// while its mean predicted accuracy rises.
import type { SearchSpace } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";
import { WasmCore, wasmModule } from "../wasm/core.js";
import { GenomeList } from "./genomeList.js";
import { resolveShrinkOptions, type ShrinkOptions } from "./options.js";
import { ScoreTable, CLAIM_SEEN, CLAIM_NEW } from "./scoreTable.js";
import { KernelPool, checkWorkerCount } from "../pool/kernelPool.js";
import { allocateChunkBuffers } from "../pool/chunkBuffers.js";
import { defaultWorkers } from "../pool/defaults.js";
import type { ChunkTask } from "../pool/chunkTask.js";
import type { ChunkExecutor, ChunkExecutorFactory } from "../pool/chunkExecutor.js";

/** What the shrinker needs of a predictor (src/predict's Predictor satisfies it). */
export interface ScoringModel {
  readonly description: string;
  readonly digest: string;
  predict(genomes: Uint8Array): Promise<Float32Array>;
  /** Releases the model's resources (sessions, worker threads); the caller that opened it calls it. */
  close?(): Promise<void>;
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
  (event: {
    iteration: number; explored: number; size: number; mean: number; phase: string;
    /** Architectures generated so far (sampled or walked, before dedup) and the most the run can generate. */
    generated?: number; planned?: number;
  }): void;
}

/** How a run executes; never changes its result. */
export interface ShrinkExecution {
  /** Kernel threads: 1 runs the kernels on the calling thread, N >= 2 on N Piscina workers (default: --workers). */
  workers?: number;
  /** Runs the chunk tasks elsewhere (e.g. worker processes through a message queue); default: a KernelPool of `workers`. */
  chunkExecutor?: ChunkExecutorFactory;
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
  private readonly scoreOf: ScoreTable;
  private readonly progress?: ShrinkProgress;
  private readonly workers: number;
  private readonly maxSeedCount: number;
  private fixedBar = -Infinity;
  private pool?: ChunkExecutor;
  private readonly openExecutor?: ChunkExecutorFactory;
  private generated = 0;
  /** Seeds whose exact ball exceeded exactBallLimit: top seeds recur across iterations, the probe costs a BFS. */
  private readonly ballTooLarge = new Set<bigint>();
  private planned = 0;

  constructor(space: SearchSpace, model: ScoringModel, options: Partial<ShrinkOptions> = {}, progress?: ShrinkProgress, kernels?: SpaceKernels,
    execution: ShrinkExecution = {}) {
    this.kernels = kernels ?? new SpaceKernels(space);
    this.options = resolveShrinkOptions(space, options);
    this.model = model;
    this.progress = progress;
    this.workers = checkWorkerCount(execution.workers ?? defaultWorkers());
    this.openExecutor = execution.chunkExecutor;
    const o = this.options;
    this.maxSeedCount = o.seeds >= 1 ? o.seeds : o.maxSeeds;
    // The most architectures the run can generate; the score table is sized once for it (capped: past
    // the cap it grows by doubling), so a 10^7 run never rehashes.
    this.planned = o.initial + o.maxIterations * this.maxSeedCount * Math.max(o.perSeed, 1);
    // On a core of its own: the bump-allocated table is released with the run instead of staying in the
    // shared core's memory (wasm32 holds ~4 GiB; repeated runs in one process would exhaust it).
    this.scoreOf = new ScoreTable(new WasmCore(wasmModule()), Math.min(this.planned, 12_000_000));
  }

  async run(): Promise<ShrinkResult> {
    const { options, maxSeedCount } = this;
    const perChunk = Math.max(1, Math.floor(options.chunkSize / options.perSeed));
    const slotItems = Math.max(options.chunkSize, perChunk * options.perSeed);
    const buffers = allocateChunkBuffers(this.kernels.space.genomeLength, maxSeedCount, KernelPool.slotsFor(this.workers), slotItems);
    const config = { space: this.kernels.space.id, seed: options.seed, radius: options.radius, perSeed: options.perSeed, buffers };
    this.pool = this.openExecutor !== undefined ? await this.openExecutor(config) : new KernelPool(config, this.workers, this.kernels);
    try {
      return await this.loop();
    } finally {
      await this.pool.close();
      this.pool = undefined;
    }
  }

  private async loop(): Promise<ShrinkResult> {
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
    const tasks: ChunkTask[] = [];
    for (let start = 0; start < options.initial; start += options.chunkSize) {
      tasks.push({ iteration: 0, chunk: tasks.length, start, count: Math.min(options.chunkSize, options.initial - start) });
    }
    await this.pool!.forEachInOrder(tasks, async ({ genomes, keys }) => {
      await this.admit(genomes, keys, list, () => true);
      this.generated += keys.length;
      this.report(0, list.count, "sample");
    });
    return { list, pocketOf: Array(list.count).fill(-1), pockets: [] };
  }

  /** One iteration: seeds from `current`, their neighbourhoods, scored and admitted. */
  private async grow(current: Candidate, iteration: number): Promise<Candidate> {
    const { options } = this;
    const space = this.kernels.space;
    const length = space.genomeLength;
    const seedCount = Math.min(current.list.count,
      options.seeds >= 1 ? options.seeds : Math.min(options.maxSeeds, Math.max(1, Math.round(options.seeds * current.list.count))));
    const ranked = current.list.topByScore(seedCount);
    const bar = options.admission === "above-mean" ? current.list.meanScore()
      : options.admission === "above-bar" ? this.fixedBar : -Infinity;

    // Every key claimed with this stamp is in this iteration's space: the score table is also its set.
    const stamp = iteration + 1;
    const list = new GenomeList(length, seedCount * 8);
    const pocketOf: number[] = [];
    const pockets: Pocket[] = [];
    const seeds = new Uint8Array(seedCount * length);
    const seedKeys = new BigUint64Array(seedCount);
    for (let p = 0; p < seedCount; p++) {
      const i = ranked[p];
      const genome = current.list.genome(i);
      seeds.set(genome, p * length);
      seedKeys[p] = current.list.keys[i];
      pockets.push({ id: p, seed: genome.slice(), seedKey: current.list.keys[i], seedScore: current.list.scores[i], radius: options.radius });
      list.push(genome, current.list.keys[i], current.list.scores[i]);
      pocketOf.push(p);
    }
    this.scoreOf.claim(seedKeys, stamp);

    // Neighbourhoods: the exact ball where it is small, random walks otherwise; one batch per seed chunk.
    const walkSeeds: number[] = [];
    for (let p = 0; p < seedCount; p++) {
      const seed = seeds.subarray(p * length, (p + 1) * length);
      const ball = this.ballTooLarge.has(seedKeys[p]) ? null : this.kernels.ball(seed, options.radius, options.exactBallLimit);
      if (ball === null) {
        this.ballTooLarge.add(seedKeys[p]);
        walkSeeds.push(p);
        continue;
      }
      // Distance = moves from the seed as enumerated; the canonical form is what is kept and keyed.
      const canonical = this.kernels.canonicalize(ball.genomes).genomes;
      await this.admitNeighbours(canonical, this.kernels.keys(canonical), ball.depth, () => p, list, stamp, pocketOf, bar);
      this.generated += ball.depth.length;
      this.report(iteration, list.count, "neighbours");
    }
    // Random walks: chunks of whole seeds, run by the pool, reduced here in chunk order. Walk seed row r
    // of the shared buffer is seed walkSeeds[r]; a chunk's RNG streams start at its first seed's index.
    const buffers = this.pool!.config.buffers;
    const seedRows = new Uint8Array(buffers.seeds);
    const seedIndex = new Int32Array(buffers.seedIndex);
    walkSeeds.forEach((p, r) => {
      seedRows.set(seeds.subarray(p * length, (p + 1) * length), r * length);
      seedIndex[r] = p;
    });
    const perChunk = Math.max(1, Math.floor(options.chunkSize / options.perSeed));
    const tasks: ChunkTask[] = [];
    for (let start = 0; start < walkSeeds.length; start += perChunk) {
      tasks.push({ iteration, chunk: tasks.length, start, count: Math.min(perChunk, walkSeeds.length - start) });
    }
    await this.pool!.forEachInOrder(tasks, async ({ task, genomes, distances, keys }) => {
      await this.admitNeighbours(genomes, keys, distances, (i) => walkSeeds[task.start + Math.floor(i / options.perSeed)],
        list, stamp, pocketOf, bar);
      this.generated += keys.length;
      this.report(iteration, list.count, "neighbours");
    });
    return { list, pocketOf, pockets };
  }

  /** Adds the neighbours within the radius that are new to this space and pass the bar. */
  private async admitNeighbours(genomes: Uint8Array, keys: BigUint64Array, distances: Uint8Array, pocketOfIndex: (i: number) => number,
    list: GenomeList, stamp: number, pocketOf: number[], bar: number): Promise<void> {
    const length = this.kernels.space.genomeLength;
    const { status, scores } = await this.claimAndScore(genomes, keys, stamp);
    const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (status[i] === CLAIM_SEEN || distances[i] < 1 || distances[i] > this.options.radius) continue;
      const score = scores[i];
      if (Number.isNaN(score) || score < bar) continue;
      list.pushFrom(genomes, keyWords, i, score);
      pocketOf.push(pocketOfIndex(i));
    }
  }

  /**
   * Claims a batch's keys for the space stamped `stamp` and scores the claimed ones: cached scores from
   * the table, predictions (in chunks of chunkSize) for keys the run never met. Duplicates of keys
   * already in the space come back CLAIM_SEEN and unscored.
   */
  private async claimAndScore(genomes: Uint8Array, keys: BigUint64Array, stamp: number): Promise<{ status: Uint8Array; scores: Float32Array }> {
    const length = this.kernels.space.genomeLength;
    const { status, scores } = this.scoreOf.claim(keys, stamp);
    const unseen = new Int32Array(keys.length);
    let unseenCount = 0;
    for (let i = 0; i < keys.length; i++) if (status[i] === CLAIM_NEW) unseen[unseenCount++] = i;
    // Keys move as 32-bit word pairs: no BigInt is allocated per architecture.
    const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
    for (let start = 0; start < unseenCount; start += this.options.chunkSize) {
      const count = Math.min(this.options.chunkSize, unseenCount - start);
      const batch = new Uint8Array(count * length);
      const partKeys = new BigUint64Array(count);
      const partWords = new Uint32Array(partKeys.buffer);
      for (let n = 0; n < count; n++) {
        const i = unseen[start + n];
        for (let b = 0, to = n * length, from = i * length; b < length; b++) batch[to + b] = genomes[from + b];
        partWords[2 * n] = keyWords[2 * i];
        partWords[2 * n + 1] = keyWords[2 * i + 1];
      }
      const predicted = await this.model.predict(batch);
      for (let n = 0; n < count; n++) scores[unseen[start + n]] = predicted[n];
      this.scoreOf.set(partKeys, predicted);
    }
    return { status, scores };
  }

  /** Admits the genomes of a batch new to the initial sample (first occurrence of each key) with their scores. */
  private async admit(genomes: Uint8Array, keys: BigUint64Array, list: GenomeList, keep: (score: number) => boolean): Promise<void> {
    const length = this.kernels.space.genomeLength;
    const { status, scores } = await this.claimAndScore(genomes, keys, 1);
    const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (status[i] === CLAIM_SEEN || Number.isNaN(scores[i]) || !keep(scores[i])) continue;
      list.pushFrom(genomes, keyWords, i, scores[i]);
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
    this.progress?.({ iteration, explored: this.scoreOf.size, size, mean: NaN, phase, generated: this.generated, planned: this.planned });
  }
}

/** Shrinks `space` with `model`: the library entry point of `lissnas shrink`. */
export function shrink(space: SearchSpace, model: ScoringModel, options: Partial<ShrinkOptions> = {}, progress?: ShrinkProgress,
  execution: ShrinkExecution = {}): Promise<ShrinkResult> {
  return new Shrinker(space, model, options, progress, undefined, execution).run();
}

function quantile(values: Float32Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
