/**
 * A consistent hash ring drawn as a circle: every virtual node a tick coloured by its server,
 * the arc each one owns (from the previous tick, clockwise) shaded in that colour, and optional
 * keys as dots with a line to the virtual node that owns them.
 */
import type { RingPosition } from "../contracts/ring";
import { el, palette, svgDocument, text, tooltip } from "./svg";

export interface RingPictureOptions {
  positions: readonly RingPosition[];
  /** Keys to place on the ring, each with its hash position and owner. */
  keys?: readonly { key: string; position: number; owner: string }[];
  caption?: string;
  sizePx?: number;
}

const FULL_CIRCLE = 2 ** 32;

export function ringPicture(options: RingPictureOptions): string {
  const size = options.sizePx ?? 360;
  const legendWidth = 130;
  const center = size / 2;
  const radius = size * 0.38;
  const servers = [...new Set(options.positions.map((p) => p.node))].sort();
  const colorOf = (node: string) => palette.series[servers.indexOf(node) % palette.series.length];
  const angle = (position: number) => -Math.PI / 2 + (2 * Math.PI * position) / FULL_CIRCLE;
  const at = (position: number, r: number) => ({ x: center + r * Math.cos(angle(position)), y: center + r * Math.sin(angle(position)) });
  const sorted = [...options.positions].sort((a, b) => a.position - b.position);
  const arcs = sorted.map((vnode, i) => {
    const start = i === 0 ? sorted[sorted.length - 1].position - FULL_CIRCLE : sorted[i - 1].position;
    const from = at(start, radius);
    const to = at(vnode.position, radius);
    const large = vnode.position - start > FULL_CIRCLE / 2 ? 1 : 0;
    return el("path", { d: `M${from.x} ${from.y}A${radius} ${radius} 0 ${large} 1 ${to.x} ${to.y}`, stroke: colorOf(vnode.node), "stroke-width": 10, fill: "none", opacity: 0.45 });
  });
  const ticks = sorted.map((vnode) => {
    const inner = at(vnode.position, radius - 12);
    const outer = at(vnode.position, radius + 12);
    return el("line", { x1: inner.x, y1: inner.y, x2: outer.x, y2: outer.y, stroke: colorOf(vnode.node), "stroke-width": 2 }, tooltip(`${vnode.node} @ ${vnode.position}`));
  });
  const keys = (options.keys ?? []).map((key) => {
    const dot = at(key.position, radius - 30);
    return el("circle", { cx: dot.x, cy: dot.y, r: 3.5, fill: colorOf(key.owner), stroke: palette.ink, "stroke-width": 0.5 }, tooltip(`${key.key} (hash ${key.position}) -> ${key.owner}`));
  });
  const legend = servers.map((node, i) =>
    el("g", {}, el("rect", { x: size + 10, y: 20 + i * 20, width: 12, height: 12, fill: colorOf(node) }), text(size + 28, 30 + i * 20, node, { fill: palette.ink })),
  );
  const caption = options.caption ? text(center, size - 6, options.caption, { "text-anchor": "middle", fill: palette.ink }) : "";
  return svgDocument(size + legendWidth, size, el("circle", { cx: center, cy: center, r: radius, fill: "none", stroke: palette.grid, "stroke-width": 10 }), ...arcs, ...ticks, ...keys, ...legend, caption);
}
