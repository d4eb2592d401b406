/**
 * A history as a timeline: one lane per client, each operation a bar from its call to its
 * return, labelled with what it did. Indeterminate operations (no answer) are drawn open-ended,
 * fading out to the right edge, because they may take effect at any later moment; refused ones
 * are grey; the operations an ILLEGAL verdict blames are outlined in red.
 *
 *   tslab.display.html(historyTimeline(result.partOperations, { model: "register", highlight: result.core }));
 */
import { knownOutput, type Operation } from "../check/history";
import type { AnyModel } from "../check/model";
import { modelNamed } from "../check/models";
import { el, palette, svgDocument, text, tooltip } from "./svg";
import { textWidthPx } from "./text-size";
import { ticksWithin } from "./ticks";

export interface HistoryTimelineOptions {
  /** The model that describes operations in words (default: a plain description). */
  model?: AnyModel | string;
  /** Operations to mark as offending (the core of an ILLEGAL verdict). */
  highlight?: readonly Operation<unknown, unknown>[];
  /** What the legend calls them (default "cannot be ordered", linearizability's words). */
  highlightLabel?: string;
  widthPx?: number;
  /** At most this many operations are drawn; beyond it a window around the highlighted ones (default 300). */
  operationsMax?: number;
  /** Only operations that overlap this span of time (e.g. around an explanation's core). */
  focusMs?: { fromMs: number; toMs: number };
  title?: string;
}

const LANE_LABEL_PX = 70;
const ROW_PX = 26;
const BAR_PX = 12;
const MARGIN_PX = 16;
const AXIS_PX = 36;
const LEGEND_PX = 22;
const LABEL_FONT_PX = 10;

export function historyTimeline(operations: readonly Operation<unknown, unknown>[], options: HistoryTimelineOptions = {}): string {
  const model = typeof options.model === "string" ? modelNamed(options.model) : options.model;
  const describe = (op: Operation<unknown, unknown>) => (model ? model.describe(op.input, knownOutput(op)) : JSON.stringify(op.input));
  const highlighted = new Set((options.highlight ?? []).map((op) => op.id));
  const focused = options.focusMs ? operations.filter((op) => overlaps(op, options.focusMs as { fromMs: number; toMs: number }) || highlighted.has(op.id)) : operations;
  const chosen = chooseWindow(focused, highlighted, options.operationsMax ?? 300);
  const shown = chosen.shown;
  const caption = focused.length < operations.length && !chosen.caption ? `showing the ${focused.length} of ${operations.length} operations around the offending ones` : chosen.caption;
  const width = options.widthPx ?? 900;
  const rows = assignRows(shown);
  const startMs = Math.min(...shown.map((op) => op.callMs));
  const endMs = Math.max(...shown.map((op) => op.returnMs ?? op.callMs), startMs + 1);
  const right = width - MARGIN_PX;
  const x = (ms: number) => LANE_LABEL_PX + ((ms - startMs) / (endMs - startMs)) * (right - LANE_LABEL_PX - 30);
  const top = MARGIN_PX + (options.title ? 18 : 0) + LEGEND_PX;
  const height = top + rows.count * ROW_PX + AXIS_PX + (caption ? 16 : 0);
  const parts: string[] = [];
  if (options.title) parts.push(text(MARGIN_PX, MARGIN_PX + 4, options.title, { "font-weight": "bold", fill: palette.ink }));
  parts.push(legend(MARGIN_PX, top - LEGEND_PX + 6, options.highlightLabel ?? "cannot be ordered"));
  rows.lanes.forEach(({ client, firstRow, rowCount }, lane) => {
    const y = top + firstRow * ROW_PX;
    if (lane % 2 === 1) parts.push(el("rect", { x: 0, y, width, height: rowCount * ROW_PX, fill: "#f8f9fa" }));
    parts.push(text(MARGIN_PX, y + ROW_PX / 2 + 4, client, { fill: palette.ink }));
  });
  const labelEnds = new Map<string, number>(); // per row and side of the bar: where the last label ends
  for (const op of [...shown].sort((a, b) => a.callMs - b.callMs || a.id - b.id)) {
    const row = rows.rowOf.get(op.id) as number;
    const y = top + row * ROW_PX + (ROW_PX - BAR_PX) / 2;
    parts.push(bar(op, x(op.callMs), op.returnMs === null ? right : x(op.returnMs), y, describe(op), highlighted.has(op.id), op.returnMs === null, labelPlacer(labelEnds, row, right)));
  }
  parts.push(axis(startMs, endMs, x, top + rows.count * ROW_PX + 4, right));
  if (caption) parts.push(text(MARGIN_PX, height - 6, caption, { fill: palette.muted, "font-size": 11 }));
  const fade = el("defs", {}, el("linearGradient", { id: "history-open-ended" }, el("stop", { offset: "0", "stop-color": palette.unknown, "stop-opacity": 0.85 }), el("stop", { offset: "1", "stop-color": palette.unknown, "stop-opacity": 0.05 })));
  return svgDocument(width, height, fade, ...parts);
}

