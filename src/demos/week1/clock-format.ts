/**
 * Clock stamps as short text for notebook 02's tables and diagram labels, and the labels and
 * Markdown tables built from them. Clock readings are milliseconds since midnight.
 */
import type { HlcTimestamp, VectorTimestamp } from "../../contracts/clocks";
import type { NodeId } from "../../contracts/node";
import type { EventLabel } from "../../viz/space-time";
import type { StampedEvent } from "./clock-run";

/** "14:30:45.123" */
export function clockText(msSinceMidnight: number): string {
  const ms = Math.round(msSinceMidnight);
  const [hours, minutes, seconds] = [Math.floor(ms / 3_600_000), Math.floor(ms / 60_000) % 60, Math.floor(ms / 1000) % 60];
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(ms % 1000, 3)}`;
}

/** "45.123": seconds and milliseconds only, for labels where the hour and minute are known. */
export function secondsText(msSinceMidnight: number): string {
  return clockText(msSinceMidnight).slice(6);
}

/** "[1,0,2]": one entry per server, in the order given. */
export function vectorText(vector: VectorTimestamp, servers: readonly NodeId[]): string {
  return `[${servers.map((server) => vector[server] ?? 0).join(",")}]`;
}

/** "(45.890, 1)": the wall part as seconds, then the logical counter. */
export function hlcText(stamp: HlcTimestamp): string {
  return `(${secondsText(stamp.wallMs)}, ${stamp.logical})`;
}

/** A label at each event, where it really happened (true time) on its server's lane. */
export function labelsAtTrueTime(events: readonly StampedEvent[], textOf: (event: StampedEvent) => string): EventLabel[] {
  return events.map((event) => ({ node: event.node, t: event.trueMs, text: textOf(event) }));
}

/** A Markdown table (cells are escaped for the pipe only: they are short labels and numbers). */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map((cell) => String(cell).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function pad(value: number, digits: number): string {
  return String(value).padStart(digits, "0");
}
