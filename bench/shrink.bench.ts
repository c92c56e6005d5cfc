// End to end: a LISSNAS run on nb301 with the synthetic landscape, through the library (sampling, walks,
// keys, score table, scoring, admission), on the pool. LISSNAS_BENCH_SCALE=10m runs the 10^7 configuration.
import { getSpace } from "../src/spaces/registry.js";
import { shrink } from "../src/shrink/lissnas.js";
import { SyntheticLandscape } from "../src/shrink/syntheticLandscape.js";
import type { Row } from "./harness.js";

export async function shrinkBench(workers = 2): Promise<Row[]> {
  const space = getSpace("nb301");
  const big = process.env.LISSNAS_BENCH_SCALE === "10m";
  const options = big
    ? { initial: 100000, seeds: 100, maxSeeds: 100, perSeed: 12000, maxIterations: 10, minGain: -1 }
    : { initial: 100000, seeds: 100, maxSeeds: 100, perSeed: 10000, maxIterations: 2, minGain: -1 };
  const result = await shrink(space, new SyntheticLandscape(space, 1n), options, undefined, { workers });
  const rss = process.resourceUsage().maxRSS * 1024;
  return [{ operation: `end to end: shrink nb301, ${workers} workers (explored archs)`, batch: result.explored, opsPerSecond: result.explored / result.seconds,
    note: `${result.explored.toLocaleString("en-US")} explored in ${result.seconds.toFixed(1)} s, bench process peak RSS ${(rss / 2 ** 30).toFixed(2)} GiB` }];
}
