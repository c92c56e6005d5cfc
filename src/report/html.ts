// The HTML report: one self-contained file (inline SVG and CSS; no scripts, fonts or network), readable on
// screen and in print.
import type { EvaluationReport, MethodRow } from "../evaluate/evaluate.js";
import type { IterationTrace } from "../shrink/lissnas.js";
import type { EvaluationChartData } from "./evaluationData.js";
import type { EvaluationInput, LocalityInput, ReportInput, SearchInput, ShrinkInput } from "./inputs.js";
import { searchSection } from "./searchSection.js";
import { escapeXml as esc, histogramPanels, lineChart, type Series } from "./svgChart.js";

/** The error EDF's x axis ends where the full space's EDF reaches this share (NB201 has ~2% diverged networks near 90% error). */
export const EDF_AXIS_SHARE = 0.95;

/** Each method keeps one palette slot in every chart (full = black). */
const METHOD_STYLE: Record<string, number> = { full: 0, lissnas: 1, abs: 2, padnas: 3, random: 4, nse: 5, greedynas: 6, topk: 7, "topk-all": 8 };
const styleOf = (name: string, fallback: number) => METHOD_STYLE[name] ?? fallback;

/** The table's columns: header, the field (a dotted path into the row), digits; "best kept" is a share shown in percent. */
export const TABLE_COLUMNS: Array<{ header: string; field: string; digits: number; percent?: boolean }> = [
  { header: "size (classes)", field: "size", digits: 0 },
  { header: "covered", field: "covered", digits: 0 },
  { header: "mean", field: "mean", digits: 2 },
  { header: "best", field: "max", digits: 2 },
  { header: "P(good)", field: "p_good", digits: 3 },
  { header: "shrink index", field: "shrink_index", digits: 3 },
  { header: "KS", field: "ks", digits: 3 },
  { header: "KS p", field: "ks_p", digits: 4 },
  { header: "Kendall τ", field: "kendall_tau", digits: 3 },
  { header: "Pearson", field: "pearson", digits: 3 },
  { header: "cosine diversity", field: "diversity", digits: 3 },
  { header: "edit diversity (mean)", field: "edit_diversity.mean", digits: 3 },
  { header: "edit diversity (max)", field: "edit_diversity.max", digits: 3 },
  { header: "cost coverage", field: "cost_coverage", digits: 3 },
  { header: "P(good | cost decile)", field: "p_good_by_cost", digits: 3 },
  { header: "best kept", field: "best_retained", digits: 0, percent: true },
  { header: "P(≥k good in n)", field: "p_at_least_k.p", digits: 3 },
  { header: "truth coverage", field: "coverage", digits: 3 },
];

/** A column's value in a row (null, as JSON writes NaN, reads as NaN). */
export function columnValue(row: MethodRow, field: string): number {
  let value: unknown = row;
  for (const part of field.split(".")) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[part];
  return typeof value === "number" ? value : NaN;
}

export function formatCell(value: number, digits: number, percent = false): string {
  if (typeof value !== "number" || Number.isNaN(value)) return "–";
  return percent ? `${(value * 100).toFixed(digits)}%` : value.toFixed(digits);
}

/** Axis label of a cost field, with the unit the benchmark tables use. */
export function costLabel(space: string, field: string): string {
  if (field.endsWith("flops")) return `${field} (MFLOPs)`;
  if (field.endsWith("params")) return space === "nb101" ? `${field} (parameters)` : `${field} (M parameters)`;
  return field;
}

