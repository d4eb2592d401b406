/**
 * A saga timeline: one block per order, one row per step, time to the right. Each command a
 * participant handled is a mark on its step's row, coloured by what it did (took effect, failed,
 * undone, nothing to undo, a repeat, refused, lost); a band under the order's name shows the
 * status the order service showed (PENDING, then APPROVED or REJECTED). Reading a row from left
 * to right tells a step's story; reading the compensations from bottom to top tells whether
 * they ran last step first.
 *
 *   showSvg(sagaTimeline(world.run(), { highlight: ["o2/0/void"] }));
 */
import type { OrderStatus } from "../contracts/saga";
import type { SagaRun } from "../check/saga-invariants";
import type { RecordOutcome } from "../saga/records";
import { el, palette, svgDocument, text, tooltip } from "./svg";

export interface SagaTimelineOptions {
  /** Only these orders (default: every order of the run, at most `ordersMax`). */
  orders?: string[];
  ordersMax?: number;
  /** Command ids to outline in red (those a violation names). */
  highlight?: readonly string[];
  fromMs?: number;
  toMs?: number;
  widthPx?: number;
  title?: string;
}

const LEFT = 150;
const RIGHT = 20;
const ROW_PX = 18;
const BLOCK_GAP_PX = 10;
const TOP_PX = 44;

const OUTCOME_COLORS: Record<RecordOutcome, string> = {
  applied: palette.ok,
  failed: palette.bad,
  undone: "#e8833a",
  "nothing-to-undo": "#f7c59f",
  repeated: "#cbd2d9",
  refused: palette.duplicate,
  unavailable: palette.muted,
  lost: palette.ink,
};

const STATUS_COLORS: Record<OrderStatus | "UNKNOWN", string> = { PENDING: "#f7c948", APPROVED: "#3ebd93", REJECTED: "#9aa5b1", UNKNOWN: "#ffffff" };

export function sagaTimeline(run: SagaRun, options: SagaTimelineOptions = {}): string {
  const orders = (options.orders ?? run.orders.map((o) => o.orderId)).slice(0, options.ordersMax ?? 12);
  const records = run.records.filter((r) => orders.includes(r.orderId));
  const reports = run.statusReports.filter((r) => orders.includes(r.orderId) && r.source.endsWith("inspect()"));
  const times = [...records.map((r) => r.t), ...reports.map((r) => r.t)];
  const fromMs = options.fromMs ?? Math.max(0, Math.min(...times, 0));
  const toMs = options.toMs ?? Math.max(fromMs + 1, ...times) + 20;
  const width = options.widthPx ?? 900;
  const x = (ms: number) => LEFT + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (width - LEFT - RIGHT);
  const highlight = new Set(options.highlight ?? []);
  const stepRow = (participant: string, action: string) => run.steps.findIndex((s) => s.participant === participant && (s.action === action || s.compensation === action));
  const blockPx = (run.steps.length + 1) * ROW_PX + BLOCK_GAP_PX;
  const parts: string[] = [];
  orders.forEach((orderId, block) => {
    const top = TOP_PX + block * blockPx;
    const status = run.finalStatus(orderId);
    if (block % 2 === 1) parts.push(el("rect", { x: 0, y: top - 4, width, height: blockPx - 2, fill: "#f8f9fa" }));
    parts.push(text(8, top + 12, `${orderId}: ${status ?? "never recorded"}`, { "font-weight": "bold", fill: palette.ink }));
    parts.push(...statusBand(reports.filter((r) => r.orderId === orderId), x, top + 4, toMs));
    run.steps.forEach((step, i) => {
      const y = top + (i + 1) * ROW_PX + 9;
      const name = `${i + 1}. ${step.participant}.${step.action}${step.pivot ? " (pivot)" : ""}`;
      parts.push(text(16, y + 4, name, { "font-size": 10, fill: palette.muted }));
      parts.push(el("line", { x1: LEFT, x2: width - RIGHT, y1: y, y2: y, stroke: palette.grid }));
    });
    for (const record of records.filter((r) => r.orderId === orderId)) {
      const row = stepRow(record.participant, record.action);
      if (row < 0) continue;
      const y = top + (row + 1) * ROW_PX + 9;
      const compensation = record.compensates !== undefined;
      const shape = compensation
        ? el("rect", { x: x(record.t) - 5, y: y - 5, width: 10, height: 10, fill: OUTCOME_COLORS[record.outcome], stroke: highlight.has(record.commandId) ? palette.bad : "white", "stroke-width": highlight.has(record.commandId) ? 2.5 : 1 })
        : el("circle", { cx: x(record.t), cy: y, r: 5, fill: OUTCOME_COLORS[record.outcome], stroke: highlight.has(record.commandId) ? palette.bad : "white", "stroke-width": highlight.has(record.commandId) ? 2.5 : 1 });
      parts.push(el("g", {}, tooltip(`t=${Math.round(record.t)}ms ${record.participant} ${record.action} "${record.commandId}": ${record.outcome}${record.detail ? ` (${record.detail})` : ""}`), shape));
    }
  });
  const bottom = TOP_PX + orders.length * blockPx;
  parts.push(...axis(fromMs, toMs, x, bottom));
  if (options.title) parts.push(text(8, 16, options.title, { "font-weight": "bold", fill: palette.ink }));
  parts.push(legend(width));
  if (run.orders.length > orders.length && !options.orders) parts.push(text(width - RIGHT, bottom + 30, `${run.orders.length - orders.length} more orders not drawn`, { "text-anchor": "end", fill: palette.bad, "font-size": 11 }));
  return svgDocument(width, bottom + 36, ...parts);
}

