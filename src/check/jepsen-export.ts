/**
 * Course histories out as Jepsen text (log lines or EDN maps), the inverse of jepsen-import.ts:
 * for fixtures in Jepsen's shape and for feeding other tools. Events come out in real-time order;
 * an indeterminate operation's :info line comes just before its process's next invoke (or at the
 * end), and a cas that answered false comes out as `:fail :cas [from to]`, as Jepsen writes it.
 * Clients named like "c3" or "p3" become process 3. A refused cas (status fail) has no form of its
 * own in Jepsen's notation: it comes out as `:fail :cas` and reads back as a cas that answered false.
 */
import type { Json } from "../contracts/node";
import type { History, Operation } from "./history";
import { compareEvents, hasSequence } from "./real-time";

type Line = { process: string; type: "invoke" | "ok" | "fail" | "info"; f: string; key?: string; value: Json | "timed-out" };

export function historyToJepsenLog(history: History): string {
  return jepsenLines(history)
    .map((line) => `INFO  jepsen.util - ${line.process}\t:${line.type}\t:${line.f}\t${line.value === "timed-out" ? ":timed-out" : edn(line.value)}`)
    .join("\n")
    .concat("\n");
}

export function historyToJepsenEdn(history: History): string {
  return jepsenLines(history)
    .map((line) => {
      const process = /^\d+$/.test(line.process) ? line.process : `:${line.process}`;
      const key = line.key === undefined ? "" : `, :key ${JSON.stringify(line.key)}`;
      const value = line.value === "timed-out" ? ":timed-out" : edn(line.value);
      return `{:process ${process}, :type :${line.type}, :f :${line.f}${key}, :value ${value}}`;
    })
    .join("\n")
    .concat("\n");
}

function jepsenLines(history: History): Line[] {
  const ops = history.operations;
  const useSeq = hasSequence(ops);
  const events: [Operation, boolean][] = [];
  for (const op of ops) {
    events.push([op, false]);
    if (op.status !== "info") events.push([op, true]);
  }
  events.sort(([a, aReturn], [b, bReturn]) => compareEvents(a, aReturn, b, bReturn, useSeq) || a.id - b.id);
  const lines: Line[] = [];
  const unanswered = new Map<string, Operation>();
  const flushInfo = (process: string) => {
    const op = unanswered.get(process);
    if (!op) return;
    unanswered.delete(process);
    lines.push({ ...describe(op), type: "info", value: "timed-out" });
  };
  for (const [op, isReturn] of events) {
    const process = processOf(op.client);
    if (!isReturn) {
      flushInfo(process);
      lines.push({ ...describe(op), type: "invoke" });
      if (op.status === "info") unanswered.set(process, op);
      continue;
    }
    const base = describe(op);
    if (op.status === "fail") lines.push({ ...base, type: "fail" });
    else if (base.f === "cas") lines.push({ ...base, type: op.output === true ? "ok" : "fail" });
    else lines.push({ ...base, type: "ok", value: base.f === "read" || base.f === "get" ? (op.output ?? null) : base.value });
  }
  for (const process of [...unanswered.keys()]) flushInfo(process);
  return lines;
}

/** The invoke's f, key and value, as Jepsen writes them. */
function describe(op: Operation): Omit<Line, "type"> {
  const input = op.input as { f: string; key?: string; value?: Json; from?: Json; to?: Json };
  const process = processOf(op.client);
  const value = input.f === "cas" ? [input.from ?? null, input.to ?? null] : input.f === "read" || input.f === "get" || input.f === "delete" ? null : (input.value ?? null);
  return { process, f: input.f, key: input.key, value };
}

/** Jepsen numbers its processes: "c3" and "p3" become 3; other names stay. */
function processOf(client: string): string {
  return client.replace(/^[a-z]+(?=\d+$)/, "");
}

/** JSON data as EDN text: null as nil, arrays as vectors, objects as maps with string keys. */
function edn(value: Json): string {
  if (value === null) return "nil";
  if (Array.isArray(value)) return `[${value.map(edn).join(" ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} ${edn(v)}`).join(", ")}}`;
  return JSON.stringify(value);
}