function overlaps(op: Operation<unknown, unknown>, span: { fromMs: number; toMs: number }): boolean {
  return op.callMs <= span.toMs && (op.returnMs === null || op.returnMs >= span.fromMs);
}

/** All operations if few enough; else a window in time around the highlighted ones (or the start). */
function chooseWindow(operations: readonly Operation<unknown, unknown>[], highlighted: Set<number>, operationsMax: number): { shown: Operation<unknown, unknown>[]; caption: string } {
  if (operations.length <= operationsMax) return { shown: [...operations], caption: "" };
  const byCall = [...operations].sort((a, b) => a.callMs - b.callMs || a.id - b.id);
  const firstMarked = byCall.findIndex((op) => highlighted.has(op.id));
  const from = Math.max(0, Math.min(byCall.length - operationsMax, firstMarked - Math.floor(operationsMax / 2)));
  const window = byCall.slice(from, from + operationsMax);
  const missing = byCall.filter((op) => highlighted.has(op.id) && !window.includes(op));
  const shown = [...window.slice(0, operationsMax - missing.length), ...missing];
  return { shown, caption: `showing ${shown.length} of ${operations.length} operations, ${firstMarked >= 0 ? "around the offending ones" : "the earliest"}` };
}

/** Lanes by client (in order of first call); overlapping operations of one client get extra rows. */
function assignRows(operations: readonly Operation<unknown, unknown>[]) {
  const lanes: { client: string; firstRow: number; rowEnds: number[]; ops: [number, number][] }[] = [];
  const laneOf = new Map<string, (typeof lanes)[number]>();
  for (const op of [...operations].sort((a, b) => a.callMs - b.callMs || a.id - b.id)) {
    let lane = laneOf.get(op.client);
    if (!lane) {
      lane = { client: op.client, firstRow: 0, rowEnds: [], ops: [] };
      lanes.push(lane);
      laneOf.set(op.client, lane);
    }
    // A client's next call at the very millisecond its last one returned still follows it: same row.
    let row = lane.rowEnds.findIndex((end) => end <= op.callMs);
    if (row < 0) row = lane.rowEnds.push(0) - 1;
    lane.rowEnds[row] = op.returnMs ?? Infinity;
    lane.ops.push([op.id, row]);
  }
  const rowOf = new Map<number, number>();
  let count = 0;
  for (const lane of lanes) {
    lane.firstRow = count;
    for (const [id, row] of lane.ops) rowOf.set(id, count + row);
    count += lane.rowEnds.length;
  }
  return { lanes: lanes.map((lane) => ({ client: lane.client, firstRow: lane.firstRow, rowCount: lane.rowEnds.length })), rowOf, count };
}

/**
 * Where a label of `widthPx` for a bar starting at x1 goes in its row: above the bar, else below
 * it, else nowhere (the tooltip has it). Near the right edge it moves left so it is not cut off.
 */
type LabelPlacer = (x1: number, widthPx: number) => { side: "above" | "below"; x: number } | undefined;

