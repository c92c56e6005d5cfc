// `lissnas search` as a library call: prepares the job (the domain from --in and/or the table's
// coverage, the space's best where a table knows it), runs the trials on the worker pool and summarises.
import { LissnasError } from "../errors.js";
import { SpaceKernels } from "../spaces/kernels.js";
import type { SearchSpace } from "../spaces/space.js";
import { wasmWorkerPool } from "../pool/wasmWorkers.js";
import { checkWorkerCount } from "../pool/kernelPool.js";
import type { TruthTable } from "../evaluate/truthTable.js";
import { createAlgorithm, effectiveParams, type AlgorithmParams } from "./algorithms.js";
import { directionOf, oriented, type Direction } from "./direction.js";
import { filterMembers, memberSet, readMemberSet, type MemberSet } from "./inputSpace.js";
import { openOracle, oracleText, readOracleTable, type OracleSpec } from "./oracle.js";
import { TrialRunner, type SearchJob, type TrialResult } from "./trialRunner.js";
import { anytimeCurve, bestSoFar, distributionOf, meanInterval, queriesToReach, type CurvePoint, type Distribution, type IntervalPoint, type QueriesToReach } from "./summary.js";

export const SEARCH_SCHEMA_VERSION = 1;
/** The share of the space's best architectures whose reach is reported (the top 0.1%). */
export const TOP_FRACTION = 0.001;

const WORKER_URL = new URL("./worker.js", import.meta.url);

export interface SearchOptions {
  oracle: OracleSpec;
  algorithm: string;
  budget: number;
  trials: number;
  seed: bigint;
  minimize?: boolean;
  params?: AlgorithmParams;
  /** --in: a shrink output, an evaluate output (with `method`), or a JSON Lines file of architectures. */
  in?: string;
  method?: string;
  /** Search only the architectures a table oracle covers. */
  restrictToTable?: boolean;
  workers?: number;
  /** Members given directly (library use; takes the place of `in`). */
  members?: MemberSet;
  /** The oracle's table already read (library use: skips reading it again on this thread). */
  table?: TruthTable;
}

export interface SearchSummary {
  schema_version: number;
  kind: "search";
  space: string;
  algorithm: string;
  params: Record<string, number>;
  oracle: string;
  budget: number;
  trials: number;
  seed: string;
  in: string | null;
  method: string | null;
  restricted_to_table: boolean;
  domain_size: string;
  direction: Direction;
  space_best: { value: number | null; top_fraction: number; top_threshold: number | null; basis: string };
  final_best: IntervalPoint & { distribution: Distribution; values: number[] };
  queries_to_best: QueriesToReach;
  queries_to_top: QueriesToReach;
  curve: CurvePoint[];
}

export interface SearchResult {
  summary: SearchSummary;
  trials: TrialResult[];
  space: SearchSpace;
}

function checkInteger(value: number, option: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new LissnasError("E_OPTION", `${option} must be an integer >= ${min}; found ${value}`, { field: option.replace(/^--/, "") });
}

/** The best value among the table's classes inside the domain, and the top-fraction threshold. */
function spaceBest(table: TruthTable, domain: MemberSet | undefined, direction: Direction): { value: number; top: number } | null {
  const values: number[] = [];
  if (domain === undefined) values.push(...table.classTarget);
  else domain.keys.forEach((key) => {
    const c = table.classIndex.get(key);
    if (c !== undefined) values.push(table.classTarget[c]);
  });
  if (values.length === 0) return null;
  values.sort((a, b) => oriented(b, direction) - oriented(a, direction));
  const k = Math.max(1, Math.ceil(TOP_FRACTION * values.length));
  return { value: values[0], top: values[k - 1] };
}

