/**
 * A space-time (Lamport) diagram of a simulator trace: one horizontal lane per node, time to the
 * right, every delivered message an arrow from its send to its delivery, dropped messages cut
 * short with a cross (red: lost, orange: partition, grey: receiver down), timers as small ticks,
 * crashed stretches of a lane dashed, partitions shaded behind everything with their description,
 * and lanes tinted by an annotated key (by default the Raft role).
 *
 * Readable at five nodes and a few hundred messages; beyond `messagesMax` the rest is left out
 * with a note saying how many and how to zoom (fromMs / toMs). Events can carry short text
 * labels (`eventLabels`: the nodes' ctx.log lines, or labels you give, such as clock stamps).
 */
import type { Json, NodeId } from "../contracts/node";
import type { TraceEvent } from "../sim/trace";
import { el, palette, svgDocument, text, tooltip } from "./svg";

export interface SpaceTimeOptions {
  fromMs?: number;
  toMs?: number;
  /** Which nodes, in which order (default: every node in the trace, servers first). */
  nodes?: NodeId[];
  /** Only messages whose `type` is one of these. */
  messageTypes?: string[];
  widthPx?: number;
  laneHeightPx?: number;
  /** At most this many messages are drawn (default 300). */
  messagesMax?: number;
  /** Annotated key that tints each lane (default "role"); null: no tint. */
  tintKey?: string | null;
  /** Draw timer firings (default true). */
  timers?: boolean;
  title?: string;
  /**
   * Short texts drawn at events on their node's lane, each with a dot: "log" draws every
   * ctx.log line where it was logged, or pass the labels (a clock's stamp at each event).
   * A label is placed above or below its dot, where it covers no other label; one with no free
   * place is left out, its text still in the dot's tooltip. Default: none.
   */
  eventLabels?: "log" | readonly EventLabel[];
}

/** A short text at an event: node `node`, virtual time `t`. */
export interface EventLabel {
  node: NodeId;
  t: number;
  text: string;
}

const LEFT = 56;
const LEGEND_ITEM_PX = 96;
/** Messages cut by a partition: orange, apart from the red of lost ones. */
const PARTITION_DROP = "#e8833a";
const RIGHT = 16;
const TOP = 40;

export function spaceTimeDiagram(events: readonly TraceEvent[], options: SpaceTimeOptions = {}): string {
  const fromMs = options.fromMs ?? 0;
  const toMs = options.toMs ?? Math.max(fromMs + 1, ...events.map((e) => e.t));
  const nodes = options.nodes ?? nodesOf(events);
  const width = options.widthPx ?? 900;
  const laneHeight = options.laneHeightPx ?? 48;
  const height = TOP + laneHeight * nodes.length + 36;
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (width - LEFT - RIGHT);
  const laneOf = new Map(nodes.map((id, i) => [id, i]));
  const y = (id: NodeId) => TOP + laneHeight * ((laneOf.get(id) ?? 0) + 0.5);
  const inWindow = (e: TraceEvent) => e.t >= fromMs && e.t <= toMs;

  const layers: string[] = [];
  layers.push(...partitionBands(events, fromMs, toMs, x, TOP, TOP + laneHeight * nodes.length));
  if (options.tintKey !== null) layers.push(...laneTints(events, nodes, options.tintKey ?? "role", toMs, x, y, laneHeight));
  layers.push(...lanes(events, nodes, fromMs, toMs, x, y));

  const wanted = (msg: Json) => !options.messageTypes || options.messageTypes.includes(typeOf(msg) ?? "");
  const messages = events.filter(
    (e): e is Extract<TraceEvent, { kind: "deliver" | "drop" }> =>
      (e.kind === "deliver" || e.kind === "drop") && laneOf.has(e.from) && laneOf.has(e.to) && wanted(e.msg) && (inWindow(e) || (e.sentAt >= fromMs && e.sentAt <= toMs)),
  );
  const messagesMax = options.messagesMax ?? 300;
  const drawn = messages.slice(0, messagesMax);
  const slots = labelSlots(width - RIGHT);
  // Event labels reserve their places first: they say more than a message's type does.
  const onDrawnLanes = (label: EventLabel) => laneOf.has(label.node) && label.t >= fromMs && label.t <= toMs;
  const marks = options.eventLabels ? eventMarks(labelsOf(events, options.eventLabels).filter(onDrawnLanes), x, y, width, slots) : [];
  const labels = drawn.length <= 80 ? slots : () => false;
  for (const event of drawn) layers.push(messageArrow(event, x, y, labels));
  layers.push(...marks);
  if (options.timers ?? true) {
    for (const event of events) {
      if (event.kind === "timer" && inWindow(event) && laneOf.has(event.node)) {
        layers.push(el("line", { x1: x(event.t), x2: x(event.t), y1: y(event.node) - 5, y2: y(event.node) + 5, stroke: palette.timer, "stroke-width": 2 }, tooltip(`t=${event.t} ${event.node} timer ${JSON.stringify(event.timer)}`)));
      }
    }
  }
  const notes: string[] = [];
  if (messages.length > drawn.length) notes.push(`${messages.length - drawn.length} more messages not drawn; narrow the window with fromMs/toMs`);
  layers.push(axis(fromMs, toMs, x, TOP + laneHeight * nodes.length, width));
  if (notes.length > 0) layers.push(text(width - RIGHT, height - 6, notes.join(" · "), { "text-anchor": "end", fill: palette.bad, "font-size": 11 }));
  if (options.title) layers.push(text(LEFT, 16, options.title, { "font-weight": "bold", fill: palette.ink }));
  // About 7 px per character of the bold title; a legend it would run into moves to a row below it.
  const titleEndPx = options.title ? LEFT + options.title.length * 7 : 0;
  layers.push(legend(width, legendItems(drawn, options.timers ?? true, events, fromMs, toMs), titleEndPx));
  return svgDocument(width, height, ...layers);
}

