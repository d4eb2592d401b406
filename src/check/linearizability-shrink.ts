/**
 * Shrinks a non-linearizable part of a history to a small core that still cannot be ordered,
 * using only cuts that keep the core faithful: if the core is illegal, so is the history.
 *
 *   1. Frontier: the earliest cut in time whose prefix is already illegal. Operations called after
 *      the cut are dropped; operations that had not returned by the cut become indeterminate
 *      (a history that is linearizable stays so under this cut).
 *   2. Left cut: the latest cut in time such that what follows it cannot be ordered whatever the
 *      cell held at the cut (model-any-start.ts). Operations that returned before it are dropped;
 *      those still running become indeterminate, and reads among them are dropped.
 *   3. Removal, delta-debugging style (big chunks first, then single operations, until every
 *      remaining removable operation is needed). An operation may be removed only when its
 *      removal cannot turn a linearizable history into an illegal one:
 *        - reads and cas operations that answered false: they change nothing;
 *        - a write (or swapping cas) of value u, when nothing that stays observes u, no failed
 *          cas stays (it observes "not from") and no operation of unknown meaning stays.
 *      A write whose value a remaining read returned is never removed, so a core never turns
 *      into the misleading "that value was never written".
 *
 * Every candidate is checked with a slice of the budget; a check that runs out counts as "not
 * shown illegal", so the result is always a proven-illegal set, just possibly not minimal (and
 * then `minimal` says so). The whole shrink has a step budget of its own (SHRINK_STEPS_MAX):
 * proving a 20-40-operation cut illegal can take a million steps when a dozen of its operations
 * are indeterminate, and a core twice the minimum, reported as such, beats a slow explanation.
 */
import { knownOutput, type Operation } from "./history";
import { searchLinearization } from "./linearizability-search";
import { valueKey, type AnyModel } from "./model";
import { compareEvents, hasSequence } from "./real-time";
import { startingFromAnything } from "./model-any-start";
import type { SearchBudget } from "./search-budget";

/** One candidate check may use at most this many steps of the explanation budget. */
const CHECK_STEPS_MAX = 2_000_000;
/**
 * Steps for the whole shrink of one part. In steps, not time, so the same history gets the same
 * core on every machine; about half of what porcupine's hardest etcd history (etcd_099) would
 * take to shrink to its minimum (docs/ARCHITECTURE.md has the numbers).
 */
export const SHRINK_STEPS_MAX = 4_000_000;

export interface Shrunk {
  core: Operation[];
  /** When the core was cut on the left: the time from which it cannot be ordered whatever came before. */
  fromMs: number | undefined;
  /** The model the core is illegal under (the model itself, or it starting from anything). */
  model: AnyModel;
  /** False when some candidate check ran out of steps: a smaller core may exist. */
  minimal: boolean;
}

/** `budget` is the shrink's own (callers slice SHRINK_STEPS_MAX off theirs); once spent, candidates count as not shown illegal. */
export function shrinkIllegal(model: AnyModel, operations: readonly Operation[], budget: SearchBudget, hintOpId?: number): Shrunk {
  let minimal = true;
  const provenIllegalUnder = (checked: AnyModel) => {
    // The phases and the chunk sizes come back to the same candidate (about a tenth of the steps
    // on porcupine's etcd_099): a candidate is its operations' ids and which are indeterminate.
    const answers = new Map<string, boolean>();
    return (candidate: readonly Operation[]): boolean => {
      const key = candidate.map((op) => (op.status === "ok" ? op.id : -1 - op.id)).join(",");
      let illegal = answers.get(key);
      if (illegal === undefined) {
        const slice = budget.slice(CHECK_STEPS_MAX);
        const outcome = slice.stepBudget === 0 ? "budget" : searchLinearization(checked, candidate, slice).result;
        budget.stepsUsed += slice.stepsUsed;
        if (outcome === "budget") minimal = false;
        illegal = outcome === "illegal";
        answers.set(key, illegal);
      }
      return illegal;
    };
  };
  const prefix = frontier(model, operations, provenIllegalUnder(model), hintOpId);
  const fromAnything = startingFromAnything(model);
  const cut = fromAnything && leftCut(model, prefix, provenIllegalUnder(fromAnything));
  const chosen = cut ? (fromAnything as AnyModel) : model;
  const core = removeWhileIllegal(model, cut ? cut.operations : prefix, provenIllegalUnder(chosen));
  return { core, fromMs: cut?.fromMs, model: chosen, minimal };
}

/**
 * The latest call after which the rest cannot be ordered from any state (binary search: a later
 * cut only relaxes more), or undefined when even the whole prefix can be, from some state.
 */
function leftCut(model: AnyModel, operations: readonly Operation[], provenIllegal: (ops: readonly Operation[]) => boolean): { operations: Operation[]; fromMs: number } | undefined {
  const useSeq = hasSequence(operations);
  const calls = [...operations].sort((a, b) => compareEvents(a, false, b, false, useSeq) || a.id - b.id);
  const cutAt = (index: number) => suffixFrom(model, operations, calls[index], useSeq);
  // The cut at 0 (the whole prefix, from any state) is not checked first: its proof costs as much
  // as the frontier's, and when it can be ordered so can every later cut, so the search ends at 0.
  let low = 0;
  let high = calls.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (provenIllegal(cutAt(middle))) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? undefined : { operations: cutAt(low), fromMs: calls[low].callMs };
}

