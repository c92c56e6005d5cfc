import type { Command } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { shrink, type ShrinkResult, type ShrinkProgress } from "../../shrink/lissnas.js";
import { writeShrinkResult } from "../../shrink/output.js";
import type { ShrinkOptions } from "../../shrink/options.js";
import { integerOption, numberOption, seedOption, choiceOption } from "../options.js";
import { openScoringModel, addOutsideScorerOptions, outsideScorerOptions, PREDICTOR_FORMS, type OutsideScorerCliOptions } from "../predictorArgument.js";
import { PREDICTOR_ENGINES, type PredictorEngine } from "../../predict/predictor.js";
import { ProgressLine } from "../progress.js";
import { MAX_WORKERS } from "../../pool/kernelPool.js";

interface ShrinkCommandOptions extends OutsideScorerCliOptions {
  predictor: string;
  features?: string;
  missing?: "error" | "skip";
  seed?: bigint;
  out: string;
  force?: boolean;
  initial?: number;
  seeds?: number;
  maxSeeds?: number;
  radius?: number;
  perSeed?: number;
  minGain?: number;
  maxIter?: number;
  admission?: ShrinkOptions["admission"];
  barQuantile?: number;
  json?: boolean;
  quiet?: boolean;
  workers?: number;
  engine?: PredictorEngine;
}

export function summaryTable(result: ShrinkResult): string {
  const header = ["iter", "size", "seeds", "new", "mean", "max", "P(good)", "explored", "s"];
  const rows = result.trace.map((t) => [String(t.iteration) + (t.iteration === result.chosenIteration ? "*" : ""), String(t.size),
    String(t.seeds), String(t.new_architectures), t.mean.toFixed(3), t.max.toFixed(3), t.p_good.toFixed(3), String(t.explored), t.seconds.toFixed(2)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const lines = [header, ...rows].map((row) => row.map((cell, c) => cell.padStart(widths[c])).join("  "));
  lines.push(`* returned: ${result.members.count} architectures of ${result.space.id} (full: ${result.space.size()}), ` +
    `mean ${result.members.meanScore().toFixed(3)}, max ${result.members.maxScore().toFixed(3)}, ${result.explored} scored in ${result.seconds.toFixed(2)} s`);
  return lines.join("\n") + "\n";
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
  const model = await openScoringModel(options.predictor, space, {
    ...outsideScorerOptions(options),
    features: options.features, missing: options.missing, engine: options.engine,
    // The predictor gets as many threads as the walks: scoring is the larger share of a run with a real model.
    threads: (options.workers ?? 1) > 1 ? options.workers : undefined,
  });
  const progress = new ProgressLine(options.quiet === true || options.json === true);
  const started = performance.now();
  let result: ShrinkResult;
  try {
    result = await shrink(space, model, {
      seed: options.seed ?? 0n, initial: options.initial, seeds: options.seeds, maxSeeds: options.maxSeeds, radius: options.radius,
      perSeed: options.perSeed, minGain: options.minGain, maxIterations: options.maxIter, admission: options.admission, barQuantile: options.barQuantile,
    }, (event) => progress.update(shrinkProgressText(event, started), event.generated, event.planned), { workers: options.workers ?? 1 });
  } finally {
    await model.close?.();
  }
  progress.done();
  writeShrinkResult(options.out, result, { predictor: { description: model.description, digest: model.digest }, command }, options.force === true);
  if (options.json) {
    process.stdout.write(JSON.stringify({ space: space.id, size: result.members.count, mean: result.members.meanScore(),
      max: result.members.maxScore(), explored: result.explored, seconds: result.seconds, out: options.out, trace: result.trace }) + "\n");
  } else {
    process.stdout.write(summaryTable(result));
    process.stdout.write(`written to ${options.out}/ (space.jsonl, pockets.jsonl, manifest.json)\n`);
  }
  return result;
}

export function addShrinkOptions(command: Command): Command {
  return command
    .option("--seed <S>", "master random seed (default 0)", seedOption())
    .option("--initial <N>", "architectures sampled at the start (default 1000)", integerOption("--initial", { min: 1 }))
    .option("--seeds <K>", "seeds per iteration: a count, or a fraction of the space in (0,1) (default 6)", numberOption("--seeds", { min: 0 }))
    .option("--max-seeds <K>", "cap on the seed count when --seeds is a fraction (default 100)", integerOption("--max-seeds", { min: 1 }))
    .option("--radius <R>", "neighbourhood radius (default round(maxEditDistance/3))", integerOption("--radius", { min: 1 }))
    .option("--per-seed <N>", "random-walk neighbours per seed when the exact ball is large (default 200)", integerOption("--per-seed", { min: 1 }))
    .option("--min-gain <G>", "continue while the mean score rises by more than G (default 0)", numberOption("--min-gain"))
    .option("--max-iter <N>", "maximum iterations (default 10)", integerOption("--max-iter", { min: 1 }))
    .option("--admission <P>", "neighbour admission: above-bar (default), all (the paper) or above-mean", choiceOption("--admission", ["all", "above-mean", "above-bar"] as const))
    .option("--bar-quantile <Q>", "above-bar admission: quantile of the initial sample's scores (default 0.55)", numberOption("--bar-quantile", { min: 0, max: 1 }))
    .option("--workers <N>", "threads: 1 = the main thread, N >= 2 = N workers for the walks and N for the predictor; the result is the same for any N (default 1)", integerOption("--workers", { min: 1, max: MAX_WORKERS }))
    .option("--force", "replace an existing output directory")
    .option("--quiet", "no progress on stderr")
    .option("--json", "print a JSON summary instead of the table");
}

export function registerShrink(program: Command): void {
  addOutsideScorerOptions(addShrinkOptions(program.command("shrink <space>")
    .description("shrink a search space with LISSNAS; writes space.jsonl, pockets.jsonl and manifest.json to --out")
    .requiredOption("--predictor <P>", `${PREDICTOR_FORMS}, or synthetic[:SEED] (the demo landscape)`)
    .option("--features <NAME>", "feature encoding of an ONNX model without lissnas metadata, e.g. nb201/onehot@1")
    .option("--missing <POLICY>", "table predictor: an architecture not in the table is an error, or skip leaves it out", choiceOption("--missing", ["error", "skip"] as const))
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
    .option("--out <DIR>", "output directory", "lissnas-demo"))
    .action(async (options: ShrinkCommandOptions & { space: string }) => {
      process.stderr.write(`lissnas demo: shrinking ${options.space} with a SYNTHETIC landscape generated by lissnas (not benchmark data)\n`);
      await runShrinkCommand(options.space, { ...options, predictor: "synthetic:1", force: true }, "demo");
    });
}
