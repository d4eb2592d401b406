/**
 * A trace redrawn as the servers' own clocks tell it, for notebook 02: every event moved to the
 * time its server's (skewed) clock read when it happened, a message from its sender's reading at
 * the send to its receiver's reading at the delivery. Drawn as a space-time diagram, a message
 * from a fast clock to a slow one points backwards: what a log sorted by timestamps believes.
 */
import type { NodeId } from "../../contracts/node";
import type { TraceEvent } from "../../sim";

/** `events` with each node's times shifted by `offsetMs(node)`; events of no node stay as they are. */
export function onServerClocks(events: readonly TraceEvent[], offsetMs: (node: NodeId) => number): TraceEvent[] {
  return events.map((event) => {
    if (event.kind === "deliver" || event.kind === "drop") return { ...event, t: event.t + offsetMs(event.to), sentAt: event.sentAt + offsetMs(event.from) };
    if (event.kind === "send") return { ...event, t: event.t + offsetMs(event.from) };
    if ("node" in event) return { ...event, t: event.t + offsetMs(event.node) };
    return event;
  });
}
