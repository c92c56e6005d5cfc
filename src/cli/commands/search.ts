import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { existsSync, readdirSync } from "node:fs";
import { getSpace } from "../../spaces/registry.js";
import { LissnasError } from "../../errors.js";
import { integerOption, seedOption, choiceOption, threadsOption } from "../options.js";
import { ALGORITHMS } from "../../search/algorithms.js";
import { parseOracleSpec, type OracleSpec } from "../../search/oracle.js";
import { runSearch, type SearchSummary } from "../../search/search.js";
import { summaryJson, writeSearchResult } from "../../search/output.js";

function oracleOption(text: string): OracleSpec {
  try {
    return parseOracleSpec(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const f = (x: number | null, digits = 3) => (x === null || Number.isNaN(x) ? "-" : x.toFixed(digits));

export function formatSearch(s: SearchSummary): string {
  const lines = [
    `${s.space}: ${s.algorithm} search, ${s.trials} trials x ${s.budget} distinct queries, oracle ${s.oracle} (${s.direction})` +
      `${s.in !== null ? `, inside ${s.in}${s.method !== null ? ` (${s.method})` : ""}` : ", full space"}${s.restricted_to_table ? ", restricted to the table's architectures" : ""}: ${s.domain_size} architectures`,
    `final best: mean ${f(s.final_best.mean)} (95% interval ${f(s.final_best.low)} to ${f(s.final_best.high)}); ` +
      `min ${f(s.final_best.distribution.min)}, median ${f(s.final_best.distribution.median)}, max ${f(s.final_best.distribution.max)}`,
    s.space_best.value === null
      ? `space's best: unknown (${s.space_best.basis})`
      : `space's best ${f(s.space_best.value)}: reached by ${s.queries_to_best.reached}/${s.trials} trials, median ${f(s.queries_to_best.median, 1)} queries; ` +
        `top ${s.space_best.top_fraction * 100}% (>= ${f(s.space_best.top_threshold)}): ${s.queries_to_top.reached}/${s.trials}, median ${f(s.queries_to_top.median, 1)} queries`,
  ];
  const marks = [...new Set([1, 10, 25, 50, 100, 200, 300, 500, 1000, s.budget].filter((q) => q <= s.budget))];
  lines.push("queries  mean best  95% interval");
  for (const q of marks) {
    const p = s.curve[q - 1];
    lines.push(`${String(q).padStart(7)}  ${f(p.mean).padStart(9)}  ${f(p.low)} to ${f(p.high)}`);
  }
  return lines.join("\n") + "\n";
}

export function registerSearch(program: Command): void {
  program.command("search <space>")
    .description("run a NAS algorithm (random, evolution, local, predictor) in the full space or inside a shrunk one, over many trials")
    .requiredOption("--oracle <ORACLE>", "what answers a query: table:FILE.jsonl:FIELD, MODEL.onnx or synthetic[:SEED]", oracleOption)
    .requiredOption("--algorithm <A>", `search algorithm: ${ALGORITHMS.join(", ")}`, choiceOption("--algorithm", ALGORITHMS))
    .requiredOption("--budget <N>", "distinct queries per trial", integerOption("--budget", { min: 1 }))
    .option("--trials <T>", "independent trials", integerOption("--trials", { min: 1, max: 100000 }), 50)
    .option("--seed <S>", "master seed; trial t draws from streams derived from (S, t) (default 0)", seedOption())
    .option("--in <RUN_DIR>", "search inside a space: a shrink output dir, an evaluate output dir with --method, DIR/space-<method>.jsonl, or any JSON Lines of architectures")
    .option("--method <M>", "with --in on an evaluate output: the method whose space is searched (lissnas, abs, padnas, ...)")
    .option("--restrict-to-table", "search only the architectures the table oracle covers (sampled tables such as NB101's)")
    .option("--minimize", "lower oracle values are better (losses, errors, latencies)")
    .option("--population <P>", "evolution: population size (default 30)", integerOption("--population", { min: 1 }))
    .option("--sample <S>", "evolution: tournament sample size (default 10)", integerOption("--sample", { min: 1 }))
    .option("--workers <N>", "threads running trials; the result is the same for any N (default 1)", threadsOption("--workers"))
    .option("--out <DIR>", "write search.json and trials.jsonl to DIR (atomically)")
    .option("--force", "replace a non-empty --out DIR")
    .option("--json", "print the summary as JSON")
    .action(async (name: string, o: Record<string, any>) => {
      const space = getSpace(name);
      if (o.out !== undefined && existsSync(o.out) && readdirSync(o.out).length > 0 && o.force !== true) {
        throw new LissnasError("E_OUTPUT_EXISTS", "output directory exists and is not empty; pass --force to replace it", { file: o.out });
      }
      if (o.method !== undefined && o.in === undefined) throw new LissnasError("E_OPTION", "--method needs --in DIR (an evaluate output)", { field: "method" });
      const evolution = o.population !== undefined || o.sample !== undefined
        ? { population: o.population ?? Math.max(30, o.sample ?? 0), sample: o.sample ?? Math.min(10, o.population ?? 10) } : undefined;
      const result = await runSearch(space, {
        oracle: o.oracle, algorithm: o.algorithm, budget: o.budget, trials: o.trials, seed: o.seed ?? 0n, minimize: o.minimize === true,
        in: o.in, method: o.method, restrictToTable: o.restrictToTable === true, workers: o.workers ?? 1,
        params: evolution !== undefined ? { evolution } : {},
      });
      if (o.out !== undefined) writeSearchResult(o.out, result, o.force === true);
      process.stdout.write(o.json ? summaryJson(result) : formatSearch(result.summary));
    });
}
