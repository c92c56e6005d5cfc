import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { getSpace } from "../../spaces/registry.js";
import { evaluate, METHODS, DEFAULT_MIN_COVERED, DEFAULT_AT_LEAST, DEFAULT_UNIVERSE_SAMPLE, type Method, type EvaluationReport } from "../../evaluate/evaluate.js";
import { DEFAULT_DIVERSITY_PAIRS } from "../../evaluate/editDiversity.js";
import { directionOf } from "../../stats/direction.js";
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
import { formatOption } from "../rowOutput.js";

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
  const header = ["method", "size", "covered", "mean", "best", "P(good)", "shrink idx", "KS", "KS p", "tau", "pearson",
    "cos div", "edit div", "cost cov", "P(good|cost)", "best kept", `P(>=${report.rows[0]?.p_at_least_k.k ?? 1} in ${report.rows[0]?.p_at_least_k.n ?? 10})`];
  const f = (x: number | null, digits = 3) => (x === null || Number.isNaN(x) ? "-" : x.toFixed(digits));
  const rows = report.rows.map((r) => [r.method, Math.round(r.size).toLocaleString("en-US"), Math.round(r.covered).toLocaleString("en-US"), f(r.mean, 2), f(r.max, 2),
    f(r.p_good), f(r.shrink_index), f(r.ks), f(r.ks_p, 4), f(r.kendall_tau), f(r.pearson), f(r.diversity),
    `${f(r.edit_diversity.mean, 2)}/${f(r.edit_diversity.max, 2)}`, f(r.cost_coverage), f(r.p_good_by_cost), `${f(r.best_retained * 100, 0)}%`, f(r.p_at_least_k.p)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const lines = [header, ...rows].map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  const truth = report.truth_source.kind === "model"
    ? `truth model ${report.truth} (${report.universe.kind === "sample" ? `full space: a uniform sample of ${report.truth_classes.toLocaleString("en-US")} classes` : `${report.truth_classes.toLocaleString("en-US")} classes`})`
    : `truth ${report.target} (${report.truth_rows} rows, ${report.truth_classes} classes)`;
  lines.unshift(`${report.space}: ${truth}, ${report.direction === "min" ? "minimised" : "maximised"}; unit: isomorphism class; predictor trained on ` +
    `${report.train_size} rows of ${report.train_target} from ${report.train_from}; good = best 20% of the full space's classes ` +
    `(${report.direction === "min" ? "<=" : ">="} ${report.threshold.toFixed(2)}); medians over seeds ${report.seeds.join(",")}`);
  lines.push(`best: the best truth value in the metric's direction; cos div: max cosine distance (${report.cosine_embedding}); ` +
    `edit div: mean/max pairwise edit distance / max edit distance (${report.diversity_pairs} pairs); ${report.cost_field === null ? "cost cov, P(good|cost): no cost field"
      : `cost cov: range coverage of ${report.cost_field}; P(good|cost): share of members in the best 20% of their decile of the full space's ` +
        `${report.cost_field}, mean over deciles (an empty one counts 0)`}`);
  // The paper's significance test: the first method (lissnas) against each other one; every pair is in the JSON (ks_vs).
  const pairs: string[] = [];
  const [first, ...others] = report.rows;
  for (const other of others) {
    const ks = first?.ks_vs[other.method];
    if (ks !== undefined) pairs.push(`${other.method} D ${f(ks.d)} p ${ks.p === null || Number.isNaN(ks.p) ? "-" : ks.p.toExponential(1)}`);
  }
  if (pairs.length > 0) lines.push(`KS of ${first.method} against each method (medians; every pair in --json): ${pairs.join("; ")}`);
  // Whether any method can keep the best depends first on the predictor: where it ranks the best class.
  const ranks = (first?.runs ?? []).map((run) => run.best_predicted_rank);
  if (ranks.some((r) => Number.isFinite(r))) {
    const count = (n: number) => (!Number.isFinite(n) ? "-" : n < 1e9 ? Math.round(n).toLocaleString("en-US") : n.toExponential(1));
    // A table or sample stands for part of the space: the rank scales by the share it covers.
    const share = report.universe.share;
    const scaled = share < 1 ? ` with a truth, ${share < 0.001 ? share.toExponential(1) : share.toFixed(3)} of the space's ${count(report.truth_classes / share)}: ` +
      `about ${ranks.map((r) => count(r / share)).join(", ")} in the whole space` : "";
    lines.push(`best kept needs the predictor: it ranks the full space's best class ${ranks.map(count).join(", ")} ` +
      `(seeds ${report.seeds.join(", ")}) of ${count(report.truth_classes)} classes${scaled}`);
  }
  for (const r of report.rows) if (r.reason !== null) lines.push(`${r.method}: ${r.reason}`);
  const benefit = report.nas_benefit;
  if (benefit !== null && benefit.reason !== null) lines.push(`NAS benefit: ${benefit.reason}`);
  if (benefit !== null && benefit.reason === null) {
    lines.push("", `NAS benefit (seed ${benefit.seed}): regularized evolution, ${benefit.budget} queries, ${benefit.trials} trials, inside each method's space; truth from the table`);
    const head = ["method", "searched", "top-1 mean", "95% interval", "space best", "reached", "pearson", "tau"];
    const body = Object.entries(benefit.rows).map(([method, b]) => [method, b.size.toLocaleString("en-US"), f(b.top1_mean, 3),
      `${f(b.top1_low, 3)}-${f(b.top1_high, 3)}`, f(b.space_best, 2), `${b.reached_best}/${benefit.trials}`, f(b.pearson), f(b.kendall_tau)]);
    const w = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
    for (const row of [head, ...body]) lines.push(row.map((cell, c) => (c === 0 ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join("  "));
  }
  // evaluate() has already taken the method's own name off its notes.
  for (const r of report.rows) if (r.size_note !== null) lines.push(`${r.method}: size not comparable: ${r.size_note}`);
  return lines.join("\n") + "\n";
}

export function registerEvaluate(program: Command): void {
  program.command("evaluate <space>")
    .description("run lissnas and the baselines with one trained predictor per seed and measure them on a truth table")
    .option("--truth <FILE>", "ground-truth JSON Lines (arch + fields); also the predictor's training rows unless --train-from")
    .option("--truth-model <MODEL>", "truth from a surrogate instead of a table: MODEL.onnx or table:FILE:FIELD (every member it scores is covered)")
    .option("--train-from <FILE>", "table the predictor is trained on (default --truth); keep it disjoint from a truth model's training rows")
    .requiredOption("--target <FIELD>", "truth field measured (e.g. test_acc); with --truth-model, the name the truth is reported under")
    .option("--train-target <FIELD>", "field the predictor is trained on (default: --target)")
    .option("--train-size <N>", "training rows", integerOption("--train-size", { min: 2 }), 1000)
    .option("--minimize", "the metric is a loss, error or latency: lower is better (default: maximise)")
    .option("--benefit-budget <B>", "NAS benefit: evolution queries inside each method's space", integerOption("--benefit-budget", { min: 1, max: 1_000_000 }), 100)
    .option("--benefit-trials <T>", "NAS benefit: evolution trials", integerOption("--benefit-trials", { min: 1, max: 100_000 }), 50)
    .option("--no-benefit", "skip the NAS-benefit block (evolution inside each method's space)")
    .option("--methods <LIST>", `comma list of ${METHODS.join(", ")}`, methodsOption, [...METHODS])
    .option("--seeds <SEEDS>", "seeds, as 1..5 or 1,2,3 (default 1..5)", seedsOption)
    .option("--cost <FIELD>", "cost field for coverage (default: the table's flops, else params, else the space's own cost model)")
    .option("--min-covered <N>", `members with a truth value a method needs for figures (default ${DEFAULT_MIN_COVERED})`, integerOption("--min-covered", { min: 1 }))
    .option("--k <K>", `Theorem 1: at least K good architectures ... (default ${DEFAULT_AT_LEAST.k})`, integerOption("--k", { min: 0 }))
    .option("--n <N>", `... in N uniform draws from each space (default ${DEFAULT_AT_LEAST.n})`, integerOption("--n", { min: 0 }))
    .option("--diversity-pairs <N>", `member pairs for the edit-distance diversity (default ${DEFAULT_DIVERSITY_PAIRS})`, integerOption("--diversity-pairs", { min: 1 }))
    .option("--universe-sample <N>", `with --truth-model on a space too large to enumerate: classes sampled for the full space (default ${DEFAULT_UNIVERSE_SAMPLE})`,
      integerOption("--universe-sample", { min: 2 }))
    .option("--initial <N>", "lissnas initial sample", integerOption("--initial", { min: 1 }))
    .option("--shrink-seeds <K>", "lissnas seeds per iteration (count or fraction)", numberOption("--shrink-seeds", { min: 0, exclusiveMin: true }))
    .option("--radius <R>", "lissnas radius", integerOption("--radius", { min: 1 }))
    .option("--per-seed <N>", "lissnas walk neighbours per seed", integerOption("--per-seed", { min: 1 }))
    .option("--admission <P>", "lissnas admission policy", choiceOption("--admission", ["all", "above-mean", "above-bar"] as const))
    .option("--bar-quantile <Q>", "lissnas above-bar admission: quantile of the initial sample's scores (default 0.8)", numberOption("--bar-quantile", { min: 0, max: 1 }))
    .option("--strata <N>", "lissnas diversity seeds: best of N cost strata (the --cost field), or N spread in edit distance (default 8)", integerOption("--strata", { min: 0 }))
    .option("--strata-bins <B>", "lissnas cost strata: width or quantile (default width)", choiceOption("--strata-bins", ["width", "quantile"] as const))
    .option("--seed-spacing <F>", "lissnas top seeds at least ceil(F x radius) apart in edit distance (default 0.5)", numberOption("--seed-spacing", { min: 0 }))
    .option("--diversity-cap <N>", "lissnas diversity pockets admit at most N neighbours per iteration (default: no cap)", integerOption("--diversity-cap", { min: 0 }))
    .option("--target-size <N>", "lissnas returns about N members (the baselines follow its size)", integerOption("--target-size", { min: 1 }))
    .option("--out <DIR>", "keep the results in DIR: evaluation.json (the table), charts.json (EDFs, histograms, per-seed values, trace), space-<method>.jsonl (first seed)")
    .option("--format <F>", "--out method spaces: jsonl (space-<method>.jsonl, default) or parquet (space-<method>.parquet)", formatOption())
    .option("--force", "replace a non-empty --out DIR")
    .option("--report <FILE>", "write the HTML report (lissnas report) to FILE")
    .option("--json", "print JSON")
    .option("--workers <N>", "kernel threads of the lissnas runs (the report is the same for any N; default 1)", threadsOption("--workers"))
    .option("--quiet", "no progress on stderr")
    .action(async (name: string, o: Record<string, any>) => {
      const space = getSpace(name);
      // Every option is checked here, before the truth table is read or a predictor trained.
      if (o.truth === undefined && o.truthModel === undefined) throw new LissnasError("E_OPTION", "give --truth FILE, or --truth-model MODEL with --train-from FILE", { field: "--truth" });
      if (o.truth === undefined && o.trainFrom === undefined) throw new LissnasError("E_OPTION", "--truth-model without --truth needs --train-from FILE: the predictor's training rows", { field: "--train-from" });
      const atLeast = { k: o.k ?? DEFAULT_AT_LEAST.k, n: o.n ?? DEFAULT_AT_LEAST.n };
      if (atLeast.k > atLeast.n) throw new LissnasError("E_OPTION", `--k ${atLeast.k} exceeds --n ${atLeast.n}: at least k good in n draws needs k <= n`, { field: "--k" });
      if (o.radius !== undefined && o.radius > space.maxEditDistance) {
        throw new LissnasError("E_OPTION", `must be at most ${space.maxEditDistance}, the largest edit distance of ${space.id}; found ${o.radius}`, { field: "--radius" });
      }
      if (o.shrinkSeeds !== undefined && o.shrinkSeeds >= 1 && !Number.isInteger(o.shrinkSeeds)) {
        throw new LissnasError("E_OPTION", `must be a count (integer >= 1) or a fraction in (0, 1); found ${o.shrinkSeeds}`, { field: "--shrink-seeds" });
      }
      checkShrinkSizing(space, { initial: o.initial, seeds: o.shrinkSeeds, perSeed: o.perSeed, workers: o.workers, targetSize: o.targetSize }, { seeds: "--shrink-seeds" });
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
        // A truth model first builds the full space (enumerate or sample, then score): two more steps.
        const steps = seeds.length * (2 + (o.methods as Method[]).length) + (o.truthModel !== undefined ? 2 : 0) + (o.benefit === false ? 0 : 1);
        let step = 0;
        setDefaultWorkers(o.workers ?? 1);
        const report = await evaluate(space, {
          truth: o.truth, truthModel: o.truthModel, trainFrom: o.trainFrom, target: o.target, trainTarget: o.trainTarget ?? o.target, trainSize: o.trainSize,
          methods: o.methods, seeds, costField: o.cost, direction: directionOf(o.minimize), minCovered: o.minCovered,
          atLeast, diversityPairs: o.diversityPairs, universeSample: o.universeSample,
          benefit: o.benefit === false ? undefined : { budget: o.benefitBudget, trials: o.benefitTrials, workers: o.workers },
          shrink: { initial: o.initial, seeds: o.shrinkSeeds, radius: o.radius, perSeed: o.perSeed, admission: o.admission, barQuantile: o.barQuantile,
            strata: o.strata, strataBins: o.strataBins, seedSpacing: o.seedSpacing, diversityCap: o.diversityCap, targetSize: o.targetSize },
          progress: (text) => progress.update(text, step++, steps),
        });
        progress.done();
        const json = evaluationJson(report);
        const html = o.report === undefined ? undefined : renderReport([evaluationInput(report, o.out ?? "evaluate (this run)")], `lissnas ${process.argv.slice(2).join(" ")}`);
        const files = outClaim === undefined ? undefined : evaluationFiles(report, new SpaceKernels(space), o.format ?? "jsonl");
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
