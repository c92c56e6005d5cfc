import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, jsonLines } from "./helpers/cli.js";
import { needsShared, sharedPath } from "./helpers/shared.js";
import { formatCell, TABLE_COLUMNS, COST_BINS, type EvaluationChartData } from "../src/report/index.js";
import { lineChart } from "../src/report/svgChart.js";
import type { EvaluationReport } from "../src/evaluate/evaluate.js";
import { methodNames } from "../src/methods/registry.js";

const NB201 = sharedPath("data/nb201/nb201.jsonl");
// Small settings: two seeds, a 200-row predictor and a 200-architecture initial sample keep this to seconds.
const EVALUATE = ["evaluate", "nb201", "--truth", NB201, "--target", "test_acc", "--train-target", "val_acc", "--seeds", "1..2",
  "--train-size", "200", "--initial", "200", "--quiet"];
const CHARTS = ["error-edf", "cost-histogram", "accuracy-cost", "good-by-cost", "trace-size", "trace-mean", "locality-rwa", "locality-aad"];

let dir: string;
let outDir: string;
let stdoutJson: EvaluationReport;
let table: EvaluationReport;
let charts: EvaluationChartData;
let directHtml: string;
let html: string;

before(() => {
  if (needsShared("data/nb201/nb201.jsonl").skip !== undefined) return;
  dir = mkdtempSync(path.join(tmpdir(), "lissnas-report-"));
  outDir = path.join(dir, "evaluation");
  const run = runCli([...EVALUATE, "--out", outDir, "--report", path.join(dir, "direct.html"), "--json"]);
  assert.equal(run.status, 0, run.stderr);
  stdoutJson = JSON.parse(run.stdout);
  table = JSON.parse(readFileSync(path.join(outDir, "evaluation.json"), "utf8"));
  charts = JSON.parse(readFileSync(path.join(outDir, "charts.json"), "utf8"));
  directHtml = readFileSync(path.join(dir, "direct.html"), "utf8");
  const locality = runCli(["locality", "nb201", "--truth", NB201, "--target", "test_acc", "--walks", "100", "--json"]);
  assert.equal(locality.status, 0, locality.stderr);
  writeFileSync(path.join(dir, "locality.json"), locality.stdout);
  const report = runCli(["report", outDir, path.join(dir, "locality.json"), "--out", path.join(dir, "report.html")]);
  assert.equal(report.status, 0, report.stderr);
  html = readFileSync(path.join(dir, "report.html"), "utf8");
});

/** The <svg> element whose data-chart ends with `id`. */
function svgOf(page: string, id: string): string {
  const match = new RegExp(`<svg [^>]*data-chart="[^"]*${id}"[\\s\\S]*?</svg>`).exec(page);
  assert.ok(match, `chart ${id} is missing`);
  return match[0];
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
}

test("evaluate --out keeps the table, the chart data and each method's space of the first seed", needsShared("data/nb201/nb201.jsonl"), () => {
  assert.deepEqual(table, stdoutJson, "evaluation.json is what --json prints");
  const spaces = methodNames().filter((m) => m !== "full");
  assert.deepEqual(readdirSync(outDir).sort(), ["charts.json", "evaluation.json", ...spaces.map((m) => `space-${m}.jsonl`)].sort());
  for (const method of spaces) {
    const rows = jsonLines(readFileSync(path.join(outDir, `space-${method}.jsonl`), "utf8"));
    const firstRun = table.rows.find((r) => r.method === method)!.runs[0];
    assert.equal(rows.length, firstRun.size, `${method}: one line per class of the first seed's space`);
    assert.match(String(rows[0].arch), /^\|[a-z_0-9]+~0\|\+/);
    assert.equal(new Set(rows.map((r) => r.key)).size, rows.length);
    assert.equal(charts.edf[method].count, firstRun.covered);
  }
  assert.equal(charts.edf.full.count, table.truth_classes, "the full space's EDF is over every class of the table");
  assert.equal(table.unit, "class");
  for (const points of Object.values(charts.edf)) {
    assert.equal(points.F[points.F.length - 1], 1);
    assert.ok(points.x.every((x, i) => i === 0 || x > points.x[i - 1]), "errors ascend");
  }
  const h = charts.cost_histogram!;
  assert.equal(h.edges.length, COST_BINS + 1);
  for (const [method, counts] of Object.entries(h.counts)) assert.equal(counts.reduce((a, b) => a + b, 0), h.totals[method], `${method}: every cost in a bin`);
  const scatter = charts.accuracy_cost!;
  assert.equal(scatter.lissnas.length, table.rows.find((r) => r.method === "lissnas")!.runs[0].covered, "one (cost, truth) point per lissnas class");
  assert.ok(scatter.full.length > 1000 && scatter.full.length <= 2000, `full points ${scatter.full.length}`);
  assert.deepEqual(Object.keys(charts.per_seed), table.rows.map((r) => r.method));
  assert.deepEqual(charts.per_seed.lissnas.map((r) => r.seed), ["1", "2"]);
  assert.equal(charts.lissnas!.parameters.seed, "1");
  assert.ok(charts.lissnas!.trace.length >= 2);
});

