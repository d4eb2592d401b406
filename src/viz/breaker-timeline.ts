/**
 * A circuit breaker's life on one picture: the dependency's health (when known), the breaker's
 * state over time (CLOSED green, OPEN red, HALF_OPEN amber), and every call as a tick on the row
 * of its result (succeeded, failed, slow, rejected by the breaker). What the space-time diagram
 * is to messages, this is to calls through a breaker.
 */
import type { BreakerState, BreakerTransition } from "../contracts/resilience";
import { formatTime } from "./load-over-time";
import { el, palette, svgDocument, text, tooltip } from "./svg";

export type CallMark = "ok" | "failed" | "slow" | "rejected";

export interface TimelineCall {
  atMs: number;
  mark: CallMark;
  label?: string;
}

export interface BreakerTimelineOptions {
  title?: string;
  transitions: readonly BreakerTransition[];
  calls: readonly TimelineCall[];
  /** The dependency's phases, drawn as a band above the breaker's (name by start time). */
  health?: readonly { fromMs: number; name: string }[];
  /** The state before the first transition (default CLOSED; none: a breaker-less caller). */
  initialState?: BreakerState | "none";
  fromMs?: number;
  toMs?: number;
  widthPx?: number;
}

export const BREAKER_COLORS: Record<BreakerState, string> = { CLOSED: "#3ebd93", OPEN: "#d64545", HALF_OPEN: "#f0b429" };
const MARK_COLORS: Record<CallMark, string> = { ok: "#2f9e44", failed: "#d64545", slow: "#e8833a", rejected: "#9aa5b1" };
const HEALTH_COLORS: Record<string, string> = { healthy: "#c6f6d5", failing: "#fbd5d5", slow: "#fde2c8", down: "#cbd2d9", recovering: "#fff3c4", overloaded: "#fde2c8" };
const MARKS: CallMark[] = ["ok", "failed", "slow", "rejected"];
const LEFT = 88;
const RIGHT = 16;
const BAND_PX = 20;
const TICK_ROW_PX = 16;

export function breakerTimeline(options: BreakerTimelineOptions): string {
  const width = options.widthPx ?? 900;
  const fromMs = options.fromMs ?? 0;
  const lastMs = Math.max(fromMs + 1, ...options.calls.map((c) => c.atMs), ...options.transitions.map((t) => t.atMs));
  const toMs = options.toMs ?? lastMs;
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (width - LEFT - RIGHT);
  let y = options.title ? 28 : 8;
  const parts: string[] = [];
  if (options.title) parts.push(text(LEFT, 18, options.title, { "font-weight": "bold", fill: palette.ink }));
  if (options.health) {
    parts.push(band("dependency", y, bands(options.health.map((h) => ({ atMs: h.fromMs, value: h.name })), fromMs, toMs), (v) => HEALTH_COLORS[v] ?? palette.grid, x));
    y += BAND_PX + 6;
  }
  if (options.initialState !== "none") {
    const initial = options.initialState ?? "CLOSED";
    const changes = [{ atMs: fromMs, value: initial as string }, ...options.transitions.map((t) => ({ atMs: t.atMs, value: t.to as string }))];
    parts.push(band("breaker", y, bands(changes, fromMs, toMs), (v) => BREAKER_COLORS[v as BreakerState], x));
    y += BAND_PX + 6;
  }
  for (const mark of MARKS) {
    const ticks = options.calls.filter((c) => c.mark === mark && c.atMs >= fromMs && c.atMs <= toMs);
    if (ticks.length === 0) continue;
    parts.push(text(8, y + 11, `${mark} (${ticks.length})`, { "font-size": 11, fill: palette.ink }));
    for (const [px, calls] of byPixel(ticks, x)) {
      const label = calls.length === 1 ? calls[0].label : `${calls.length} calls ${mark}, ${formatTime(calls[0].atMs)} to ${formatTime(calls[calls.length - 1].atMs)}`;
      parts.push(el("line", { x1: px, x2: px, y1: y + 1, y2: y + TICK_ROW_PX - 3, stroke: MARK_COLORS[mark], "stroke-width": 1.2 }, ...(label ? [tooltip(label)] : [])));
    }
    y += TICK_ROW_PX;
  }
  const anchors = ["start", "middle", "end"];
  [fromMs, (fromMs + toMs) / 2, toMs].forEach((t, i) => parts.push(text(x(t), y + 12, formatTime(t), { "text-anchor": anchors[i], "font-size": 10, fill: palette.muted })));
  y += 20;
  const legend = (Object.keys(BREAKER_COLORS) as BreakerState[]).map((state, i) =>
    el("g", {}, el("rect", { x: LEFT + i * 110, y, width: 12, height: 12, fill: BREAKER_COLORS[state] }), text(LEFT + i * 110 + 16, y + 10, state, { "font-size": 11, fill: palette.ink })),
  );
  return svgDocument(width, y + 20, ...parts, ...(options.initialState === "none" ? [] : legend));
}

/** Calls grouped by the pixel column they fall on: a long run draws one tick per column, not thousands. */
function byPixel(calls: readonly TimelineCall[], x: (t: number) => number): Map<number, TimelineCall[]> {
  const columns = new Map<number, TimelineCall[]>();
  for (const call of calls) {
    const px = Math.round(x(call.atMs));
    const column = columns.get(px);
    if (column) column.push(call);
    else columns.set(px, [call]);
  }
  return columns;
}

interface Stretch {
  fromMs: number;
  toMs: number;
  value: string;
}

function bands(changes: readonly { atMs: number; value: string }[], fromMs: number, toMs: number): Stretch[] {
  const sorted = [...changes].sort((a, b) => a.atMs - b.atMs);
  return sorted
    .map((change, i) => ({ fromMs: Math.max(fromMs, change.atMs), toMs: Math.min(toMs, sorted[i + 1]?.atMs ?? toMs), value: change.value }))
    .filter((stretch) => stretch.toMs > stretch.fromMs);
}

function band(label: string, y: number, stretches: Stretch[], color: (value: string) => string, x: (t: number) => number): string {
  const rects = stretches.map((s) => {
    const w = Math.max(0.8, x(s.toMs) - x(s.fromMs));
    const name = w > 60 ? text(x(s.fromMs) + 3, y + 14, s.value, { "font-size": 10, fill: palette.ink }) : "";
    return el("g", {}, tooltip(`${label}: ${s.value}, ${formatTime(s.fromMs)} to ${formatTime(s.toMs)}`), el("rect", { x: x(s.fromMs), y, width: w, height: BAND_PX, fill: color(s.value) }), name);
  });
  return el("g", {}, text(8, y + 14, label, { "font-weight": "bold", "font-size": 11, fill: palette.ink }), ...rects);
}
