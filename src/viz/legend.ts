/**
 * A legend laid out from measured label widths: items side by side, wrapping onto another row
 * when the next one would not fit, so entries never run into each other or out of the picture.
 */
import { el, palette, text } from "./svg";
import { textWidthPx, type Box } from "./text-size";

export interface LegendItem {
  label: string;
  color: string;
  /** box: a filled square (default); dot: a series' marker; dash: a dashed line (a reference); line: a thick line. */
  shape?: "box" | "dot" | "dash" | "line";
}

export interface LegendLayout {
  svg: string;
  /** The space the legend takes (height 0 when there are no items). */
  box: Box;
}

const FONT_PX = 10;
const SWATCH_PX = 10;
const SWATCH_GAP_PX = 4;
const ITEM_GAP_PX = 14;
const ROW_PX = 15;

/**
 * Lay `items` out in rows between `leftPx` and `rightPx`, the first row's top at `topPx`; `align`
 * "end" packs rows to the right. With `rightPx` at `leftPx`, a column: one item per row.
 */
export function layoutLegend(items: readonly LegendItem[], leftPx: number, rightPx: number, topPx: number, align: "start" | "end" = "start"): LegendLayout {
  const widths = items.map((item) => SWATCH_PX + SWATCH_GAP_PX + textWidthPx(item.label, FONT_PX));
  const rows: number[][] = [];
  let rowWidth = Infinity;
  widths.forEach((width, i) => {
    if (rowWidth + ITEM_GAP_PX + width > rightPx - leftPx) {
      rows.push([i]);
      rowWidth = width;
    } else {
      rows[rows.length - 1].push(i);
      rowWidth += ITEM_GAP_PX + width;
    }
  });
  const parts: string[] = [];
  let left = rightPx;
  rows.forEach((row, r) => {
    const total = row.reduce((sum, i) => sum + widths[i], 0) + ITEM_GAP_PX * (row.length - 1);
    let x = align === "start" ? leftPx : rightPx - total;
    left = Math.min(left, x);
    const top = topPx + r * ROW_PX;
    for (const i of row) {
      parts.push(entry(items[i], x, top));
      x += widths[i] + ITEM_GAP_PX;
    }
  });
  const width = rows.length === 0 ? 0 : Math.max(...rows.map((row) => row.reduce((sum, i) => sum + widths[i], 0) + ITEM_GAP_PX * (row.length - 1)));
  return { svg: el("g", { class: "legend" }, ...parts), box: { x: rows.length === 0 ? leftPx : left, y: topPx, width, height: rows.length * ROW_PX } };
}

function entry(item: LegendItem, x: number, top: number): string {
  const middle = top + SWATCH_PX / 2 + 1;
  const swatch =
    item.shape === "dot"
      ? el("circle", { cx: x + SWATCH_PX / 2, cy: middle, r: 4, fill: item.color })
      : item.shape === "dash"
        ? el("line", { x1: x, x2: x + SWATCH_PX, y1: middle, y2: middle, stroke: item.color, "stroke-width": 2, "stroke-dasharray": "3 2" })
        : item.shape === "line"
          ? el("line", { x1: x, x2: x + SWATCH_PX, y1: middle, y2: middle, stroke: item.color, "stroke-width": 4 })
        : el("rect", { x, y: top + 1, width: SWATCH_PX, height: SWATCH_PX, fill: item.color });
  return el("g", {}, swatch, text(x + SWATCH_PX + SWATCH_GAP_PX, top + SWATCH_PX, item.label, { "font-size": FONT_PX, fill: palette.ink }));
}
