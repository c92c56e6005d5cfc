// The files of `lissnas search --out DIR`: search.json (the summary, what --json prints) and
// trials.jsonl (per trial: the query order with each value, and the best-so-far curve).
import { SpaceKernels } from "../spaces/kernels.js";

import { writeDirectoryAtomic } from "../io/atomicWrite.js";
import type { SearchResult } from "./search.js";
import { bestSoFar } from "./summary.js";

export function summaryJson(result: SearchResult): string {
  return JSON.stringify(result.summary, null, 2) + "\n";
}

/** One line per trial: {trial, queries: [{arch, key, value}], best_so_far: [...]}. */
export function trialLines(result: SearchResult, kernels = new SpaceKernels(result.space)): string {
  const length = result.space.genomeLength;
  return result.trials.map((t) => {
    const keys = t.values.length > 0 ? kernels.keyTexts(t.genomes) : [];
    const queries = Array.from(t.values, (value, i) => ({
      arch: result.space.format(t.genomes.subarray(i * length, (i + 1) * length)), key: keys[i], value,
    }));
    return JSON.stringify({ trial: t.trial, queries, best_so_far: Array.from(bestSoFar(t.values, result.summary.direction)) });
  }).join("\n") + "\n";
}

export function searchFiles(result: SearchResult): Record<string, string> {
  return { "search.json": summaryJson(result), "trials.jsonl": trialLines(result) };
}

export function writeSearchResult(dir: string, result: SearchResult, force = false): void {
  writeDirectoryAtomic(dir, searchFiles(result), force);
}