test("the report draws every chart, with axis labels and a legend naming each method", needsShared("data/nb201/nb201.jsonl"), () => {
  for (const id of CHARTS) svgOf(html, id);
  const edf = texts(svgOf(html, "error-edf"));
  assert.ok(edf.includes("error (%, 100 − test_acc)") && edf.includes("cumulative fraction of the space"));
  for (const method of ["full", "lissnas", "abs", "padnas", "random"]) {
    assert.ok(edf.includes(`${method} (n=${charts.edf[method].count})`), `EDF legend names ${method}`);
  }
  const histogram = texts(svgOf(html, "cost-histogram"));
  assert.ok(histogram.includes("flops (MFLOPs)") && histogram.includes("share of the space (%)"));
  for (const method of ["full", "lissnas", "abs", "padnas", "random"]) assert.ok(histogram.includes(method), `histogram panel ${method}`);
  const scatterSvg = svgOf(html, "accuracy-cost");
  assert.ok(texts(scatterSvg).includes("flops (MFLOPs)") && texts(scatterSvg).includes("test_acc (%)"));
  const lissnasDots = /<g class="dots" data-series="lissnas[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(scatterSvg);
  assert.ok(lissnasDots, "the lissnas space is drawn as dots");
  assert.equal((lissnasDots[1].match(/<circle /g) ?? []).length, charts.accuracy_cost!.lissnas.length);
  // Good for their cost: one line per method, a marker per decile with a truth, the legend giving the run's P(good|cost).
  const byCost = svgOf(html, "good-by-cost");
  assert.ok(texts(byCost).includes("flops decile of the full space (1 = cheapest)") && texts(byCost).includes("share good for its cost"));
  for (const method of ["lissnas", "abs", "padnas", "random"]) {
    const run = charts.per_seed[method].find((r) => r.seed === charts.seed)!;
    const known = run.p_good_by_cost_bins.filter((v) => typeof v === "number");
    assert.ok(known.length >= 2, `${method}: ${run.p_good_by_cost_bins}`);
    assert.ok(Math.abs(known.reduce((a, b) => a + b, 0) / known.length - run.p_good_by_cost) < 1e-12, `${method}: the mean of its deciles`);
    assert.ok(texts(byCost).includes(`${method} (${run.p_good_by_cost.toFixed(3)})`), `legend names ${method}`);
  }
  assert.ok(!texts(byCost).some((t) => t.startsWith("full (")), "the full space is the reference line, not a series");
  assert.ok(texts(svgOf(html, "trace-size")).includes("space size (architectures, log scale)"));
  const mean = texts(svgOf(html, "trace-mean"));
  assert.ok(mean.includes("predicted val_acc (%)") && mean.includes("mean score") && mean.includes("max score"));
  const rwa = texts(svgOf(html, "locality-rwa"));
  assert.ok(rwa.includes("lag (random-walk steps)") && rwa.includes("autocorrelation of accuracy (Pearson r)") && rwa.includes("nb201 truth-table"));
  assert.ok(texts(svgOf(html, "locality-aad")).includes("edit distance (moves)"));
});