function labelPlacer(ends: Map<string, number>, row: number, rightPx: number): LabelPlacer {
  return (x1, widthPx) => {
    const x = Math.max(LANE_LABEL_PX, Math.min(x1, rightPx - widthPx));
    for (const side of ["above", "below"] as const) {
      const key = `${row}:${side}`;
      if ((ends.get(key) ?? -Infinity) + 4 <= x) {
        ends.set(key, x + widthPx);
        return { side, x };
      }
    }
    return undefined;
  };
}

function bar(op: Operation<unknown, unknown>, x1: number, x2: number, y: number, label: string, offending: boolean, openEnded: boolean, place: LabelPlacer): string {
  const width = Math.max(3, x2 - x1);
  const fill = openEnded ? "url(#history-open-ended)" : op.status === "fail" ? palette.grid : palette.message;
  const when = `t=${op.callMs}..${op.returnMs ?? "? (no answer: may take effect at any later time)"}`;
  const status = op.status === "fail" ? " (refused: no effect)" : "";
  return el(
    "g",
    {},
    tooltip(`${op.client}: ${label}${status}, ${when}${offending ? "; one of the operations that cannot be ordered" : ""}`),
    el("rect", {
      x: x1,
      y,
      width,
      height: BAR_PX,
      rx: 3,
      fill,
      opacity: op.status === "fail" ? 0.9 : 0.85,
      stroke: offending ? palette.bad : openEnded ? palette.unknown : "none",
      "stroke-width": offending ? 2.5 : 1,
      "stroke-dasharray": openEnded ? "4 3" : undefined,
    }),
    labelFor(op, x1, y, width, label, offending, place),
  );
}

/**
 * Labels that would run into the next bar are left to the tooltip, except the offending ones,
 * which go above their bar or, when another label is in the way, below it.
 */
function labelFor(op: Operation<unknown, unknown>, x1: number, y: number, barWidth: number, label: string, offending: boolean, place: LabelPlacer): string {
  const labelWidth = textWidthPx(label, LABEL_FONT_PX, offending);
  if (!offending && labelWidth > barWidth + 8) return "";
  const spot = place(x1, labelWidth);
  if (spot === undefined) return "";
  return text(spot.x + 2, spot.side === "above" ? y - 2 : y + BAR_PX + 9, label, { "font-size": LABEL_FONT_PX, fill: offending ? palette.bad : palette.ink, "font-weight": offending ? "bold" : undefined });
}

function axis(startMs: number, endMs: number, x: (ms: number) => number, y: number, right: number): string {
  const ticks: string[] = [el("line", { x1: x(startMs), y1: y, x2: right, y2: y, stroke: palette.muted })];
  for (const ms of ticksWithin(startMs, endMs, { count: 6 })) {
    ticks.push(el("line", { x1: x(ms), y1: y, x2: x(ms), y2: y + 4, stroke: palette.muted }), text(x(ms), y + 16, ms.toLocaleString("en-US"), { "text-anchor": "middle", fill: palette.muted, "font-size": 10, class: "tick-x" }));
  }
  ticks.push(text(right, y + 28, "time (ms)", { "text-anchor": "end", fill: palette.muted, "font-size": 10 }));
  return el("g", {}, ...ticks);
}

function legend(x: number, y: number, highlightLabel: string): string {
  const items: [string, Record<string, string | number>][] = [
    ["answered", { fill: palette.message }],
    ["no answer (may happen later)", { fill: "url(#history-open-ended)", stroke: palette.unknown, "stroke-dasharray": "4 3" }],
    ["refused", { fill: palette.grid }],
    [highlightLabel, { fill: palette.message, stroke: palette.bad, "stroke-width": 2.5 }],
  ];
  let offset = x;
  const out: string[] = [];
  for (const [label, style] of items) {
    out.push(el("rect", { x: offset, y: y - 9, width: 22, height: 10, rx: 3, ...style }), text(offset + 27, y, label, { "font-size": 10, fill: palette.ink }));
    offset += 35 + textWidthPx(label, 10);
  }
  return el("g", {}, ...out);
}