function parametersTable(caption: string, parameters: Record<string, unknown>): string {
  const rows = Object.entries(parameters).filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(typeof v === "object" ? JSON.stringify(v) : String(v))}</td></tr>`);
  return `<table class="parameters"><caption>${esc(caption)}</caption><tbody>${rows.join("")}</tbody></table>`;
}

function traceCharts(id: string, trace: IterationTrace[], chosen: number, scoreLabel: string): string {
  const sizes: Series = { name: "space size", points: trace.map((t) => [t.iteration, t.size]), markers: true, style: 1 };
  const means: Series = { name: "mean score", points: trace.map((t) => [t.iteration, t.mean]), markers: true, style: 2 };
  const maxima: Series = { name: "max score", points: trace.map((t) => [t.iteration, t.max]), markers: true, style: 3 };
  const chosenNote = `returned iteration ${chosen}`;
  // effective_shrinkage is in manifests and chart data written since schema 2; older files have no flag.
  const flagged = trace.filter((t) => typeof (t as { effective_shrinkage?: unknown }).effective_shrinkage === "boolean") as Array<IterationTrace & { effective_shrinkage: boolean }>;
  const effective = flagged.length === 0 ? "" : `<p class="effective-shrinkage">Effective shrinkage (size fell and predicted P(good) rose against the previous iteration): ` +
    `${flagged.filter((t) => t.effective_shrinkage).map((t) => t.iteration).join(", ") || "none"}; not at ${flagged.filter((t) => !t.effective_shrinkage).map((t) => t.iteration).join(", ") || "none"}.</p>`;
  return `<div class="row">` +
    `<figure>${lineChart({ id: `${id}-size`, title: "Shrink trace: space size per iteration", xLabel: `iteration (${chosenNote})`, yLabel: "space size (architectures, log scale)", series: [sizes], xIntegers: true, yLog: true, width: 460, height: 300 })}</figure>` +
    `<figure>${lineChart({ id: `${id}-mean`, title: "Shrink trace: predicted score per iteration", xLabel: `iteration (${chosenNote})`, yLabel: scoreLabel, series: [means, maxima], xIntegers: true, width: 460, height: 300, legendAt: "bottom-right" })}</figure>` +
    `</div>` + effective;
}

function evaluationTable(table: EvaluationReport): string {
  const head = `<tr><th scope="col">method</th>${TABLE_COLUMNS.map((c) => `<th scope="col">${esc(c.header)}</th>`).join("")}</tr>`;
  const body = table.rows.map((row) => `<tr data-method="${esc(row.method)}"><th scope="row">${esc(row.method)}</th>` +
    TABLE_COLUMNS.map((c) => {
      const value = columnValue(row, c.field);
      const [low, high] = (row.range?.[c.field] ?? [NaN, NaN]).map((v) => (typeof v === "number" ? v : NaN));
      const spread = Number.isFinite(low) && low !== high ? ` title="seeds: ${formatCell(low, c.digits, c.percent)} to ${formatCell(high, c.digits, c.percent)}"` : "";
      return `<td data-field="${esc(c.field)}" data-value="${Number.isNaN(value) ? "NaN" : String(value)}"${spread}>${formatCell(value, c.digits, c.percent)}</td>`;
    }).join("") + `</tr>`);
  const reasons = table.rows.filter((row) => typeof row.reason === "string")
    .map((row) => `<li data-reason="${esc(row.method)}"><strong>${esc(row.method)}</strong>: ${esc(row.reason!)}</li>`);
  const pairs = table.rows.flatMap((row, i) => table.rows.slice(i + 1).filter((other) => row.ks_vs?.[other.method] !== undefined).map((other) => {
    const ks = row.ks_vs[other.method];
    return `<tr><th scope="row">${esc(row.method)} – ${esc(other.method)}</th><td>${formatCell(ks.d, 3)}</td><td>${typeof ks.p === "number" ? ks.p.toExponential(2) : "–"}</td></tr>`;
  }));
  return `<table class="evaluation" data-table="evaluation"><caption>Medians over seeds ${esc(table.seeds.join(", "))}, counted in isomorphism classes; hover a cell for its range over seeds. ` +
    `"best" is the best value in the metric's direction; P(≥k good in n) is Theorem 1 with k = ${table.rows[0]?.p_at_least_k?.k ?? 1}, n = ${table.rows[0]?.p_at_least_k?.n ?? 10}; ` +
    `cosine diversity on ${esc(table.cosine_embedding ?? "the space's encoding")}, edit diversity normalised by the space's maximum edit distance.</caption>` +
    `<thead>${head}</thead><tbody>${body.join("")}</tbody></table>` +
    (reasons.length > 0 ? `<ul class="missing reasons">${reasons.join("")}</ul>` : "") +
    (pairs.length > 0 ? `<table class="ks-pairs" data-table="ks-pairs"><caption>Two-sample KS between methods' truth (medians over seeds)</caption>` +
      `<thead><tr><th>pair</th><th>D</th><th>p</th></tr></thead><tbody>${pairs.join("")}</tbody></table>` : "");
}