export async function runSearch(space: SearchSpace, options: SearchOptions, kernels = new SpaceKernels(space)): Promise<SearchResult> {
  checkInteger(options.budget, "--budget", 1);
  checkInteger(options.trials, "--trials", 1);
  createAlgorithm(options.algorithm, options.params); // validates the name and the parameters before any work
  const workers = checkWorkerCount(options.workers ?? 1);
  const direction = directionOf(options.minimize);
  const table = options.oracle.kind === "table" ? options.table ?? await readOracleTable(kernels, options.oracle) : undefined;
  let members = options.members ?? (options.in !== undefined ? await readMemberSet(kernels, options.in, options.method) : undefined);
  if (options.restrictToTable === true) {
    if (table === undefined) throw new LissnasError("E_OPTION", "--restrict-to-table needs a table oracle (table:FILE:FIELD)", { field: "restrict-to-table" });
    const length = space.genomeLength;
    members = members !== undefined
      ? filterMembers(members, length, (key) => table.classIndex.has(key), `${members.source} ∩ ${table.file}`)
      : memberSet(table.file, Array.from(table.classKeys, (_k, c) => table.classGenomes.subarray(c * length, (c + 1) * length)), [...table.classKeys], length);
    if (members.count === 0) throw new LissnasError("E_DATA", "no architecture of the space is in the table", { file: table.file, field: "restrict-to-table" });
  } else if (table !== undefined) {
    // A table that lacks part of the domain would fail mid-run: say so now, with the way out.
    const missing = members !== undefined ? members.keys.filter((key) => !table.classIndex.has(key)).length : undefined;
    const domainSize = members !== undefined ? BigInt(members.count) : space.uniqueSize() ?? space.size();
    if (missing !== undefined ? missing > 0 : BigInt(table.classKeys.length) < domainSize) {
      throw new LissnasError("E_DATA", `the table covers ${missing !== undefined ? members!.count - missing : table.classKeys.length} of the ${domainSize} architectures searched; ` +
        `pass --restrict-to-table to search only those it covers`, { file: table.file, field: "oracle" });
    }
  }
  const domainSize = members !== undefined ? BigInt(members.count) : space.uniqueSize() ?? space.size();
  if (BigInt(options.budget) > domainSize) {
    throw new LissnasError("E_OPTION", `--budget ${options.budget} is larger than the space searched (${domainSize} distinct architectures)`, { field: "budget" });
  }
  const job: SearchJob = {
    space: space.id, oracle: options.oracle, direction, algorithm: options.algorithm, params: options.params ?? {},
    budget: options.budget, seed: options.seed, members,
  };
  const trials = await runTrials(job, options.trials, workers, kernels, table);
  const curves = trials.map((t) => bestSoFar(t.values, direction));
  const finals = curves.map((c) => c[c.length - 1]);
  const known = table !== undefined ? spaceBest(table, members, direction) : null;
  const summary: SearchSummary = {
    schema_version: SEARCH_SCHEMA_VERSION, kind: "search", space: space.id, algorithm: options.algorithm,
    params: effectiveParams(options.algorithm, options.params), oracle: oracleText(options.oracle),
    budget: options.budget, trials: options.trials, seed: options.seed.toString(),
    in: options.in ?? options.members?.source ?? null,
    method: options.method ?? null, restricted_to_table: options.restrictToTable === true, domain_size: domainSize.toString(), direction,
    space_best: {
      value: known?.value ?? null, top_fraction: TOP_FRACTION, top_threshold: known?.top ?? null,
      basis: known !== null ? "the table's values over the architectures of the searched space it covers" : "unknown: the oracle is not a table",
    },
    final_best: { ...meanInterval(finals), distribution: distributionOf(finals), values: finals },
    queries_to_best: queriesToReach(curves, known?.value ?? null, direction),
    queries_to_top: queriesToReach(curves, known?.top ?? null, direction),
    curve: anytimeCurve(curves, options.budget),
  };
  return { summary, trials, space };
}

async function runTrials(job: SearchJob, count: number, workers: number, kernels: SpaceKernels, table: TruthTable | undefined): Promise<TrialResult[]> {
  if (workers === 1) {
    const runner = new TrialRunner(job, kernels.core, job.oracle.kind === "table" ? await openOracle(job.oracle, kernels, table) : undefined);
    try {
      const results: TrialResult[] = [];
      for (let trial = 0; trial < count; trial++) results.push(await runner.runTrial(trial));
      return results;
    } finally {
      await runner.close();
    }
  }
  // Opened once here too, so a bad model fails with its own message before any worker starts.
  if (job.oracle.kind === "model") await (await openOracle(job.oracle, kernels)).close?.();
  const pool = wasmWorkerPool(WORKER_URL, workers, { job });
  try {
    // Results are placed by trial number, so the order workers finish in never matters.
    return await Promise.all(Array.from({ length: count }, (_, trial) => pool.run({ trial }) as Promise<TrialResult>));
  } finally {
    await pool.destroy();
  }
}
