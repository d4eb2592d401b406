/**
 * Small charts as SVG strings: bars (loads per shard, keys moved per strategy) and lines
 * (imbalance as virtual nodes grow, latency as quorums grow). Enough for the notebooks'
 * measurements, without a plotting library.
 *
 * Layout rules, tested in test/viz/chart.test.ts: axes have nice ticks (steps of 1, 2 or 5 times
 * a power of ten) and only whole numbers when the data are whole numbers (counts); margins are
 * measured from the labels they hold, so no label is clipped; the y label wraps at spaces when it
 * is longer than the plot is high; every bar carries its value, so a zero bar still shows; a
 * reference line is named in the legend, where no bar can hide it.
 */
import { layoutLegend, type LegendItem } from "./legend";
import { el, escapeXml, HALO, palette, svgDocument, text, tooltip } from "./svg";
import { textBox, textWidthPx, wrapWords, type Box } from "./text-size";
import { formatTick, niceTicks, type Ticks } from "./ticks";
import { LabelPlacer } from "./label-placer";

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

export interface BarChartOptions {
  title: string;
  bars: Bar[];
  yLabel?: string;
  /** A horizontal line, e.g. the fair share; named in the legend with its value. */
  reference?: { value: number; label: string };
  /** Whole-number ticks only; default: when every bar's value is a whole number. */
  integers?: boolean;
  widthPx?: number;
  heightPx?: number;
}

export interface LineSeries {
  name: string;
  /** A null y is a gap (nothing to measure there): the line breaks. */
  points: { x: number; y: number | null }[];
  color?: string;
}

export interface LineChartOptions {
  title: string;
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  /** Log-scale x axis (virtual nodes 1, 2, 4, ... 1024): ticks at the data's x values. */
  logX?: boolean;
  /** Where the y axis starts at the latest (default 0); data below it extend it. */
  yMin?: number;
  /** Whole-number y ticks only; default: when every y value is a whole number. */
  integers?: boolean;
  /** Spans of x shaded behind the lines (fault periods), named once in the legend. */
  shaded?: { spans: readonly { fromX: number; toX: number; label: string }[]; legend: string };
  /** Horizontal lines (a tolerance), dashed and named in the legend. */
  references?: readonly { value: number; label: string }[];
  widthPx?: number;
  heightPx?: number;
}

const EDGE_PX = 8;
const TITLE_FONT_PX = 12;
const TICK_FONT_PX = 11;
const AXIS_LABEL_FONT_PX = 12;
const VALUE_FONT_PX = 10;
/** Distance between the lines of a wrapped axis label. */
const AXIS_LINE_PX = 15;
const CATEGORY_LINE_PX = 13;
/** The widest the left margin gets (a wrapped y label and wide ticks): bar slots are measured against it. */
const LEFT_PX_MAX = 110;

export function barChart(options: BarChartOptions): string {
  const width = options.widthPx ?? 560;
  const height = options.heightPx ?? 280;
  const values = options.bars.map((bar) => bar.value);
  const ticks = niceTicks(0, Math.max(0, ...values, options.reference?.value ?? 0), { integer: options.integers ?? values.every(Number.isInteger) });
  const legend: LegendItem[] = options.reference ? [{ label: `${options.reference.label} (${formatValue(options.reference.value)})`, color: palette.bad, shape: "dash" }] : [];
  const categories = categoryLabels(options.bars.map((bar) => bar.label), (width - LEFT_PX_MAX - 16) / Math.max(1, options.bars.length));
  const frame = chartFrame({ width, height, title: options.title, legend, ticks, yLabel: options.yLabel, topExtraPx: VALUE_FONT_PX + 6, bottomPx: categories.heightPx + 6, rightPx: 16 });
  const { plot, y } = frame;
  const slot = plot.width / Math.max(1, options.bars.length);
  const bars = options.bars.map((bar, i) => {
    const x = plot.x + i * slot + slot * 0.15;
    const barWidth = slot * 0.7;
    const color = bar.color ?? palette.series[i % palette.series.length];
    const top = y(bar.value);
    // A zero bar is a stub on the baseline, so "nothing here" is visible as such.
    const shape = bar.value === 0 ? el("rect", { x, y: y(0) - 2, width: barWidth, height: 2, fill: color }) : el("rect", { x, y: top, width: barWidth, height: y(0) - top, fill: color });
    const value = text(x + barWidth / 2, Math.min(top, y(0) - 2) - 4, formatValue(bar.value), { "text-anchor": "middle", "font-size": VALUE_FONT_PX, fill: palette.ink, class: "value", ...HALO });
    return el("g", {}, tooltip(`${bar.label}: ${formatValue(bar.value)}`), shape, categories.draw(i, x + barWidth / 2, plot.y + plot.height), value);
  });
  const reference = options.reference
    ? el("line", { x1: plot.x, x2: plot.x + plot.width, y1: y(options.reference.value), y2: y(options.reference.value), stroke: palette.bad, "stroke-width": 1.5, "stroke-dasharray": "5 4" }, tooltip(`${options.reference.label}: ${formatValue(options.reference.value)}`))
    : "";
  return svgDocument(width, height, ...frame.parts, ...bars, reference);
}

