/**
 * Two quorums of one cluster and what they share: servers in a row, each quorum a tinted band
 * around its members (A above, B below, so the overlap is where both bands cover a server),
 * traitors in red, and a line that says how many honest servers the overlap is sure to hold
 * (without traitors: how many servers the quorums share). Notebook 06 draws it for 3 and 4
 * servers to show why Byzantine quorums need 3f + 1; notebook 10 for a write and a read quorum.
 */
import type { NodeId } from "../contracts/node";
import { el, palette, svgDocument, text, tooltip } from "./svg";
import { textWidthPx } from "./text-size";

export interface QuorumOverlapOptions {
  /** In drawing order; put each quorum's members next to each other for one band per quorum. */
  servers: readonly NodeId[];
  quorumA: readonly NodeId[];
  quorumB: readonly NodeId[];
  traitors?: readonly NodeId[];
  title?: string;
}

const SPACING_PX = 72;
const MARGIN_PX = 40;
const NODE_RADIUS_PX = 17;
const ROW_Y_PX = 88;
/** The narrowest picture, so that a row of three servers does not look cramped. */
const WIDTH_MIN_PX = 360;

export function quorumOverlapPicture(options: QuorumOverlapOptions): string {
  const traitors = options.traitors ?? [];
  const rowWidth = SPACING_PX * (options.servers.length - 1);
  const shared = options.servers.filter((id) => options.quorumA.includes(id) && options.quorumB.includes(id));
  const honestShared = shared.filter((id) => !traitors.includes(id));
  const verdict = honestShared.length > 0 ? palette.ok : palette.bad;
  // Without traitors the question is only whether the quorums meet (a read quorum sees the last write).
  const meeting = shared.length === 0 ? "no server in common" : `${shared.length} server${shared.length === 1 ? "" : "s"} in common`;
  const summary = `A ∩ B = {${shared.join(", ")}}: ${options.traitors === undefined ? meeting : honestShared.length === 0 ? "maybe no honest server" : `at least ${honestShared.length} honest`}`;
  // As wide as the row of servers, the title and the summary line need, whichever is widest.
  const width = Math.max(WIDTH_MIN_PX, 2 * MARGIN_PX + rowWidth, textWidthPx(options.title ?? "", 12, true) + 16, textWidthPx(summary, 12, true) + 16);
  const x = (i: number) => (width - rowWidth) / 2 + SPACING_PX * i;
  const bands = [
    ...band(options, options.quorumA, { top: ROW_Y_PX - 42, bottom: ROW_Y_PX + 12, pad: 28, color: palette.series[0], label: "quorum A", labelY: ROW_Y_PX - 48 }, x),
    ...band(options, options.quorumB, { top: ROW_Y_PX - 12, bottom: ROW_Y_PX + 42, pad: 32, color: palette.series[1], label: "quorum B", labelY: ROW_Y_PX + 58 }, x),
  ];
  const nodes = options.servers.map((id, i) => node(id, x(i), traitors.includes(id), shared.includes(id)));
  return svgDocument(
    width,
    ROW_Y_PX + 96,
    options.title ? text(width / 2, 18, options.title, { "text-anchor": "middle", "font-weight": "bold", fill: palette.ink }) : "",
    ...bands,
    ...nodes,
    text(width / 2, ROW_Y_PX + 84, summary, { "text-anchor": "middle", fill: verdict, "font-weight": "bold" }),
  );
}

interface BandStyle {
  top: number;
  bottom: number;
  pad: number;
  color: string;
  label: string;
  labelY: number;
}

/** One rounded rectangle per run of consecutive members; the label by the first. */
function band(options: QuorumOverlapOptions, members: readonly NodeId[], style: BandStyle, x: (i: number) => number): string[] {
  const runs: [number, number][] = [];
  options.servers.forEach((id, i) => {
    if (!members.includes(id)) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  const shapes = runs.map(([from, to]) =>
    el("rect", { x: x(from) - style.pad, y: style.top, width: x(to) - x(from) + 2 * style.pad, height: style.bottom - style.top, rx: 14, fill: style.color, opacity: 0.22, stroke: style.color, "stroke-width": 2 }, tooltip(`${style.label}: ${members.join(", ")}`)),
  );
  const label = runs.length > 0 ? text(x(runs[0][0]) - style.pad + 4, style.labelY, `${style.label} (${members.length})`, { fill: style.color, "font-weight": "bold" }) : "";
  return [...shapes, label];
}

function node(id: NodeId, cx: number, traitor: boolean, shared: boolean): string {
  const ring = shared ? el("circle", { cx, cy: ROW_Y_PX, r: NODE_RADIUS_PX + 4, fill: "none", stroke: traitor ? palette.bad : palette.ok, "stroke-width": 2.5 }) : "";
  return el(
    "g",
    {},
    tooltip(`${id}${traitor ? " (traitor)" : ""}${shared ? " (in both quorums)" : ""}`),
    ring,
    el("circle", { cx, cy: ROW_Y_PX, r: NODE_RADIUS_PX, fill: traitor ? palette.bad : palette.message }),
    text(cx, ROW_Y_PX + 4, id, { "text-anchor": "middle", fill: "white", "font-weight": "bold" }),
    traitor ? text(cx, ROW_Y_PX - NODE_RADIUS_PX - 8, "traitor", { "text-anchor": "middle", fill: palette.bad, "font-size": 10, "font-weight": "bold" }) : "",
  );
}
