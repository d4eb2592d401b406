/**
 * The classic ways a register-like history goes wrong, each recognised with a proof drawn from
 * the whole part of the history (every write in it, not just the few quoted), so the sentence is
 * true of the history and not only of the operations shown:
 *
 *   never written   a read returned a value no operation wrote (and not the initial one)
 *   before write    a read returned a value whose every write was called after the read returned
 *   stale read      every write of the value that could precede the read had completed before
 *                   some other write was called, and that write completed before the read was called
 *   lost update     two compare-and-sets both found the same value, and every write of that value
 *                   had completed before either was called, so nothing could restore it in between
 *
 * A successful cas counts as a read of its `from`. Each recogniser returns the sentence and its
 * witnesses (operations that cannot be ordered on their own), or undefined. With appends in the
 * part, values that are strings get no proofs (an append may have produced them). Indexed, so scanning a whole history
 * for the first anomaly costs O(n log n): the checker does that before searching.
 */
import type { Json } from "../contracts/node";
import { finding, type Finding } from "../findings/finding";
import { knownOutput, type Operation } from "./history";
import { sameValue, showValue, valueKey, type AnyModel, type OpMeaning } from "./model";
import { at, byCall, compareEvents, hasSequence, span } from "./real-time";

export interface Shape {
  name: "never written" | "before write" | "stale read" | "lost update";
  /** The proof in words (findings/en.ts, lin*). */
  sentence: Finding;
  witnesses: Operation[];
  /** Rank of the event that completes the evidence (earlier anomalies are reported first). */
  evidenceRank: number;
}

/** The operations that may leave one value in the cell. */
interface Producers {
  all: Operation[];
  earliestCall: Operation;
  /** Determinate producers by call rank, with the latest-returning one among each prefix. */
  determinate: Operation[];
  latestReturnInPrefix: Operation[];
  /** Call rank of the earliest indeterminate producer (Infinity: none). */
  firstIndeterminateCall: number;
}

export class CellFacts {
  /** Per operation id: rank of its call and return in real-time order (Infinity: never returned). */
  private callRank = new Float64Array(0);
  private returnRank = new Float64Array(0);
  /** Per operation id: its meaning, computed once. */
  private meanings: OpMeaning[] = [];
  /** Per operation id: call rank of the first write of the value it observed (-1: none that helps), and that write. */
  private firstWriteRank = new Float64Array(0);
  private firstWrite: (Operation | undefined)[] = [];
  private readonly producers = new Map<string, Producers>();
  /** Determinate operations that certainly set the cell (writes, cas that swapped, appends), by call rank. */
  private setters: Operation[] = [];
  /** For each index into `setters`, the earliest-returning setter from there on. */
  private earliestReturnFrom: Operation[] = [];
  /** Determinate operations that saw a value, by return rank. */
  private observersByReturn: Operation[] = [];
  /** For each prefix of `observersByReturn`, the one whose value's first write was called latest. */
  private freshestObserverInPrefix: Operation[] = [];

  /** Whether the part has appends (then string values are out of reach of these proofs). */
  private appends = false;

  private constructor(
    private readonly model: AnyModel,
    private readonly initial: Json,
  ) {}

  /** The facts of a part, or undefined when some operation has no register-like meaning. */
  static of(model: AnyModel, operations: readonly Operation[]): CellFacts | undefined {
    const facts = new CellFacts(model, model.init as Json);
    const size = operations.reduce((max, op) => Math.max(max, op.id + 1), 0);
    facts.callRank = new Float64Array(size);
    facts.returnRank = new Float64Array(size).fill(Infinity);
    facts.meanings = new Array<OpMeaning>(size);
    const produced = new Map<string, Operation[]>();
    for (const op of operations) {
      const meaning = model.meaning(op.input, knownOutput(op));
      facts.meanings[op.id] = meaning;
      if (meaning.kind === "other") return undefined;
      if (meaning.kind === "append") {
        // An append leaves some string: a certain change of a non-string value, and a possible
        // producer of any string, so string values get no proofs here.
        facts.appends = true;
        if (op.status === "ok") facts.setters.push(op);
        continue;
      }
      const value = meaning.kind === "write" ? meaning.value : meaning.kind === "cas" && meaning.swapped !== false ? meaning.to : undefined;
      if (value === undefined) continue;
      const list = produced.get(valueKey(value));
      if (list) list.push(op);
      else produced.set(valueKey(value), [op]);
      const certain = meaning.kind === "write" || (meaning.kind === "cas" && meaning.swapped === true);
      if (op.status === "ok" && certain) facts.setters.push(op);
    }
    facts.rankEvents(operations);
    for (const [key, list] of produced) facts.producers.set(key, facts.indexProducers(list));
    facts.indexSetters();
    facts.indexObservers(operations);
    return facts;
  }

