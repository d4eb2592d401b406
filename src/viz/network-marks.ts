/**
 * What the network did during a trace, for pictures drawn over time (space-time diagrams,
 * state timelines): a shaded band for every stretch while some link was cut, named with the
 * change that cut it ("partition 1,2|3,4,5"), and "healed" where it ended; and the time axis
 * under them, with nice ticks.
 */
import type { TraceEvent } from "../sim/trace";
import type { LabelPlacer } from "./label-placer";
import { el, HALO, palette, text, tooltip } from "./svg";
import { textBox } from "./text-size";
import { ticksWithin } from "./ticks";

export interface CutSpan {
  fromMs: number;
  toMs: number;
  description: string;
  /** True when a heal ended it; false when the window (or the trace) ended first. */
  healed: boolean;
}

const LABEL_FONT_PX = 10;

/** The stretches of the trace while some link was cut, clipped to the window. */
export function cutSpans(events: readonly TraceEvent[], fromMs: number, toMs: number): CutSpan[] {
  const spans: CutSpan[] = [];
  let open: { t: number; description: string } | undefined;
  const close = (t: number, healed: boolean) => {
    if (open && t >= fromMs && open.t <= toMs) spans.push({ fromMs: Math.max(open.t, fromMs), toMs: Math.min(t, toMs), description: open.description, healed: healed && t <= toMs });
    open = undefined;
  };
  for (const e of events) {
    if (e.kind !== "network") continue;
    close(e.t, e.cuts.length === 0);
    if (e.cuts.length > 0) open = { t: e.t, description: e.description };
  }
  close(Infinity, false);
  return spans;
}

/**
 * The spans as bands from `top` to `bottom` ("behind": a light fill under everything; "over": dashed
 * edges across the rows and a bar above them, for rows whose colours a fill would change), and their
 * names just above `top`, where the placer finds room (a name with no room stays in the tooltip).
 */
export function cutBands(spans: readonly CutSpan[], x: (ms: number) => number, top: number, bottom: number, placer: LabelPlacer, style: "behind" | "over"): string[] {
  return spans.map((span) => {
    const [left, right] = [x(span.fromMs), x(span.toMs)];
    const what = tooltip(`t=${span.fromMs}..${span.toMs} ${span.description}${span.healed ? ", then healed" : ""}`);
    const band =
      style === "behind"
        ? el("rect", { x: left, y: top, width: Math.max(1, right - left), height: bottom - top, fill: palette.partition, opacity: 0.7 })
        : el(
            "g",
            {},
            el("rect", { x: left, y: top - 3, width: Math.max(1, right - left), height: 3, fill: palette.bad, opacity: 0.6 }),
            el("path", { d: `M${left} ${top}V${bottom}${span.healed ? `M${right} ${top}V${bottom}` : ""}`, stroke: palette.bad, "stroke-width": 1.2, "stroke-dasharray": "4 3" }),
          );
    const labels = [nameAt(left + 3, top - 6, span.description, placer), span.healed ? nameAt(right + 3, top - 6, "healed", placer) : ""];
    return el("g", {}, what, band, ...labels);
  });
}

/** A band's name at (x, baseline y), or, when something is in the way, ending there instead. */
function nameAt(x: number, y: number, words: string, placer: LabelPlacer): string {
  const place = placer.place([textBox(x, y, words, LABEL_FONT_PX), textBox(x - 6, y, words, LABEL_FONT_PX, "end")]);
  return place ? text(place.x, y, words, { "font-size": LABEL_FONT_PX, fill: palette.bad, ...HALO }) : "";
}

/** A time axis at `y` from `leftPx` to `rightPx`: nice ticks in ms, about one per 90 px. */
export function timeAxis(fromMs: number, toMs: number, x: (ms: number) => number, y: number, leftPx: number, rightPx: number, placer: LabelPlacer): string {
  const parts: string[] = [el("line", { x1: leftPx, x2: rightPx, y1: y, y2: y, stroke: palette.muted })];
  for (const t of ticksWithin(fromMs, toMs, { count: Math.max(2, Math.floor((rightPx - leftPx) / 90)) })) {
    const label = `${t.toLocaleString("en-US")} ms`;
    parts.push(el("line", { x1: x(t), x2: x(t), y1: y, y2: y + 4, stroke: palette.muted }));
    // Centred under its tick, or turned inwards at the picture's edges.
    const box = placer.place((["middle", "start", "end"] as const).map((anchor) => textBox(x(t), y + 16, label, LABEL_FONT_PX, anchor)));
    if (box) parts.push(text(box.x, y + 16, label, { "font-size": LABEL_FONT_PX, fill: palette.muted, class: "tick-x" }));
  }
  return el("g", {}, ...parts);
}
