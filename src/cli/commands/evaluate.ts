import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { evaluate, METHODS, type Method, type EvaluationReport } from "../../evaluate/evaluate.js";
import { integerOption, numberOption, choiceOption, threadsOption, parseSeedText } from "../options.js";
import { ProgressLine } from "../progress.js";
import { setDefaultWorkers } from "../../pool/defaults.js";
import path from "node:path";
import { LissnasError } from "../../errors.js";
import { checkShrinkSizing } from "../capacity.js";
import { takeClaims, releaseClaims } from "../../io/outputClaim.js";
import { writeOut } from "../../io/standardOutput.js";
import { SpaceKernels } from "../../spaces/kernels.js";
import { evaluationFiles, evaluationJson, evaluationInput, renderReport } from "../../report/index.js";

function methodsOption(text: string): Method[] {
  const methods = text.split(",").map((m) => m.trim());
  for (const m of methods) {
    if (!(METHODS as readonly string[]).includes(m)) throw new InvalidArgumentError(`--methods: unknown method "${m}"; expected a comma list of ${METHODS.join(", ")}`);
  }
  return methods as Method[];
}

/** "1..5" or "1,2,7"; each seed any numeral of a whole number below 2^64, as --seed takes. */
function seedsOption(text: string): bigint[] {
  const range = /^([^.,]+)\.\.([^.,]+)$/.exec(text.trim());
  if (range !== null) {
    const [from, to] = [parseSeedText("--seeds", range[1]), parseSeedText("--seeds", range[2])];
    if (to < from || to - from > 1000n) throw new InvalidArgumentError(`--seeds: range "${text}" must be ascending and at most 1001 seeds`);
    const seeds: bigint[] = [];
    for (let s = from; s <= to; s++) seeds.push(s);
    return seeds;
  }
  const parts = text.split(",");
  if (parts.length > 1001) throw new InvalidArgumentError(`--seeds: at most 1001 seeds; found ${parts.length}`);
  return parts.map((part) => parseSeedText("--seeds", part));
}