  /** The earliest classic anomaly anywhere in the part, or undefined. */
  firstAnomaly(operations: readonly Operation[]): Shape | undefined {
    const observers = operations.filter((op) => this.observed(op) !== undefined).sort((a, b) => this.ret(a) - this.ret(b));
    const read = this.recogniseObservers(observers);
    const lost = this.lostUpdate(observers);
    return read && lost ? (lost.evidenceRank < read.evidenceRank ? lost : read) : (read ?? lost);
  }

  /** The first classic shape among `victims` (tried in order). */
  recognise(victims: readonly Operation[]): Shape | undefined {
    return this.recogniseObservers(victims) ?? this.lostUpdate(victims);
  }

  private recogniseObservers(victims: readonly Operation[]): Shape | undefined {
    for (const op of victims) {
      const value = this.observed(op);
      if (value === undefined) continue;
      const shape = this.neverWritten(op, value) ?? this.beforeWrite(op, value) ?? this.staleRead(op, value);
      if (shape) return shape;
    }
    return undefined;
  }

  /**
   * The value a determinate operation saw in the cell: a read's answer, a successful cas's
   * `from`; undefined for a string when appends could have produced it.
   */
  private observed(op: Operation): Json | undefined {
    if (op.status !== "ok") return undefined;
    const meaning = this.meanings[op.id];
    const value = meaning.kind === "read" ? meaning.value : meaning.kind === "cas" && meaning.swapped === true ? meaning.from : undefined;
    return this.appends && typeof value === "string" ? undefined : value;
  }

  private neverWritten(reader: Operation, value: Json): Shape | undefined {
    if (sameValue(value, this.initial) || this.producers.has(valueKey(value))) return undefined;
    return { name: "never written", sentence: finding("linNeverWritten", this.saw(reader, value), showValue(value)), witnesses: [reader], evidenceRank: this.ret(reader) };
  }

  private beforeWrite(reader: Operation, value: Json): Shape | undefined {
    const producers = this.producers.get(valueKey(value));
    if (!producers || sameValue(value, this.initial) || !(this.ret(reader) < this.call(producers.earliestCall))) return undefined;
    const first = producers.earliestCall;
    const which = producers.all.length === 1 ? finding("linOnlyWriteCalledAt", this.who(first), at(first.callMs)) : finding("linAllWritesCalledAt", producers.all.length, this.who(first), at(first.callMs));
    return {
      name: "before write",
      sentence: finding("linBeforeWrite", this.saw(reader, value), showValue(value), which),
      witnesses: [reader, first],
      evidenceRank: this.ret(reader),
    };
  }

  private staleRead(reader: Operation, value: Json): Shape | undefined {
    const producers = this.producers.get(valueKey(value));
    // Writes called after the reader returned cannot explain it. Of the others, one of unknown
    // outcome may have landed at any moment after its call, so it could: no proof then.
    if (producers && producers.firstIndeterminateCall < this.ret(reader)) return undefined;
    const relevant = producers ? countCalledBefore(producers.determinate, this.ret(reader), (op) => this.call(op)) : 0;
    if (relevant === 0 && !sameValue(value, this.initial)) return undefined;
    const last = relevant > 0 ? (producers as Producers).latestReturnInPrefix[relevant - 1] : undefined;
    const lastRank = last ? this.ret(last) : -1;
    const newer = this.newerEvidence(lastRank, this.call(reader));
    if (!newer) return undefined;
    const later = (producers?.all.length ?? 0) - relevant;
    const verb = this.verbOf(reader);
    const laterNote = finding("linLaterWrites", later, verb);
    const calledAt = at(reader.callMs);
    const since = newer.kind === "overwrite" ? finding("linOverwritten", this.who(newer.op), at(newer.op.returnMs as number), verb, calledAt) : finding("linSuperseded", this.saw(newer.op, newer.value), verb, calledAt, showValue(newer.value));
    const witnesses = [...(last ? [last] : []), ...newer.witnesses, reader];
    if (!last) {
      const moved = newer.kind === "overwrite" ? finding("linIt", since) : finding("linSeenBefore", this.saw(newer.op, newer.value), verb, calledAt);
      return { name: "stale read", sentence: finding("linStaleInitial", this.saw(reader, value), showValue(value), moved, laterNote), witnesses, evidenceRank: this.ret(reader) };
    }
    const which = relevant === 1 ? finding("linOnlyWriteOf", showValue(value), later > 0, this.who(last), span(last)) : finding("linLastWriteOf", relevant, showValue(value), later > 0, this.who(last), span(last));
    return { name: "stale read", sentence: finding("linStale", this.saw(reader, value), which, since, laterNote), witnesses, evidenceRank: this.ret(reader) };
  }