/** Every node in the trace: servers (n1, n2, ...) in number order, then the others. */
export function nodesOf(events: readonly TraceEvent[]): NodeId[] {
  const ids = new Set<NodeId>();
  for (const e of events) {
    if ("node" in e) ids.add(e.node);
    if ("from" in e) {
      ids.add(e.from);
      ids.add(e.to);
    }
  }
  const server = (id: NodeId) => /^n\d+$/.test(id);
  return [...ids].sort((a, b) => Number(server(b)) - Number(server(a)) || a.length - b.length || a.localeCompare(b));
}

function typeOf(msg: Json): string | undefined {
  return msg !== null && typeof msg === "object" && !Array.isArray(msg) && typeof msg.type === "string" ? msg.type : undefined;
}

/** Says whether a label of `widthPx` fits at (x, y) without covering one already placed, and if so reserves it. */
type LabelSlots = (x: number, y: number, widthPx: number) => boolean;

function labelSlots(rightPx: number): LabelSlots {
  const placed: { x: number; y: number; w: number }[] = [];
  return (x, y, w) => {
    if (x + w > rightPx) return false; // it would be cut off at the picture's edge
    if (placed.some((p) => Math.abs(p.y - y) < 10 && x < p.x + p.w + 4 && p.x < x + w + 4)) return false;
    placed.push({ x, y, w });
    return true;
  };
}

function labelsOf(events: readonly TraceEvent[], wanted: "log" | readonly EventLabel[]): readonly EventLabel[] {
  if (wanted !== "log") return wanted;
  return events.filter((e): e is Extract<TraceEvent, { kind: "log" }> => e.kind === "log").map((e) => ({ node: e.node, t: e.t, text: e.text }));
}

/** Where an event label may go, relative to its dot, in order of preference: [left edge given the width, baseline]. */
const LABEL_PLACES: ((widthPx: number) => [number, number])[] = [
  (w) => [-w / 2, -7],
  (w) => [-w / 2, 15],
  () => [4, -7],
  () => [4, 15],
  (w) => [-w - 4, -7],
  (w) => [-w - 4, 15],
];

/** A dot per event label, and its text at the first place that fits inside the picture and covers no other label. */
function eventMarks(labels: readonly EventLabel[], x: (ms: number) => number, y: (id: NodeId) => number, width: number, slots: LabelSlots): string[] {
  return labels.map((label) => {
    const [cx, cy] = [x(label.t), y(label.node)];
    // About 6 px per character at font size 10.
    const w = label.text.length * 6;
    const place = LABEL_PLACES.map((offset) => offset(w)).find(([dx, dy]) => cx + dx >= 2 && cx + dx + w <= width - 2 && slots(cx + dx, cy + dy, w));
    const dot = el("circle", { cx, cy, r: 3, fill: palette.ink }, tooltip(`t=${label.t} ${label.node}: ${label.text}`));
    return place ? el("g", {}, dot, text(cx + place[0], cy + place[1], label.text, { "font-size": 10, fill: palette.ink, class: "event-label" })) : dot;
  });
}

