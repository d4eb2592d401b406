/**
 * Sound simplifications of one part before the search, for indeterminate operations: each may
 * take effect at any moment after its call or never, so every one left in widens the search for
 * the rest of the history. Two rules for register-like models (the verdict never changes):
 *
 *  1. Unobserved: an indeterminate write (or cas) whose value no operation observes is dropped,
 *     when every cas that failed had returned before it was called, and every operation is
 *     register-like. A linearization with
 *     it stays one without it (only a failed cas could tell the cell's states apart), and one
 *     without it stays one with it (it may never have happened).
 *  2. Needed by a read: an indeterminate write that is the only one of its value (not the
 *     initial value), which a determinate operation observed, took effect before that operation
 *     returned. The search treats it as if it had returned then, with its answer still unknown.
 *
 * Appends leave strings that contain what they appended, so an indeterminate append is dropped
 * when no observed string contains its text; with appends about, rule 1 also asks that no
 * observed string starts with the written value, and rule 2 only applies to values that are not
 * strings.
 *
 * The operations keep their ids; this is the search's view only (explanations see the original).
 */
import { knownOutput, type Operation } from "./history";
import { valueKey, type AnyModel, type OpMeaning } from "./model";

export function simplifyForSearch(model: AnyModel, operations: readonly Operation<unknown, unknown>[]): readonly Operation<unknown, unknown>[] {
  if (!model.stateIsValue || !operations.some((op) => op.status === "info")) return operations;
  const meanings = operations.map((op) => model.meaning(op.input, knownOutput(op)));
  if (meanings.some((meaning) => meaning.kind === "other")) return operations;
  // A failed cas tells states apart; only one that had not returned by an operation's call can
  // be affected by it.
  const lastFailedCasReturnMs = operations.reduce((latest, op, i) => {
    const meaning = meanings[i];
    return meaning.kind === "cas" && meaning.swapped === false ? Math.max(latest, op.returnMs as number) : latest;
  }, -Infinity);
  const appends = meanings.some((meaning) => meaning.kind === "append");
  const initial = valueKey(model.init as never);
  let current = operations.map((op, i) => ({ op, meaning: meanings[i] }));
  for (let changed = true; changed; ) {
    changed = false;
    const observers = groupBy(current, ({ meaning }) => observedValue(meaning));
    const producers = groupBy(current, ({ meaning }) => producedValue(meaning));
    const observedStrings = appends ? current.map(({ meaning }) => observedString(meaning)).filter((text): text is string => text !== undefined) : [];
    current = current.flatMap((entry) => {
      const { op, meaning } = entry;
      if (op.status !== "info") return [entry];
      if (meaning.kind === "append") {
        // Rule 1 for an append: what it leaves contains its text, so if no observed string
        // contains that text, nothing ever looked at the cell between it and the next write.
        const seen = observedStrings.some((text) => text.includes(meaning.value));
        if (seen || lastFailedCasReturnMs >= op.callMs) return [entry];
        changed = true;
        return [];
      }
      const value = producedValue(meaning);
      if (value === undefined) return [entry];
      const watchers = (observers.get(value) ?? []).filter((other) => other.op !== op);
      // With appends about, a value is also seen through what was appended to it, a string that
      // starts with it (nil leaves nothing to recognise).
      const seenThroughAppends = appends && observedStrings.some((text) => text.startsWith(appendBase(meaning)));
      if (watchers.length === 0 && lastFailedCasReturnMs < op.callMs && !seenThroughAppends) {
        changed = true;
        return [];
      }
      // An append may produce any string: rule 2 needs a value no append can produce.
      const onlyProducer = value !== initial && (producers.get(value) ?? []).length === 1 && !(appends && value.startsWith('"'));
      const deadline = onlyProducer ? earliestReturn(watchers.filter((other) => other.op.status === "ok" && needsValue(other.meaning)).map((other) => other.op)) : undefined;
      if (!deadline || (deadline.returnMs as number) < op.callMs) return [entry];
      changed = true;
      return [{ op: { ...op, status: "ok" as const, output: undefined, returnMs: deadline.returnMs, returnSeq: deadline.returnSeq }, meaning }];
    });
  }
  return current.map(({ op }) => op);
}

/** What an append to the value this operation leaves starts with (as the cell step computes it). */
function appendBase(meaning: OpMeaning): string {
  const value = meaning.kind === "write" ? meaning.value : meaning.kind === "cas" ? meaning.to : null;
  return value === null ? "" : typeof value === "string" ? value : valueKey(value);
}

/** A string the cell was seen to hold (a read's answer, any cas's `from`). */
function observedString(meaning: OpMeaning): string | undefined {
  const value = meaning.kind === "read" ? meaning.value : meaning.kind === "cas" ? meaning.from : undefined;
  return typeof value === "string" ? value : undefined;
}

/** The value an operation looks at: a read's answer, any cas's `from` (an unknown one may swap). */
function observedValue(meaning: OpMeaning): string | undefined {
  if (meaning.kind === "read") return valueKey(meaning.value);
  if (meaning.kind === "cas") return valueKey(meaning.from);
  return undefined;
}

/** Observed it for sure: a read that returned it, a cas that swapped from it (a failed cas did not need it). */
function needsValue(meaning: OpMeaning): boolean {
  return meaning.kind === "read" || (meaning.kind === "cas" && meaning.swapped === true);
}

/** The value an operation may leave in the cell. */
function producedValue(meaning: OpMeaning): string | undefined {
  if (meaning.kind === "write") return valueKey(meaning.value);
  if (meaning.kind === "cas" && meaning.swapped !== false) return valueKey(meaning.to);
  return undefined;
}

function earliestReturn(ops: Operation<unknown, unknown>[]): Operation<unknown, unknown> | undefined {
  return ops.reduce<Operation<unknown, unknown> | undefined>((best, op) => (best === undefined || (op.returnMs as number) < (best.returnMs as number) ? op : best), undefined);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