  /**
   * Proof that the cell moved on after rank `afterRank` and before rank `beforeRank`: a write
   * that certainly set it (called after, returned before), or an operation that saw a value all
   * of whose writes were called after `afterRank` and returned before `beforeRank`.
   */
  private newerEvidence(afterRank: number, beforeRank: number): { kind: "overwrite"; op: Operation; witnesses: Operation[] } | { kind: "observed"; op: Operation; value: Json; witnesses: Operation[] } | undefined {
    const overwrite = this.setterBetween(afterRank, beforeRank);
    if (overwrite) return { kind: "overwrite", op: overwrite, witnesses: [overwrite] };
    const seen = countCalledBefore(this.observersByReturn, beforeRank, (op) => this.ret(op));
    const best = seen > 0 ? this.freshestObserverInPrefix[seen - 1] : undefined;
    if (!best || this.firstWriteOfObserved(best).rank <= afterRank) return undefined;
    const value = this.observed(best) as Json;
    return { kind: "observed", op: best, value, witnesses: [this.firstWriteOfObserved(best).op as Operation, best] };
  }

  /** The earliest-called write of the value `observer` saw, if it was called before the observer returned. */
  private firstWriteOfObserved(observer: Operation): { rank: number; op: Operation | undefined } {
    return { rank: this.firstWriteRank[observer.id], op: this.firstWrite[observer.id] };
  }

  /** A setter called after rank `afterRank` that returned before rank `beforeRank` (the latest such is not needed: any proves it). */
  private setterBetween(afterRank: number, beforeRank: number): Operation | undefined {
    const from = countCalledBefore(this.setters, afterRank + 1, (op) => this.call(op));
    const candidate = this.earliestReturnFrom[from];
    return candidate && this.ret(candidate) < beforeRank ? candidate : undefined;
  }

  private lostUpdate(candidates: readonly Operation[]): Shape | undefined {
    const swapsByFrom = new Map<string, { from: Json; swaps: Operation[] }>();
    for (const op of candidates) {
      const meaning = this.meanings[op.id];
      if (op.status !== "ok" || meaning.kind !== "cas" || meaning.swapped !== true || sameValue(meaning.from, meaning.to) || this.observed(op) === undefined) continue;
      const group = swapsByFrom.get(valueKey(meaning.from));
      if (group) group.swaps.push(op);
      else swapsByFrom.set(valueKey(meaning.from), { from: meaning.from, swaps: [op] });
    }
    let best: Shape | undefined;
    for (const [key, { from, swaps }] of swapsByFrom) {
      const producers = this.producers.get(key);
      if (producers && producers.firstIndeterminateCall !== Infinity) continue;
      if (!producers && !sameValue(from, this.initial)) continue;
      const last = producers ? producers.latestReturnInPrefix[producers.determinate.length - 1] : undefined;
      const lastRank = last ? this.ret(last) : -1;
      const after = swaps.filter((op) => this.call(op) > lastRank).sort((a, b) => this.ret(a) - this.ret(b));
      if (after.length < 2) continue;
      const [a, b] = [after[0], after[1]].sort(byCall);
      const evidenceRank = Math.max(this.ret(a), this.ret(b));
      if (best && best.evidenceRank <= evidenceRank) continue;
      best = {
        name: "lost update",
        sentence: finding("linLostUpdate", this.who(a), span(a), this.who(b), span(b), showValue(from), !last),
        witnesses: last ? [last, a, b] : [a, b],
        evidenceRank,
      };
    }
    return best;
  }