function messageArrow(event: Extract<TraceEvent, { kind: "deliver" | "drop" }>, x: (ms: number) => number, y: (id: NodeId) => number, labels: LabelSlots): string {
  const x1 = x(event.sentAt);
  const y1 = y(event.from);
  let x2 = x(event.t);
  let y2 = y(event.to);
  const title = tooltip(`#${event.msgId} ${event.from} -> ${event.to}, sent t=${event.sentAt}, ${event.kind === "deliver" ? "delivered" : `dropped (${event.reason})`} t=${event.t}\n${JSON.stringify(event.msg)}`);
  if (event.kind === "drop") {
    // Cut short: halfway to the receiver when it was dropped in flight, a third when at send time.
    const fraction = x2 - x1 < 2 ? 0.33 : 0.5;
    const reach = x2 - x1 < 2 ? 18 : (x2 - x1) * fraction;
    x2 = x1 + reach;
    y2 = y1 + (y2 - y1) * fraction;
    const color = event.reason === "loss" ? palette.dropped : event.reason === "partition" ? PARTITION_DROP : palette.muted;
    return el(
      "g",
      {},
      title,
      el("line", { x1, y1, x2, y2, stroke: color, "stroke-width": 1.2, "stroke-dasharray": "3 2" }),
      el("path", { d: `M${x2 - 4} ${y2 - 4}L${x2 + 4} ${y2 + 4}M${x2 + 4} ${y2 - 4}L${x2 - 4} ${y2 + 4}`, stroke: color, "stroke-width": 1.8 }),
    );
  }
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const head = `M${x2} ${y2}L${x2 - 7 * Math.cos(angle - 0.4)} ${y2 - 7 * Math.sin(angle - 0.4)}L${x2 - 7 * Math.cos(angle + 0.4)} ${y2 - 7 * Math.sin(angle + 0.4)}Z`;
  const type = typeOf(event.msg);
  const [labelX, labelY] = [(x1 + x2) / 2 + 3, (y1 + y2) / 2 - 3];
  // About 5 px per character at font size 9.
  const label = type !== undefined && type.length <= 18 && labels(labelX, labelY, type.length * 5) ? text(labelX, labelY, type, { "font-size": 9, fill: palette.muted }) : "";
  return el("g", {}, title, el("line", { x1, y1, x2, y2, stroke: palette.message, "stroke-width": 1.2, opacity: 0.85 }), el("path", { d: head, fill: palette.message }), label);
}

/** Lanes: a solid line while the node is up, dashed while it is down, with crash and restart marks. */
function lanes(events: readonly TraceEvent[], nodes: NodeId[], fromMs: number, toMs: number, x: (ms: number) => number, y: (id: NodeId) => number): string[] {
  const out: string[] = [];
  for (const id of nodes) {
    out.push(text(8, y(id) + 4, id, { "font-weight": "bold", fill: palette.ink }));
    let upSince: number | undefined = fromMs;
    const segments: [number, number, boolean][] = [];
    for (const e of events) {
      if (!("node" in e) || e.node !== id) continue;
      if (e.kind === "crash") {
        if (upSince !== undefined) segments.push([upSince, e.t, true]);
        upSince = undefined;
        segments.push([e.t, e.t, false]);
        out.push(el("path", { d: `M${x(e.t) - 6} ${y(id) - 6}L${x(e.t) + 6} ${y(id) + 6}M${x(e.t) + 6} ${y(id) - 6}L${x(e.t) - 6} ${y(id) + 6}`, stroke: palette.crash, "stroke-width": 2.5 }, tooltip(`t=${e.t} ${id} crashed`)));
      } else if (e.kind === "restart") {
        const downSince = segments.length > 0 ? segments[segments.length - 1][1] : fromMs;
        segments.push([downSince, e.t, false]);
        upSince = e.t;
        out.push(el("circle", { cx: x(e.t), cy: y(id), r: 4, fill: palette.ok }, tooltip(`t=${e.t} ${id} restarted`)));
      }
    }
    if (upSince !== undefined) segments.push([upSince, toMs, true]);
    else segments.push([segments.length > 0 ? segments[segments.length - 1][1] : fromMs, toMs, false]);
    for (const [from, to, up] of segments) {
      if (to <= from) continue;
      out.push(el("line", { x1: x(from), x2: x(to), y1: y(id), y2: y(id), stroke: up ? palette.ink : palette.crash, "stroke-width": up ? 1.5 : 1, "stroke-dasharray": up ? undefined : "4 4", opacity: up ? 0.8 : 0.6 }));
    }
  }
  return out;
}

/**
 * Background bands while any link is cut, labelled with the network change that made them.
 * Bands outside the window are left out; a label that would cover the previous one
 * is left to the band's tooltip.
 */
