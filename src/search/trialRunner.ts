// Runs trials of one search job. The same code on the main thread (--workers 1) and in each pool
// worker: a trial's queries depend only on (job, trial), never on the thread that ran it.
import type { WasmCore } from "../wasm/core.js";
import { defaultCore, SpaceKernels } from "../spaces/kernels.js";
import { getSpace } from "../spaces/registry.js";
import type { AlgorithmParams } from "./algorithms.js";
import { createAlgorithm } from "./algorithms.js";
import { openOracle, type Oracle, type OracleSpec } from "./oracle.js";
import { SearchDomain } from "./domain.js";
import { QueryLog } from "./queryLog.js";
import { TrialRandom } from "./trialRandom.js";
import type { Direction } from "./direction.js";
import type { MemberSet } from "./inputSpace.js";

/** Everything a worker needs to run any trial of a job (structured-cloneable). */
export interface SearchJob {
  space: string;
  oracle: OracleSpec;
  direction: Direction;
  algorithm: string;
  params: AlgorithmParams;
  budget: number;
  seed: bigint;
  /** The member set searched in; absent for the full space. */
  members?: MemberSet;
}

export interface TrialResult {
  trial: number;
  /** Queried canonical genomes in query order (count x genomeLength bytes). */
  genomes: Uint8Array;
  /** Their oracle values. */
  values: Float64Array;
}

export class TrialRunner {
  readonly job: SearchJob;
  readonly kernels: SpaceKernels;
  private readonly domain: SearchDomain;
  private oracle: Promise<Oracle> | undefined;

  constructor(job: SearchJob, core: WasmCore = defaultCore(), oracle?: Oracle) {
    this.job = job;
    this.kernels = new SpaceKernels(getSpace(job.space), core);
    this.domain = new SearchDomain(this.kernels, job.members);
    if (oracle !== undefined) this.oracle = Promise.resolve(oracle);
  }

  async runTrial(trial: number): Promise<TrialResult> {
    this.oracle ??= openOracle(this.job.oracle, this.kernels);
    const oracle = await this.oracle;
    const log = new QueryLog(this.job.budget, oracle, this.kernels, this.job.direction);
    const algorithm = createAlgorithm(this.job.algorithm, this.job.params);
    await algorithm.run({ domain: this.domain, log, random: new TrialRandom(this.job.seed, trial) });
    const length = this.kernels.space.genomeLength;
    const genomes = new Uint8Array(log.count * length);
    log.genomes.forEach((g, i) => genomes.set(g, i * length));
    return { trial, genomes, values: Float64Array.from(log.values) };
  }

  async close(): Promise<void> {
    if (this.oracle !== undefined) await (await this.oracle).close?.();
  }
}
