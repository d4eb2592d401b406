/**
 * The logs of a Raft cluster, one row per server, index by index: each entry a box coloured by
 * its term, solid when that server has committed it and only outlined while it has not. The
 * row's label says who leads, who is down and in which term each server is. It is drawn from
 * what inspect() returns (RaftSnapshot), or from log states written down by hand, so the same
 * picture shows a real run and the paper's Figure 8.
 *
 * Short logs get one box per entry with its command written in; logs too long for that are
 * drawn as runs of consecutive entries of one term ("t3 ×150"), so a diverged log of hundreds
 * of entries still fits.
 */
import type { Json, NodeId } from "../contracts/node";
import type { LogEntry, RaftRole, RaftSnapshot } from "../contracts/raft";
import { el, palette, svgDocument, text, tooltip } from "./svg";
import { textWidthPx } from "./text-size";

/** One server's row. Everything but `id` and `log` may be left out (a hand-drawn state). */
export interface RaftLogRow {
  id: NodeId;
  log: readonly LogEntry[];
  commitIndex?: number;
  role?: RaftRole;
  term?: number;
  down?: boolean;
  /** A few words under the label, e.g. "votes for n5". */
  note?: string;
}

export interface RaftLogsOptions {
  title?: string;
  /** Outline this index in every row (the entry a story is about). */
  highlightIndex?: number;
  /** Draw at least this many indexes, so pictures of one story line up. */
  indexesMin?: number;
  widthPx?: number;
}

/** The label column is at least this wide, and wider when a row's note or details need it. */
const LABEL_PX_MIN = 160;
/** Where a row's details and note start, right of the server's badge. */
const DETAILS_X_PX = 40;
const RIGHT_PX = 12;
const ROW_PX = 34;
const BOX_PX = 26;
const HEADER_PX = 22;
const LEGEND_PX = 34;
/** Widest box for one entry, and the narrowest before entries are merged into runs. */
const CELL_PX_MAX = 44;
const CELL_PX_MIN = 16;
const COMMAND_CHARS_MAX = 6;
/** Wide enough for the legend; narrow enough for a notebook. */
const WIDTH_PX_MIN = 560;
const WIDTH_PX_MAX = 960;
/** Term colours: the series palette without the green and red that mean leader and failure elsewhere. */
const TERM_COLORS = ["#3e7cb1", "#e8833a", "#9446ed", "#8d6e63", "#e26ca5", "#17becf", "#bcbd22", "#7b8794"];

/** Rows from a cluster's snapshots (servers missing from `snapshots` are drawn as down with an empty log). */
export function logRowsOf(servers: readonly NodeId[], snapshots: ReadonlyMap<NodeId, RaftSnapshot>): RaftLogRow[] {
  return servers.map((id) => {
    const snapshot = snapshots.get(id);
    return snapshot ? { id, ...snapshot } : { id, log: [], down: true };
  });
}

export function raftLogsPicture(rows: readonly RaftLogRow[], options: RaftLogsOptions = {}): string {
  const indexes = Math.max(1, options.indexesMin ?? 0, ...rows.map((row) => row.log.length));
  const titlePx = textWidthPx(options.title ?? "", 12, true) + 16;
  const labelPx = Math.max(LABEL_PX_MIN, ...rows.map((row) => DETAILS_X_PX + 8 + Math.max(textWidthPx(row.note ?? "", 10), textWidthPx(detailsOf(row), 10))));
  const width = options.widthPx ?? Math.min(WIDTH_PX_MAX, Math.max(WIDTH_PX_MIN, titlePx, labelPx + indexes * CELL_PX_MAX + RIGHT_PX));
  const cellPx = Math.min(CELL_PX_MAX, (width - labelPx - RIGHT_PX) / indexes);
  const top = (options.title ? 24 : 4) + HEADER_PX;
  const height = top + rows.length * ROW_PX + LEGEND_PX;
  const x = (index: number) => labelPx + (index - 1) * cellPx;
  const parts: string[] = [];
  if (options.title) parts.push(text(8, 16, options.title, { "font-weight": "bold", fill: palette.ink }));
  parts.push(indexHeader(indexes, cellPx, x, top - 6));
  if (options.highlightIndex !== undefined && options.highlightIndex <= indexes) {
    parts.push(el("rect", { x: x(options.highlightIndex) - 1, y: top - HEADER_PX + 4, width: cellPx, height: rows.length * ROW_PX + HEADER_PX - 4, rx: 4, fill: "none", stroke: palette.bad, "stroke-width": 2, "stroke-dasharray": "5 3" }));
  }
  rows.forEach((row, i) => {
    const y = top + i * ROW_PX;
    parts.push(rowLabel(row, y));
    const boxes = cellPx >= CELL_PX_MIN ? entryBoxes(row, x, cellPx, y) : runBoxes(row, x, cellPx, y);
    parts.push(el("g", { opacity: row.down ? 0.45 : 1 }, ...boxes));
  });
  parts.push(legend(termsOf(rows), height - 12, width));
  return svgDocument(width, height, ...parts);
}

/** The colour of a term: the same term has the same colour in every picture. */
export function termColor(term: number): string {
  const n = TERM_COLORS.length;
  return TERM_COLORS[(((term - 1) % n) + n) % n];
}