function partitionBands(events: readonly TraceEvent[], fromMs: number, toMs: number, x: (ms: number) => number, top: number, bottom: number): string[] {
  const out: string[] = [];
  let open: { t: number; description: string } | undefined;
  let labelEndPx = -Infinity;
  const close = (t: number) => {
    if (!open || t < fromMs || open.t > toMs) return void (open = undefined);
    out.push(el("rect", { x: x(open.t), y: top, width: Math.max(1, x(t) - x(open.t)), height: bottom - top, fill: palette.partition, opacity: 0.7 }, tooltip(`t=${open.t}..${t} ${open.description}`)));
    const labelX = x(open.t) + 4;
    if (labelX >= labelEndPx + 6) {
      out.push(text(labelX, top - 4, open.description, { "font-size": 10, fill: palette.bad }));
      labelEndPx = labelX + open.description.length * 5.5;
    }
    open = undefined;
  };
  for (const e of events) {
    if (e.kind !== "network") continue;
    close(e.t);
    if (e.cuts.length > 0) open = { t: e.t, description: e.description };
  }
  close(toMs);
  return out;
}

/** Each lane tinted by the latest value of `key` the node annotated (leader green, candidate yellow...). */
function laneTints(events: readonly TraceEvent[], nodes: NodeId[], key: string, toMs: number, x: (ms: number) => number, y: (id: NodeId) => number, laneHeight: number): string[] {
  const out: string[] = [];
  for (const id of nodes) {
    let current: { t: number; value: string } | undefined;
    const flush = (t: number) => {
      if (!current) return;
      const fill = palette.roles[current.value] ?? palette.grid;
      out.push(el("rect", { x: x(current.t), y: y(id) - laneHeight * 0.32, width: Math.max(0, x(t) - x(current.t)), height: laneHeight * 0.64, fill, opacity: 0.35 }, tooltip(`${id} ${key} = ${current.value} from t=${current.t}`)));
    };
    for (const e of events) {
      if (!("node" in e) || e.node !== id) continue;
      if (e.kind === "annotate" && key in e.state) {
        flush(e.t);
        current = { t: e.t, value: String(e.state[key]) };
      } else if (e.kind === "crash") {
        flush(e.t);
        current = undefined;
      }
    }
    flush(toMs);
  }
  return out;
}

function axis(fromMs: number, toMs: number, x: (ms: number) => number, yAxis: number, width: number): string {
  const span = toMs - fromMs;
  const step = niceStep(span / 8);
  const ticks: string[] = [el("line", { x1: LEFT, x2: width - RIGHT, y1: yAxis + 4, y2: yAxis + 4, stroke: palette.muted })];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) {
    ticks.push(el("line", { x1: x(t), x2: x(t), y1: yAxis + 4, y2: yAxis + 8, stroke: palette.muted }));
    ticks.push(text(x(t), yAxis + 20, `${Math.round(t)} ms`, { "text-anchor": "middle", "font-size": 10, fill: palette.muted }));
  }
  return el("g", {}, ...ticks);
}

/** Only what the picture shows: a legend entry for lost messages only if some were lost, and so on. */
function legendItems(drawn: readonly Extract<TraceEvent, { kind: "deliver" | "drop" }>[], timers: boolean, events: readonly TraceEvent[], fromMs: number, toMs: number): [string, string][] {
  const items: [string, string][] = [[palette.message, "message"]];
  if (drawn.some((e) => e.kind === "drop" && e.reason === "loss")) items.push([palette.dropped, "lost"]);
  if (drawn.some((e) => e.kind === "drop" && e.reason === "partition")) items.push([PARTITION_DROP, "cut by partition"]);
  const inWindow = (e: TraceEvent) => e.t >= fromMs && e.t <= toMs;
  if (timers && events.some((e) => e.kind === "timer" && inWindow(e))) items.push([palette.timer, "timer"]);
  const roles = new Set(events.flatMap((e) => (e.kind === "annotate" && typeof e.state.role === "string" ? [e.state.role] : [])));
  for (const role of ["leader", "candidate"]) if (roles.has(role)) items.push([palette.roles[role], role]);
  return items;
}

function legend(width: number, items: [string, string][], titleEndPx: number): string {
  const startPx = width - RIGHT - items.length * LEGEND_ITEM_PX;
  const top = titleEndPx + 8 > startPx ? 21 : 6;
  return el(
    "g",
    {},
    ...items.map(([color, label], i) => el("g", {}, el("rect", { x: startPx + i * LEGEND_ITEM_PX, y: top, width: 10, height: 10, fill: color }), text(startPx + i * LEGEND_ITEM_PX + 14, top + 9, label, { "font-size": 10, fill: palette.ink }))),
  );
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= raw) return step * magnitude;
  return 10 * magnitude;
}
