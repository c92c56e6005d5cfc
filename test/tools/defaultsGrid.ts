// The protocol that chooses the shrinker's defaults (docs/defaults.md): every candidate setting is
// evaluated on every benchmark table we have (lissnas against abs / padnas / greedynas / topk / random,
// one trained predictor per seed; NB101 and NB301 also under a surrogate truth that covers every member),
// then leave-one-table-out: for each table, the setting that does best on the OTHER tables is chosen and
// its result on the held-out table reported. A script, not a test:
//   node dist/test/tools/defaultsGrid.js [--seeds 1..3] [--only 0,3] [--tables "NB201 C10,NB101 surrogate"] [--out grid.json]   (prints the markdown)
//   node dist/test/tools/defaultsGrid.js --from a.json,b.json   (the markdown of earlier runs, merged)
import { writeFileSync, readFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import path from "node:path";
import { getSpace } from "../../src/spaces/registry.js";
import { evaluate, type EvaluationReport, type MethodRow } from "../../src/evaluate/evaluate.js";
import type { ShrinkOptions } from "../../src/shrink/options.js";
import { sharedPath } from "../helpers/shared.js";

interface Table {
  name: string;
  space: string;
  /** Truth table, or (with truthModel) the surrogate's training rows. */
  truth: string;
  /** Truth from a surrogate fitted on `truth`; the predictor trains on `trainFrom`, disjoint rows. */
  truthModel?: { trainFrom: string };
  target: string;
  trainTarget: string;
  trainSize: number;
  cost?: string;
}

interface Setting {
  name: string;
  shrink: Partial<ShrinkOptions>;
  /** The radius as a share of the space's largest edit distance (rounded, at least 1); default: the shrinker's own rule (1/3). */
  radiusShare?: number;
}

/**
 * The candidates: top seeds only (the previous defaults), cost strata of two counts under several bars, the edit-distance
 * rule, and the seed spacing. Each pins every option it is about (spacing 0 included), so a later default cannot change it.
 */
const SETTINGS: Setting[] = [
  { name: "strata 0, bar 0.55 (previous defaults)", shrink: { strata: 0, barQuantile: 0.55, seedSpacing: 0 } },
  { name: "strata 4, bar 0.55", shrink: { strata: 4, barQuantile: 0.55, seedSpacing: 0 } },
  { name: "strata 8, bar 0.55", shrink: { strata: 8, barQuantile: 0.55, seedSpacing: 0 } },
  { name: "strata 4, bar 0.7", shrink: { strata: 4, barQuantile: 0.7, seedSpacing: 0 } },
  { name: "strata 8, bar 0.7", shrink: { strata: 8, barQuantile: 0.7, seedSpacing: 0 } },
  { name: "strata 8, bar 0.7, no cost (edit distance)", shrink: { strata: 8, barQuantile: 0.7, costModel: null, seedSpacing: 0 } },
  { name: "strata 2, bar 0.7", shrink: { strata: 2, barQuantile: 0.7, seedSpacing: 0 } },
  { name: "strata 4, bar 0.8", shrink: { strata: 4, barQuantile: 0.8, seedSpacing: 0 } },
  { name: "strata 8, bar 0.8", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0 } },
  { name: "strata 4, bar 0.9", shrink: { strata: 4, barQuantile: 0.9, seedSpacing: 0 } },
  { name: "strata 8, bar 0.8, spacing 0.5", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.5 } },
  { name: "strata 8, bar 0.8, spacing 1", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 1 } },
  { name: "strata 8, bar 0.9", shrink: { strata: 8, barQuantile: 0.9, seedSpacing: 0 } },
  { name: "strata 8, bar 0.8, 12 seeds", shrink: { strata: 8, barQuantile: 0.8, seeds: 12, seedSpacing: 0 } },
  { name: "strata 8, bar 0.8, 12 seeds, spacing 0.5", shrink: { strata: 8, barQuantile: 0.8, seeds: 12, seedSpacing: 0.5 } },
  { name: "strata 8, bar 0.8, spacing 0.5, diversity cap 25", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.5, diversityCap: 25 } },
  { name: "strata 8, bar 0.8, spacing 0.5, diversity cap 5", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.5, diversityCap: 5 } },
  { name: "strata 8, bar 0.8, spacing 0.5, diversity cap 0", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.5, diversityCap: 0 } },
  { name: "strata 8, bar 0.8, spacing 0.5, radius 1/4", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.5 }, radiusShare: 1 / 4 },
  { name: "strata 8, bar 0.8, spacing 0.5, radius 1/6", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.5 }, radiusShare: 1 / 6 },
  { name: "strata 8, bar 0.8, spacing 0.25", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.25 } },
  { name: "strata 8, bar 0.8, spacing 0.75", shrink: { strata: 8, barQuantile: 0.8, seedSpacing: 0.75 } },
  { name: "strata 0, bar 0.8, spacing 0.5 (no cost range)", shrink: { strata: 0, barQuantile: 0.8, seedSpacing: 0.5 } },
  { name: "strata 8 of equal counts, bar 0.8, spacing 0.5", shrink: { strata: 8, strataBins: "quantile", barQuantile: 0.8, seedSpacing: 0.5 } },
];

