// The LISSNAS loop (design §3): sample, score, seed, grow the seeds' neighbourhoods, keep the space
// while its mean predicted accuracy rises.
import type { SearchSpace } from "../spaces/space.js";
import { SpaceKernels } from "../spaces/kernels.js";
import { LissnasError } from "../errors.js";
import { WasmCore, wasmModule } from "../wasm/core.js";
import { GenomeList } from "./genomeList.js";
import { EXTENSION_SLACK, resolveShrinkOptions, type ShrinkOptions } from "./options.js";
import { ScoreTable, CLAIM_SEEN, CLAIM_NEW } from "./scoreTable.js";
import { KernelPool, checkWorkerCount } from "../pool/kernelPool.js";
import { allocateChunkBuffers } from "../pool/chunkBuffers.js";
import { defaultWorkers } from "../pool/defaults.js";
import type { ChunkTask } from "../pool/chunkTask.js";
import { defaultCostModel, type CostModel } from "./costModel.js";
import { strataEdges, bestPerStratum, spreadByEditDistance, spacedTop } from "./seedChoice.js";
import { rankIndicesByScore, byScoreThenKey } from "./ranking.js";
import { probeCostExtremes } from "./costProbe.js";
import { limitedAdmissions, type PocketLimit } from "./pocketLimit.js";

/** Walk seeds of one extension round at most (bounds the shared seed buffer: 64 Ki genomes). */
const EXTENSION_SEED_CAP = 65536;
/** Extension rounds at most before a space that cannot reach its target size is returned as it is. */
const MAX_EXTENSION_ROUNDS = 64;
/** Walks per step of the cost probes: cost calls only (no predictor), so wide steps are cheap and get past local optima. */
const PROBE_WALKS = 2000;
/** Edit-distance spread picks its diversity seeds among the best quarter of the space (at least 8 per seed). */
const SPREAD_POOL_SHARE = 0.25;
/** Spaced top seeds are picked among the best SPACED_POOL_PER_SEED x (seed count) members. */
const SPACED_POOL_PER_SEED = 64;
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

/** The best architecture the run found (highest predicted score): always a member of the returned space. */
export interface BestFound {
  genome: Uint8Array;
  key: bigint;
  score: number;
  /** Its pocket in the returned space. */
  pocket: number;
}

/** How the diversity seeds were chosen. */
export interface DiversityInfo {
  /** "cost": best per cost stratum; "edit-distance": farthest-point spread; "none": top seeds only. */
  rule: "cost" | "edit-distance" | "none";
  cost: string | null;
  /** Edges of the cost strata (empty unless rule is "cost"). */
  strataEdges: number[];
  /** Cost range of the initial sample and of the returned space (NaN when unknown). */
  sampleCostRange: [number, number];
  spaceCostRange: [number, number];
}

