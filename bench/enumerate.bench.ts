// The whole NB101 space enumerated, pruned and deduplicated to its 423,624 classes: one timed pass.
import { getSpace } from "../src/spaces/registry.js";
import { defaultCore } from "../src/spaces/kernels.js";
import type { Row } from "./harness.js";

export async function enumerateBench(): Promise<Row[]> {
  const space = getSpace("nb101");
  const core = defaultCore();
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    count = 0;
    // enumerate() yields batches of canonical genomes
    for (const batch of space.enumerate!(core)) count += batch.length / space.genomeLength;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const seconds = times[1] / 1000;
  return [{ operation: "nb101 whole space enumerated (classes)", batch: count, opsPerSecond: count / seconds, note: `${seconds.toFixed(2)} s for ${count.toLocaleString("en-US")} classes (median of 3)` }];
}
