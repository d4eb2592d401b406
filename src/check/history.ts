/**
 * Client histories: what each client asked, when, and what it was told. Consistency checkers
 * judge a system only by these, from the outside, the way Jepsen does.
 *
 * Every operation has a status:
 *   ok     it returned `output` at `returnMs`: it took effect exactly once, between call and return
 *   fail   it definitely did not take effect (the system said so); checkers ignore it
 *   info   indeterminate: no answer (crashed client, timeout, lost reply). It may or may not have
 *          taken effect, at any moment after its call, even long after the client gave up.
 *
 * Real-time order: A precedes B when A returned before B was called. Equal times are concurrent,
 * unless both events carry a sequence number (`callSeq`, `returnSeq`: the position in the
 * recorded order of events, as HistoryRecorder and the Jepsen importers set them); then the one
 * recorded first happened first. A simulator's client that gets a reply and calls again in the
 * same virtual millisecond is thus ordered correctly.
 */
import type { Json } from "../contracts/node";

export type OpStatus = "ok" | "fail" | "info";

export interface Operation<I = Json, O = Json> {
  /** Index in the history (0, 1, 2, ...). */
  id: number;
  /** The client (Jepsen's "process") that issued it. */
  client: string;
  input: I;
  /** The answer; only for status "ok" (null when there is nothing to say, e.g. a write). */
  output?: O;
  status: OpStatus;
  callMs: number;
  /** When the answer (ok) or the refusal (fail) arrived; null for an indeterminate operation. */
  returnMs: number | null;
  callSeq?: number;
  returnSeq?: number;
}

export interface History<I = Json, O = Json> {
  operations: Operation<I, O>[];
}

export function isIndeterminate(op: Operation<unknown, unknown>): boolean {
  return op.status === "info";
}

/** The output the checker may rely on: undefined (unknown) for an indeterminate operation. */
export function knownOutput<O>(op: Operation<unknown, O>): O | undefined {
  return op.status === "ok" ? op.output : undefined;
}

const FORMAT = "linearizability-history/1";

/** A history as JSON text, one operation per line (diffs and fixtures stay readable). */
export function historyToJson(history: History<unknown, unknown>): string {
  const lines = history.operations.map((op) => `  ${JSON.stringify(op)}`);
  return `{"format": "${FORMAT}", "operations": [\n${lines.join(",\n")}\n]}\n`;
}

/** Read a history written by `historyToJson` (or by hand). Throws a message naming the bad operation. */
export function historyFromJson(text: string): History {
  let parsed: { format?: unknown; operations?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.operations)) {
    throw new Error(`not a history: expected {"format": "${FORMAT}", "operations": [...]}`);
  }
  return { operations: parsed.operations.map((raw, index) => readOperation(raw, index)) };
}

function readOperation(raw: unknown, index: number): Operation {
  const op = raw as Partial<Operation> & { [field: string]: unknown };
  const problem = operationShapeProblem(op);
  if (problem) throw new Error(`operation ${index}: ${problem}`);
  const result: Operation = {
    id: index,
    client: String(op.client),
    input: op.input as Json,
    status: op.status as OpStatus,
    callMs: op.callMs as number,
    returnMs: op.status === "info" ? null : (op.returnMs as number),
  };
  if (op.status === "ok") result.output = op.output ?? null;
  if (typeof op.callSeq === "number") result.callSeq = op.callSeq;
  if (typeof op.returnSeq === "number" && op.status !== "info") result.returnSeq = op.returnSeq;
  return result;
}

function operationShapeProblem(op: { [field: string]: unknown }): string | undefined {
  if (typeof op !== "object" || op === null) return "expected an object";
  if (typeof op.client !== "string" && typeof op.client !== "number") return `"client" must be a string`;
  if (op.status !== "ok" && op.status !== "fail" && op.status !== "info") return `"status" must be "ok", "fail" or "info"`;
  if (typeof op.callMs !== "number" || !Number.isFinite(op.callMs)) return `"callMs" must be a number`;
  if (op.input === undefined) return `"input" is missing`;
  if (op.status !== "info") {
    if (typeof op.returnMs !== "number" || !Number.isFinite(op.returnMs)) return `"returnMs" must be a number for status "${String(op.status)}"`;
    if (op.returnMs < op.callMs) return `returned at ${op.returnMs} ms, before its call at ${op.callMs} ms`;
  }
  return undefined;
}

/** Renumber operations 0, 1, 2, ... (after filtering or building by hand). */
export function renumber<I, O>(operations: readonly Operation<I, O>[]): History<I, O> {
  return { operations: operations.map((op, id) => ({ ...op, id })) };
}
