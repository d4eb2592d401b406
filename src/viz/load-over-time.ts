/**
 * Load over time: one panel per run, a stacked bar per time bucket (requests served, failed,
 * shed...), panels on one scale so they compare at a glance, and an optional reference line
 * (the dependency's capacity). Drawn for retry storms, bulkheads and piles of hung calls, where a
 * run has far too many buckets for the bar chart's labels.
 */
import { formatTick, niceStep, niceTicks, ticksWithin, type Ticks } from "./ticks";
import { el, escapeXml, palette, svgDocument, text, tooltip } from "./svg";
import { textWidthPx } from "./text-size";

export interface LoadSeries {
  name: string;
  values: readonly number[];
  color?: string;
}

export interface LoadPanel {
  title: string;
  /** Stacked from the bottom, in this order. */
  series: readonly LoadSeries[];
  reference?: { value: number; label: string };
}

export interface LoadOverTimeOptions {
  title?: string;
  bucketMs: number;
  panels: readonly LoadPanel[];
  yLabel: string;
  widthPx?: number;
  panelHeightPx?: number;
  /** The top of the scale; taller bars are cut there and labelled with their height (default: the tallest). */
  yMax?: number;
}

const LEFT = 56;
const RIGHT = 16;

export function loadOverTime(options: LoadOverTimeOptions): string {
  const width = options.widthPx ?? 900;
  const panelHeight = options.panelHeightPx ?? 130;
  const buckets = Math.max(1, ...options.panels.flatMap((p) => p.series.map((s) => s.values.length)));
  const totals = options.panels.flatMap((p) => Array.from({ length: buckets }, (_, b) => p.series.reduce((sum, s) => sum + (s.values[b] ?? 0), 0)));
  const ticks = yTicksOf(options.yMax, Math.max(1, ...totals, ...options.panels.map((p) => p.reference?.value ?? 0)));
  const yMax = ticks.max;
  const slot = (width - LEFT - RIGHT) / buckets;
  let y = options.title ? 26 : 6;
  const parts: string[] = options.title ? [text(LEFT, 17, options.title, { "font-weight": "bold", fill: palette.ink })] : [];
  for (const panel of options.panels) {
    parts.push(drawPanel(panel, { top: y + 28, height: panelHeight, width, buckets, slot, yMax, yTicks: ticks, bucketMs: options.bucketMs, yLabel: options.yLabel }));
    y += panelHeight + 50;
  }
  return svgDocument(width, y, ...parts);
}

interface Frame {
  top: number;
  height: number;
  width: number;
  buckets: number;
  slot: number;
  yMax: number;
  yTicks: Ticks;
  bucketMs: number;
  yLabel: string;
}

/** Nice count ticks up to the tallest stack, or within a given top where taller bars are cut. */
function yTicksOf(topGiven: number | undefined, tallest: number): Ticks {
  const options = { integer: true, count: 2 };
  if (topGiven === undefined) return niceTicks(0, tallest, options);
  return { values: ticksWithin(0, topGiven, options), step: niceStep(topGiven / options.count, true), min: 0, max: topGiven };
}

function drawPanel(panel: LoadPanel, f: Frame): string {
  const y = (v: number) => f.top + f.height - (Math.min(v, f.yMax) / f.yMax) * f.height;
  const parts = [text(LEFT, f.top - 16, panel.title, { "font-size": 12, fill: palette.ink })];
  let lastLabelX = -Infinity;
  for (const v of f.yTicks.values) {
    parts.push(el("line", { x1: LEFT, x2: f.width - RIGHT, y1: y(v), y2: y(v), stroke: palette.grid }));
    parts.push(text(LEFT - 6, y(v) + 4, formatTick(v, f.yTicks.step), { "text-anchor": "end", "font-size": 10, fill: palette.muted, class: "tick-y" }));
  }
  parts.push(el("text", { x: 12, y: f.top + f.height / 2, transform: `rotate(-90 12 ${f.top + f.height / 2})`, "text-anchor": "middle", "font-size": 11, fill: palette.ink }, escapeXml(f.yLabel)));
  for (let b = 0; b < f.buckets; b++) {
    let base = 0;
    panel.series.forEach((series, i) => {
      const v = series.values[b] ?? 0;
      if (v <= 0) return;
      const color = series.color ?? palette.series[i % palette.series.length];
      parts.push(el("rect", { x: LEFT + b * f.slot, y: y(base + v), width: Math.max(0.6, f.slot - 0.4), height: y(base) - y(base + v), fill: color }, tooltip(`${formatTime(b * f.bucketMs)}: ${series.name} ${v}`)));
      base += v;
    });
    // A cut bar's true height, centred over it but never reaching into the tick labels on the left.
    const labelX = Math.max(LEFT + (b + 0.5) * f.slot, LEFT + textWidthPx(`${base}`, 9) / 2 + 2);
    if (base > f.yMax && labelX - lastLabelX > 24) {
      parts.push(text(labelX, f.top - 3, `${base}`, { "text-anchor": "middle", "font-size": 9, fill: palette.ink }));
      lastLabelX = labelX;
    }
  }
  if (panel.reference) {
    const ry = y(panel.reference.value);
    parts.push(el("line", { x1: LEFT, x2: f.width - RIGHT, y1: ry, y2: ry, stroke: palette.bad, "stroke-dasharray": "5 4" }));
    parts.push(text(f.width - RIGHT, ry - 4, panel.reference.label, { "text-anchor": "end", "font-size": 10, fill: palette.bad }));
  }
  const total = f.buckets * f.bucketMs;
  // Nice steps of the unit the axis reads in: 0, 2, 4 ... s rather than 0, 7.5, 15 s.
  const unitMs = total >= 2_000 ? 1_000 : 1;
  for (const t of ticksWithin(0, total / unitMs, { count: 8 }).map((v) => v * unitMs)) {
    const anchor = t === 0 ? "start" : t >= total ? "end" : "middle";
    parts.push(text(LEFT + (t / total) * (f.width - LEFT - RIGHT), f.top + f.height + 13, formatTime(t), { "text-anchor": anchor, "font-size": 10, fill: palette.muted, class: "tick-x" }));
  }
  const legend = panel.series.map((series, i) => text(f.width - RIGHT - (panel.series.length - i) * 110, f.top - 16, `■ ${series.name}`, { "font-size": 11, fill: series.color ?? palette.series[i % palette.series.length] }));
  return el("g", {}, ...parts, ...legend);
}

/** "250 ms", "1.5 s", "62 s": time on an axis. */
export function formatTime(ms: number): string {
  return ms >= 1_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}
