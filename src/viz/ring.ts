/**
 * A consistent hash ring drawn as a circle: every virtual node a tick coloured by its server and
 * named ("server1#0") where the names fit, the arc each one owns (from the previous tick,
 * clockwise) shaded in that colour, and optional keys as named dots with a thin arc clockwise to
 * the virtual node of their owner. Given the ring as it was `before` a change (a server added or
 * removed), the stretches of the circle that changed owner are drawn outside the ring: that is
 * the data a rebalancing moves.
 */
import { ringHash, virtualNodeLabel, type RingPosition } from "../contracts/ring";
import { changedStretches, FULL_CIRCLE } from "./ring-geometry";
import { LabelPlacer } from "./label-placer";
import { layoutLegend, type LegendItem } from "./legend";
import { el, HALO, palette, svgDocument, text, tooltip } from "./svg";
import { ASCENT_EM, textBox, type Anchor, type Box } from "./text-size";

export interface RingKey {
  key: string;
  position: number;
  owner: string;
}

export interface RingPictureOptions {
  positions: readonly RingPosition[];
  /** Keys to place on the ring, each with its hash position and owner. */
  keys?: readonly RingKey[];
  /** The ring before a change: the arcs whose owner changed are drawn outside the circle. */
  before?: readonly RingPosition[];
  caption?: string;
  sizePx?: number;
}

const LABEL_FONT_PX = 10;
/** Beyond this many virtual nodes, ticks are not named one by one. */
const NAMED_TICKS_MAX = 48;
const LEGEND_WIDTH_PX = 150;
const CHANGED_COLOR = palette.muted;

export function ringPicture(options: RingPictureOptions): string {
  const size = options.sizePx ?? 420;
  const center = size / 2;
  // Room outside the circle for the virtual nodes' names (about 60 px) on either side.
  const radius = size / 2 - 84;
  const captionY = center + radius + 60;
  const sorted = [...options.positions].sort((a, b) => a.position - b.position);
  const servers = [...new Set([...sorted, ...(options.before ?? [])].map((p) => p.node))].sort();
  const colorOf = (node: string) => palette.series[servers.indexOf(node) % palette.series.length];
  const angle = (position: number) => -Math.PI / 2 + (2 * Math.PI * position) / FULL_CIRCLE;
  const at = (position: number, r: number) => ({ x: center + r * Math.cos(angle(position)), y: center + r * Math.sin(angle(position)) });
  const arc = (from: number, to: number, r: number) => {
    const [a, b] = [at(from, r), at(to, r)];
    return `M${a.x} ${a.y}A${r} ${r} 0 ${to - from > FULL_CIRCLE / 2 ? 1 : 0} 1 ${b.x} ${b.y}`;
  };
  const width = size + LEGEND_WIDTH_PX;
  const height = options.caption ? captionY + 8 : size;
  const placer = new LabelPlacer({ x: 0, y: 0, width: size, height: captionY - 14 });

  const arcs = sorted.map((vnode, i) => {
    const start = i === 0 ? sorted[sorted.length - 1].position - FULL_CIRCLE : sorted[i - 1].position;
    return el("path", { d: arc(start, vnode.position, radius), stroke: colorOf(vnode.node), "stroke-width": 10, fill: "none", opacity: 0.45 });
  });
  const changed = options.before ? changedStretches(options.before, sorted) : [];
  const moves = changed.map((stretch) =>
    el("path", { d: arc(stretch.from, stretch.to, radius + 14), stroke: colorOf(stretch.owner), "stroke-width": 6, fill: "none" }, tooltip(`${stretch.previous} -> ${stretch.owner}: this stretch changed owner`)),
  );
  const ticks = sorted.map((vnode) => {
    const inner = at(vnode.position, radius - 12);
    const outer = at(vnode.position, radius + 12);
    placer.blockSegment(inner.x, inner.y, outer.x, outer.y);
    return el("line", { x1: inner.x, y1: inner.y, x2: outer.x, y2: outer.y, stroke: colorOf(vnode.node), "stroke-width": 2 }, tooltip(`${vnode.node} @ ${vnode.position}`));
  });
  const tickNames = sorted.length <= NAMED_TICKS_MAX ? sorted.map((vnode) => radialLabel(vnodeName(vnode, sorted), at, vnode.position, radius + (changed.length > 0 ? 26 : 16), "outward", colorOf(vnode.node), placer)) : [];
  const keys = (options.keys ?? []).map((key) => {
    const dot = at(key.position, radius - 30);
    const end = firstClockwise(key, sorted);
    const tick = at(end, radius - 12);
    const walk = el("path", { d: `${arc(key.position, end, radius - 30)}L${tick.x} ${tick.y}`, stroke: colorOf(key.owner), "stroke-width": 1.2, fill: "none", "stroke-dasharray": "2 2" });
    return el(
      "g",
      {},
      walk,
      el("circle", { cx: dot.x, cy: dot.y, r: 4, fill: colorOf(key.owner), stroke: palette.ink, "stroke-width": 0.6 }, tooltip(`${key.key} (hash ${key.position}) -> ${key.owner}`)),
      radialLabel(key.key, at, key.position, radius - 40, "inward", palette.ink, placer),
    );
  });
  const legendItems: LegendItem[] = servers.map((node) => ({ label: node, color: colorOf(node) }));
  if (changed.length > 0) legendItems.push({ label: "outer arc: moved", color: CHANGED_COLOR, shape: "line" });
  const legend = layoutLegend(legendItems, size + 6, size + 6, 20);
  const caption = options.caption ? text(width / 2, captionY, options.caption, { "text-anchor": "middle", fill: palette.ink }) : "";
  return svgDocument(width, height, el("circle", { cx: center, cy: center, r: radius, fill: "none", stroke: palette.grid, "stroke-width": 10 }), ...arcs, ...moves, ...ticks, ...keys, ...tickNames, legend.svg, caption);
}