/** What the size control did: the loop's own size, and whether the space was trimmed or extended. */
export interface SizeControl {
  targetSize: number | null;
  loopSize: number;
  action: "none" | "trimmed" | "extended" | "extended-and-trimmed";
  extensionRounds: number;
  /** Within 10% of the target (true without a target). */
  met: boolean;
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
  best: BestFound;
  diversity: DiversityInfo;
  size: SizeControl;
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
  private readonly cost: CostModel | undefined;
  /** Costs of every architecture whose cost was asked, by key (a cost model is called once per architecture). */
  private costOf?: ScoreTable;
  private edges: Float64Array = new Float64Array(0);
  /** Keys of the cost range's anchors (cheapest and dearest found): seeds of every iteration. */
  private anchors = new Set<bigint>();
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
    this.cost = o.costModel === undefined ? defaultCostModel(space) : o.costModel ?? undefined;
    // Top seeds, one diversity seed per stratum, and the best found.
    this.maxSeedCount = (o.seeds >= 1 ? o.seeds : o.maxSeeds) + o.strata + 3;
    // The most architectures the run can generate; the score table is sized once for it (capped: past
    // the cap it grows by doubling), so a 10^7 run never rehashes.
    this.planned = o.initial + o.maxIterations * this.maxSeedCount * Math.max(o.perSeed, 1) + Math.ceil((o.targetSize ?? 0) * (1 + EXTENSION_SLACK));
    // On a core of its own: the bump-allocated table is released with the run instead of staying in the
    // shared core's memory (wasm32 holds ~4 GiB; repeated runs in one process would exhaust it).
    this.scoreOf = new ScoreTable(new WasmCore(wasmModule()), Math.min(this.planned, 12_000_000));
  }

  async run(): Promise<ShrinkResult> {
    const { options, maxSeedCount } = this;
    const perChunk = Math.max(1, Math.floor(options.chunkSize / options.perSeed));
    const slotItems = Math.max(options.chunkSize, perChunk * options.perSeed);
    const seedCapacity = options.targetSize === undefined ? maxSeedCount : Math.max(maxSeedCount, EXTENSION_SEED_CAP);
    const buffers = allocateChunkBuffers(this.kernels.space.genomeLength, seedCapacity, KernelPool.slotsFor(this.workers), slotItems);
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
    let sampleCosts = this.cost === undefined ? undefined : await this.memberCosts(current.list);
    if (sampleCosts !== undefined && options.strata > 0) {
      // The cost range's two ends join the initial sample as anchors, seeds of every iteration.
      const extremes = await probeCostExtremes(this.kernels, this.cost!, (genomes) => this.model.predict(genomes),
        current.list.batch(), sampleCosts, options.radius, PROBE_WALKS, options.seed);
      if (extremes !== undefined) {
        const genomes = new Uint8Array(2 * this.kernels.space.genomeLength);
        genomes.set(extremes.genomes[0], 0);
        genomes.set(extremes.genomes[1], this.kernels.space.genomeLength);
        const keys = this.kernels.keys(genomes);
        const before = current.list.count;
        await this.admit(genomes, keys, current.list, () => true);
        for (let i = before; i < current.list.count; i++) current.pocketOf.push(-1);
        this.anchors = new Set(keys);
        sampleCosts = await this.memberCosts(current.list);
      }
      this.edges = strataEdges(sampleCosts, options.strata, options.strataBins);
    }
    let chosen = 0;
    let rejected: Candidate | undefined;
    let lastIteration = 0;

    for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
      const before = this.scoreOf.size;
      const next = await this.grow(current, iteration);
      lastIteration = iteration;
      trace.push(this.traceOf(iteration, next, next.pockets.length, this.scoreOf.size - before, threshold, started));
      const gain = next.list.meanScore() - current.list.meanScore();
      if (!(gain > options.minGain)) {
        rejected = next;
        break;
      }
      current = next;
      chosen = iteration;
    }

    // Keep the best: the iteration the stopping rule rejects may have found a better architecture than
    // any in the returned space; it joins the returned space as a pocket of its own (radius 0).
    if (rejected !== undefined && rejected.list.count > 0) {
      const top = rejected.list.topByScore(1)[0];
      const currentTop = current.list.topByScore(1)[0];
      if (currentTop === undefined || rejected.list.scores[top] > current.list.scores[currentTop]) {
        const id = current.pockets.length;
        current.list.push(rejected.list.genome(top), rejected.list.keys[top], rejected.list.scores[top]);
        current.pocketOf.push(id);
        current.pockets.push({ id, seed: rejected.list.genome(top).slice(), seedKey: rejected.list.keys[top], seedScore: rejected.list.scores[top], radius: 0 });
      }
    }

    const loopSize = current.list.count;
    let action: SizeControl["action"] = "none";
    let extensionRounds = 0;
    if (options.targetSize !== undefined) {
      if (current.list.count < options.targetSize) {
        const extended = await this.extend(current, options.targetSize, lastIteration + 1);
        current = extended.candidate;
        extensionRounds = extended.rounds;
        action = "extended";
      }
      if (current.list.count > options.targetSize) {
        current = trim(current, options.targetSize);
        action = action === "extended" ? "extended-and-trimmed" : "trimmed";
      }
    }

    const bestIndex = current.list.topByScore(1)[0];
    const spaceCosts = this.cost === undefined ? undefined : await this.memberCosts(current.list);
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
      best: { genome: current.list.genome(bestIndex).slice(), key: current.list.keys[bestIndex], score: current.list.scores[bestIndex], pocket: current.pocketOf[bestIndex] },
      diversity: {
        rule: options.strata === 0 ? "none" : this.edges.length > 0 ? "cost" : "edit-distance",
        cost: this.cost?.description ?? null,
        strataEdges: Array.from(this.edges),
        sampleCostRange: finiteRange(sampleCosts),
        spaceCostRange: finiteRange(spaceCosts),
      },
      size: {
        targetSize: options.targetSize ?? null,
        loopSize,
        action,
        extensionRounds,
        met: options.targetSize === undefined || Math.abs(current.list.count - options.targetSize) <= 0.1 * options.targetSize,
      },
    };
  }

  /** Costs of a list's members: cached per key, the rest from the cost model in chunks. */
  private async memberCosts(list: GenomeList): Promise<Float32Array> {
    const cost = this.cost!;
    this.costOf ??= new ScoreTable(new WasmCore(wasmModule()), 1 << 16);
    const keys = list.keys.subarray(0, list.count);
    const { scores: costs, found } = this.costOf.get(keys);
    const length = this.kernels.space.genomeLength;
    const missing: number[] = [];
    for (let i = 0; i < list.count; i++) if (found[i] === 0) missing.push(i);
    for (let start = 0; start < missing.length; start += this.options.chunkSize) {
      const part = missing.slice(start, start + this.options.chunkSize);
      const batch = new Uint8Array(part.length * length);
      const partKeys = new BigUint64Array(part.length);
      part.forEach((i, n) => {
        batch.set(list.genome(i), n * length);
        partKeys[n] = list.keys[i];
      });
      const predicted = await cost.predict(batch);
      if (predicted.length !== part.length) {
        throw new LissnasError("E_PREDICTOR", `the cost model ${cost.description} returned ${predicted.length} values for ${part.length} architectures`);
      }
      part.forEach((i, n) => (costs[i] = predicted[n]));
      this.costOf.set(partKeys, predicted);
    }
    return costs;
  }

  /** Seeds of the next iteration: the top-scored members plus the diversity seeds, best first; `diverse` = seeds only diversity chose. */
  private async chooseSeeds(list: GenomeList): Promise<{ ranked: number[]; diverse: Set<number> }> {
    const { options } = this;
    const topCount = Math.min(list.count,
      options.seeds >= 1 ? options.seeds : Math.min(options.maxSeeds, Math.max(1, Math.round(options.seeds * list.count))));
    const spacing = Math.ceil(options.seedSpacing * options.radius);
    const chosen = new Set(spacing > 1 ? spacedTop(list, this.kernels, topCount, spacing, SPACED_POOL_PER_SEED * topCount) : list.topByScore(topCount));
    const top = new Set(chosen);
    if (options.strata > 0) {
      const diverse = this.edges.length > 0
        ? bestPerStratum(list, await this.memberCosts(list), this.edges)
        : spreadByEditDistance(list, this.kernels, options.strata, Math.max(8 * options.strata, Math.ceil(SPREAD_POOL_SHARE * list.count)));
      for (const i of diverse) chosen.add(i);
      if (this.anchors.size > 0) for (let i = 0; i < list.count; i++) if (this.anchors.has(list.keys[i])) chosen.add(i);
    }
    const ranked = [...chosen].sort(byScoreThenKey(list.scores, list.keys));
    return { ranked, diverse: new Set(ranked.filter((i) => !top.has(i))) };
  }

  /**
   * Grows `current` to at least `target` members (up to target x (1 + EXTENSION_SLACK)): rounds of walks
   * (or exact balls) around its best members not yet used as seeds, every new neighbour admitted; each
   * walk seed becomes a pocket. Stops early when a round adds nothing (the reachable space is exhausted).
   */
  private async extend(current: Candidate, target: number, firstIteration: number): Promise<{ candidate: Candidate; rounds: number }> {
    const { options } = this;
    const length = this.kernels.space.genomeLength;
    const cap = Math.ceil(target * (1 + EXTENSION_SLACK));
    // One stamp for every round: the extended space is cumulative.
    const stamp = firstIteration + MAX_EXTENSION_ROUNDS + 1;
    // Admission stops at the cap: the list never grows past it, so it is allocated once.
    const list = new GenomeList(length, Math.max(cap, current.list.count));
    const keyWords = new Uint32Array(current.list.keys.buffer, 0, current.list.count * 2);
    for (let i = 0; i < current.list.count; i++) list.pushFrom(current.list.genomes, keyWords, i, current.list.scores[i]);
    this.scoreOf.claim(current.list.keys.slice(0, current.list.count), stamp);
    const pocketOf = current.pocketOf.slice();
    const pockets = current.pockets.slice();
    const used = new Set(pockets.map((p) => p.seedKey));
    // Members admitted per walk seed in the last round (first guess: half the walks are new).
    let yieldPerSeed = Math.max(1, options.perSeed / 2);
    let rounds = 0;
    for (let round = 0; round < MAX_EXTENSION_ROUNDS && list.count < target; round++) {
      const wanted = Math.min(EXTENSION_SEED_CAP, Math.ceil((target - list.count) / Math.max(yieldPerSeed, 1e-3)));
      const order = rankIndicesByScore(list.scores, list.count);
      const seedIndices: number[] = [];
      for (let r = 0; r < order.length && seedIndices.length < wanted; r++) {
        if (!used.has(list.keys[order[r]])) seedIndices.push(order[r]);
      }
      if (seedIndices.length === 0) break;
      const seeds = new Uint8Array(seedIndices.length * length);
      const seedKeys = new BigUint64Array(seedIndices.length);
      const seedPockets: number[] = [];
      seedIndices.forEach((i, n) => {
        const id = pockets.length;
        seeds.set(list.genome(i), n * length);
        seedKeys[n] = list.keys[i];
        used.add(list.keys[i]);
        pockets.push({ id, seed: list.genome(i).slice(), seedKey: list.keys[i], seedScore: list.scores[i], radius: options.radius });
        pocketOf[i] = id;
        seedPockets.push(id);
      });
      const before = list.count;
      await this.explore(seeds, seedKeys, seedPockets, firstIteration + round, stamp, list, pocketOf, -Infinity, cap);
      rounds++;
      if (list.count === before) break;
      yieldPerSeed = (list.count - before) / seedIndices.length;
    }
    return { candidate: { list, pocketOf, pockets }, rounds };
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
    const { ranked, diverse } = await this.chooseSeeds(current.list);
    const seedCount = ranked.length;
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
    // Diversity pockets bring the cost range; capped, they bring their best neighbours only, not mass.
    const limited = new Set(ranked.flatMap((i, p) => (diverse.has(i) ? [p] : [])));
    const limit = options.diversityCap === undefined || limited.size === 0 ? undefined
      : { pockets: limited, perPocket: options.diversityCap, admitted: new Map<number, number>() };
    await this.explore(seeds, seedKeys, pockets.map((p) => p.id), iteration, stamp, list, pocketOf, bar, Infinity, limit);
    return { list, pocketOf, pockets };
  }

  /**
   * Neighbourhoods of `seeds` (seed n is pocket seedPockets[n]) admitted into `list` (the space stamped
   * `stamp`) while it holds fewer than `cap` members: the exact ball where it is small, random walks
   * otherwise (RNG streams of `iteration`).
   */
  private async explore(seeds: Uint8Array, seedKeys: BigUint64Array, seedPockets: number[], iteration: number, stamp: number,
    list: GenomeList, pocketOf: number[], bar: number, cap: number, limit?: PocketLimit): Promise<void> {
    const { options } = this;
    const length = this.kernels.space.genomeLength;
    const seedCount = seedKeys.length;
    // Neighbourhoods: the exact ball where it is small, random walks otherwise; one batch per seed chunk.
    const walkSeeds: number[] = [];
    for (let p = 0; p < seedCount; p++) {
      const seed = seeds.subarray(p * length, (p + 1) * length);
      // Extension rounds walk thousands of fresh seeds: once any ball of the run proved too large, they
      // walk instead of probing each ball (a probe enumerates up to exactBallLimit genomes).
      const probe = !this.ballTooLarge.has(seedKeys[p]) && !(cap < Infinity && this.ballTooLarge.size > 0);
      const ball = probe ? this.kernels.ball(seed, options.radius, options.exactBallLimit) : null;
      if (ball === null) {
        this.ballTooLarge.add(seedKeys[p]);
        walkSeeds.push(p);
        continue;
      }
      // Distance = moves from the seed as enumerated; the canonical form is what is kept and keyed.
      const canonical = this.kernels.canonicalize(ball.genomes).genomes;
      await this.admitNeighbours(canonical, this.kernels.keys(canonical), ball.depth, () => seedPockets[p], list, stamp, pocketOf, bar, cap, limit);
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
      await this.admitNeighbours(genomes, keys, distances, (i) => seedPockets[walkSeeds[task.start + Math.floor(i / options.perSeed)]],
        list, stamp, pocketOf, bar, cap, limit);
      this.generated += keys.length;
      this.report(iteration, list.count, "neighbours");
    });
  }

  /**
   * Adds the neighbours within the radius that are new to this space and pass the bar; a limited pocket
   * admits only its best-scored ones up to its limit (in batch order, so the result does not depend on it).
   */
  private async admitNeighbours(genomes: Uint8Array, keys: BigUint64Array, distances: Uint8Array, pocketOfIndex: (i: number) => number,
    list: GenomeList, stamp: number, pocketOf: number[], bar: number, cap: number, limit?: PocketLimit): Promise<void> {
    if (list.count >= cap) return;
    const { status, scores } = await this.claimAndScore(genomes, keys, stamp);
    const keyWords = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
    const eligible = (i: number) => status[i] !== CLAIM_SEEN && distances[i] >= 1 && distances[i] <= this.options.radius && !Number.isNaN(scores[i]) && scores[i] >= bar;
    const allowed = limit === undefined ? undefined : limitedAdmissions(keys.length, eligible, pocketOfIndex, scores, keys, limit);
    for (let i = 0; i < keys.length; i++) {
      if (!eligible(i) || (allowed !== undefined && allowed[i] === 0)) continue;
      list.pushFrom(genomes, keyWords, i, scores[i]);
      pocketOf.push(pocketOfIndex(i));
      if (list.count >= cap) break;
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

/** [min, max] of the finite values (NaN, NaN when none). */
function finiteRange(values: Float32Array | undefined): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values ?? []) {
    if (!Number.isFinite(v)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  return low <= high ? [low, high] : [NaN, NaN];
}

/**
 * The `target` members of a candidate with the best mean: every pocket seed stays (they define the
 * pockets, and the best member is one), then the best-scored other members; list order is kept.
 */
function trim(candidate: Candidate, target: number): Candidate {
  const { list } = candidate;
  const seedKeys = new Set(candidate.pockets.map((p) => p.seedKey));
  const keep = new Uint8Array(list.count);
  let kept = 0;
  for (let i = 0; i < list.count; i++) {
    if (seedKeys.has(list.keys[i])) {
      keep[i] = 1;
      kept++;
    }
  }
  const order = rankIndicesByScore(list.scores, list.count);
  for (let r = 0; r < order.length && kept < target; r++) {
    if (keep[order[r]] === 0 && !Number.isNaN(list.scores[order[r]])) {
      keep[order[r]] = 1;
      kept++;
    }
  }
  const trimmed = new GenomeList(list.length, Math.max(1, kept));
  const keyWords = new Uint32Array(list.keys.buffer, 0, list.count * 2);
  const pocketOf: number[] = [];
  for (let i = 0; i < list.count; i++) {
    if (keep[i] === 0) continue;
    trimmed.pushFrom(list.genomes, keyWords, i, list.scores[i]);
    pocketOf.push(candidate.pocketOf[i]);
  }
  return { list: trimmed, pocketOf, pockets: candidate.pockets };
}
