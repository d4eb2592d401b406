/**
 * Jepsen's latency plot: one dot per operation at the time it was called, as high as it took to
 * answer, coloured by what it was and how it ended; operations that never got an answer sit on a
 * line at the top. The nemesis rounds are shaded and named, so what each fault did to latency
 * (and to availability: the gaps) is seen at a glance.
 */
import type { Operation } from "../check/history";
import { layoutLegend, type LegendItem } from "./legend";
import { el, HALO, palette, svgDocument, text, tooltip } from "./svg";
import { textWidthPx } from "./text-size";
import { formatTick, niceTicks, ticksWithin } from "./ticks";

export interface LatencyOptions {
  title: string;
  /** The run's length (ms): the x axis ends here. */
  endMs: number;
  windows: readonly { fromMs: number; toMs: number; what: string }[];
  /** What kind of operation an input is ("transfer", "read"): one colour each. */
  kindOf: (input: unknown) => string;
  widthPx?: number;
  heightPx?: number;
}

const LEFT = 62;
const RIGHT = 16;
const TOP = 48;
const BOTTOM = 64;
const WINDOW_FONT_PX = 10;

export function latencyOverTime(operations: readonly Operation<unknown, unknown>[], options: LatencyOptions): string {
  const width = options.widthPx ?? 900;
  const height = options.heightPx ?? 300;
  const plot = { x: LEFT, y: TOP, width: width - LEFT - RIGHT, height: height - TOP - BOTTOM };
  const answered = operations.filter((op) => op.returnMs !== null);
  const latencyMax = Math.max(1, ...answered.map((op) => (op.returnMs as number) - op.callMs));
  const yTicks = niceTicks(0, latencyMax, { count: 4, integer: true });
  // The top band holds operations with no answer: above every tick, so no latency is read off it.
  const noAnswerY = plot.y - 16;
  const x = (ms: number) => plot.x + (Math.min(ms, options.endMs) / options.endMs) * plot.width;
  const y = (ms: number) => plot.y + plot.height - (ms / yTicks.max) * plot.height;
  const kinds = [...new Set(operations.map((op) => options.kindOf(op.input)))].sort();
  const colorOf = (op: Operation<unknown, unknown>) => (op.status === "info" ? palette.unknown : op.status === "fail" ? palette.bad : palette.series[kinds.indexOf(options.kindOf(op.input)) % palette.series.length]);
  const parts: string[] = [text(LEFT, 18, options.title, { "font-weight": "bold", fill: palette.ink })];
  for (const w of options.windows) {
    parts.push(el("rect", { x: x(w.fromMs), y: plot.y, width: Math.max(1, x(w.toMs) - x(w.fromMs)), height: plot.height, fill: palette.partition }, tooltip(w.what)));
    const label = shortLabel(w.what, x(w.toMs) - x(w.fromMs) - 4);
    if (label) parts.push(text(x(w.fromMs) + 2, plot.y + 12, label, { "font-size": WINDOW_FONT_PX, fill: palette.bad, ...HALO }));
  }
  for (const v of yTicks.values) {
    parts.push(el("line", { x1: plot.x, x2: plot.x + plot.width, y1: y(v), y2: y(v), stroke: palette.grid }));
    parts.push(text(plot.x - 6, y(v) + 4, formatTick(v, yTicks.step), { "text-anchor": "end", "font-size": 10, fill: palette.muted, class: "tick-y" }));
  }
  if (operations.some((op) => op.returnMs === null)) parts.push(text(plot.x - 6, noAnswerY + 4, "no answer", { "text-anchor": "end", "font-size": 10, fill: palette.unknown }));
  parts.push(el("text", { x: 14, y: plot.y + plot.height / 2, transform: `rotate(-90 14 ${plot.y + plot.height / 2})`, "text-anchor": "middle", "font-size": 11, fill: palette.ink }, "latency (ms)"));
  const seconds = options.endMs / 1_000;
  for (const s of ticksWithin(0, seconds, { count: 8 })) {
    parts.push(text(x(s * 1_000), plot.y + plot.height + 14, `${formatTick(s, 1)} s`, { "text-anchor": s === 0 ? "start" : "middle", "font-size": 10, fill: palette.muted, class: "tick-x" }));
  }
  for (const op of operations) {
    const cy = op.returnMs === null ? noAnswerY : y(op.returnMs - op.callMs);
    parts.push(el("circle", { cx: x(op.callMs), cy, r: 2, fill: colorOf(op) }, tooltip(`${op.client} ${JSON.stringify(op.input)} ${op.status}${op.returnMs === null ? "" : ` in ${Math.round(op.returnMs - op.callMs)} ms`}`)));
  }
  // The legend names only what is drawn.
  const drawn = (status: string) => operations.some((op) => op.status === status);
  const items: LegendItem[] = [
    ...kinds.filter((kind) => operations.some((op) => op.status === "ok" && options.kindOf(op.input) === kind)).map((kind) => ({ label: `${kind} answered`, color: palette.series[kinds.indexOf(kind) % palette.series.length], shape: "dot" as const })),
    ...(drawn("fail") ? [{ label: "failed (did not happen)", color: palette.bad, shape: "dot" as const }] : []),
    ...(drawn("info") ? [{ label: "no answer (unknown)", color: palette.unknown, shape: "dot" as const }] : []),
    ...(options.windows.length > 0 ? [{ label: "nemesis active", color: palette.partition }] : []),
  ];
  parts.push(layoutLegend(items, plot.x, plot.x + plot.width, plot.y + plot.height + 26).svg);
  return svgDocument(width, height, ...parts);
}

/** The window's description if it fits `widthPx`, else its first word, else nothing. */
function shortLabel(what: string, widthPx: number): string | undefined {
  for (const candidate of [what, what.split(" ")[0]]) if (textWidthPx(candidate, WINDOW_FONT_PX) <= widthPx) return candidate;
  return undefined;
}