/** The baselines every setting is measured against, at lissnas's size and predictor budget. */
const BASELINES = ["abs", "padnas", "greedynas", "topk", "random"] as const;

/** The NASLib 9x tasks, one temporary truth file per (space, dataset); NB301's are left out (see docs). */
function naslibTasks(dir: string): Table[] {
  const rows = readFileSync(sharedPath("data/naslib_9x_tasks/naslib_9x_tasks.jsonl"), "utf8").trim().split("\n");
  const groups = new Map<string, string[]>();
  for (const line of rows) {
    const { search_space: space, dataset } = JSON.parse(line) as { search_space: string; dataset: string };
    const key = `${space}/${dataset}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const spaces: Record<string, string> = { nasbench201: "nb201", transbench101_micro: "tnb101-micro" };
  const tables: Table[] = [];
  for (const [key, lines] of groups) {
    const [space, dataset] = key.split("/");
    if (spaces[space] === undefined) continue;
    const file = path.join(dir, `${space}-${dataset}.jsonl`);
    writeFileSync(file, lines.join("\n") + "\n");
    tables.push({ name: `9x ${spaces[space]} ${dataset}`, space: spaces[space], truth: file, target: "val_acc", trainTarget: "val_acc", trainSize: 150 });
  }
  return tables;
}

/** Fits a surrogate truth model on `rows` with the CLI (as docs/evaluation.md does) and returns its path. */
function fitSurrogate(space: string, rows: string, target: string, out: string): string {
  const cli = fileURLToPath(new URL("../../../bin/lissnas.js", import.meta.url));
  execFileSync(process.execPath, [cli, "fit", space, "--data", rows, "--target", target, "--out", out, "--quiet"], { stdio: ["ignore", "ignore", "inherit"] });
  return out;
}

/** NB101 under a surrogate: fitted on the 20k sample's first 19,001 rows, the predictor trained on the other 1,000. */
function nb101Surrogate(dir: string): Table {
  const lines = readFileSync(sharedPath("data/nb101/nb101_vis20k.jsonl"), "utf8").trim().split("\n");
  const surrogateRows = path.join(dir, "nb101-surrogate-rows.jsonl");
  const predictorRows = path.join(dir, "nb101-predictor-rows.jsonl");
  writeFileSync(surrogateRows, lines.slice(0, lines.length - 1000).join("\n") + "\n");
  writeFileSync(predictorRows, lines.slice(lines.length - 1000).join("\n") + "\n");
  return { name: "NB101 surrogate", space: "nb101", truth: surrogateRows, truthModel: { trainFrom: predictorRows }, target: "val_acc", trainTarget: "val_acc", trainSize: 1000 };
}

/** Every table; temporary files (the 9x tasks' truth files, the NB101 split) go to `dir`. */
function tables(dir: string): Table[] {
  const nb201 = sharedPath("data/nb201/nb201.jsonl");
  return [
    { name: "NB201 C10", space: "nb201", truth: nb201, target: "test_acc", trainTarget: "val_acc", trainSize: 1000, cost: "flops" },
    { name: "NB201 C100", space: "nb201", truth: nb201, target: "cifar100_test_acc", trainTarget: "cifar100_val_acc", trainSize: 1000, cost: "cifar100_flops" },
    { name: "NB201 IN16", space: "nb201", truth: nb201, target: "imagenet16_test_acc", trainTarget: "imagenet16_val_acc", trainSize: 1000, cost: "imagenet16_flops" },
    { name: "NB101 20k", space: "nb101", truth: sharedPath("data/nb101/nb101_vis20k.jsonl"), target: "val_acc", trainTarget: "val_acc", trainSize: 1000, cost: "params" },
    nb101Surrogate(dir),
    { name: "NB301 surrogate", space: "nb301", truth: sharedPath("data/nb301/nb301_naslib_zc725.jsonl"),
      truthModel: { trainFrom: sharedPath("data/nb301/nb301_naslib_zc500.jsonl") }, target: "val_acc", trainTarget: "val_acc", trainSize: 300 },
    ...naslibTasks(dir),
  ];
}

interface Cell {
  table: string;
  setting: string;
  lissnas: MethodRow;
  /** The baseline with the highest P(good) among those of comparable size. */
  baseline: MethodRow;
  /** Every baseline of comparable size (a rule that cannot come within 2x of lissnas's size is left out). */
  baselines?: MethodRow[];
  truthClasses: number;
}

function parseSeeds(text: string): bigint[] {
  const [from, to] = text.split("..").map((s) => BigInt(s));
  const seeds: bigint[] = [];
  for (let s = from; s <= (to ?? from); s++) seeds.push(s);
  return seeds;
}

/**
 * Held-out choice, on the other tables: first the most tables where the cost coverage is >= 0.95 (tables
 * without a cost count for every setting); then the most tables where lissnas is at least the
 * size-matched best baseline on both mean and P(good) (a setting must win where it runs, at its own
 * size: P(good) alone rises without bound as the space shrinks onto its seeds); then the best mean rank
 * of lissnas's own P(good) among the settings, then of its mean. Counts and ranks, not differences:
 * they are unit-free (accuracies, losses, SSIMs).
 */
function choose(cells: Cell[], heldOut: string): string {
  const names = [...new Set(cells.map((c) => c.setting))];
  const others = [...new Set(cells.map((c) => c.table))].filter((t) => t !== heldOut);
  const rank = (table: string, name: string, figure: "p_good" | "mean") => {
    const here = cells.filter((c) => c.table === table && Number.isFinite(c.lissnas[figure]));
    const mine = here.find((c) => c.setting === name);
    return mine === undefined ? NaN : 1 + here.filter((c) => c.lissnas[figure] > mine.lissnas[figure]).length;
  };
  const meanRank = (name: string, figure: "p_good" | "mean") => {
    const ranks = others.map((t) => rank(t, name, figure)).filter((r) => Number.isFinite(r));
    return ranks.reduce((a, b) => a + b, 0) / Math.max(1, ranks.length);
  };
  const scores = names.map((name) => {
    const mine = cells.filter((c) => c.setting === name && c.table !== heldOut);
    const feasible = mine.filter((c) => !Number.isFinite(c.lissnas.cost_coverage) || c.lissnas.cost_coverage >= 0.95).length;
    const wins = mine.filter(beatsBaseline).length;
    return { name, feasible, wins, pGoodRank: meanRank(name, "p_good"), meanRank: meanRank(name, "mean") };
  });
  scores.sort((a, b) => b.feasible - a.feasible || b.wins - a.wins || a.pGoodRank - b.pGoodRank || a.meanRank - b.meanRank);
  return scores[0].name;
}

/** lissnas at least every baseline of comparable size on both mean and P(good) (grids saved before `baselines`: the best one). */
function beatsBaseline(c: Cell): boolean {
  const baselines = c.baselines ?? [c.baseline];
  // A lissnas space the truth covers too thinly has no figures: that is not a win.
  if (!Number.isFinite(c.lissnas.mean) || !Number.isFinite(c.lissnas.p_good)) return false;
  return baselines.every((b) => !(b.mean > c.lissnas.mean) && !(b.p_good > c.lissnas.p_good));
}

/** "yes", or "**no**" with each baseline that beats lissnas, on what, and the KS p of the two spaces (median over seeds). */
function verdict(c: Cell): string {
  if (beatsBaseline(c)) return "yes";
  if (!Number.isFinite(c.lissnas.mean) || !Number.isFinite(c.lissnas.p_good)) return "**no** (too few covered)";
  const losses = (c.baselines ?? [c.baseline]).flatMap((b) => {
    const on = [b.mean > c.lissnas.mean ? "mean" : "", b.p_good > c.lissnas.p_good ? "P(good)" : ""].filter((x) => x !== "");
    const ks = c.lissnas.ks_vs?.[b.method]?.p;
    return on.length === 0 ? [] : [`${b.method} ${on.join(", ")}${ks !== undefined && ks !== null ? `, KS p ${Number(ks).toPrecision(2)}` : ""}`];
  });
  return `**no** (${losses.join("; ")})`;
}

/** The baseline with the highest mean (the one lissnas's mean must reach). */
function highestMean(c: Cell): MethodRow {
  return [...(c.baselines ?? [c.baseline])].sort((a, b) => (Number.isFinite(b.mean) ? b.mean : -Infinity) - (Number.isFinite(a.mean) ? a.mean : -Infinity))[0];
}

const f = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "–");

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seeds = parseSeeds(args.includes("--seeds") ? args[args.indexOf("--seeds") + 1] : "1..3");
  const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : undefined;
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1].split(",").map(Number) : SETTINGS.map((_s, i) => i);
  const from = args.includes("--from") ? args[args.indexOf("--from") + 1].split(",") : [];
  const cells: Cell[] = from.flatMap((file) => JSON.parse(readFileSync(file, "utf8")) as Cell[]);
  const named = args.includes("--tables") ? args[args.indexOf("--tables") + 1].split(",") : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), "lissnas-grid-"));
  for (const table of from.length > 0 ? [] : tables(dir).filter((t) => named === undefined || named.includes(t.name))) {
    const truthModel = table.truthModel === undefined ? undefined
      : fitSurrogate(table.space, table.truth, table.target, path.join(dir, `${table.space}-surrogate.onnx`));
    for (const setting of SETTINGS.filter((_s, i) => only.includes(i))) {
      const started = performance.now();
      const source = truthModel === undefined ? { truth: table.truth } : { truthModel, trainFrom: table.truthModel!.trainFrom };
      const report: EvaluationReport = await evaluate(getSpace(table.space), {
        ...source, target: table.target, trainTarget: table.trainTarget, trainSize: table.trainSize,
        methods: ["lissnas", ...BASELINES], seeds, costField: table.cost,
        shrink: setting.radiusShare === undefined ? setting.shrink
          : { ...setting.shrink, radius: Math.max(1, Math.round(getSpace(table.space).maxEditDistance * setting.radiusShare)) },
      });
      const row = (m: string) => report.rows.find((r) => r.method === m)!;
      const baselines = BASELINES.map(row).filter((r) => r.size_note === null && Number.isFinite(r.p_good));
      const baseline = [...baselines].sort((a, b) => b.p_good - a.p_good)[0] ?? row("random");
      cells.push({ table: table.name, setting: setting.name, lissnas: row("lissnas"), baseline, baselines, truthClasses: report.truth_classes });
      process.stderr.write(`${table.name} | ${setting.name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
  if (out !== undefined) writeFileSync(out, JSON.stringify(cells, null, 1));

  const lines: string[] = [];
  lines.push(`Seeds ${from.length > 0 ? "as run" : seeds.join(",")}; medians over seeds. lissnas: size / mean / P(good) / cost coverage / best kept; ` +
    "best baseline = the baseline of comparable size with the highest P(good) (its name, mean, P(good), cost coverage); highest mean = the baseline " +
    "of comparable size with the highest mean; lissnas ≥ all = lissnas's mean and P(good) at least every such baseline's.", "");
  lines.push("| table | setting | lissnas size | mean | P(good) | cost cov. | best kept | covered | best baseline | mean | P(good) | cost cov. | highest mean | lissnas ≥ all |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const c of cells) {
    const l = c.lissnas;
    const b = c.baseline;
    const m = highestMean(c);
    lines.push(`| ${c.table} | ${c.setting} | ${Math.round(l.size)} | ${f(l.mean, 2)} | ${f(l.p_good, 3)} | ${f(l.cost_coverage, 3)} | ` +
      `${f(l.best_retained, 2)} | ${Math.round(l.coverage * l.size)} | ${b.method} | ${f(b.mean, 2)} | ${f(b.p_good, 3)} | ${f(b.cost_coverage, 3)} | ` +
      `${f(m.mean, 2)} (${m.method}) | ${verdict(c)} |`);
  }
  lines.push("", "Leave one table out: the setting chosen on the other tables, and how it does on the held-out one.", "");
  lines.push("| held-out table | chosen setting | lissnas mean | P(good) | cost cov. | best baseline mean / P(good) | lissnas ≥ all |");
  lines.push("|---|---|---|---|---|---|---|");
  for (const table of [...new Set(cells.map((c) => c.table))]) {
    const chosen = choose(cells, table);
    const c = cells.find((x) => x.table === table && x.setting === chosen)!;
    lines.push(`| ${table} | ${chosen} | ${f(c.lissnas.mean, 2)} | ${f(c.lissnas.p_good, 3)} | ${f(c.lissnas.cost_coverage, 3)} | ${f(c.baseline.mean, 2)} / ${f(c.baseline.p_good, 3)} (${c.baseline.method}) | ${verdict(c)} |`);
  }
  // Cost-conditional P(good) (evaluate's p_good_by_cost; runs saved before it existed have none).
  if (cells.some((c) => typeof c.lissnas.p_good_by_cost === "number")) {
    lines.push("", "P(good | cost decile): per cost decile of the full space, the share of members in the best 20% of the decile, " +
      "averaged over deciles (a decile the space gave up counts 0; the full space scores about 0.2). Baselines of comparable size only; tables with a cost only.", "");
    lines.push(`| table | setting | lissnas | ${BASELINES.join(" | ")} |`);
    lines.push(`|---|---|---|${BASELINES.map(() => "---").join("|")}|`);
    for (const c of cells.filter((x) => Number.isFinite(x.lissnas.p_good_by_cost))) {
      const of = (method: string) => (c.baselines ?? []).find((b) => b.method === method);
      lines.push(`| ${c.table} | ${c.setting} | ${f(c.lissnas.p_good_by_cost, 3)} | ${BASELINES.map((m) => (of(m) === undefined ? "–" : f(of(m)!.p_good_by_cost, 3))).join(" | ")} |`);
    }
  }
  process.stdout.write(lines.join("\n") + "\n");
}

await main();
