/**
 * A cluster of servers drawn on a circle: who is up, who is on which side of a partition, and
 * which servers form a majority. The first picture of the course (00-welcome) and a handy
 * sketch wherever quorums come up.
 */
import type { NodeId } from "../contracts/node";
import { el, escapeXml, palette, svgDocument, text, tooltip } from "./svg";

export interface ClusterPictureOptions {
  servers: readonly NodeId[];
  /** Servers drawn as down (crossed out). */
  down?: readonly NodeId[];
  /** Servers to ring in green, e.g. a majority that can still decide. */
  highlight?: readonly NodeId[];
  /** Partition groups: links between different groups are drawn cut. */
  groups?: readonly (readonly NodeId[])[];
  /** A caption under the picture. */
  caption?: string;
  sizePx?: number;
}

export function clusterPicture(options: ClusterPictureOptions): string {
  const size = options.sizePx ?? 320;
  const center = size / 2;
  const radius = size * 0.34;
  const nodeRadius = Math.max(14, size * 0.07);
  const place = (i: number) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / options.servers.length;
    return { x: center + radius * Math.cos(angle), y: center + radius * Math.sin(angle) };
  };
  const groupOf = (id: NodeId) => options.groups?.findIndex((group) => group.includes(id)) ?? -1;
  const links: string[] = [];
  options.servers.forEach((a, i) =>
    options.servers.forEach((b, j) => {
      if (j <= i) return;
      const cut = options.groups !== undefined && groupOf(a) !== groupOf(b);
      const p = place(i);
      const q = place(j);
      links.push(el("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: cut ? palette.dropped : palette.grid, "stroke-width": cut ? 1 : 1.5, "stroke-dasharray": cut ? "4 4" : undefined }));
    }),
  );
  const nodes = options.servers.map((id, i) => {
    const { x, y } = place(i);
    const isDown = options.down?.includes(id) ?? false;
    const isHighlighted = options.highlight?.includes(id) ?? false;
    const group = groupOf(id);
    const fill = isDown ? palette.roles.down : group >= 0 ? palette.series[group % palette.series.length] : palette.message;
    return el(
      "g",
      {},
      tooltip(`${id}${isDown ? " (down)" : ""}${isHighlighted ? " (in the majority)" : ""}`),
      isHighlighted ? el("circle", { cx: x, cy: y, r: nodeRadius + 5, fill: "none", stroke: palette.ok, "stroke-width": 3 }) : "",
      el("circle", { cx: x, cy: y, r: nodeRadius, fill, opacity: isDown ? 0.6 : 0.9 }),
      text(x, y + 4, id, { "text-anchor": "middle", fill: "white", "font-weight": "bold" }),
      isDown ? el("path", { d: `M${x - nodeRadius} ${y - nodeRadius}L${x + nodeRadius} ${y + nodeRadius}M${x + nodeRadius} ${y - nodeRadius}L${x - nodeRadius} ${y + nodeRadius}`, stroke: palette.crash, "stroke-width": 3 }) : "",
    );
  });
  const caption = options.caption ? text(center, size + 14, options.caption, { "text-anchor": "middle", fill: palette.ink }) : "";
  return svgDocument(size, size + (options.caption ? 24 : 0), el("title", {}, escapeXml("cluster")), ...links, ...nodes, caption);
}