test("the report's table holds the numbers of evaluation.json", needsShared("data/nb201/nb201.jsonl"), () => {
  for (const row of table.rows) {
    const tr = new RegExp(`<tr data-method="${row.method}">([\\s\\S]*?)</tr>`).exec(html);
    assert.ok(tr, `row ${row.method}`);
    for (const column of TABLE_COLUMNS) {
      const cell = new RegExp(`<td data-field="${column.field.replace(".", "\\.")}" data-value="([^"]*)"[^>]*>([^<]*)</td>`).exec(tr[1]);
      assert.ok(cell, `${row.method}.${column.field}`);
      // Read straight off the JSON (a dotted field is a nested one; null is how JSON writes NaN).
      const value = column.field.split(".").reduce<unknown>((v, part) => (v as Record<string, unknown>)[part], row) as number | null;
      assert.equal(cell[1], value === null ? "NaN" : String(value), `${row.method}.${column.field} data-value`);
      assert.equal(cell[2], formatCell(value === null ? NaN : value, column.digits, column.percent), `${row.method}.${column.field} text`);
    }
  }
  const lissnas = table.rows.find((r) => r.method === "lissnas")!;
  assert.ok(html.includes(`>${lissnas.mean.toFixed(2)}</td>`));
});

test("the report shows the run's parameters and seed", needsShared("data/nb201/nb201.jsonl"), () => {
  const p = charts.lissnas!.parameters;
  assert.match(html, /<caption>LISSNAS parameters \(run of seed 1\)<\/caption>/);
  for (const key of ["seed", "initial", "radius", "admission"]) {
    assert.ok(html.includes(`<tr><th scope="row">${key}</th><td>${String(p[key])}</td></tr>`), `parameter ${key}`);
  }
  assert.ok(html.includes(`<tr><th scope="row">evaluation seeds</th><td>1, 2</td></tr>`));
});

