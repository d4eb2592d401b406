/**
 * Small charts as SVG strings: bars (loads per shard, keys moved per strategy) and lines
 * (imbalance as virtual nodes grow, latency as quorums grow). Enough for the notebooks'
 * measurements, without a plotting library.
 */
import { el, escapeXml, palette, svgDocument, text, tooltip } from "./svg";

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

export interface BarChartOptions {
  title: string;
  bars: Bar[];
  yLabel?: string;
  /** A horizontal line, e.g. the fair share. */
  reference?: { value: number; label: string };
  widthPx?: number;
  heightPx?: number;
}

export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
  color?: string;
}

export interface LineChartOptions {
  title: string;
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  /** Log-scale x axis (virtual nodes 1, 2, 4, ... 1024). */
  logX?: boolean;
  yMin?: number;
  widthPx?: number;
  heightPx?: number;
}

const MARGIN = { left: 56, right: 16, top: 32, bottom: 44 };
/** Room for a line chart's legend row between its title and the plot, so the two never overlap. */
const LEGEND_ROW_PX = 16;

export function barChart(options: BarChartOptions): string {
  const width = options.widthPx ?? 560;
  const height = options.heightPx ?? 280;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const yMax = niceMax(Math.max(...options.bars.map((bar) => bar.value), options.reference?.value ?? 0));
  const y = (value: number) => MARGIN.top + plotHeight - (value / yMax) * plotHeight;
  const slot = plotWidth / Math.max(1, options.bars.length);
  const bars = options.bars.map((bar, i) => {
    const x = MARGIN.left + i * slot + slot * 0.15;
    return el(
      "g",
      {},
      tooltip(`${bar.label}: ${formatValue(bar.value)}`),
      el("rect", { x, y: y(bar.value), width: slot * 0.7, height: MARGIN.top + plotHeight - y(bar.value), fill: bar.color ?? palette.series[i % palette.series.length] }),
      text(x + slot * 0.35, height - MARGIN.bottom + 14, bar.label, { "text-anchor": "middle", "font-size": 11, fill: palette.ink }),
    );
  });
  const reference = options.reference
    ? el(
        "g",
        {},
        el("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(options.reference.value), y2: y(options.reference.value), stroke: palette.bad, "stroke-dasharray": "5 4" }),
        text(width - MARGIN.right, y(options.reference.value) - 4, options.reference.label, { "text-anchor": "end", "font-size": 11, fill: palette.bad }),
      )
    : "";
  return svgDocument(width, height, title(options.title, width), yAxis(yMax, y, width, options.yLabel), ...bars, reference);
}

export function lineChart(options: LineChartOptions): string {
  const width = options.widthPx ?? 560;
  const height = options.heightPx ?? 300;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const top = MARGIN.top + (options.title ? LEGEND_ROW_PX : 0);
  const plotHeight = height - top - MARGIN.bottom;
  const all = options.series.flatMap((series) => series.points);
  const fx = (v: number) => (options.logX ? Math.log2(v) : v);
  const xMin = Math.min(...all.map((p) => fx(p.x)));
  const xMax = Math.max(...all.map((p) => fx(p.x)));
  const yMin = options.yMin ?? 0;
  const yMax = niceMax(Math.max(...all.map((p) => p.y)));
  const x = (v: number) => MARGIN.left + ((fx(v) - xMin) / Math.max(1e-9, xMax - xMin)) * plotWidth;
  const y = (v: number) => top + plotHeight - ((v - yMin) / Math.max(1e-9, yMax - yMin)) * plotHeight;
  const xTicks = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);
  const ticks = xTicks.map((value) => text(x(value), height - MARGIN.bottom + 14, formatValue(value), { "text-anchor": "middle", "font-size": 11, fill: palette.muted }));
  const lines = options.series.map((series, i) => {
    const color = series.color ?? palette.series[i % palette.series.length];
    const points = series.points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
    const dots = series.points.map((p) => el("circle", { cx: x(p.x), cy: y(p.y), r: 3, fill: color }, tooltip(`${series.name}: ${formatValue(p.x)} -> ${formatValue(p.y)}`)));
    const legend = text(MARGIN.left + 8 + i * 150, top - 8, `● ${series.name}`, { fill: color, "font-size": 12 });
    return el("g", {}, el("polyline", { points, fill: "none", stroke: color, "stroke-width": 2 }), ...dots, legend);
  });
  const xLabel = text(MARGIN.left + plotWidth / 2, height - 8, options.xLabel, { "text-anchor": "middle", fill: palette.ink, "font-size": 12 });
  return svgDocument(width, height, title(options.title, width), yAxis(yMax, y, width, options.yLabel, yMin), ...ticks, ...lines, xLabel);
}

function title(content: string, width: number): string {
  return text(width / 2, 16, content, { "text-anchor": "middle", "font-weight": "bold", fill: palette.ink });
}

function yAxis(yMax: number, y: (v: number) => number, width: number, label: string | undefined, yMin = 0): string {
  const steps = 4;
  const parts: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const value = yMin + ((yMax - yMin) * i) / steps;
    parts.push(el("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(value), y2: y(value), stroke: palette.grid }));
    parts.push(text(MARGIN.left - 6, y(value) + 4, formatValue(value), { "text-anchor": "end", "font-size": 11, fill: palette.muted }));
  }
  if (label) parts.push(el("text", { x: 14, y: y((yMin + yMax) / 2), transform: `rotate(-90 14 ${y((yMin + yMax) / 2)})`, "text-anchor": "middle", "font-size": 12, fill: palette.ink }, escapeXml(label)));
  return el("g", {}, ...parts);
}

/** A round number at or above `value`, so axes read 0, 250, 500, ... rather than 0, 237.5, ... */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
