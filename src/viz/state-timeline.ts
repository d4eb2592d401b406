/**
 * A per-node state timeline: for each node a bar over time, coloured by an annotated key (by
 * default Raft's "role": follower grey, candidate yellow, leader green) and labelled by another
 * (by default "term"), with the stretches when the node was down shown in red, partitions marked
 * over the rows with their names and "healed" where they ended, and a time axis with nice ticks.
 * A segment's label is written only where it fits inside the segment.
 */
import type { NodeId } from "../contracts/node";
import type { TraceEvent } from "../sim/trace";
import { LabelPlacer } from "./label-placer";
import { layoutLegend } from "./legend";
import { cutBands, cutSpans, timeAxis } from "./network-marks";
import { nodesOf } from "./space-time";
import { el, palette, svgDocument, text, tooltip } from "./svg";
import { textBox, textWidthPx } from "./text-size";

export interface StateTimelineOptions {
  colorKey?: string;
  labelKey?: string;
  fromMs?: number;
  toMs?: number;
  nodes?: NodeId[];
  widthPx?: number;
  title?: string;
}

interface Segment {
  from: number;
  to: number;
  color: string | undefined;
  label: string | undefined;
  down: boolean;
}

const LEFT = 56;
const RIGHT = 16;
const ROW_PX = 26;
const LABEL_FONT_PX = 10;

export function stateTimeline(events: readonly TraceEvent[], options: StateTimelineOptions = {}): string {
  const colorKey = options.colorKey ?? "role";
  const labelKey = options.labelKey ?? "term";
  const fromMs = options.fromMs ?? 0;
  const toMs = options.toMs ?? Math.max(fromMs + 1, ...events.map((e) => e.t));
  const nodes = options.nodes ?? nodesOf(events).filter((id) => events.some((e) => e.kind === "annotate" && e.node === id));
  const width = options.widthPx ?? 900;
  const spans = cutSpans(events, fromMs, toMs);
  const top = (options.title ? 28 : 8) + (spans.length > 0 ? 14 : 0);
  const rowsBottom = top + nodes.length * ROW_PX;
  const height = rowsBottom + 48;
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (width - LEFT - RIGHT);
  const placer = new LabelPlacer({ x: 0, y: 0, width, height });
  if (options.title) placer.reserve(textBox(LEFT, 18, options.title, 12, "start", true));
  const rows = nodes.map((id, row) => {
    const y = top + row * ROW_PX;
    const parts = segmentsOf(events, id, colorKey, labelKey, toMs).map((segment) => {
      const fill = segment.down ? palette.roles.down : segment.color === undefined ? "white" : (palette.roles[segment.color] ?? palette.series[Math.abs(hash(segment.color)) % palette.series.length]);
      const w = x(segment.to) - x(segment.from);
      const fits = segment.label !== undefined && textWidthPx(segment.label, LABEL_FONT_PX) + 6 <= w;
      const label = fits ? text(x(segment.from) + 3, y + 15, segment.label as string, { "font-size": LABEL_FONT_PX, fill: palette.ink }) : "";
      const what = segment.down ? "down" : `${colorKey} ${segment.color ?? "?"}${segment.label !== undefined ? `, ${labelKey} ${segment.label}` : ""}`;
      return el("g", {}, tooltip(`${id} t=${segment.from}..${segment.to}: ${what}`), el("rect", { x: x(segment.from), y: y + 2, width: Math.max(0.5, w), height: ROW_PX - 6, fill, stroke: "white", "stroke-width": 0.5 }), label);
    });
    return el("g", {}, text(8, y + 15, id, { "font-weight": "bold", fill: palette.ink }), ...parts);
  });
  const bands = cutBands(spans, x, top, rowsBottom - 4, placer, "over");
  const axis = timeAxis(fromMs, toMs, x, rowsBottom, LEFT, width - RIGHT, placer);
  const legend = layoutLegend(["follower", "candidate", "leader", "down"].map((role) => ({ label: role, color: palette.roles[role] })), LEFT, width - RIGHT, height - 20);
  const title = options.title ? text(LEFT, 18, options.title, { "font-weight": "bold", fill: palette.ink }) : "";
  return svgDocument(width, height, title, ...rows, ...bands, axis, colorKey === "role" ? legend.svg : "");
}

function segmentsOf(events: readonly TraceEvent[], id: NodeId, colorKey: string, labelKey: string, toMs: number): Segment[] {
  const segments: Segment[] = [];
  let current: Segment = { from: 0, to: toMs, color: undefined, label: undefined, down: false };
  const cut = (t: number, next: Partial<Segment>) => {
    if (t > current.from) segments.push({ ...current, to: t });
    current = { ...current, ...next, from: t, to: toMs };
  };
  for (const e of events) {
    if (!("node" in e) || e.node !== id) continue;
    if (e.kind === "annotate" && (colorKey in e.state || labelKey in e.state)) {
      cut(e.t, {
        color: colorKey in e.state ? String(e.state[colorKey]) : current.color,
        label: labelKey in e.state ? String(e.state[labelKey]) : current.label,
      });
    } else if (e.kind === "crash") {
      cut(e.t, { down: true });
    } else if (e.kind === "restart") {
      cut(e.t, { down: false, color: undefined, label: undefined });
    }
  }
  segments.push(current);
  return segments.filter((segment) => segment.to > segment.from);
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}