function perSeedTable(charts: EvaluationChartData): string {
  const rows = Object.entries(charts.per_seed).flatMap(([method, runs]) => runs.map((r) =>
    `<tr><th scope="row">${esc(method)}</th><td>${esc(r.seed)}</td><td>${r.size}</td><td>${formatCell(r.mean, 2)}</td><td>${formatCell(r.max, 2)}</td>` +
    `<td>${formatCell(r.p_good, 3)}</td><td>${formatCell(r.ks, 3)}</td><td>${r.best_retained ? "yes" : "no"}</td><td>${formatCell(r.kendall_tau, 3)}</td>` +
    `<td>${esc(r.reason ?? "")}</td></tr>`));
  return `<table class="per-seed" data-table="per-seed"><caption>Per seed</caption><thead><tr><th>method</th><th>seed</th><th>size</th><th>mean</th><th>best</th>` +
    `<th>P(good)</th><th>KS</th><th>best kept</th><th>Kendall τ</th><th>reason</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function evaluationSection(input: EvaluationInput, index: number): string {
  const { table, charts } = input;
  const id = `evaluation-${index}`;
  const parts = [`<section class="evaluation" id="${id}"><h2>Evaluation: ${esc(table.space)}, truth ${esc(table.target)}</h2>`];
  const minimise = table.direction === "min";
  const truthText = table.truth_source?.kind === "model"
    ? `Truth model <code>${esc(table.truth)}</code> scoring ${table.truth_classes} classes (${esc(table.universe?.kind ?? "")})`
    : `Truth table <code>${esc(table.truth)}</code>: ${table.truth_rows} rows, ${table.truth_classes} isomorphism classes`;
  parts.push(`<p>${truthText}; every figure counts isomorphism classes. ` +
    `Full space mean ${formatCell(table.full_mean, 2)}, best ${formatCell(table.full_max, 2)} (${minimise ? "minimised" : "maximised"}). ` +
    `Predictor: gradient-boosted trees trained on ${table.train_size} rows of <code>${esc(table.train_target)}</code> per seed. ` +
    `"Good" means ${esc(table.target)} ${minimise ? "≤" : "≥"} ${formatCell(table.threshold, 2)} (the best 20% of the full space's classes).</p>`);
  parts.push(evaluationTable(table));
  if (charts === null) {
    parts.push(`<p class="missing">No chart data (charts.json) beside this table: run <code>lissnas evaluate … --out DIR</code> to keep it.</p></section>`);
    return parts.join("");
  }
  const methods = Object.keys(charts.edf);
  const byError = charts.edf_variable !== "value";
  const edfSeries: Series[] = methods.map((m, i) => ({
    name: `${m} (n=${charts.edf[m].count})`,
    points: [[charts.edf[m].x[0], 0] as [number, number], ...charts.edf[m].x.map((x, j) => [x, charts.edf[m].F[j]] as [number, number])],
    step: true, style: styleOf(m, i),
  }));
  // The long tail of failed networks (errors near 90%) would squeeze the informative part into a sliver:
  // the x axis stops where the full space reaches EDF_AXIS_SHARE, and the caption says so.
  const full = charts.edf.full;
  const cut = full === undefined ? undefined : full.x[full.F.findIndex((f) => f >= EDF_AXIS_SHARE)];
  const lowest = Math.min(...methods.map((m) => charts.edf[m].x[0]));
  const xDomain: [number, number] | undefined = cut !== undefined && cut > lowest ? [Math.floor(lowest), Math.ceil(cut)] : undefined;
  parts.push(`<figure>${lineChart({
    id: `${id}-error-edf`, title: `${byError ? "Error EDF" : `EDF of ${table.target}`} of each method's space (seed ${charts.seed})`,
    xLabel: byError ? `error (%, 100 − ${table.target})` : table.target, yLabel: "cumulative fraction of the space", series: edfSeries, yDomain: [0, 1], xDomain,
    legendAt: "bottom-right", width: 760, height: 400,
  })}<figcaption>${byError || minimise ? "A curve further up and to the left holds more good architectures." : "A curve further down and to the right holds more good architectures."} ` +
    `KS statistics against the full space are in the table.` +
    (xDomain !== undefined ? ` The error axis ends at ${xDomain[1]}%, where the full space's EDF reaches ${EDF_AXIS_SHARE}.` : "") + `</figcaption></figure>`);
  if (charts.cost_histogram !== null && table.cost_field !== null) {
    const h = charts.cost_histogram;
    const panels = Object.keys(h.counts).map((m, i) => {
      const total = h.counts[m].reduce((a, b) => a + b, 0);
      return { name: m, values: h.counts[m].map((c) => (total === 0 ? 0 : (100 * c) / total)), style: styleOf(m, i), note: `n=${h.totals[m]}` };
    });
    parts.push(`<figure>${histogramPanels({
      id: `${id}-cost-histogram`, title: `${table.cost_field} histograms on shared bins (seed ${charts.seed})`,
      xLabel: costLabel(table.space, table.cost_field), yLabel: "share of the space (%)", edges: h.edges, panels,
      // About 900 px in all, so the row of panels still reads at A4 width in print.
      panelWidth: Math.max(120, Math.min(230, Math.floor(820 / panels.length) - 14)),
    })}<figcaption>Does a method keep small networks? Bars are the share of each method's space in each ${esc(table.cost_field)} bin.</figcaption></figure>`);
  }
  const scatter = charts.accuracy_cost;
  if (scatter !== undefined && scatter !== null && table.cost_field !== null && scatter.lissnas.length > 0) {
    parts.push(`<figure>${lineChart({
      id: `${id}-accuracy-cost`, title: `${table.target} against ${table.cost_field}: the lissnas space over the full space (seed ${charts.seed})`,
      xLabel: costLabel(table.space, table.cost_field), yLabel: `${table.target} (%)`,
      series: [
        { name: `full (${scatter.full.length} classes shown)`, points: scatter.full, scatter: true, style: styleOf("full", 0) },
        { name: `lissnas (n=${scatter.lissnas.length})`, points: scatter.lissnas, scatter: true, style: styleOf("lissnas", 1) },
      ],
      legendAt: "bottom-right", width: 760, height: 400,
    })}<figcaption>Each dot is an isomorphism class. A space that keeps the whole cost range has dots from the left edge to the right edge; one that is dense in good networks sits at the top.</figcaption></figure>`);
  }
  const byCost = table.cost_field === null ? [] : Object.entries(charts.per_seed).flatMap(([m, runs], i): Series[] => {
    const run = runs.find((r) => r.seed === charts.seed);
    // Bins whose members lack a truth (null, as JSON writes NaN) are left out; the line joins the known ones.
    const points = (run?.p_good_by_cost_bins ?? []).flatMap((v, b): Array<[number, number]> => (typeof v === "number" && Number.isFinite(v) ? [[b + 1, v]] : []));
    return m === "full" || points.length === 0 ? [] : [{ name: `${m} (${formatCell(run!.p_good_by_cost, 3)})`, points, markers: true, style: styleOf(m, i) }];
  });
  if (byCost.length > 0) {
    parts.push(`<figure>${lineChart({
      id: `${id}-good-by-cost`, title: `Good for their cost: each space's share in the best 20% of its ${table.cost_field} decile (seed ${charts.seed})`,
      xLabel: `${table.cost_field} decile of the full space (1 = cheapest)`, yLabel: "share good for its cost", series: byCost,
      xIntegers: true, yDomain: [0, 1], yReference: 0.2, legendAt: "bottom-right", width: 760, height: 400,
    })}<figcaption>What a user who picks within a cost budget gets: per cost decile, the share of the space's members that are in the best 20% ` +
      `of the full space's classes of that decile (the dashed line, 0.2, is the full space). A decile a space gave up reads 0; the legend has each ` +
      `space's mean over deciles, P(good|cost) in the table.</figcaption></figure>`);
  }
  parts.push(perSeedTable(charts));
  if (charts.lissnas !== null) {
    parts.push(`<h3>LISSNAS iterations (seed ${esc(charts.seed)})</h3>`);
    parts.push(traceCharts(`${id}-trace`, charts.lissnas.trace, charts.lissnas.chosen_iteration, `predicted ${table.train_target}${byError ? " (%)" : ""}`));
    parts.push(`<div class="row">`);
    parts.push(parametersTable("Evaluation parameters", {
      space: table.space, "evaluation seeds": table.seeds.join(", "), target: table.target, train_target: table.train_target, train_size: table.train_size,
      cost_field: table.cost_field, truth: table.truth,
    }));
    parts.push(parametersTable(`LISSNAS parameters (run of seed ${charts.seed})`, charts.lissnas.parameters));
    parts.push(`</div>`);
  }
  parts.push(`</section>`);
  return parts.join("");
}