export function lineChart(options: LineChartOptions): string {
  const width = options.widthPx ?? 560;
  const height = options.heightPx ?? 300;
  const all = options.series.flatMap((series) => series.points);
  const ys = all.flatMap((p) => (p.y === null ? [] : [p.y]));
  const references = options.references ?? [];
  const ticks = niceTicks(Math.min(options.yMin ?? 0, ...ys), Math.max(...ys, ...references.map((r) => r.value)), { integer: options.integers ?? ys.every(Number.isInteger) });
  const legend = [
    ...options.series.map((series, i): LegendItem => ({ label: series.name, color: colorOf(series, i), shape: "dot" })),
    ...references.map((r): LegendItem => ({ label: r.label, color: palette.bad, shape: "dash" })),
    ...(options.shaded && options.shaded.spans.length > 0 ? [{ label: options.shaded.legend, color: palette.partition }] : []),
  ];
  const xAxis = xAxisOf(all.map((p) => p.x), options.logX ?? false, width);
  const lastTickHalfPx = textWidthPx(xAxis.labels[xAxis.labels.length - 1] ?? "", TICK_FONT_PX) / 2;
  const frame = chartFrame({ width, height, title: options.title, legend, ticks, yLabel: options.yLabel, topExtraPx: 6, bottomPx: 40, rightPx: Math.max(16, lastTickHalfPx + EDGE_PX) });
  const { plot, y } = frame;
  const x = (v: number) => plot.x + ((xAxis.scale(v) - xAxis.scale(xAxis.min)) / Math.max(1e-9, xAxis.scale(xAxis.max) - xAxis.scale(xAxis.min))) * plot.width;
  const placer = new LabelPlacer({ x: 0, y: 0, width, height });
  const xTicks = xAxis.values.map((value, i) => {
    const box = textBox(x(value), plot.y + plot.height + 14, xAxis.labels[i], TICK_FONT_PX, "middle");
    const label = placer.place([box]) ? text(x(value), plot.y + plot.height + 14, xAxis.labels[i], { "text-anchor": "middle", "font-size": TICK_FONT_PX, fill: palette.muted, class: "tick-x" }) : "";
    return el("g", {}, el("line", { x1: x(value), x2: x(value), y1: plot.y + plot.height, y2: plot.y + plot.height + 4, stroke: palette.muted }), label);
  });
  const clampX = (v: number) => Math.min(plot.x + plot.width, Math.max(plot.x, x(v)));
  const shades = (options.shaded?.spans ?? []).map((span) =>
    el("rect", { x: clampX(span.fromX), y: plot.y, width: Math.max(1, clampX(span.toX) - clampX(span.fromX)), height: plot.height, fill: palette.partition }, tooltip(span.label)),
  );
  const referenceLines = references.map((r) =>
    el("line", { x1: plot.x, x2: plot.x + plot.width, y1: y(r.value), y2: y(r.value), stroke: palette.bad, "stroke-width": 1.5, "stroke-dasharray": "5 4" }, tooltip(`${r.label}: ${formatValue(r.value)}`)),
  );
  const lines = options.series.map((series, i) => {
    const color = colorOf(series, i);
    const runs = runsOf(series.points);
    const polylines = runs.map((run) => el("polyline", { points: run.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
    // Dots mark the measurements while there are few (on a long series they would hide the line),
    // and always a lone one, which no line can show.
    const dotted = series.points.length > 60 ? runs.filter((run) => run.length === 1) : runs;
    const dots = dotted.flat().map((p) => el("circle", { cx: x(p.x), cy: y(p.y), r: 3, fill: color }, tooltip(`${series.name}: ${formatValue(p.x)} -> ${formatValue(p.y)}`)));
    return el("g", {}, ...polylines, ...dots);
  });
  const xLabel = text(plot.x + plot.width / 2, height - EDGE_PX, options.xLabel, { "text-anchor": "middle", fill: palette.ink, "font-size": AXIS_LABEL_FONT_PX });
  return svgDocument(width, height, ...shades, ...frame.parts, ...xTicks, ...referenceLines, ...lines, xLabel);
}

/** The stretches of a series between its gaps (null values). */
function runsOf(points: readonly { x: number; y: number | null }[]): { x: number; y: number }[][] {
  const runs: { x: number; y: number }[][] = [[]];
  for (const p of points) {
    if (p.y === null) runs.push([]);
    else runs[runs.length - 1].push({ x: p.x, y: p.y });
  }
  return runs.filter((run) => run.length > 0);
}

/**
 * The bars' names under the axis: wrapped at spaces when a name is wider than its slot, or, when
 * a single word is, all turned upright so that neighbours cannot touch.
 */
function categoryLabels(labels: readonly string[], slotPx: number): { heightPx: number; draw: (i: number, x: number, axisY: number) => string } {
  const wrapped = labels.map((label) => wrapWords(label, slotPx - 6, TICK_FONT_PX));
  const fits = wrapped.every((lines) => lines.every((line) => textWidthPx(line, TICK_FONT_PX) <= slotPx - 6));
  const style = { "font-size": TICK_FONT_PX, fill: palette.ink };
  if (fits) {
    const lines = Math.max(1, ...wrapped.map((l) => l.length));
    return {
      heightPx: lines * CATEGORY_LINE_PX + 4,
      draw: (i, x, axisY) => wrapped[i].map((line, k) => text(x, axisY + 14 + k * CATEGORY_LINE_PX, line, { "text-anchor": "middle", ...style })).join(""),
    };
  }
  const longest = Math.max(...labels.map((label) => textWidthPx(label, TICK_FONT_PX)));
  return {
    heightPx: longest + 10,
    draw: (i, x, axisY) => el("text", { x: x + 4, y: axisY + 6, transform: `rotate(-90 ${x + 4} ${axisY + 6})`, "text-anchor": "end", ...style }, escapeXml(labels[i])),
  };
}

function colorOf(series: LineSeries, i: number): string {
  return series.color ?? palette.series[i % palette.series.length];
}

interface FrameOptions {
  width: number;
  height: number;
  title: string;
  legend: readonly LegendItem[];
  ticks: Ticks;
  yLabel: string | undefined;
  /** Room above the plot for labels that stand above the data (bar values). */
  topExtraPx: number;
  /** Room below the plot, for the x axis and its labels. */
  bottomPx: number;
  rightPx: number;
}

interface Frame {
  plot: Box;
  y: (value: number) => number;
  /** Title, legend, grid, y ticks and y label. */
  parts: string[];
}

/** Title, legend and y axis, with the plot area what is left once they are measured. */
function chartFrame(options: FrameOptions): Frame {
  const parts: string[] = [];
  let top = EDGE_PX;
  if (options.title) {
    parts.push(text(options.width / 2, top + TITLE_FONT_PX, options.title, { "text-anchor": "middle", "font-weight": "bold", fill: palette.ink }));
    top += TITLE_FONT_PX + 8;
  }
  if (options.legend.length > 0) {
    const legend = layoutLegend(options.legend, EDGE_PX, options.width - EDGE_PX, top);
    parts.push(legend.svg);
    top += legend.box.height + 4;
  }
  top += options.topExtraPx;
  const bottom = options.height - options.bottomPx;
  const plotHeight = bottom - top;
  const { ticks } = options;
  const tickLabels = ticks.values.map((value) => formatTick(value, ticks.step));
  const yLabelLines = options.yLabel ? wrapWords(options.yLabel, plotHeight, AXIS_LABEL_FONT_PX) : [];
  const left = EDGE_PX + yLabelLines.length * AXIS_LINE_PX + (yLabelLines.length > 0 ? 6 : 0) + Math.max(...tickLabels.map((label) => textWidthPx(label, TICK_FONT_PX))) + 8;
  const right = options.width - options.rightPx;
  const y = (value: number) => bottom - ((value - ticks.min) / (ticks.max - ticks.min)) * plotHeight;
  ticks.values.forEach((value, i) => {
    parts.push(el("line", { x1: left, x2: right, y1: y(value), y2: y(value), stroke: value === 0 ? palette.muted : palette.grid }));
    parts.push(text(left - 6, y(value) + 4, tickLabels[i], { "text-anchor": "end", "font-size": TICK_FONT_PX, fill: palette.muted, class: "tick-y" }));
  });
  const middle = (top + bottom) / 2;
  yLabelLines.forEach((line, i) => {
    const x = EDGE_PX + AXIS_LABEL_FONT_PX + i * AXIS_LINE_PX - 2;
    parts.push(el("text", { x, y: middle, transform: `rotate(-90 ${x} ${middle})`, "text-anchor": "middle", "font-size": AXIS_LABEL_FONT_PX, fill: palette.ink }, escapeXml(line)));
  });
  return { plot: { x: left, y: top, width: right - left, height: plotHeight }, y, parts };
}

interface XAxis {
  values: number[];
  labels: string[];
  min: number;
  max: number;
  scale: (v: number) => number;
}

/** Log scale: a tick at each x in the data. Linear: nice ticks over the data's range. */
function xAxisOf(xs: readonly number[], logX: boolean, width: number): XAxis {
  if (logX) {
    const values = [...new Set(xs)].sort((a, b) => a - b);
    return { values, labels: values.map((v) => formatValue(v)), min: values[0], max: values[values.length - 1], scale: Math.log2 };
  }
  const ticks = niceTicks(Math.min(...xs), Math.max(...xs), { count: Math.max(2, Math.floor(width / 110)), integer: xs.every(Number.isInteger) });
  return { values: ticks.values, labels: ticks.values.map((v) => formatTick(v, ticks.step)), min: ticks.min, max: ticks.max, scale: (v) => v };
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
