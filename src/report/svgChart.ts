// Static SVG charts rendered on the server, for the self-contained HTML report.
//
// Library choice: d3-scale (domains, "nice" ranges, tick values and tick formats) and d3-shape (path data for
// lines, steps and areas, through d3-path) are the maintained d3 modules that compute geometry without a DOM,
// so they run in Node as they are; d3-axis and d3-selection need a document (jsdom) and are not used. Higher
// level libraries (Vega, Plot) either need a DOM for SVG output or a canvas, and bring far more weight than
// the four chart kinds below need. What remains hand-written is only the SVG markup around d3's numbers.
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from "d3-scale";
import { line, area, curveStepAfter, curveLinear } from "d3-shape";

export const PALETTE = {
  // Okabe–Ito colours (distinguishable with colour-vision deficiency), each series also gets its own dash
  // pattern and marker so the charts stay readable when printed in grey.
  colours: ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"],
  // One more dash than colours, so the ninth series (colour 0 again) still differs from the first.
  dashes: ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 2 1 2", "3 3", "12 3 2 3 2 3"],
};

export interface Series {
  name: string;
  /** Data points (x, y), in data units. */
  points: ReadonlyArray<readonly [number, number]>;
  /** Draw as a right-continuous step function (EDFs). */
  step?: boolean;
  /** Draw a marker on every point (short curves: iterations, lags, distances). */
  markers?: boolean;
  /** Draw the points as translucent dots without a line (scatter plots). */
  scatter?: boolean;
  /** A shaded band (x, low, high), e.g. a 95% confidence interval. */
  band?: ReadonlyArray<readonly [number, number, number]>;
  /** Index into PALETTE, so a method keeps its colour across charts. */
  style?: number;
}

export interface LineChartSpec {
  /** Stable id, written as data-chart so tests and readers can find the chart. */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Start the y axis at 0 (magnitudes such as mean absolute differences). */
  yFromZero?: boolean;
  /** Log-scaled y axis (space sizes spanning decades). */
  yLog?: boolean;
  /** Integer x ticks only (iterations, lags, distances). */
  xIntegers?: boolean;
  width?: number;
  height?: number;
  /** A horizontal reference line (e.g. zero correlation). */
  yReference?: number;
  /** Where the legend sits, away from where the curves run (default top right). */
  legendAt?: "top-left" | "top-right" | "bottom-right";
}

const MARGIN = { top: 34, right: 16, bottom: 46, left: 62 };
const FONT = `font-family="Helvetica, Arial, sans-serif"`;

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fmt(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function extent(values: number[], fallback: [number, number]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return fallback;
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.05;
    low -= pad;
    high += pad;
  }
  return [low, high];
}

function integerTicks(scale: ScaleContinuousNumeric<number, number>, count: number): number[] {
  const [low, high] = scale.domain();
  const span = Math.max(1, Math.ceil(high) - Math.floor(low));
  const step = Math.max(1, Math.ceil(span / count));
  const ticks: number[] = [];
  for (let t = Math.ceil(low); t <= high; t += step) ticks.push(t);
  return ticks;
}

