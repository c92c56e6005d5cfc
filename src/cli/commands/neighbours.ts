import type { Command } from "commander";
import { LissnasError } from "../../errors.js";
import { integerOption, seedOption, threadsOption } from "../options.js";
import { spaceKernels, parseArchArgument } from "../common.js";
import { OrderedOutput, RowPool, genomeSlice } from "../../io/rowPipeline.js";
import { writeOut } from "../../io/standardOutput.js";
import { GenomeSet } from "../../dedup/genomeSet.js";
import type { SpaceKernels } from "../../spaces/kernels.js";
import { checkPlannedMemory } from "../capacity.js";

const BALL_CAPACITY = 5_000_000;
/** Neighbours keyed and formatted per job: on workers, enough to outweigh a message; on the main thread, few enough to die young. */
const FORMAT_CHUNK = 8192;
const LOCAL_FORMAT_CHUNK = 1024;

/**
 * Canonical candidates deduplicated up to isomorphism, without the origin's class, within the radius;
 * `distances` are the candidates' distances from the origin as reached (breadth-first depth or walk).
 */
function uniqueAround(kernels: SpaceKernels, origin: Uint8Array, candidates: Uint8Array, distances: ArrayLike<number>, radius: number) {
  const length = kernels.space.genomeLength;
  const seen = new GenomeSet(kernels.core, candidates.length / length + 1);
  seen.add(kernels.keys(kernels.canonicalize(origin).genomes));
  const isNew = seen.add(kernels.keys(candidates));
  const kept: number[] = [];
  isNew.forEach((flag, i) => {
    if (flag && distances[i] <= radius) kept.push(i);
  });
  const genomes = new Uint8Array(kept.length * length);
  kept.forEach((i, n) => genomes.set(candidates.subarray(i * length, (i + 1) * length), n * length));
  return { genomes, distances: kept.map((i) => distances[i]) };
}

export function registerNeighbours(program: Command): void {
  program.command("neighbours <space> <arch>")
    .alias("neighbors")
    .description("architectures within --radius moves of ARCH, deduplicated up to isomorphism, as JSON Lines {arch, key, distance}")
    .requiredOption("--radius <R>", "maximum edit distance", integerOption("--radius", { min: 1 }))
    .option("--all", "enumerate the exact ball")
    .option("-n, --count <N>", "number of random-walk neighbours to draw", integerOption("--count", { min: 1 }))
    .option("--seed <S>", "random seed for -n (default 0)", seedOption())
    .option("--json", "also print a summary object on stderr as JSON")
    .option("--workers <N>", "threads that key and format rows (the output is the same for any N; default 1)", threadsOption("--workers"))
    .action(async (name: string, arch: string, options: { radius: number; all?: boolean; count?: number; seed?: bigint; json?: boolean; workers?: number }) => {
      if (Boolean(options.all) === (options.count !== undefined)) {
        throw new LissnasError("E_OPTION", "give exactly one of --all (exact ball) or -n/--count N (random walks)");
      }
      const kernels = spaceKernels(name);
      if (options.count !== undefined) {
        // Walk ends in WASM and out, canonical copies, distances and a dedup table of 16 bytes a key.
        const length = kernels.space.genomeLength;
        checkPlannedMemory("--count", `-n ${options.count}: the random-walk neighbours drawn at once`, options.count, 3 * length + 1 + 8 + 32);
      }
      const origin = parseArchArgument(kernels, arch, "ARCH", false);
      if (options.radius > kernels.space.maxEditDistance) {
        throw new LissnasError("E_OPTION", `--radius must be at most ${kernels.space.maxEditDistance} (the max edit distance of ${kernels.space.id}); found ${options.radius}`);
      }
      let candidates: Uint8Array;
      let distances: ArrayLike<number>;
      const summary: Record<string, unknown> = { space: kernels.space.id, radius: options.radius };
      if (options.all) {
        const ball = kernels.ball(origin, options.radius, BALL_CAPACITY);
        if (ball === null) {
          throw new LissnasError("E_CAPACITY", `the ball of radius ${options.radius} holds more than ${BALL_CAPACITY} raw architectures; use -n N`);
        }
        const rawByDistance: number[] = Array(options.radius + 1).fill(0);
        ball.depth.forEach((d) => rawByDistance[d]++);
        summary.raw_by_moves = rawByDistance;
        candidates = kernels.canonicalize(ball.genomes).genomes;
        distances = ball.depth;
      } else {
        ({ genomes: candidates, distances } = kernels.walkNeighbours(origin, options.radius, options.count!, options.seed ?? 0n));
      }
      const unique = uniqueAround(kernels, origin, candidates, distances, options.radius);
      summary.unique = unique.distances.length;
      const length = kernels.space.genomeLength;
      const uniqueDistances = Int32Array.from(unique.distances);
      const pool = new RowPool(kernels, options.workers ?? 1);
      const chunk = pool.threaded ? FORMAT_CHUNK : LOCAL_FORMAT_CHUNK;
      const output = new OrderedOutput<string>(pool.window, (text) => writeOut(text));
      try {
        for (let start = 0; start < uniqueDistances.length; start += chunk) {
          const count = Math.min(chunk, uniqueDistances.length - start);
          const job = { genomes: genomeSlice(unique.genomes, length, start, count), distances: uniqueDistances.slice(start, start + count) };
          await output.push(pool.run({ kind: "format", ...job }));
        }
        await output.finish();
      } finally {
        await pool.close();
      }
      process.stderr.write(options.json ? JSON.stringify(summary) + "\n"
        : `${summary.unique} unique neighbours within radius ${options.radius}` +
          (summary.raw_by_moves ? ` (raw ball by moves: ${(summary.raw_by_moves as number[]).join(", ")})` : "") + "\n");
    });
}
