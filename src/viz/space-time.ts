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
 *
 * Labels follow the rules of label-placer.ts: inside the picture, never touching another label,
 * and a message's type never crossed by an arrow (a type with no clear place stays in the
 * arrow's tooltip). When every message drawn has the same type, the legend names it instead.
 */
import type { Json, NodeId } from "../contracts/node";
import type { TraceEvent } from "../sim/trace";
import { LabelPlacer } from "./label-placer";
import { layoutLegend, type LegendItem } from "./legend";
import { cutBands, cutSpans, timeAxis } from "./network-marks";
import { el, HALO, palette, svgDocument, text, tooltip } from "./svg";
import { ASCENT_EM, textBox, textWidthPx, type Box } from "./text-size";

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
/** Messages cut by a partition: orange, apart from the red of lost ones. */
const PARTITION_DROP = "#e8833a";
const RIGHT = 16;
/** The lanes start at least this far down, below the title, the legend and the partitions' names. */
const TOP_MIN = 40;
const TITLE_BASELINE = 16;
const MESSAGE_FONT_PX = 9;
const EVENT_FONT_PX = 10;
/** At most this many messages get their type written beside them. */
const MESSAGE_LABELS_MAX = 80;

export function spaceTimeDiagram(events: readonly TraceEvent[], options: SpaceTimeOptions = {}): string {
  const fromMs = options.fromMs ?? 0;
  const toMs = options.toMs ?? Math.max(fromMs + 1, ...events.map((e) => e.t));
  const nodes = options.nodes ?? nodesOf(events);
  const width = options.widthPx ?? 900;
  const laneHeight = options.laneHeightPx ?? 48;
  const laneOf = new Map(nodes.map((id, i) => [id, i]));
  const inWindow = (e: TraceEvent) => e.t >= fromMs && e.t <= toMs;
  const wanted = (msg: Json) => !options.messageTypes || options.messageTypes.includes(typeOf(msg) ?? "");
  const messages = events.filter(
    (e): e is Message => (e.kind === "deliver" || e.kind === "drop") && laneOf.has(e.from) && laneOf.has(e.to) && wanted(e.msg) && (inWindow(e) || (e.sentAt >= fromMs && e.sentAt <= toMs)),
  );
  const drawn = messages.slice(0, options.messagesMax ?? 300);
  const types = new Set(drawn.map((e) => typeOf(e.msg)));
  const oneType = types.size === 1 ? [...types][0] : undefined;

  const header = headerOf(options.title, legendItems(drawn, oneType, options.timers ?? true, events, fromMs, toMs), width);
  const top = Math.max(TOP_MIN, header.bottomPx + 18);
  const lanesBottom = top + laneHeight * nodes.length;
  const height = lanesBottom + 36;
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (width - LEFT - RIGHT);
  const y = (id: NodeId) => top + laneHeight * ((laneOf.get(id) ?? 0) + 0.5);
  const placer = new LabelPlacer({ x: 0, y: 0, width, height });
  for (const box of header.boxes) placer.reserve(box);
  for (const id of nodes) placer.reserve(textBox(8, y(id) + 4, id, 12, "start", true));

  const layers: string[] = [];
  layers.push(...cutBands(cutSpans(events, fromMs, toMs), x, top, lanesBottom, placer, "behind"));
  if (options.tintKey !== null) layers.push(...laneTints(events, nodes, options.tintKey ?? "role", toMs, x, y, laneHeight));
  layers.push(...lanes(events, nodes, fromMs, toMs, x, y));
  const arrows = drawn.map((event) => arrowOf(event, x, y));
  for (const arrow of arrows) placer.blockSegment(arrow.x1, arrow.y1, arrow.x2, arrow.y2);
  layers.push(...arrows.map((arrow) => arrow.svg));
  // Event labels take their places first: they say more than a message's type does.
  const onDrawnLanes = (label: EventLabel) => laneOf.has(label.node) && label.t >= fromMs && label.t <= toMs;
  if (options.eventLabels) layers.push(...eventMarks(labelsOf(events, options.eventLabels).filter(onDrawnLanes), x, y, placer));
  if (oneType === undefined && drawn.length <= MESSAGE_LABELS_MAX) layers.push(...arrows.map((arrow) => messageLabel(arrow, placer)));
  if (options.timers ?? true) {
    for (const event of events) {
      if (event.kind === "timer" && inWindow(event) && laneOf.has(event.node)) {
        layers.push(el("line", { x1: x(event.t), x2: x(event.t), y1: y(event.node) - 5, y2: y(event.node) + 5, stroke: palette.timer, "stroke-width": 2 }, tooltip(`t=${event.t} ${event.node} timer ${JSON.stringify(event.timer)}`)));
      }
    }
  }
  layers.push(timeAxis(fromMs, toMs, x, lanesBottom + 4, LEFT, width - RIGHT, placer));
  if (messages.length > drawn.length) {
    const note = `${messages.length - drawn.length} more messages not drawn; narrow the window with fromMs/toMs`;
    layers.push(text(width - RIGHT, height - 4, note, { "text-anchor": "end", fill: palette.bad, "font-size": 10 }));
  }
  return svgDocument(width, height, ...layers, ...header.parts);
}

type Message = Extract<TraceEvent, { kind: "deliver" | "drop" }>;

/**
 * The title at the top left and the legend: on the title's row, packed to the right, when it
 * fits there; else on rows of its own below the title.
 */