function indexHeader(indexes: number, cellPx: number, x: (index: number) => number, y: number): string {
  const every = Math.ceil(28 / cellPx); // label every k-th index so numbers never touch
  const labels = [text(8, y, "index", { "font-size": 10, fill: palette.muted })];
  for (let index = 1; index <= indexes; index++) {
    if (index % every === 0 || index === 1) labels.push(text(x(index) + cellPx / 2, y, String(index), { "text-anchor": "middle", "font-size": 10, fill: palette.muted }));
  }
  return el("g", {}, ...labels);
}

function rowLabel(row: RaftLogRow, y: number): string {
  const badge = row.down ? palette.roles.down : row.role !== undefined ? palette.roles[row.role] : undefined;
  const details = detailsOf(row);
  return el(
    "g",
    {},
    badge ? el("rect", { x: 4, y: y + 4, width: 30, height: BOX_PX - 4, rx: 4, fill: badge }) : "",
    text(8, y + BOX_PX / 2 + 6, row.id, { "font-weight": "bold", fill: palette.ink }),
    text(DETAILS_X_PX, y + 13, details, { "font-size": 10, fill: row.down ? palette.bad : palette.muted }),
    row.note ? text(DETAILS_X_PX, y + 25, row.note, { "font-size": 10, fill: palette.ink }) : "",
  );
}

/** "leader, term 2", "down, term 3": the words beside a row's id. */
function detailsOf(row: RaftLogRow): string {
  return [row.down ? "down" : row.role, row.term !== undefined ? `term ${row.term}` : undefined].filter((part) => part !== undefined).join(", ");
}

/** One box per entry: its term in the corner, its command inside when short enough. */
function entryBoxes(row: RaftLogRow, x: (index: number) => number, cellPx: number, y: number): string[] {
  return row.log.map((entry, offset) => {
    const index = offset + 1;
    const committed = index <= (row.commitIndex ?? 0);
    const color = termColor(entry.term);
    const command = commandLabel(entry.command, cellPx);
    return el(
      "g",
      {},
      tooltip(`${row.id} index ${index}: term ${entry.term}, ${JSON.stringify(entry.command)}${committed ? ", committed" : ", not committed"}`),
      box(x(index) + 1, y + 2, cellPx - 2, committed, color),
      text(x(index) + 4, y + 11, `t${entry.term}`, { "font-size": 8, fill: committed ? "white" : color }),
      command ? text(x(index) + cellPx / 2, y + 23, command, { "text-anchor": "middle", "font-size": 10, "font-weight": "bold", fill: committed ? "white" : palette.ink }) : "",
    );
  });
}

/** Runs of consecutive entries with the same term and the same committed-ness, for long logs. */
function runBoxes(row: RaftLogRow, x: (index: number) => number, cellPx: number, y: number): string[] {
  const boxes: string[] = [];
  let start = 1;
  for (let index = 1; index <= row.log.length; index++) {
    const committed = (i: number) => i <= (row.commitIndex ?? 0);
    const next = index + 1;
    const endsHere = next > row.log.length || row.log[next - 1].term !== row.log[index - 1].term || committed(next) !== committed(index);
    if (!endsHere) continue;
    const term = row.log[index - 1].term;
    const count = index - start + 1;
    const w = count * cellPx;
    const color = termColor(term);
    const label = `t${term} ×${count}`;
    boxes.push(
      el(
        "g",
        {},
        tooltip(`${row.id} indexes ${start}..${index}: ${count} entries of term ${term}${committed(index) ? ", committed" : ", not committed"}`),
        box(x(start) + 0.5, y + 2, w - 1, committed(index), color),
        textWidthPx(label, 10) < w - 2 ? text(x(start) + w / 2, y + 18, label, { "text-anchor": "middle", "font-size": 10, fill: committed(index) ? "white" : color }) : "",
      ),
    );
    start = next;
  }
  return boxes;
}

function box(x: number, y: number, width: number, committed: boolean, color: string): string {
  return el("rect", {
    x,
    y,
    width: Math.max(1, width),
    height: BOX_PX,
    rx: 3,
    fill: committed ? color : "white",
    stroke: color,
    "stroke-width": committed ? 1 : 1.5,
    "stroke-dasharray": committed ? undefined : "3 2",
  });
}

function commandLabel(command: Json, cellPx: number): string | undefined {
  const shown = typeof command === "string" ? command : JSON.stringify(command);
  return shown.length <= COMMAND_CHARS_MAX && textWidthPx(shown, 10, true) <= cellPx - 4 ? shown : undefined;
}

function termsOf(rows: readonly RaftLogRow[]): number[] {
  return [...new Set(rows.flatMap((row) => row.log.map((entry) => entry.term)))].sort((a, b) => a - b);
}

function legend(terms: number[], y: number, width: number): string {
  const fits = Math.max(0, Math.floor((width - 326 - RIGHT_PX) / 34));
  const items = [
    el("rect", { x: 8, y: y - 10, width: 12, height: 12, rx: 2, fill: palette.muted }),
    text(24, y, "committed on that server", { "font-size": 10, fill: palette.ink }),
    el("rect", { x: 160, y: y - 10, width: 12, height: 12, rx: 2, fill: "white", stroke: palette.muted, "stroke-dasharray": "3 2" }),
    text(176, y, "not committed (yet)", { "font-size": 10, fill: palette.ink }),
    text(290, y, "terms:", { "font-size": 10, fill: palette.ink }),
    ...terms.slice(0, fits).map((term, i) => el("g", {}, el("rect", { x: 326 + i * 34, y: y - 10, width: 12, height: 12, rx: 2, fill: termColor(term) }), text(341 + i * 34, y, String(term), { "font-size": 10, fill: palette.ink }))),
  ];
  return el("g", {}, ...items);
}
