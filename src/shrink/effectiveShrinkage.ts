// The paper's effective-shrinkage check, read off a finished run's trace: an iteration shrinks
// effectively when the space got smaller and its P(good) rose against the previous iteration.
import type { IterationTrace } from "./lissnas.js";

export type FlaggedIteration = IterationTrace & {
  /** Size fell and P(good) rose against the previous iteration; null for the first iteration (nothing to compare). */
  effective_shrinkage: boolean | null;
};

export function withEffectiveShrinkage(trace: readonly IterationTrace[]): FlaggedIteration[] {
  return trace.map((t, i) => ({
    ...t,
    effective_shrinkage: i === 0 ? null : t.size < trace[i - 1].size && t.p_good > trace[i - 1].p_good,
  }));
}