test("the report is self-contained: no scripts, links, fonts or network addresses", needsShared("data/nb201/nb201.jsonl"), () => {
  for (const page of [html, directHtml]) {
    assert.doesNotMatch(page, /<script|<link|<img|<iframe|@import|@font-face|\bsrc=|\bhref=/i);
    const addresses = [...page.matchAll(/https?:\/\/[^\s"')<]+/g)].map((m) => m[0]);
    assert.deepEqual([...new Set(addresses)], ["http://www.w3.org/2000/svg"], "only the SVG namespace");
    assert.doesNotMatch(page.replace(/url\(#[A-Za-z0-9_-]+\)/g, ""), /url\(/);
  }
});

test("evaluate --report writes the same charts and table as report on its --out directory", needsShared("data/nb201/nb201.jsonl"), () => {
  const strip = (page: string) => page.replace(/<section class="locality"[\s\S]*?<\/section>/, "").replace(/<p>From [\s\S]*?<\/p>/, "");
  assert.equal(strip(directHtml), strip(html));
  assert.match(directHtml, /No locality output given/);
});

test("evaluate --out refuses a non-empty directory before running, and --force replaces it", needsShared("data/nb201/nb201.jsonl"), () => {
  const refused = runCli([...EVALUATE, "--out", outDir]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /output directory exists and is not empty; pass --force to replace it/);
  assert.equal(refused.stdout, "", "nothing was run");
  const target = path.join(dir, "forced");
  mkdirSync(target);
  writeFileSync(path.join(target, "old.txt"), "x");
  const forced = runCli([...EVALUATE, "--seeds", "1", "--methods", "lissnas,full", "--out", target, "--force"]);
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual(readdirSync(target).sort(), ["charts.json", "evaluation.json", "space-lissnas.jsonl"]);
});

test("report draws a shrink run's iteration trace and its parameters with the seed", needsShared("data/nb201/nb201.jsonl"), () => {
  const run = path.join(dir, "shrink");
  const shrink = runCli(["shrink", "nb201", "--predictor", `table:${NB201}:val_acc`, "--seed", "7", "--initial", "200", "--out", run, "--quiet"]);
  assert.equal(shrink.status, 0, shrink.stderr);
  const out = path.join(dir, "shrink.html");
  assert.equal(runCli(["report", run, "--out", out]).status, 0);
  const page = readFileSync(out, "utf8");
  const manifest = JSON.parse(readFileSync(path.join(run, "manifest.json"), "utf8"));
  svgOf(page, "shrink-0-trace-size");
  const series = /<g class="series"[\s\S]*?<\/g>/.exec(svgOf(page, "shrink-0-trace-size"))![0];
  const markers = series.match(/<rect x="[^"]*" y="[^"]*" width="6.4"/g) ?? [];
  assert.equal(markers.length, manifest.trace.length, "one marker per iteration");
  assert.ok(page.includes(`<tr><th scope="row">seed</th><td>7</td></tr>`));
  assert.ok(page.includes(`${manifest.size.toLocaleString("en-US")} architectures kept`));
  const effective = manifest.trace.filter((t: { effective_shrinkage: boolean | null }) => t.effective_shrinkage === true).map((t: { iteration: number }) => t.iteration);
  assert.match(page, new RegExp(`Effective shrinkage \\(size fell and predicted P\\(good\\) rose against the previous iteration\\): ${effective.join(", ") || "none"};`));
});

test("report names the input it cannot read", needsShared("data/nb201/nb201.jsonl"), () => {
  const empty = path.join(dir, "empty");
  mkdirSync(empty);
  const notOutput = runCli(["report", empty, "--out", path.join(dir, "x.html")]);
  assert.equal(notOutput.status, 2);
  assert.match(notOutput.stderr, /empty: not a lissnas output directory: expected evaluation\.json/);
  const bad = path.join(dir, "bad.json");
  writeFileSync(bad, "{not json");
  assert.match(runCli(["report", bad, "--out", path.join(dir, "x.html")]).stderr, /bad\.json: not valid JSON/);
  const deep = path.join(dir, "deep.json");
  writeFileSync(deep, `{"rows": ${"[".repeat(100000)}${"]".repeat(100000)}}`);
  assert.match(runCli(["report", deep, "--out", path.join(dir, "x.html")]).stderr, /deep\.json: JSON nested 100001 levels deep; expected at most 256/);
  const other = path.join(dir, "other.json");
  writeFileSync(other, JSON.stringify({ hello: 1 }));
  assert.match(runCli(["report", other, "--out", path.join(dir, "x.html")]).stderr, /other\.json: not a lissnas output: expected an evaluation table/);
  assert.match(runCli(["report", path.join(dir, "missing"), "--out", path.join(dir, "x.html")]).stderr, /missing: no such file or directory/);
  assert.match(runCli(["report", outDir]).stderr, /required option '--out <FILE>'/);
});

test("a step curve of 20,000 points is drawn with at most one vertex pair per half pixel", () => {
  const points = Array.from({ length: 20000 }, (_, i) => [i / 1000, (i + 1) / 20000] as [number, number]);
  const svg = lineChart({ id: "dense", title: "dense", xLabel: "x", yLabel: "y", series: [{ name: "s", points, step: true }], width: 400, height: 300 });
  const d = /class="line" data-series="s" d="([^"]*)"/.exec(svg)![1];
  const vertices = d.split(/[ML]/).length - 1;
  assert.ok(vertices <= 2 * 2 * 400 + 2, `${vertices} vertices`);
  assert.ok(vertices > 100, "the shape is kept");
});

test("report draws the anytime curves of several searches on one chart, each with its 95% band, and their final-best table", needsShared("data/nb201/nb201.jsonl"), () => {
  const shrunk = path.join(dir, "search-space");
  assert.equal(runCli(["shrink", "nb201", "--predictor", `table:${NB201}:val_acc`, "--seed", "2", "--initial", "200", "--out", shrunk, "--quiet"]).status, 0);
  const common = ["search", "nb201", "--oracle", `table:${NB201}:test_acc`, "--algorithm", "evolution", "--budget", "40", "--trials", "6", "--seed", "3"];
  const inside = path.join(dir, "search-inside");
  const full = path.join(dir, "search-full.json");
  assert.equal(runCli([...common, "--in", shrunk, "--out", inside]).status, 0);
  const fullRun = runCli([...common, "--json"]);
  assert.equal(fullRun.status, 0, fullRun.stderr);
  writeFileSync(full, fullRun.stdout);
  const out = path.join(dir, "search.html");
  const report = runCli(["report", inside, full, "--out", out]);
  assert.equal(report.status, 0, report.stderr);
  const page = readFileSync(out, "utf8");
  const svg = svgOf(page, "search-0-anytime");
  assert.deepEqual([...svg.matchAll(/class="line" data-series="([^"]*)"/g)].map((m) => m[1]),
    ["evolution in search-space, 40 queries", "evolution in full space, 40 queries"]);
  assert.equal((svg.match(/class="band"/g) ?? []).length, 2, "one 95% band per search");
  assert.ok(texts(svg).includes("distinct queries"));
  const summaries = [JSON.parse(readFileSync(path.join(inside, "search.json"), "utf8")), JSON.parse(fullRun.stdout)];
  const cells = [...page.matchAll(/<td data-field="final_best">([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(cells, summaries.map((s) => s.final_best.mean.toFixed(3)));
  assert.match(page, /<h1>lissnas report: nb201<\/h1>/);
});
