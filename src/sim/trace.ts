/**
 * The trace: everything that happened in a run, in order, with virtual times in milliseconds.
 * Checkers query it, pictures draw it, and its JSON export is what "same seed, same trace,
 * byte for byte" is measured on.
 */
import { createHash } from "node:crypto";
import type { Json, NodeId } from "../contracts/node";

/** Why a message did not arrive ("test": a directed test's router dropped it on purpose). */
export type DropReason = "loss" | "partition" | "down" | "test";

export type TraceEvent =
  | { t: number; kind: "start"; node: NodeId }
  | { t: number; kind: "send"; from: NodeId; to: NodeId; msgId: number; msg: Json; copies: number }
  | { t: number; kind: "deliver"; from: NodeId; to: NodeId; msgId: number; msg: Json; sentAt: number }
  | { t: number; kind: "drop"; from: NodeId; to: NodeId; msgId: number; msg: Json; sentAt: number; reason: DropReason }
  | { t: number; kind: "timer"; node: NodeId; timerId: number; timer: Json }
  | { t: number; kind: "crash"; node: NodeId }
  | { t: number; kind: "restart"; node: NodeId }
  | { t: number; kind: "network"; description: string; cuts: [NodeId, NodeId][] }
  | { t: number; kind: "fault"; description: string }
  | { t: number; kind: "annotate"; node: NodeId; state: { [key: string]: Json } }
  | { t: number; kind: "log"; node: NodeId; text: string }
  | { t: number; kind: "call"; node: NodeId; label: string };

export type TraceKind = TraceEvent["kind"];
export type EventOf<K extends TraceKind> = Extract<TraceEvent, { kind: K }>;

export class Trace {
  readonly events: TraceEvent[] = [];

  add(event: TraceEvent): void {
    this.events.push(event);
  }

  get length(): number {
    return this.events.length;
  }

  /** Events of one kind, typed: `trace.ofKind("deliver")`. */
  ofKind<K extends TraceKind>(kind: K): EventOf<K>[] {
    return this.events.filter((event): event is EventOf<K> => event.kind === kind);
  }

  /** Events that involve `node` (as the node, sender or receiver). */
  involving(node: NodeId): TraceEvent[] {
    return this.events.filter((event) =>
      "node" in event ? event.node === node : "from" in event ? event.from === node || event.to === node : false,
    );
  }

  /** Events with from <= t < to. */
  between(fromMs: number, toMs: number): TraceEvent[] {
    return this.events.filter((event) => event.t >= fromMs && event.t < toMs);
  }

  /** The last `count` events, for error messages. */
  tail(count: number): TraceEvent[] {
    return this.events.slice(-count);
  }

  /** One JSON object per line: the canonical, byte-for-byte comparable form. */
  toJsonLines(): string {
    let out = "";
    for (const event of this.events) out += JSON.stringify(event) + "\n";
    return out;
  }

  /** SHA-256 of the JSON lines: two runs are identical exactly when their hashes are. */
  hash(): string {
    const hasher = createHash("sha256");
    for (const event of this.events) hasher.update(JSON.stringify(event) + "\n");
    return hasher.digest("hex");
  }

  static fromJsonLines(text: string): Trace {
    const trace = new Trace();
    for (const line of text.split("\n")) if (line.trim() !== "") trace.add(JSON.parse(line) as TraceEvent);
    return trace;
  }
}

/** One line of words for an event, as error messages and logs show it. */
export function describeEvent(event: TraceEvent): string {
  const at = `t=${formatMs(event.t)}`;
  switch (event.kind) {
    case "start":
      return `${at} ${event.node} started`;
    case "send":
      return `${at} ${event.from} -> ${event.to} sent #${event.msgId} ${brief(event.msg)}`;
    case "deliver":
      return `${at} ${event.from} -> ${event.to} delivered #${event.msgId} ${brief(event.msg)}`;
    case "drop":
      return `${at} ${event.from} -> ${event.to} dropped #${event.msgId} (${event.reason}) ${brief(event.msg)}`;
    case "timer":
      return `${at} ${event.node} timer ${brief(event.timer)}`;
    case "crash":
      return `${at} ${event.node} crashed`;
    case "restart":
      return `${at} ${event.node} restarted`;
    case "network":
      return `${at} network: ${event.description}`;
    case "fault":
      return `${at} fault: ${event.description}`;
    case "annotate":
      return `${at} ${event.node} ${brief(event.state)}`;
    case "log":
      return `${at} ${event.node} log: ${event.text}`;
    case "call":
      return `${at} ${event.node} called: ${event.label}`;
  }
}

/** Milliseconds with at most three decimals: "12", "12.5", "12.125". */
export function formatMs(ms: number): string {
  return String(Math.round(ms * 1000) / 1000);
}

/** A JSON value shortened for one line of text. */
export function brief(value: unknown, lengthMax = 120): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= lengthMax ? text : `${text.slice(0, lengthMax - 1)}…`;
}