function axes(x: ScaleContinuousNumeric<number, number>, y: ScaleContinuousNumeric<number, number>, spec: LineChartSpec,
  width: number, height: number, yTicks?: number[]): string {
  const [x0, x1] = x.range();
  const [y0, y1] = y.range();
  const xTicks = spec.xIntegers ? integerTicks(x, 10) : x.ticks(6);
  const xFormat = spec.xIntegers ? (t: number) => String(t) : x.tickFormat(6);
  const yValues = yTicks ?? y.ticks(5);
  const yFormat = spec.yLog ? y.tickFormat(5, ",") : y.tickFormat(5);
  const parts: string[] = [];
  parts.push(`<g class="grid" stroke="#e3e3e3" stroke-width="1">`);
  for (const t of yValues) parts.push(`<line x1="${fmt(x0)}" x2="${fmt(x1)}" y1="${fmt(y(t))}" y2="${fmt(y(t))}"/>`);
  parts.push(`</g>`);
  parts.push(`<g class="axis x-axis" font-size="11" ${FONT} fill="#222">`);
  parts.push(`<line x1="${fmt(x0)}" x2="${fmt(x1)}" y1="${fmt(y0)}" y2="${fmt(y0)}" stroke="#222"/>`);
  for (const t of xTicks) {
    parts.push(`<line x1="${fmt(x(t))}" x2="${fmt(x(t))}" y1="${fmt(y0)}" y2="${fmt(y0 + 5)}" stroke="#222"/>`);
    parts.push(`<text x="${fmt(x(t))}" y="${fmt(y0 + 17)}" text-anchor="middle">${escapeXml(xFormat(t))}</text>`);
  }
  parts.push(`<text class="axis-label" x="${fmt((x0 + x1) / 2)}" y="${fmt(height - 8)}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`);
  parts.push(`</g>`);
  parts.push(`<g class="axis y-axis" font-size="11" ${FONT} fill="#222">`);
  parts.push(`<line x1="${fmt(x0)}" x2="${fmt(x0)}" y1="${fmt(y0)}" y2="${fmt(y1)}" stroke="#222"/>`);
  for (const t of yValues) {
    parts.push(`<line x1="${fmt(x0 - 5)}" x2="${fmt(x0)}" y1="${fmt(y(t))}" y2="${fmt(y(t))}" stroke="#222"/>`);
    parts.push(`<text x="${fmt(x0 - 8)}" y="${fmt(y(t) + 4)}" text-anchor="end">${escapeXml(yFormat(t))}</text>`);
  }
  const middle = (y0 + y1) / 2;
  parts.push(`<text class="axis-label" transform="translate(14 ${fmt(middle)}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(spec.yLabel)}</text>`);
  parts.push(`</g>`);
  void width;
  return parts.join("");
}

/** Keeps one vertex per half pixel of x on a monotone step curve: the drawing is unchanged, the file much smaller. */
function thinSteps(points: Array<[number, number]>): Array<[number, number]> {
  const kept: Array<[number, number]> = [];
  for (const [px, py] of points) {
    const rx = Math.round(px * 2) / 2;
    const ry = Math.round(py * 2) / 2;
    const last = kept[kept.length - 1];
    if (last !== undefined && last[0] === rx) last[1] = ry;
    else kept.push([rx, ry]);
  }
  return kept;
}

function marker(kind: number, cx: number, cy: number, colour: string): string {
  const r = 3.2;
  switch (kind % 4) {
    case 0: return `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="${r}" fill="${colour}"/>`;
    case 1: return `<rect x="${fmt(cx - r)}" y="${fmt(cy - r)}" width="${2 * r}" height="${2 * r}" fill="${colour}"/>`;
    case 2: return `<path d="M${fmt(cx)},${fmt(cy - r - 1)}L${fmt(cx + r + 1)},${fmt(cy + r)}L${fmt(cx - r - 1)},${fmt(cy + r)}Z" fill="${colour}"/>`;
    default: return `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="${r}" fill="#fff" stroke="${colour}" stroke-width="1.5"/>`;
  }
}

function legend(series: Series[], x: number, y: number): string {
  const parts = [`<g class="legend" font-size="11" ${FONT}>`];
  series.forEach((s, i) => {
    const style = s.style ?? i;
    const colour = PALETTE.colours[style % PALETTE.colours.length];
    const dash = PALETTE.dashes[style % PALETTE.dashes.length];
    const rowY = y + i * 16;
    parts.push(`<rect x="${fmt(x - 4)}" y="${fmt(rowY - 10)}" width="${fmt(34 + 7 * s.name.length)}" height="15" fill="#fff" fill-opacity="0.85"/>`);
    parts.push(`<line x1="${fmt(x)}" x2="${fmt(x + 24)}" y1="${fmt(rowY - 3)}" y2="${fmt(rowY - 3)}" stroke="${colour}" stroke-width="2.2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`);
    if (s.markers) parts.push(marker(style, x + 12, rowY - 3, colour));
    parts.push(`<text x="${fmt(x + 30)}" y="${fmt(rowY + 1)}" fill="#222">${escapeXml(s.name)}</text>`);
  });
  parts.push(`</g>`);
  return parts.join("");
}

