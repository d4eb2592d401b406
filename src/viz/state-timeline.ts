/**
 * A per-node state timeline: for each node a bar over time, coloured by an annotated key (by
 * default Raft's "role": follower grey, candidate yellow, leader green) and labelled by another
 * (by default "term"), with the stretches when the node was down shown in red.
 */
import type { NodeId } from "../contracts/node";
import type { TraceEvent } from "../sim/trace";
import { nodesOf } from "./space-time";
import { el, palette, svgDocument, text, tooltip } from "./svg";

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

export function stateTimeline(events: readonly TraceEvent[], options: StateTimelineOptions = {}): string {
  const colorKey = options.colorKey ?? "role";
  const labelKey = options.labelKey ?? "term";
  const fromMs = options.fromMs ?? 0;
  const toMs = options.toMs ?? Math.max(fromMs + 1, ...events.map((e) => e.t));
  const nodes = options.nodes ?? nodesOf(events).filter((id) => events.some((e) => e.kind === "annotate" && e.node === id));
  const width = options.widthPx ?? 900;
  const top = options.title ? 28 : 8;
  const height = top + nodes.length * ROW_PX + 40;
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (width - LEFT - RIGHT);
  const rows = nodes.map((id, row) => {
    const y = top + row * ROW_PX;
    const parts = segmentsOf(events, id, colorKey, labelKey, toMs).map((segment) => {
      const fill = segment.down ? palette.roles.down : segment.color === undefined ? "white" : (palette.roles[segment.color] ?? palette.series[Math.abs(hash(segment.color)) % palette.series.length]);
      const w = x(segment.to) - x(segment.from);
      const label = segment.label !== undefined && w > 18 ? text(x(segment.from) + 3, y + 15, segment.label, { "font-size": 10, fill: palette.ink }) : "";
      const what = segment.down ? "down" : `${colorKey} ${segment.color ?? "?"}${segment.label !== undefined ? `, ${labelKey} ${segment.label}` : ""}`;
      return el("g", {}, tooltip(`${id} t=${segment.from}..${segment.to}: ${what}`), el("rect", { x: x(segment.from), y: y + 2, width: Math.max(0.5, w), height: ROW_PX - 6, fill, stroke: "white", "stroke-width": 0.5 }), label);
    });
    return el("g", {}, text(8, y + 15, id, { "font-weight": "bold", fill: palette.ink }), ...parts);
  });
  const legendItems = ["follower", "candidate", "leader", "down"].map((role, i) =>
    el("g", {}, el("rect", { x: LEFT + i * 100, y: height - 22, width: 12, height: 12, fill: palette.roles[role] }), text(LEFT + i * 100 + 16, height - 12, role, { "font-size": 11, fill: palette.ink })),
  );
  const anchors = ["start", "middle", "end"];
  const axisLabels = [fromMs, (fromMs + toMs) / 2, toMs].map((t, i) => text(x(t), top + nodes.length * ROW_PX + 12, `${Math.round(t)} ms`, { "text-anchor": anchors[i], "font-size": 10, fill: palette.muted }));
  const title = options.title ? text(LEFT, 18, options.title, { "font-weight": "bold", fill: palette.ink }) : "";
  return svgDocument(width, height, title, ...rows, ...axisLabels, ...(colorKey === "role" ? legendItems : []));
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
