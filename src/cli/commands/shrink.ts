import { InvalidArgumentError, Option, type Command } from "commander";
import { existsSync } from "node:fs";
import { LissnasError } from "../../errors.js";
import { getSpace } from "../../spaces/registry.js";
import type { SearchSpace } from "../../spaces/space.js";
import { shrink, type ShrinkResult, type ShrinkProgress } from "../../shrink/lissnas.js";
import { resolveShrinkOptions, type ShrinkOptions } from "../../shrink/options.js";
import { checkShrinkSizing } from "../capacity.js";
import { integerOption, numberOption, seedOption, choiceOption, threadsOption } from "../options.js";
import { traceInUnits, MANIFEST_SCHEMA_VERSION } from "../../shrink/output.js";
import { orientedModel } from "../../shrink/orientedModel.js";
import { directionOf, orientValue, type Direction } from "../../stats/direction.js";
import { openScoringModel, addOutsideScorerOptions, outsideScorerOptions, PREDICTOR_FORMS, type OutsideScorerCliOptions } from "../predictorArgument.js";
import { PREDICTOR_ENGINES, type PredictorEngine } from "../../predict/predictor.js";
import { ProgressLine } from "../progress.js";
import { formatOption } from "../rowOutput.js";
import { formatExtension, type OutputFormat } from "../../io/columnar.js";
import { shrinkFileContents } from "../../shrink/output.js";
import { OutputClaim } from "../../io/outputClaim.js";
import { writeOut } from "../../io/standardOutput.js";
import { costOption, openCostModel } from "../costArgument.js";
import { RemoteChunkExecutor } from "../../distributed/remoteExecutor.js";
import { connectOption } from "./worker.js";

interface ShrinkCommandOptions extends OutsideScorerCliOptions {
  predictor: string;
  features?: string;
  missing?: "error" | "skip";
  duplicates?: "error" | "mean" | "first";
  seed?: bigint;
  out: string;
  force?: boolean;
  initial?: number;
  numSeeds?: number;
  /** The deprecated spelling of numSeeds. */
  seeds?: number;
  maxSeeds?: number;
  radius?: number;
  perSeed?: number;
  minGain?: number;
  maxIter?: number;
  admission?: ShrinkOptions["admission"];
  barQuantile?: number;
  strata?: number;
  strataBins?: ShrinkOptions["strataBins"];
  seedSpacing?: number;
  diversityCap?: number;
  cost?: string;
  costPredictor?: string;
  targetSize?: number;
  reduction?: number;
  json?: boolean;
  quiet?: boolean;
  workers?: number;
  engine?: PredictorEngine;
  format?: OutputFormat;
  minimize?: boolean;
  connect?: string;
  chunkSize?: number;
}