type At = (position: number, r: number) => { x: number; y: number };

/** A name beside a point of the circle, pointing away from the centre (or towards it), where it covers nothing. */
function radialLabel(words: string, at: At, position: number, r: number, direction: "outward" | "inward", color: string, placer: LabelPlacer): string {
  const { x, y } = at(position, r);
  const center = at(0, 0);
  const cos = (x - center.x) / r;
  const sin = (y - center.y) / r;
  const side = direction === "outward" ? cos : -cos;
  const anchor: Anchor = side > 0.35 ? "start" : side < -0.35 ? "end" : "middle";
  const baseline = y + LABEL_FONT_PX * 0.35 + (direction === "outward" ? sin : -sin) * LABEL_FONT_PX * 0.5;
  const candidates: Box[] = [0, 1, -1].map((shift) => textBox(x, baseline + shift * (LABEL_FONT_PX + 2), words, LABEL_FONT_PX, anchor));
  const place = placer.place(candidates);
  return place ? text(place.x, place.y + ASCENT_EM * LABEL_FONT_PX, words, { "font-size": LABEL_FONT_PX, fill: color, ...HALO }) : "";
}

/** "server1#2": the virtual node's label, when the server's labels follow the contract (else just the server). */
function vnodeName(vnode: RingPosition, all: readonly RingPosition[]): string {
  const count = all.filter((p) => p.node === vnode.node).length;
  for (let i = 0; i < count; i++) if (ringHash(virtualNodeLabel(vnode.node, i)) === vnode.position) return virtualNodeLabel(vnode.node, i);
  return vnode.node;
}

/** Where the key's dashed walk ends: the first of its owner's virtual nodes at or after it, going clockwise. */
function firstClockwise(key: RingKey, sorted: readonly RingPosition[]): number {
  const own = sorted.filter((p) => p.node === key.owner).map((p) => p.position);
  if (own.length === 0) return key.position;
  return own.find((p) => p >= key.position) ?? own[0] + FULL_CIRCLE;
}
