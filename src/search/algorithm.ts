// The contract every search algorithm implements: spend a trial's budget of distinct queries inside a
// domain. An algorithm sees the domain (draws, mutations, neighbourhoods), the query log (values,
// budget) and the trial's random streams; it never knows what the oracle is.
import type { SearchDomain } from "./domain.js";
import type { QueryLog } from "./queryLog.js";
import type { TrialRandom } from "./trialRandom.js";

export interface TrialContext {
  domain: SearchDomain;
  log: QueryLog;
  random: TrialRandom;
}

export interface SearchAlgorithm {
  readonly name: string;
  /** Queries until the budget is spent or the domain has nothing left to query. */
  run(context: TrialContext): Promise<void>;
}

/** True when the trial can query no more: budget spent, or every architecture of the domain queried. */
export function finished(context: TrialContext): boolean {
  return context.log.remaining <= 0 || BigInt(context.log.count) >= context.domain.size;
}

/** Queries up to `count` uniformly drawn architectures not queried before; returns how many it queried. */
export async function queryRandomUnknown(context: TrialContext, count: number): Promise<number> {
  const { domain, log, random } = context;
  const genomes = domain.sampleUnknown(Math.min(count, log.remaining), random, (key) => log.has(key));
  const before = log.count;
  if (genomes.length > 0) await log.query(genomes);
  return log.count - before;
}