export function formatEvaluation(report: EvaluationReport): string {
  const header = ["method", "size", "mean", "max", "P(good)", "shrink idx", "KS", "KS p", "diversity", "FLOPs cov", "best kept", "tau"];
  const f = (x: number, digits = 3) => (Number.isNaN(x) ? "-" : x.toFixed(digits));
  const rows = report.rows.map((r) => [r.method, String(Math.round(r.size)), f(r.mean, 2), f(r.max, 2), f(r.p_good), f(r.shrink_index), f(r.ks),
    f(r.ks_p, 4), f(r.diversity), f(r.flops_coverage), `${f(r.best_retained * 100, 0)}%`, f(r.kendall_tau)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const lines = [header, ...rows].map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  for (const r of report.rows) if (r.reason !== null) lines.push(`note: ${r.reason}`);
  lines.unshift(`${report.space}: truth ${report.target} (${report.truth_rows} rows, ${report.truth_classes} classes), predictor trained on ` +
    `${report.train_size} rows of ${report.train_target}; threshold ${report.threshold.toFixed(2)} (80th percentile); medians over seeds ${report.seeds.join(",")}`);
  return lines.join("\n") + "\n";
}

export function registerEvaluate(program: Command): void {
  program.command("evaluate <space>")
    .description("run lissnas and the baselines with one trained predictor per seed and measure them on a truth table")
    .requiredOption("--truth <FILE>", "ground-truth JSON Lines (arch + fields)")
    .requiredOption("--target <FIELD>", "truth field measured (e.g. test_acc)")
    .option("--train-target <FIELD>", "field the predictor is trained on (default: --target)")
    .option("--train-size <N>", "training rows", integerOption("--train-size", { min: 2 }), 1000)
    .option("--methods <LIST>", `comma list of ${METHODS.join(", ")}`, methodsOption, [...METHODS])
    .option("--seeds <SEEDS>", "seeds, as 1..5 or 1,2,3 (default 1..5)", seedsOption)
    .option("--cost <FIELD>", "cost field for coverage (default flops, else params, when present)")
    .option("--initial <N>", "lissnas initial sample", integerOption("--initial", { min: 1 }))
    .option("--shrink-seeds <K>", "lissnas seeds per iteration (count or fraction)", numberOption("--shrink-seeds", { min: 0, exclusiveMin: true }))
    .option("--radius <R>", "lissnas radius", integerOption("--radius", { min: 1 }))
    .option("--per-seed <N>", "lissnas walk neighbours per seed", integerOption("--per-seed", { min: 1 }))
    .option("--admission <P>", "lissnas admission policy", choiceOption("--admission", ["all", "above-mean", "above-bar"] as const))
    .option("--bar-quantile <Q>", "lissnas above-bar admission: quantile of the initial sample's scores (default 0.8)", numberOption("--bar-quantile", { min: 0, max: 1 }))
    .option("--strata <N>", "lissnas diversity seeds: best of N cost strata (the --cost field), or N spread in edit distance (default 8)", integerOption("--strata", { min: 0 }))
    .option("--strata-bins <B>", "lissnas cost strata: width or quantile (default width)", choiceOption("--strata-bins", ["width", "quantile"] as const))
    .option("--target-size <N>", "lissnas returns about N members (the baselines follow its size)", integerOption("--target-size", { min: 1 }))
    .option("--out <DIR>", "keep the results in DIR: evaluation.json (the table), charts.json (EDFs, histograms, per-seed values, trace), space-<method>.jsonl (first seed)")
    .option("--force", "replace a non-empty --out DIR")
    .option("--report <FILE>", "write the HTML report (lissnas report) to FILE")
    .option("--json", "print JSON")
    .option("--workers <N>", "kernel threads of the lissnas runs (the report is the same for any N; default 1)", threadsOption("--workers"))
    .option("--quiet", "no progress on stderr")
    .action(async (name: string, o: Record<string, any>) => {
      const space = getSpace(name);
      // Every option is checked here, before the truth table is read or a predictor trained.
      if (o.radius !== undefined && o.radius > space.maxEditDistance) {
        throw new LissnasError("E_OPTION", `must be at most ${space.maxEditDistance}, the largest edit distance of ${space.id}; found ${o.radius}`, { field: "--radius" });
      }
      if (o.shrinkSeeds !== undefined && o.shrinkSeeds >= 1 && !Number.isInteger(o.shrinkSeeds)) {
        throw new LissnasError("E_OPTION", `must be a count (integer >= 1) or a fraction in (0, 1); found ${o.shrinkSeeds}`, { field: "--shrink-seeds" });
      }
      checkShrinkSizing(space, { initial: o.initial, seeds: o.shrinkSeeds, perSeed: o.perSeed, workers: o.workers }, { seeds: "--shrink-seeds" });
      // A report directly in --out is written with the directory's other files.
      const reportInOut = o.out !== undefined && o.report !== undefined && path.dirname(path.resolve(o.report)) === path.resolve(o.out);
      // Both outputs are claimed before any work: a path that cannot take them, or that another run writes, is refused at once.
      const [outClaim, reportClaim] = takeClaims([
        { target: o.out, kind: "directory", force: o.force === true, option: "--out" },
        { target: reportInOut ? undefined : o.report, kind: "file", option: "--report" },
      ]);
      try {
        const progress = new ProgressLine(o.quiet === true || o.json === true);
        // evaluate logs one step per seed for training, one for lissnas and one per method measured.
        const seeds: bigint[] = o.seeds ?? [1n, 2n, 3n, 4n, 5n];
        const steps = seeds.length * (2 + (o.methods as Method[]).length);
        let step = 0;
        setDefaultWorkers(o.workers ?? 1);
        const report = await evaluate(space, {
          truth: o.truth, target: o.target, trainTarget: o.trainTarget ?? o.target, trainSize: o.trainSize, methods: o.methods,
          seeds, costField: o.cost ?? (space.id === "nb101" ? "params" : "flops"),
          shrink: { initial: o.initial, seeds: o.shrinkSeeds, radius: o.radius, perSeed: o.perSeed, admission: o.admission, barQuantile: o.barQuantile,
            strata: o.strata, strataBins: o.strataBins, targetSize: o.targetSize },
          progress: (text) => progress.update(text, step++, steps),
        });
        progress.done();
        const json = evaluationJson(report);
        const html = o.report === undefined ? undefined : renderReport([evaluationInput(report, o.out ?? "evaluate (this run)")], `lissnas ${process.argv.slice(2).join(" ")}`);
        const files = outClaim === undefined ? undefined : evaluationFiles(report, new SpaceKernels(space));
        if (files !== undefined && reportInOut) {
          if (path.basename(o.report) in files) throw new LissnasError("E_OPTION", `--report would replace ${path.basename(o.report)} of --out`, { file: o.report });
          files[path.basename(o.report)] = html!;
        }
        if (files !== undefined) await outClaim!.writeDirectory(files);
        if (html !== undefined) reportClaim?.writeFileSync(html);
        await writeOut(o.json ? json : formatEvaluation(report));
      } finally {
        releaseClaims([reportClaim, outClaim]);
      }
    });
}