function svgOpen(id: string, title: string, width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" data-chart="${escapeXml(id)}" role="img" aria-label="${escapeXml(title)}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeXml(title)}</title><rect width="${width}" height="${height}" fill="#fff"/>` +
    `<text class="chart-title" x="${MARGIN.left}" y="20" font-size="13" font-weight="bold" ${FONT} fill="#111">${escapeXml(title)}</text>`;
}

/** A line / step chart with axes, grid, legend and optional bands, as one <svg> element. */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 360;
  const allX = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const allY = spec.series.flatMap((s) => [...s.points.map((p) => p[1]), ...(s.band ?? []).flatMap((b) => [b[1], b[2]])]);
  if (spec.yReference !== undefined) allY.push(spec.yReference);
  if (spec.yFromZero) allY.push(0);
  const xDomain = spec.xDomain ?? extent(allX, [0, 1]);
  const x = scaleLinear().domain(xDomain).range([MARGIN.left, width - MARGIN.right]);
  if (spec.xDomain === undefined && !spec.xIntegers) x.nice();
  let y: ScaleContinuousNumeric<number, number>;
  let yTicks: number[] | undefined;
  if (spec.yLog) {
    const [low, high] = extent(allY.filter((v) => v > 0), [1, 10]);
    y = scaleLog().domain([low, high]).range([height - MARGIN.bottom, MARGIN.top]).nice();
    // d3's log ticks: every 1..9 × 10^k gets a grid line, d3's tick format labels only those it can fit.
    yTicks = y.ticks(5);
  } else {
    y = scaleLinear().domain(spec.yDomain ?? extent(allY, [0, 1])).range([height - MARGIN.bottom, MARGIN.top]);
    if (spec.yDomain === undefined) y.nice();
  }
  const parts = [svgOpen(spec.id, spec.title, width, height), axes(x, y, spec, width, height, yTicks)];
  if (spec.yReference !== undefined) {
    parts.push(`<line class="reference" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${fmt(y(spec.yReference))}" y2="${fmt(y(spec.yReference))}" stroke="#888" stroke-dasharray="3 3"/>`);
  }
  // Curves are clipped to the plot area, so a chart can zoom into part of its data (xDomain / yDomain).
  const clipId = `clip-${spec.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const [cx0, cx1] = x.range();
  const [cy0, cy1] = y.range();
  parts.push(`<clipPath id="${clipId}"><rect x="${fmt(cx0 - 4)}" y="${fmt(cy1 - 4)}" width="${fmt(cx1 - cx0 + 8)}" height="${fmt(cy0 - cy1 + 8)}"/></clipPath>`);
  parts.push(`<g class="series" fill="none" clip-path="url(#${clipId})">`);
  spec.series.forEach((s, i) => {
    const style = s.style ?? i;
    const colour = PALETTE.colours[style % PALETTE.colours.length];
    const dash = PALETTE.dashes[style % PALETTE.dashes.length];
    if (s.band !== undefined && s.band.length > 0) {
      const band = area<readonly [number, number, number]>().x((b) => x(b[0])).y0((b) => y(b[1])).y1((b) => y(b[2])).defined((b) => Number.isFinite(b[1]) && Number.isFinite(b[2]));
      parts.push(`<path class="band" d="${band(s.band) ?? ""}" fill="${colour}" fill-opacity="0.15" stroke="none"/>`);
    }
    let pixels = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!spec.yLog || p[1] > 0)).map((p) => [x(p[0]), y(p[1])] as [number, number]);
    if (s.scatter) {
      parts.push(`<g class="dots" data-series="${escapeXml(s.name)}" fill="${colour}" fill-opacity="0.45">`);
      for (const [px, py] of pixels) parts.push(`<circle cx="${fmt(px)}" cy="${fmt(py)}" r="1.8"/>`);
      parts.push(`</g>`);
      return;
    }
    if (s.step) pixels = thinSteps(pixels);
    const path = line<[number, number]>().curve(s.step ? curveStepAfter : curveLinear)(pixels) ?? "";
    parts.push(`<path class="line" data-series="${escapeXml(s.name)}" d="${path}" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`);
    if (s.markers) for (const [px, py] of pixels) parts.push(marker(style, px, py, colour));
  });
  parts.push(`</g>`);
  const legendWidth = 40 + 7 * Math.max(0, ...spec.series.map((s) => s.name.length));
  const legendX = spec.legendAt === "top-left" ? MARGIN.left + 10 : width - MARGIN.right - legendWidth;
  const legendY = spec.legendAt === "bottom-right" ? height - MARGIN.bottom - 8 - 16 * (spec.series.length - 1) - 6 : MARGIN.top + 12;
  parts.push(legend(spec.series, legendX, legendY));
  parts.push(`</svg>`);
  return parts.join("");
}

export interface HistogramPanel {
  name: string;
  /** Bar heights in y units, one per bin. */
  values: ArrayLike<number>;
  style?: number;
  /** A note under the title (e.g. how many values fall outside the edges). */
  note?: string;
}

export interface HistogramSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Shared bin edges (bins + 1), so the panels compare bin by bin. */
  edges: ArrayLike<number>;
  panels: HistogramPanel[];
  panelWidth?: number;
  height?: number;
}

/** Small multiples: one histogram per panel, side by side, sharing the x edges and the y scale. */
export function histogramPanels(spec: HistogramSpec): string {
  const panelWidth = spec.panelWidth ?? 230;
  const height = spec.height ?? 250;
  const gap = 14;
  const width = MARGIN.left + spec.panels.length * (panelWidth + gap) + MARGIN.right;
  const edges = Array.from(spec.edges);
  const top = Math.max(1e-9, ...spec.panels.flatMap((p) => Array.from(p.values)));
  const y = scaleLinear().domain([0, top]).range([height - MARGIN.bottom, MARGIN.top + 14]).nice();
  const parts = [svgOpen(spec.id, spec.title, width, height)];
  spec.panels.forEach((panel, index) => {
    const left = MARGIN.left + index * (panelWidth + gap);
    const x = scaleLinear().domain([edges[0], edges[edges.length - 1]]).range([left, left + panelWidth]);
    const style = panel.style ?? index;
    const colour = PALETTE.colours[style % PALETTE.colours.length];
    const panelSpec: LineChartSpec = { id: spec.id, title: "", xLabel: "", yLabel: index === 0 ? spec.yLabel : "", series: [] };
    const axisSvg = axes(x, y, panelSpec, width, height);
    parts.push(`<g class="panel" data-panel="${escapeXml(panel.name)}">`);
    // Only the first panel carries y tick labels; the others share its scale.
    parts.push(index === 0 ? axisSvg : axisSvg.replace(/<g class="axis y-axis"[\s\S]*$/, ""));
    parts.push(`<text class="panel-title" x="${fmt(left + panelWidth / 2)}" y="${MARGIN.top + 4}" text-anchor="middle" font-size="12" font-weight="bold" ${FONT} fill="${colour}">${escapeXml(panel.name)}</text>`);
    if (panel.note) parts.push(`<text x="${fmt(left + panelWidth / 2)}" y="${MARGIN.top + 17}" text-anchor="middle" font-size="10" ${FONT} fill="#555">${escapeXml(panel.note)}</text>`);
    const values = Array.from(panel.values);
    values.forEach((v, b) => {
      if (!(v > 0)) return;
      const x0 = x(edges[b]);
      const x1 = x(edges[b + 1]);
      parts.push(`<rect class="bar" x="${fmt(x0 + 0.5)}" y="${fmt(y(v))}" width="${fmt(Math.max(0.5, x1 - x0 - 1))}" height="${fmt(y(0) - y(v))}" fill="${colour}" fill-opacity="0.75"/>`);
    });
    parts.push(`</g>`);
  });
  const middle = MARGIN.left + (spec.panels.length * (panelWidth + gap) - gap) / 2;
  parts.push(`<text class="axis-label" x="${fmt(middle)}" y="${height - 8}" text-anchor="middle" font-size="12" ${FONT} fill="#222">${escapeXml(spec.xLabel)}</text>`);
  parts.push(`</svg>`);
  return parts.join("");
}