function statusBand(reports: readonly { t: number; status: OrderStatus | "UNKNOWN" }[], x: (ms: number) => number, y: number, toMs: number): string[] {
  return reports.map((report, i) => {
    const end = reports[i + 1]?.t ?? toMs;
    return el("rect", { x: x(report.t), y, width: Math.max(1, x(end) - x(report.t)), height: 8, fill: STATUS_COLORS[report.status] }, tooltip(`${report.status} from t=${Math.round(report.t)}ms`));
  });
}

function axis(fromMs: number, toMs: number, x: (ms: number) => number, y: number): string[] {
  const anchors = ["start", "middle", "end"];
  return [fromMs, (fromMs + toMs) / 2, toMs].map((t, i) => text(x(t), y + 12, `${Math.round(t)} ms`, { "text-anchor": anchors[i], "font-size": 10, fill: palette.muted }));
}

function legend(width: number): string {
  const items: [string, string, "dot" | "square" | "band"][] = [
    ["PENDING", STATUS_COLORS.PENDING, "band"],
    ["APPROVED", STATUS_COLORS.APPROVED, "band"],
    ["REJECTED", STATUS_COLORS.REJECTED, "band"],
    ["took effect", OUTCOME_COLORS.applied, "dot"],
    ["failed", OUTCOME_COLORS.failed, "dot"],
    ["repeat", OUTCOME_COLORS.repeated, "dot"],
    ["refused late", OUTCOME_COLORS.refused, "dot"],
    ["lost", OUTCOME_COLORS.lost, "dot"],
    ["undone", OUTCOME_COLORS.undone, "square"],
    ["nothing to undo", OUTCOME_COLORS["nothing-to-undo"], "square"],
  ];
  const itemPx = (width - 110) / (items.length - 1); // the last label, "nothing to undo", needs about 90 px
  const marks = items.map(([label, color, shape], i) => {
    const cx = 14 + i * itemPx;
    const mark =
      shape === "band" ? el("rect", { x: cx - 6, y: 26, width: 12, height: 8, fill: color }) : shape === "square" ? el("rect", { x: cx - 5, y: 25, width: 10, height: 10, fill: color }) : el("circle", { cx, cy: 30, r: 5, fill: color });
    return el("g", {}, mark, text(cx + 9, 34, label, { "font-size": 10, fill: palette.ink }));
  });
  return el("g", {}, ...marks);
}