export function summaryTable(result: ShrinkResult, direction: Direction = "max"): string {
  // "best" is the best predicted score in the metric's direction; "eff" flags effective shrinkage (size fell, P(good) rose).
  const header = ["iter", "size", "seeds", "new", "mean", "best", "P(good)", "eff", "explored", "s"];
  const rows = traceInUnits(result, direction).map((t) => [String(t.iteration) + (t.iteration === result.chosenIteration ? "*" : ""), String(t.size),
    String(t.seeds), String(t.new_architectures), t.mean.toFixed(3), t.max.toFixed(3), t.p_good.toFixed(3),
    t.effective_shrinkage === null ? "-" : t.effective_shrinkage ? "yes" : "no", String(t.explored), t.seconds.toFixed(2)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const lines = [header, ...rows].map((row) => row.map((cell, c) => cell.padStart(widths[c])).join("  "));
  lines.push(`* returned: ${result.members.count} architectures of ${result.space.id} (full: ${result.space.size()}), ` +
    `mean ${orientValue(result.members.meanScore(), direction).toFixed(3)}, best ${orientValue(result.members.maxScore(), direction).toFixed(3)} ` +
    `(${direction === "min" ? "minimised" : "maximised"}), ${result.explored} scored in ${result.seconds.toFixed(2)} s`);
  return lines.join("\n") + "\n";
}

/** What the demo's table means, and what to run next on its output. */
export function demoLegend(result: ShrinkResult, out: string): string {
  return [
    "",
    "legend: iter = iteration (0 is the initial uniform sample; * marks the space returned); size = architectures in the space;",
    "  seeds = best architectures whose neighbourhoods were grown; new = architectures scored for the first time;",
    "  mean, best = scores of the space (best in the metric's direction); eff = effective shrinkage (the space got smaller",
    "  and P(good) rose against the previous iteration); explored = architectures scored so far; s = seconds since the start;",
    `  P(good) = share of the space scoring >= ${result.goodThreshold.toFixed(3)}, the 80th percentile of the initial sample's scores`,
    "next steps:",
    ...[
      [`npx lissnas sample --from ${out} -n 10 --seed 1`, "draw architectures from the shrunk space"],
      [`npx lissnas report ${out} --out ${out}.html`, "an HTML report of this run"],
      ["npx lissnas shrink --help", "the same on your space and predictor"],
    ].map(([line, what], _, all) => `  ${line.padEnd(Math.max(...all.map(([l]) => l.length)) + 2)}# ${what}`),
    "",
  ].join("\n");
}

/** Live progress: explored architectures, rate, iteration, and an ETA bounded by the run's plan. */
export function shrinkProgressText(event: Parameters<ShrinkProgress>[0], started: number): string {
  const seconds = (performance.now() - started) / 1000;
  const rate = (event.generated ?? event.explored) / Math.max(seconds, 1e-3);
  const left = event.planned !== undefined && event.generated !== undefined ? Math.max(0, event.planned - event.generated) / Math.max(rate, 1) : NaN;
  return `iteration ${event.iteration} ${event.phase}: ${event.explored.toLocaleString("en-US")} explored, ` +
    `${Math.round(rate).toLocaleString("en-US")}/s, ${event.size.toLocaleString("en-US")} in space, ` +
    `${seconds.toFixed(1)} s` + (Number.isFinite(left) ? `, ETA <= ${left.toFixed(0)} s` : "");
}

export async function runShrinkCommand(spaceName: string, options: ShrinkCommandOptions, command: string): Promise<ShrinkResult> {
  const space = getSpace(spaceName);
  if (options.numSeeds !== undefined && options.seeds !== undefined) {
    throw new LissnasError("E_OPTION", "--seeds is the deprecated name of --num-seeds; give --num-seeds only", { field: "--num-seeds" });
  }
  const seedCount = options.numSeeds ?? options.seeds;
  // Every option is checked before the predictor is read or anything runs.
  const shrinkOptions = {
    seed: options.seed ?? 0n, initial: options.initial, seeds: seedCount, maxSeeds: options.maxSeeds, radius: options.radius,
    perSeed: options.perSeed, minGain: options.minGain, maxIterations: options.maxIter, admission: options.admission, barQuantile: options.barQuantile,
    strata: options.strata, strataBins: options.strataBins, seedSpacing: options.seedSpacing, diversityCap: options.diversityCap, targetSize: options.targetSize,
    reduction: options.reduction, chunkSize: options.chunkSize,
  };
  const resolved = resolveShrinkOptions(space, shrinkOptions);
  checkShrinkSizing(space, { ...options, seeds: seedCount, targetSize: resolved.targetSize },
    { seeds: options.numSeeds !== undefined ? "--num-seeds" : "--seeds", targetSize: options.reduction !== undefined ? "--reduction" : "--target-size" });
  // Claimed before any work: a path that cannot take the output, or one another run writes, is refused at once.
  const claim = OutputClaim.take(options.out, { kind: "directory", force: options.force === true, option: "--out" });
  try {
    return await shrinkInto(claim, space, options, shrinkOptions, command);
  } finally {
    claim.release();
  }
}

async function shrinkInto(claim: OutputClaim, space: SearchSpace, options: ShrinkCommandOptions, shrinkOptions: Partial<ShrinkOptions>, command: string): Promise<ShrinkResult> {
  const direction = directionOf(options.minimize);
  const opened = await openScoringModel(options.predictor, space, {
    ...outsideScorerOptions(options),
    features: options.features, missing: options.missing, duplicates: options.duplicates, engine: options.engine,
    // The predictor gets as many threads as the walks: scoring is the larger share of a run with a real model.
    threads: (options.workers ?? 1) > 1 ? options.workers : undefined,
  });
  // The loop always maximises: a metric to minimise reaches it negated, and the outputs turn it back.
  const model = orientedModel(opened, direction);
  let costModel: Awaited<ReturnType<typeof openCostModel>>;
  try {
    costModel = await openCostModel(space, options.cost, options.costPredictor, { engine: options.engine });
  } catch (error) {
    await model.close?.();
    throw error;
  }
  const progress = new ProgressLine(options.quiet === true || options.json === true);
  const started = performance.now();
  let result: ShrinkResult;
  try {
    result = await shrink(space, model, { ...shrinkOptions, costModel }, (event) => progress.update(shrinkProgressText(event, started), event.generated, event.planned), {
      workers: options.workers ?? 1,
      chunkExecutor: options.connect === undefined ? undefined : (config) => RemoteChunkExecutor.open(options.connect!, config),
    });
  } finally {
    await model.close?.();
    await costModel?.close?.();
  }
  progress.done();
  const format = options.format ?? "jsonl";
  await claim.writeDirectory(shrinkFileContents(result, { predictor: { description: opened.description, digest: opened.digest }, command, direction },
    undefined, undefined, format));
  if (options.json) {
    await writeOut(JSON.stringify({ schema_version: MANIFEST_SCHEMA_VERSION, space: space.id, direction, size: result.members.count,
      mean: orientValue(result.members.meanScore(), direction), max: orientValue(result.members.maxScore(), direction),
      explored: result.explored, seconds: result.seconds, out: options.out, trace: traceInUnits(result, direction),
      best_score: orientValue(result.best.score, direction), diversity_rule: result.diversity.rule, target_size: result.size.targetSize }) + "\n");
  } else {
    const extension = formatExtension(format);
    await writeOut(summaryTable(result, direction) + `written to ${options.out}/ (space${extension}, pockets${extension}, manifest.json)\n`);
  }
  return result;
}

/** `--num-seeds`: a count (integer >= 1) or a fraction of the space in (0, 1), checked at parse time. */
function seedCountOption(name: string): (text: string) => number {
  const parse = numberOption(name, { min: 0 });
  return (text: string) => {
    const value = parse(text);
    if (!(value > 0 && value < 1) && !(Number.isInteger(value) && value >= 1)) {
      throw new InvalidArgumentError(`${name} must be a count (integer >= 1) or a fraction in (0, 1); found ${text}`);
    }
    return value;
  };
}

/** `--seeds`, the old name of `--num-seeds` (one letter from `--seed`, the random seed): still read, with a warning. */
function deprecatedSeedsOption(text: string): number {
  process.stderr.write("lissnas: --seeds is deprecated and will be removed; use --num-seeds (seeds per iteration; --seed is the random seed)\n");
  return seedCountOption("--seeds")(text);
}

export function addShrinkOptions(command: Command): Command {
  return command
    .option("--seed <S>", "master random seed (default 0)", seedOption())
    .option("--initial <N>", "architectures sampled at the start (default 1000)", integerOption("--initial", { min: 1 }))
    .option("--num-seeds <K>", "seeds grown per iteration: a count, or a fraction of the space in (0,1) (default 6)", seedCountOption("--num-seeds"))
    .addOption(new Option("--seeds <K>", "deprecated name of --num-seeds").hideHelp().argParser(deprecatedSeedsOption))
    .option("--max-seeds <K>", "cap on the seed count when --num-seeds is a fraction (default 100)", integerOption("--max-seeds", { min: 1 }))
    .option("--radius <R>", "neighbourhood radius (default round(maxEditDistance/3))", integerOption("--radius", { min: 1 }))
    .option("--per-seed <N>", "random-walk neighbours per seed when the exact ball is large (default 200)", integerOption("--per-seed", { min: 1 }))
    .option("--min-gain <G>", "continue while the mean score rises by more than G (default 0)", numberOption("--min-gain"))
    .option("--max-iter <N>", "maximum iterations (default 10)", integerOption("--max-iter", { min: 1 }))
    .option("--admission <P>", "neighbour admission: above-bar (default), all (the paper) or above-mean", choiceOption("--admission", ["all", "above-mean", "above-bar"] as const))
    .option("--bar-quantile <Q>", "above-bar admission: quantile of the initial sample's scores (default 0.8)", numberOption("--bar-quantile", { min: 0, max: 1 }))
    .option("--strata <N>", "diversity seeds per iteration: the best of each of N cost strata, or N spread out in edit distance without a cost; 0 = top seeds only (default 8)", integerOption("--strata", { min: 0 }))
    .option("--strata-bins <B>", "cost strata of equal width over the initial sample's cost range, or of equal counts (default width)", choiceOption("--strata-bins", ["width", "quantile"] as const))
    .option("--seed-spacing <F>", "top seeds at least ceil(F x radius) apart in edit distance, so their pockets do not pile onto one region; 0 = the best seeds however close (default 0.5)", numberOption("--seed-spacing", { min: 0 }))
    .option("--diversity-cap <N>", "neighbours a diversity pocket admits per iteration at most, its best-scored ones: the cost range without the mass (default: no cap)", integerOption("--diversity-cap", { min: 0 }))
    .option("--cost <C>", "cost for the strata: flops or params (the space's analytic model; default flops where it has one), FILE.jsonl:FIELD (a table), or none", costOption)
    .option("--cost-predictor <P>", "cost from a second predictor (same forms as --predictor, e.g. a latency model)")
    .option("--target-size <N>", "return about N members: the loop's space trimmed (lowest-scored non-seed members) or extended by walks from its best members", integerOption("--target-size", { min: 1 }))
    .option("--reduction <F>", "alternative to --target-size: N = full size (classes) / F", numberOption("--reduction", { min: 1 }))
    .option("--workers <N>", "threads: 1 = the main thread, N >= 2 = N workers for the walks and N for the predictor; the result is the same for any N (default 1)", threadsOption("--workers"))
    .option("--format <F>", "space and pockets files: jsonl (space.jsonl, default) or parquet (space.parquet; see docs/outputs-columnar.md)", formatOption())
    .option("--connect <URL>", "run the walks on `lissnas worker` processes through this NATS JetStream server (nats://HOST:4222); scoring stays here; the result is the same", connectOption())
    // Test and benchmark only: items per chunk (default 65536); small chunks give a small run many chunks.
    .addOption(new Option("--chunk-size <N>").argParser(integerOption("--chunk-size", { min: 1, max: 1 << 24 })).hideHelp())
    .option("--force", "replace an existing output directory")
    .option("--quiet", "no progress on stderr")
    .option("--minimize", "the predictor's score is a loss, error or latency: lower is better (default: maximise)")
    .option("--json", "print a JSON summary instead of the table");
}

export function registerShrink(program: Command): void {
  addOutsideScorerOptions(addShrinkOptions(program.command("shrink <space>")
    .description("shrink a search space with LISSNAS; writes space.jsonl, pockets.jsonl and manifest.json to --out")
    .requiredOption("--predictor <P>", PREDICTOR_FORMS)
    .option("--features <NAME>", "feature encoding of an ONNX model without lissnas metadata, e.g. nb201/onehot@1")
    .option("--missing <POLICY>", "table predictor: an architecture not in the table is an error, or skip leaves it out", choiceOption("--missing", ["error", "skip"] as const))
    .option("--duplicates <policy>", "table predictor: an architecture listed twice in the table is an error, or merged by the mean of its rows or its first row", choiceOption("--duplicates", ["error", "mean", "first"] as const))
    .option("--engine <E>", "ONNX model engine: auto (wasm for tree ensembles, else onnxruntime), wasm or onnxruntime", choiceOption("--engine", PREDICTOR_ENGINES))
    .requiredOption("--out <DIR>", "output directory")))
    .action(async (name: string, options: ShrinkCommandOptions) => {
      await runShrinkCommand(name, options, process.argv.slice(2).join(" "));
    });
}

export function registerDemo(program: Command): void {
  addShrinkOptions(program.command("demo")
    .description("the built-in default job: shrink the 10^18-cell nb301 (DARTS) space with the synthetic demo landscape")
    .option("--space <SPACE>", "search space", "nb301")
    .option("--out <DIR>", "output directory (refused when it exists and is not empty, unless --force; default: the first of ./lissnas-demo, ./lissnas-demo-2, … that does not exist)"))
    .action(async (options: Omit<ShrinkCommandOptions, "out"> & { space: string; out?: string }) => {
      process.stderr.write(`lissnas demo: shrinking ${options.space} with a SYNTHETIC landscape generated by lissnas (not benchmark data)\n`);
      if (options.json !== true) {
        await writeOut(`SYNTHETIC scores: a landscape lissnas generates from a seed stands in for an accuracy predictor (not benchmark data)\n`);
      }
      const out = options.out ?? freeDemoDirectory();
      const result = await runShrinkCommand(options.space, { ...options, out, predictor: "synthetic:1" }, "demo");
      if (options.json !== true) await writeOut(demoLegend(result, out));
    });
}

/** `npm start` twice never meets an earlier result: without --out the demo writes to a name not yet taken. */
function freeDemoDirectory(): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? "lissnas-demo" : `lissnas-demo-${n}`;
    if (!existsSync(name)) return name;
  }
}
