/**
 * Session guarantees (Terry, Demers, Petersen, Spreitzer, Theimer and Welch, 1994), judged per
 * client from its history: promises about what one client sees, cheaper than any global order.
 *
 *   read-your-writes  after a client wrote a key, its later reads of that key return that write or
 *                     a newer one: never the initial value, never an older write
 *   monotonic reads   after a client read a key, its later reads of that key return that value or
 *                     a newer one: never the initial value, never an older write
 *
 * "Later" is program order (the first operation answered before the second was called). "Older"
 * needs an order between writes, and a history shows only one: write w1 is older than w2 when w1
 * causally precedes w2 (causal-order.ts: the same client wrote them in that order, or w2's writer
 * had seen w1, directly or through others). Concurrent writes are neither older nor newer, so a
 * client may see them in either order. A read of a value nobody wrote is the causal checker's
 * business, not these.
 *
 * Assumptions as for the causal checker: reads and writes only, unique values per key
 * (read-write-view.ts); otherwise UNKNOWN. Only answered writes count as the client's own: one
 * with no answer may not have happened. Both checks are polynomial: no budget.
 */
import { CausalOrder, pathWords } from "./causal-order";
import { chooseModel, type ConsistencyResult } from "./consistency-result";
import type { History, Operation } from "./history";
import type { AnyModel } from "./model";
import { cellWords, INITIAL, requireReadWriteView, type ReadWriteView } from "./read-write-view";
import { at, byCall, precedes } from "./real-time";

export const READ_YOUR_WRITES = "read-your-writes";
export const MONOTONIC_READS = "monotonic reads";

export function checkReadYourWrites(history: History<any, any>, model: AnyModel | string): ConsistencyResult {
  return checkSession(history, model, READ_YOUR_WRITES, (view) => {
    const order = CausalOrder.of(view);
    let checked = 0;
    for (const [read, ownWrites] of laterReads(view, (rw) => rw.kind === "write" && rw.op.status === "ok")) {
      checked++;
      const own = ownWrites.find((write) => isOlder(order, view.sourceOf[read], write));
      if (own === undefined) continue;
      const after = `after its own ${describe(view, own)} at ${answeredAt(view, own)}`;
      return violation(view, order, { read, newer: own, after, guarantee: READ_YOUR_WRITES, involved: [own, read] });
    }
    return checked === 0 ? "no client read a key after writing it" : `${plural(checked, "read")} of a key after the client's own write returned that write or a newer one`;
  });
}

export function checkMonotonicReads(history: History<any, any>, model: AnyModel | string): ConsistencyResult {
  return checkSession(history, model, MONOTONIC_READS, (view) => {
    const order = CausalOrder.of(view);
    let checked = 0;
    for (const [read, earlierReads] of laterReads(view, (rw) => rw.kind === "read")) {
      checked++;
      const seen = earlierReads.find((earlier) => view.sourceOf[earlier] >= 0 && isOlder(order, view.sourceOf[read], view.sourceOf[earlier]));
      if (seen === undefined) continue;
      const after = `after reading ${cellWords(view.ops[seen].key, view.ops[seen].value)} at ${answeredAt(view, seen)}`;
      return violation(view, order, { read, newer: view.sourceOf[seen], after, guarantee: MONOTONIC_READS, involved: [seen, read] });
    }
    return checked === 0 ? "no client read a key twice" : `${plural(checked, "read")} of a key the client had read before returned no older value`;
  });
}

type Finding = string | { explanation: string; core: Operation[] };

function checkSession(history: History<any, any>, model: AnyModel | string, guarantee: string, judge: (view: ReadWriteView) => Finding): ConsistencyResult {
  const seen = requireReadWriteView(history, chooseModel(model), guarantee);
  if ("ambiguity" in seen) return { verdict: "UNKNOWN", guarantee, reason: seen.ambiguity };
  const finding = judge(seen.view);
  return typeof finding === "string" ? { verdict: "OK", guarantee, summary: finding } : { verdict: "ILLEGAL", guarantee, ...finding };
}

/**
 * Each read (in call order) with the operations of its client on its key that `counts` and that
 * precede it in program order; reads with none are skipped.
 */
function* laterReads(view: ReadWriteView, counts: (rw: ReadWriteView["ops"][number]) => boolean): Generator<[number, number[]]> {
  const positions = view.ops.map((_, i) => i).sort((a, b) => byCall(view.ops[a].op, view.ops[b].op));
  for (const read of positions) {
    const rw = view.ops[read];
    if (rw.kind !== "read") continue;
    const earlier = positions.filter((i) => i !== read && counts(view.ops[i]) && view.ops[i].op.client === rw.op.client && view.ops[i].key === rw.key && precedes(view.ops[i].op, rw.op));
    if (earlier.length > 0) yield [read, earlier];
  }
}

/** Is what a read saw (`source`: a write's position or INITIAL) older than the write at `than`? */
function isOlder(order: CausalOrder, source: number, than: number): boolean {
  return source === INITIAL || (source >= 0 && source !== than && order.before(source, than));
}

interface Broken {
  /** The read that saw too old a value. */
  read: number;
  /** The write it should have seen, or a newer one. */
  newer: number;
  /** "after reading x=2 at t=600", "after its own put(x, 2) at t=30". */
  after: string;
  guarantee: string;
  /** The two operations of the client that break the guarantee. */
  involved: number[];
}

/** "c2 read x=1 at t=900 after reading x=2 at t=600: monotonic reads broken (x=1 is older: ...)", and the operations involved. */
function violation(view: ReadWriteView, order: CausalOrder, broken: Broken): Finding {
  const { op, key, value } = view.ops[broken.read];
  const source = view.sourceOf[broken.read];
  const why = source === INITIAL ? "" : ` (${cellWords(key, value)} is older: ${pathWords(view, order.path(source, broken.newer))})`;
  return { explanation: `${op.client} read ${cellWords(key, value)} at ${answeredAt(view, broken.read)} ${broken.after}: ${broken.guarantee} broken${why}`, core: coreOf(view, broken.involved) };
}

function answeredAt(view: ReadWriteView, i: number): string {
  return at(view.ops[i].op.returnMs as number);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function describe(view: ReadWriteView, i: number): string {
  const { op } = view.ops[i];
  return view.model.describe(op.input, op.output);
}

/** The two operations and the writes they read from, in call order. */
function coreOf(view: ReadWriteView, positions: number[]): Operation[] {
  const withSources = positions.flatMap((i) => (view.sourceOf[i] >= 0 ? [i, view.sourceOf[i]] : [i]));
  return [...new Set(withSources)].map((i) => view.ops[i].op).sort(byCall);
}
