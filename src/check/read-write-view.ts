/**
 * A history of reads and writes in which every write of a key writes a different value, seen as
 * the causal and session checkers need it: for each read, the one write it read from (the
 * writes-into relation of Ahamad et al.), the initial value, or nowhere (a value nobody wrote).
 *
 * Unique values are what make this possible from the outside: if two writes of x both wrote 1, a
 * read of 1 cannot say which one it saw, and the checkers answer UNKNOWN rather than guess. The
 * initial value is nil, so a write of nil (a delete) is ambiguous only when some read of that
 * key returned nil. Operations other than reads and writes (cas, append) are refused with a
 * message: their values do not name one write.
 *
 * Which operations count: answered reads and writes, and writes with no answer (they may have
 * taken effect: a read of their value proves they did). Refused operations never took effect;
 * an unanswered read tells nothing.
 */
import type { Json } from "../contracts/node";
import { assertOperationsKnown, operationsThatCount, opWords } from "./consistency-result";
import { knownOutput, type History, type Operation } from "./history";
import { showValue, valueKey, type AnyModel } from "./model";

/** The read returned the initial value (nil): it read from no write. */
export const INITIAL = -1;
/** The read returned a value that no operation wrote. */
export const NOWHERE = -2;

export interface ReadWriteOp {
  op: Operation;
  /** The key ("" for a single register). */
  key: string;
  kind: "read" | "write";
  /** What a write wrote or a read returned. */
  value: Json;
}

export interface ReadWriteView {
  model: AnyModel;
  ops: ReadWriteOp[];
  /** For a read (by position): the position of the write it read from, INITIAL or NOWHERE. For a write: its own position. */
  sourceOf: number[];
}

/** The view; or why values do not name writes (ambiguity: answer UNKNOWN); or an operation that is no read or write. */
export type ViewOrProblem = { view: ReadWriteView } | { ambiguity: string } | { unsupported: string };

export function readWriteView(history: History<any, any>, model: AnyModel): ViewOrProblem {
  assertOperationsKnown(model, history.operations);
  const ops: ReadWriteOp[] = [];
  for (const op of operationsThatCount(model, history.operations)) {
    const rw = readOrWrite(model, op);
    if (!rw) return { unsupported: unsupportedWords(model, op) };
    ops.push(rw);
  }
  const writers = new Map<string, number>();
  for (const [i, rw] of ops.entries()) {
    if (rw.kind !== "write") continue;
    const slot = `${JSON.stringify(rw.key)}:${valueKey(rw.value)}`;
    const earlier = writers.get(slot);
    if (earlier !== undefined) return { ambiguity: sameValueWords(model, ops[earlier], rw) };
    writers.set(slot, i);
  }
  const sourceOf = ops.map((rw, i) => (rw.kind === "write" ? i : (writers.get(`${JSON.stringify(rw.key)}:${valueKey(rw.value)}`) ?? (rw.value === null ? INITIAL : NOWHERE))));
  const nilRead = ops.findIndex((rw, i) => rw.kind === "read" && rw.value === null && sourceOf[i] >= 0);
  if (nilRead >= 0) return { ambiguity: nilWords(model, ops[nilRead], ops[sourceOf[nilRead]]) };
  return { view: { model, ops, sourceOf } };
}

/** "c1's put(x, 1)": the operation at position `i` of the view, in words. */
export function clientsOp(view: ReadWriteView, i: number): string {
  const { op } = view.ops[i];
  return `${op.client}'s ${view.model.describe(op.input, knownOutput(op))}`;
}

/** "x=1", or just "1" for a single register. */
export function cellWords(key: string, value: Json): string {
  return key === "" ? showValue(value) : `${key}=${showValue(value)}`;
}

/**
 * The view, for a checker that needs one: throws for an operation that is no read or write (a
 * usage error), and returns the ambiguity (which the checker answers with UNKNOWN).
 */
export function requireReadWriteView(history: History<any, any>, model: AnyModel, checker: string): { view: ReadWriteView } | { ambiguity: string } {
  const seen = readWriteView(history, model);
  if ("unsupported" in seen) throw new Error(`${seen.unsupported}; the ${checker} checker understands reads and writes only, whose unique values say which write a read saw (check histories with cas or append with checkSequentialConsistency or checkLinearizability)`);
  return seen;
}

function readOrWrite(model: AnyModel, op: Operation): ReadWriteOp | undefined {
  const meaning = model.meaning(op.input, knownOutput(op));
  const key = model.partitionKey ? model.partitionKey(op.input) : "";
  return meaning.kind === "read" || meaning.kind === "write" ? { op, key, kind: meaning.kind, value: meaning.value } : undefined;
}

function unsupportedWords(model: AnyModel, op: Operation): string {
  return `operation ${op.id} (${opWords(model, op)}) is neither a read nor a write`;
}

const UNIQUE_RULE = "this check needs every write of a key to write a different value, so that a read names the write it saw";

function sameValueWords(model: AnyModel, first: ReadWriteOp, second: ReadWriteOp): string {
  return `${opWords(model, first.op)} and ${opWords(model, second.op)} both write ${cellWords(first.key, first.value)}: ${UNIQUE_RULE}`;
}

function nilWords(model: AnyModel, read: ReadWriteOp, write: ReadWriteOp): string {
  return `${opWords(model, read.op)} returned nil, which is both the initial value and what ${opWords(model, write.op)} wrote: ${UNIQUE_RULE}`;
}
