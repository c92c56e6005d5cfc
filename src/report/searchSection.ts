// The report's NAS-search section: anytime curves (mean best-so-far with its 95% band vs queries) of
// search outputs, several searches (spaces, algorithms) on one chart per space and oracle.
import type { SearchInput } from "./inputs.js";
import { escapeXml as esc, lineChart, type Series } from "./svgChart.js";

function label(input: SearchInput): string {
  const s = input.summary;
  const where = s.in === null ? (s.restricted_to_table ? "full space (table's cells)" : "full space") : `${s.method ?? shortName(s.in)}`;
  return `${s.algorithm} in ${where}, ${s.budget} queries`;
}

function shortName(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p !== "");
  const last = parts[parts.length - 1] ?? file;
  return last === "space.jsonl" && parts.length > 1 ? parts[parts.length - 2] : last;
}

function fmt(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

export function searchSection(inputs: SearchInput[]): string {
  if (inputs.length === 0) return "";
  const parts = [`<section class="search" id="search"><h2>NAS inside the spaces: anytime curves</h2>`];
  const groups = new Map<string, SearchInput[]>();
  for (const input of inputs) {
    const key = `${input.summary.space} ${input.summary.oracle} ${input.summary.direction}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(input);
  }
  [...groups.values()].forEach((group, g) => {
    const first = group[0].summary;
    const series: Series[] = group.map((input, i) => ({
      name: label(input),
      points: input.summary.curve.map((p) => [p.queries, p.mean] as [number, number]),
      band: input.summary.curve.map((p) => [p.queries, p.low, p.high] as [number, number, number]),
      style: i + 1,
    }));
    // The first queries of a search are far below where the curves separate: start the y axis at the
    // lowest mean after 10% of the shortest budget, so the band differences stay readable.
    const from = Math.max(1, Math.floor(0.1 * Math.min(...group.map((i) => i.summary.budget))));
    const lows = group.flatMap((i) => i.summary.curve.filter((p) => p.queries >= from).map((p) => (first.direction === "min" ? p.high : p.low)));
    const highs = group.flatMap((i) => i.summary.curve.map((p) => (first.direction === "min" ? p.low : p.high)));
    const [low, high] = first.direction === "max" ? [Math.min(...lows), Math.max(...highs)] : [Math.min(...highs), Math.max(...lows)];
    // A little room above and below, so curves that settle on the space's best stay visible at the edge.
    const pad = 0.04 * (high - low);
    const yDomain: [number, number] = [low - pad, high + pad];
    const best = first.space_best.value;
    parts.push(`<figure>${lineChart({
      id: `search-${g}-anytime`, title: `${first.space}: best ${first.direction === "min" ? "(lowest)" : ""} oracle value found vs distinct queries`,
      xLabel: "distinct queries", yLabel: `best so far (${first.oracle.split(":").pop()}), mean over trials`, series,
      yDomain: Number.isFinite(yDomain[0]) && Number.isFinite(yDomain[1]) && yDomain[0] < yDomain[1] ? yDomain : undefined,
      legendAt: first.direction === "min" ? "top-right" : "bottom-right", width: 760, height: 400,
    })}<figcaption>Mean best-so-far over trials with its 95% confidence band; oracle <code>${esc(first.oracle)}</code>. ` +
      `The y axis starts after ${from} queries.${best !== null ? ` The space's best known to the table is ${fmt(best, 3)}.` : ""}</figcaption></figure>`);
    const rows = group.map((input) => {
      const s = input.summary;
      return `<tr data-search="${esc(input.source)}"><th scope="row">${esc(label(input))}</th><td>${esc(s.domain_size)}</td><td>${s.trials}</td>` +
        `<td data-field="final_best">${fmt(s.final_best.mean, 3)}</td><td>${fmt(s.final_best.low, 3)} – ${fmt(s.final_best.high, 3)}</td>` +
        `<td>${s.space_best.value === null ? "unknown" : `${s.queries_to_best.reached}/${s.trials}, median ${fmt(s.queries_to_best.median, 1)}`}</td>` +
        `<td>${s.space_best.top_threshold === null ? "unknown" : `${s.queries_to_top.reached}/${s.trials}, median ${fmt(s.queries_to_top.median, 1)}`}</td></tr>`;
    });
    parts.push(`<table class="search" data-table="search-${g}"><caption>Final best and queries to the space's best / top 0.1% (median over trials; "–" when fewer than half reach it)</caption>` +
      `<thead><tr><th>search</th><th>space size</th><th>trials</th><th>final best (mean)</th><th>95% interval</th><th>reached best</th><th>reached top 0.1%</th></tr></thead>` +
      `<tbody>${rows.join("")}</tbody></table>`);
  });
  parts.push(`</section>`);
  return parts.join("");
}