function shrinkSection(input: ShrinkInput, index: number): string {
  const m = input.manifest;
  const id = `shrink-${index}`;
  const parts = [`<section class="shrink" id="${id}"><h2>Shrink run: ${esc(m.space)} (<code>${esc(input.source)}</code>)</h2>`];
  parts.push(`<p>${m.size.toLocaleString("en-US")} architectures kept of ${esc(m.space_size)} (reduction factor ${formatCell(m.reduction_factor, 1)}); ` +
    `mean predicted score ${formatCell(m.mean_score, 3)}, max ${formatCell(m.max_score, 3)}; ${m.explored.toLocaleString("en-US")} scored in ${formatCell(m.seconds, 2)} s.` +
    (m.predictor ? ` Predictor: ${esc(m.predictor.description)} (<code>${esc(m.predictor.digest)}</code>).` : "") + `</p>`);
  parts.push(traceCharts(`${id}-trace`, m.trace, m.chosen_iteration, "predicted score (predictor's units)"));
  parts.push(parametersTable("Parameters and seed", { ...m.parameters, command: m.command }));
  parts.push(`</section>`);
  return parts.join("");
}

function localitySection(inputs: LocalityInput[]): string {
  const parts = [`<section class="locality" id="locality"><h2>Locality</h2>`];
  if (inputs.length === 0) {
    parts.push(`<p class="missing">No locality output given: pass the JSON of <code>lissnas locality SPACE --truth FILE --target FIELD --json</code> to draw the RWA and AAD curves.</p></section>`);
    return parts.join("");
  }
  const rwa: Series[] = inputs.filter((l) => l.autocorrelation.length > 0).map((l, i) => ({
    name: l.label, points: l.autocorrelation.map((p) => [p.lag, p.correlation]), markers: true, style: i + 1,
  }));
  const aad: Series[] = inputs.filter((l) => l.difference.length > 0).map((l, i) => ({
    name: l.label, points: l.difference.map((p) => [p.distance, p.mean]), markers: true, style: i + 1,
    band: l.difference.map((p) => [p.distance, p.low, p.high] as [number, number, number]),
  }));
  parts.push(`<div class="row">`);
  if (rwa.length > 0) {
    parts.push(`<figure>${lineChart({ id: "locality-rwa", title: "Random-walk autocorrelation (RWA)", xLabel: "lag (random-walk steps)",
      yLabel: "autocorrelation of accuracy (Pearson r)", series: rwa, xIntegers: true, yReference: 0, width: 460, height: 320 })}` +
      `<figcaption>Correlation between the accuracy at step t and step t + lag of random neighbour walks.</figcaption></figure>`);
  }
  if (aad.length > 0) {
    parts.push(`<figure>${lineChart({ id: "locality-aad", title: "Accuracy difference by edit distance (AAD)", xLabel: "edit distance (moves)",
      yLabel: "mean |accuracy difference| (points)", series: aad, xIntegers: true, yFromZero: true, width: 460, height: 320, legendAt: "bottom-right" })}` +
      `<figcaption>Mean absolute accuracy difference (percentage points) with its 95% confidence band.</figcaption></figure>`);
  }
  parts.push(`</div>`);
  inputs.forEach((l) => parts.push(parametersTable(`Parameters: ${l.source}`, l.parameters)));
  parts.push(`</section>`);
  return parts.join("");
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; color: #111; margin: 24px auto; max-width: 1040px; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; } h3 { font-size: 15px; }
code { font-size: 12px; background: #f3f3f3; padding: 1px 3px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 12px; }
th, td { border: 1px solid #bbb; padding: 3px 7px; } td { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-size: 12px; color: #444; padding-bottom: 4px; }
table.parameters td { text-align: left; }
figure { margin: 12px 0; } figcaption { font-size: 12px; color: #444; max-width: 760px; }
svg { max-width: 100%; height: auto; display: block; }
.row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; } .row figure { flex: 1 1 440px; }
.missing { color: #8a4b00; }
@media print { body { margin: 0; max-width: none; } section, figure, table { break-inside: avoid; } a { color: inherit; } }
`;

/** The whole report as one HTML document. */
export function renderReport(inputs: ReportInput[], generatedBy = "lissnas report"): string {
  const evaluations = inputs.filter((i): i is EvaluationInput => i.kind === "evaluation");
  const shrinks = inputs.filter((i): i is ShrinkInput => i.kind === "shrink");
  const localities = inputs.filter((i): i is LocalityInput => i.kind === "locality");
  const searches = inputs.filter((i): i is SearchInput => i.kind === "search");
  const spaces = [...new Set([...evaluations.map((e) => e.table.space), ...shrinks.map((s) => s.manifest.space), ...searches.map((s) => s.summary.space)])];
  const title = `lissnas report${spaces.length > 0 ? `: ${spaces.join(", ")}` : ""}`;
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p>From ${inputs.map((i) => `<code>${esc(i.source)}</code> (${i.kind})`).join(", ")}. Generated by <code>${esc(generatedBy)}</code>.</p>`,
    ...evaluations.map(evaluationSection),
    ...shrinks.map(shrinkSection),
    searchSection(searches),
    localitySection(localities),
  ];
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body.join("\n")}</body></html>\n`;
}