function headerOf(title: string | undefined, items: LegendItem[], width: number): { parts: string[]; boxes: Box[]; bottomPx: number } {
  const titleBox = title ? textBox(LEFT, TITLE_BASELINE, title, 12, "start", true) : undefined;
  const titleEnd = titleBox ? titleBox.x + titleBox.width + 16 : LEFT;
  let legend = layoutLegend(items, titleEnd, width - RIGHT, 6, "end");
  if (legend.box.height > 15 && titleBox) legend = layoutLegend(items, LEFT, width - RIGHT, TITLE_BASELINE + 6, "end");
  const parts = [legend.svg, title ? text(LEFT, TITLE_BASELINE, title, { "font-weight": "bold", fill: palette.ink }) : ""];
  const boxes = [legend.box, ...(titleBox ? [titleBox] : [])];
  return { parts, boxes, bottomPx: Math.max(legend.box.y + legend.box.height, titleBox ? TITLE_BASELINE + 4 : 0) };
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

function labelsOf(events: readonly TraceEvent[], wanted: "log" | readonly EventLabel[]): readonly EventLabel[] {
  return wanted === "log" ? logLabels(events) : wanted;
}

/** The nodes' ctx.log lines as event labels (to combine with labels of your own). */
export function logLabels(events: readonly TraceEvent[]): EventLabel[] {
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

/**
 * A dot per event label, and its text at the first place that covers no other label, clear of
 * the arrows if possible, else across them (with a halo); with no place at all, only the dot
 * (its tooltip has the text).
 */
function eventMarks(labels: readonly EventLabel[], x: (ms: number) => number, y: (id: NodeId) => number, placer: LabelPlacer): string[] {
  return labels.map((label) => {
    const [cx, cy] = [x(label.t), y(label.node)];
    const w = textWidthPx(label.text, EVENT_FONT_PX);
    const candidates = LABEL_PLACES.map((offset) => offset(w)).map(([dx, dy]) => textBox(cx + dx, cy + dy, label.text, EVENT_FONT_PX));
    const place = placer.place(candidates) ?? placer.place(candidates, true);
    const dot = el("circle", { cx, cy, r: 3, fill: palette.ink }, tooltip(`t=${label.t} ${label.node}: ${label.text}`));
    const baseline = (box: Box) => box.y + ASCENT_EM * EVENT_FONT_PX;
    return place ? el("g", {}, dot, text(place.x, baseline(place), label.text, { "font-size": EVENT_FONT_PX, fill: palette.ink, class: "event-label", ...HALO })) : dot;
  });
}

interface Arrow {
  event: Message;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  svg: string;
}

function arrowOf(event: Message, x: (ms: number) => number, y: (id: NodeId) => number): Arrow {
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
    const svg = el(
      "g",
      {},
      title,
      el("line", { x1, y1, x2, y2, stroke: color, "stroke-width": 1.2, "stroke-dasharray": "3 2" }),
      el("path", { d: `M${x2 - 4} ${y2 - 4}L${x2 + 4} ${y2 + 4}M${x2 + 4} ${y2 - 4}L${x2 - 4} ${y2 + 4}`, stroke: color, "stroke-width": 1.8 }),
    );
    return { event, x1, y1, x2, y2, svg };
  }
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const head = `M${x2} ${y2}L${x2 - 7 * Math.cos(angle - 0.4)} ${y2 - 7 * Math.sin(angle - 0.4)}L${x2 - 7 * Math.cos(angle + 0.4)} ${y2 - 7 * Math.sin(angle + 0.4)}Z`;
  const svg = el("g", {}, title, el("line", { x1, y1, x2, y2, stroke: palette.message, "stroke-width": 1.2, opacity: 0.85 }), el("path", { d: head, fill: palette.message }));
  return { event, x1, y1, x2, y2, svg };
}

/** A message's type beside the middle of its arrow, on whichever side no arrow crosses; none if both are taken. */
function messageLabel(arrow: Arrow, placer: LabelPlacer): string {
  const type = typeOf(arrow.event.msg);
  if (type === undefined || type.length > 18) return "";
  const [mx, my] = [(arrow.x1 + arrow.x2) / 2, (arrow.y1 + arrow.y2) / 2];
  const w = textWidthPx(type, MESSAGE_FONT_PX);
  // Beside the midpoint, on the side the arrow leaves free: up-right of a falling arrow, down-right of a rising one.
  const falling = arrow.y2 >= arrow.y1;
  const offsets: [number, number][] = falling ? [[3, -3], [-w - 3, 10], [3, 10], [-w - 3, -3]] : [[3, 10], [-w - 3, -3], [3, -3], [-w - 3, 10]];
  const place = placer.place(offsets.map(([dx, dy]) => textBox(mx + dx, my + dy, type, MESSAGE_FONT_PX)));
  return place ? text(place.x, place.y + ASCENT_EM * MESSAGE_FONT_PX, type, { "font-size": MESSAGE_FONT_PX, fill: palette.muted, class: "message-label" }) : "";
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

/** Only what the picture shows: a legend entry for lost messages only if some were lost, and so on. */
function legendItems(drawn: readonly Message[], oneType: string | undefined, timers: boolean, events: readonly TraceEvent[], fromMs: number, toMs: number): LegendItem[] {
  const items: LegendItem[] = [{ color: palette.message, label: oneType ?? "message" }];
  if (drawn.some((e) => e.kind === "drop" && e.reason === "loss")) items.push({ color: palette.dropped, label: "lost" });
  if (drawn.some((e) => e.kind === "drop" && e.reason === "partition")) items.push({ color: PARTITION_DROP, label: "cut by partition" });
  const inWindow = (e: TraceEvent) => e.t >= fromMs && e.t <= toMs;
  if (timers && events.some((e) => e.kind === "timer" && inWindow(e))) items.push({ color: palette.timer, label: "timer" });
  const roles = new Set(events.flatMap((e) => (e.kind === "annotate" && typeof e.state.role === "string" ? [e.state.role] : [])));
  for (const role of ["leader", "candidate"]) if (roles.has(role)) items.push({ color: palette.roles[role], label: role });
  return items;
}