  /** Events ranked in real-time order (ties as the search breaks them), so "precedes" is a comparison. */
  private rankEvents(operations: readonly Operation[]): void {
    const useSeq = hasSequence(operations);
    const events: [Operation, boolean][] = [];
    for (const op of operations) {
      events.push([op, false]);
      if (op.status === "ok") events.push([op, true]);
    }
    events.sort(([a, aReturn], [b, bReturn]) => compareEvents(a, aReturn, b, bReturn, useSeq) || a.id - b.id);
    events.forEach(([op, isReturn], rank) => ((isReturn ? this.returnRank : this.callRank)[op.id] = rank));
  }

  private call(op: Operation): number {
    return this.callRank[op.id];
  }

  /** Infinity for an operation that never returned. */
  private ret(op: Operation): number {
    return this.returnRank[op.id];
  }

  private indexProducers(all: Operation[]): Producers {
    const determinate = all.filter((op) => op.status === "ok").sort((a, b) => this.call(a) - this.call(b));
    const latestReturnInPrefix: Operation[] = [];
    for (const op of determinate) {
      const previous = latestReturnInPrefix[latestReturnInPrefix.length - 1];
      latestReturnInPrefix.push(previous && this.ret(previous) > this.ret(op) ? previous : op);
    }
    const indeterminateCalls = all.filter((op) => op.status !== "ok").map((op) => this.call(op));
    return {
      all,
      earliestCall: all.reduce((a, b) => (this.call(b) < this.call(a) ? b : a)),
      determinate,
      latestReturnInPrefix,
      firstIndeterminateCall: Math.min(Infinity, ...indeterminateCalls),
    };
  }

  private indexSetters(): void {
    this.setters.sort((a, b) => this.call(a) - this.call(b));
    this.earliestReturnFrom = new Array<Operation>(this.setters.length);
    for (let i = this.setters.length - 1; i >= 0; i--) {
      const next = this.earliestReturnFrom[i + 1];
      this.earliestReturnFrom[i] = next && this.ret(next) < this.ret(this.setters[i]) ? next : this.setters[i];
    }
  }

  private indexObservers(operations: readonly Operation[]): void {
    this.observersByReturn = operations.filter((op) => this.observed(op) !== undefined).sort((a, b) => this.ret(a) - this.ret(b));
    this.firstWriteRank = new Float64Array(this.callRank.length).fill(-1);
    this.firstWrite = new Array<Operation | undefined>(this.callRank.length);
    for (const observer of this.observersByReturn) {
      const value = this.observed(observer) as Json;
      const first = this.producers.get(valueKey(value))?.earliestCall;
      if (!first || this.call(first) > this.ret(observer) || sameValue(value, this.initial)) continue;
      this.firstWriteRank[observer.id] = this.call(first);
      this.firstWrite[observer.id] = first;
    }
    this.freshestObserverInPrefix = [];
    for (const op of this.observersByReturn) {
      const previous = this.freshestObserverInPrefix[this.freshestObserverInPrefix.length - 1];
      this.freshestObserverInPrefix.push(previous && this.firstWriteOfObserved(previous).rank >= this.firstWriteOfObserved(op).rank ? previous : op);
    }
  }

  /** "read() by c3", "put(x, 5) by c2": the operation without its answer, and its client. */
  private who(op: Operation): Finding {
    return finding("linWho", this.model.describe(op.input, knownOutput(op)).replace(/ -> .*$/, ""), op.client);
  }

  private verbOf(op: Operation): string {
    return this.meanings[op.id].kind === "cas" ? "cas" : "read";
  }

  private saw(op: Operation, value: Json): Finding {
    const returned = at(op.returnMs as number);
    return this.verbOf(op) === "cas" ? finding("linSawCas", this.who(op), showValue(value), returned) : finding("linSawRead", this.who(op), showValue(value), returned);
  }
}

/** How many of `sorted` (ascending by `rank`) have a rank below `limit` (binary search). */
function countCalledBefore(sorted: readonly Operation[], limit: number, rank: (op: Operation) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rank(sorted[middle]) < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
