/**
 * A small core of a history that breaks a guarantee: drop operations one at a time, keeping
 * each drop after which the rest still provably breaks it. What is left is what a learner must
 * look at (and what a picture outlines).
 *
 * A write whose value a remaining operation read is never dropped: the reader would then return
 * a value nobody wrote, a different and much duller violation than the one being explained.
 * Appends are never dropped either (a read of the string they built depends on each of them).
 */
import type { Json } from "../contracts/node";
import { knownOutput, type Operation } from "./history";
import { sameValue, type AnyModel, type OpMeaning } from "./model";

/** Histories longer than this are not shrunk (each attempt re-runs a check). */
export const SHRINK_OPERATIONS_MAX = 120;

/**
 * `stillBroken(ops)` must answer true only when it proves the guarantee broken (a check that ran
 * out of budget answers false). Returns `operations` unchanged when it is too long to shrink.
 */
export function shrinkCore(model: AnyModel, operations: readonly Operation[], stillBroken: (ops: Operation[]) => boolean): Operation[] {
  if (operations.length > SHRINK_OPERATIONS_MAX) return [...operations];
  let core = [...operations];
  for (const candidate of [...operations].reverse()) {
    if (!core.includes(candidate) || readByAnother(model, candidate, core)) continue;
    const without = core.filter((op) => op !== candidate);
    if (without.length > 0 && stillBroken(without)) core = without;
  }
  return core;
}

function readByAnother(model: AnyModel, op: Operation, core: readonly Operation[]): boolean {
  const meaning = model.meaning(op.input, knownOutput(op));
  if (meaning.kind === "append") return true;
  const produced = producedValue(meaning);
  if (produced === undefined) return false;
  return core.some((other) => {
    const seen = model.meaning(other.input, knownOutput(other));
    return other !== op && seen.kind === "read" && sameValue(seen.value, produced.value);
  });
}

function producedValue(meaning: OpMeaning): { value: Json } | undefined {
  if (meaning.kind === "write") return { value: meaning.value };
  if (meaning.kind === "cas" && meaning.swapped !== false) return { value: meaning.to };
  return undefined;
}