/** What is left after a cut at `first`'s call: later calls as they are, earlier ones still running as indeterminate. */
function suffixFrom(model: AnyModel, operations: readonly Operation[], first: Operation, useSeq: boolean): Operation[] {
  const kept: Operation[] = [];
  for (const op of operations) {
    if (compareEvents(op, false, first, false, useSeq) >= 0) kept.push(op);
    else if (op.status === "info" || compareEvents(op, true, first, false, useSeq) > 0) {
      if (!model.isReadOnly(op.input)) kept.push({ ...op, status: "info", output: undefined, returnMs: null, returnSeq: undefined });
    }
  }
  return kept;
}

/** The shortest illegal prefix in time (binary search over the determinate returns). */
function frontier(model: AnyModel, operations: readonly Operation[], provenIllegal: (ops: readonly Operation[]) => boolean, hintOpId: number | undefined): Operation[] {
  const useSeq = hasSequence(operations);
  const returns = operations.filter((op) => op.status === "ok").sort((a, b) => compareEvents(a, true, b, true, useSeq) || a.id - b.id);
  const cutAfter = (index: number) => prefixUpTo(model, operations, returns[index], useSeq);
  let low = 0;
  let high = returns.length - 1;
  let best = cutAfter(high);
  /** Is the prefix up to `index` illegal? Narrow the range either way. */
  const probe = (index: number) => {
    const candidate = cutAfter(index);
    if (provenIllegal(candidate)) {
      best = candidate;
      high = index;
    } else {
      low = index + 1;
    }
  };
  // The search's stuck operation usually marks the frontier: try there first.
  const hint = returns.findIndex((op) => op.id === hintOpId);
  if (hint >= 0 && hint < high) probe(hint);
  while (low < high) probe((low + high) >> 1);
  return best;
}

/** The history as it stood right after `last` returned: later calls dropped, later returns unknown. */
function prefixUpTo(model: AnyModel, operations: readonly Operation[], last: Operation, useSeq: boolean): Operation[] {
  const kept: Operation[] = [];
  for (const op of operations) {
    if (compareEvents(op, false, last, true, useSeq) > 0) continue;
    const returnedByThen = op.status === "ok" && compareEvents(op, true, last, true, useSeq) <= 0;
    if (returnedByThen || op.status === "info") kept.push(op);
    else if (!model.isReadOnly(op.input)) kept.push({ ...op, status: "info", output: undefined, returnMs: null, returnSeq: undefined });
  }
  return kept;
}

function removeWhileIllegal(model: AnyModel, start: Operation[], provenIllegal: (ops: readonly Operation[]) => boolean): Operation[] {
  let current = start;
  let chunks = 2;
  for (;;) {
    // Latest first: operations long before the failure are the likeliest bystanders, but the
    // ones right after the stale value are the likeliest witnesses; chunks cover both.
    const candidates = current.filter((op) => removableKind(model, op) !== "never");
    if (candidates.length === 0) return current;
    const size = Math.ceil(candidates.length / Math.min(chunks, candidates.length));
    let shrunk = false;
    for (let start = 0; start < candidates.length && !shrunk; start += size) {
      const removed = soundRemoval(model, current, candidates.slice(start, start + size));
      if (removed.size === 0) continue;
      const candidate = current.filter((op) => !removed.has(op.id));
      if (provenIllegal(candidate)) {
        current = candidate;
        shrunk = true;
      }
    }
    if (shrunk) chunks = Math.max(chunks - 1, 2);
    else if (size === 1) return current;
    else chunks = Math.min(chunks * 2, candidates.length);
  }
}

type RemovableKind = "always" | "if-unobserved" | "never";

function removableKind(model: AnyModel, op: Operation): RemovableKind {
  const meaning = model.meaning(op.input, knownOutput(op));
  if (meaning.kind === "read" || (meaning.kind === "cas" && meaning.swapped === false)) return "always";
  if (meaning.kind === "write" || meaning.kind === "cas") return "if-unobserved";
  return "never";
}

/** The value an operation may leave in the cell, for "if-unobserved" operations. */
function producedValue(model: AnyModel, op: Operation): string | undefined {
  const meaning = model.meaning(op.input, knownOutput(op));
  if (meaning.kind === "write") return valueKey(meaning.value);
  if (meaning.kind === "cas") return valueKey(meaning.to);
  return undefined;
}

/**
 * The ids of the operations of `chunk` that can be removed from `current` together without
 * risking a false "illegal" (see the rules at the top). Writers are judged against everything
 * that stays, and conservatively against the other writers of the chunk too.
 */
function soundRemoval(model: AnyModel, current: readonly Operation[], chunk: readonly Operation[]): Set<number> {
  const removed = new Set(chunk.map((op) => op.id));
  for (let changed = true; changed; ) {
    changed = false;
    const judges = current.filter((op) => !removed.has(op.id) || removableKind(model, op) === "if-unobserved");
    const blocksAllWriters = judges.some((op) => forbidsRemovingWriters(model, op));
    for (const op of chunk) {
      if (!removed.has(op.id) || removableKind(model, op) !== "if-unobserved") continue;
      const value = producedValue(model, op) as string;
      if (blocksAllWriters || judges.some((judge) => judge.id !== op.id && observedBy(model, judge, value))) {
        removed.delete(op.id);
        changed = true;
      }
    }
  }
  return removed;
}

/** A failed cas observes "not from" and an operation of unknown meaning anything: no writer may go. */
function forbidsRemovingWriters(model: AnyModel, op: Operation): boolean {
  const meaning = model.meaning(op.input, knownOutput(op));
  return meaning.kind === "other" || meaning.kind === "append" || (meaning.kind === "cas" && meaning.swapped === false);
}

function observedBy(model: AnyModel, op: Operation, value: string): boolean {
  const meaning = model.meaning(op.input, knownOutput(op));
  return (meaning.kind === "read" && valueKey(meaning.value) === value) || (meaning.kind === "cas" && valueKey(meaning.from) === value);
}
