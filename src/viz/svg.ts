/**
 * Tiny SVG builder shared by every picture in the course (space-time diagrams, timelines,
 * hash rings, charts). Pictures are plain strings, so notebooks display them with
 * `tslab.display.html(svg)` and the grader embeds them in HTML reports unchanged.
 */

export type Attributes = Record<string, string | number | undefined>;

/** Escape text for use inside SVG/HTML text nodes and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]);
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** One element: `el("circle", { cx: 5, cy: 5, r: 2 })`, children as strings (already SVG). */
export function el(tag: string, attributes: Attributes = {}, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(typeof value === "number" ? round(value) : value))}"`)
    .join("");
  return children.length === 0 ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${children.join("")}</${tag}>`;
}

/** A text element whose content is escaped. */
export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return el("text", { x, y, ...attributes }, escapeXml(content));
}

/**
 * Attributes for a white outline behind a label's letters (drawn first, by paint-order), so a
 * line that passes under the label never makes it hard to read.
 */
export const HALO: Attributes = { stroke: "white", "stroke-width": 3, "stroke-linejoin": "round", "paint-order": "stroke" };

/** A `<title>` child: the tooltip a browser shows on hover. */
export function tooltip(content: string): string {
  return el("title", {}, escapeXml(content));
}

/** The outer `<svg>` element with a viewBox and a readable default font. */
export function svgDocument(width: number, height: number, ...children: string[]): string {
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width,
      height,
      viewBox: `0 0 ${round(width)} ${round(height)}`,
      "font-family": "system-ui, -apple-system, 'Segoe UI', sans-serif",
      "font-size": 12,
    },
    ...children,
  );
}

/** Colours used across the course, so the same idea has the same colour in every picture. */
export const palette = {
  ink: "#1f2933",
  muted: "#7b8794",
  grid: "#e4e7eb",
  message: "#3e7cb1",
  dropped: "#d64545",
  duplicate: "#9446ed",
  timer: "#f0b429",
  crash: "#d64545",
  partition: "#fde8e8",
  ok: "#2f9e44",
  bad: "#d64545",
  unknown: "#f0b429",
  roles: { follower: "#cbd2d9", candidate: "#f7c948", leader: "#3ebd93", down: "#f29b9b" } as Record<string, string>,
  /** Distinct colours for series (nodes, clients, shards), in order. */
  series: ["#3e7cb1", "#e8833a", "#3ebd93", "#d64545", "#9446ed", "#8d6e63", "#e26ca5", "#7b8794", "#bcbd22", "#17becf"],
} as const;

/** Two decimals are plenty for pixels and keep the strings short and stable. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
