/**
 * A reference checker for tiny histories, by exhaustion and nothing clever: try every order of
 * the operations that respects real time, with each indeterminate operation either placed
 * somewhere or left out. Exponential, so only for a handful of operations; written
 * independently of the checker (its own real-time rule) so the two can be compared.
 */
import type { History, Operation } from "../../src/check/history";
import { ILLEGAL, type AnyModel } from "../../src/check/model";

export function bruteForceLinearizable(history: History<unknown, unknown>, model: AnyModel): boolean {
  const relevant = history.operations.filter((op) => op.status === "ok" || (op.status === "info" && !model.isReadOnly(op.input)));
  const parts = new Map<string, Operation<unknown, unknown>[]>();
  for (const op of relevant) {
    const key = model.partitionKey ? model.partitionKey(op.input) : "";
    parts.set(key, [...(parts.get(key) ?? []), op]);
  }
  return [...parts.values()].every((ops) => orderExists(ops, model));
}

function returnedBefore(a: Operation<unknown, unknown>, b: Operation<unknown, unknown>): boolean {
  if (a.status !== "ok" || a.returnMs === null) return false;
  if (a.returnMs !== b.callMs) return a.returnMs < b.callMs;
  return a.returnSeq !== undefined && b.callSeq !== undefined && a.returnSeq < b.callSeq;
}

function orderExists(ops: Operation<unknown, unknown>[], model: AnyModel): boolean {
  const placed = new Array<boolean>(ops.length).fill(false);
  const determinateCount = ops.filter((op) => op.status === "ok").length;
  const extend = (state: unknown, determinatePlaced: number): boolean => {
    if (determinatePlaced === determinateCount) return true;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i]) continue;
      const op = ops[i];
      // Every operation that returned before this one was called must already be placed.
      if (ops.some((other, j) => !placed[j] && returnedBefore(other, op))) continue;
      const next = model.step(state, op.input, op.status === "ok" ? op.output : undefined);
      if (next === ILLEGAL) continue;
      placed[i] = true;
      const found = extend(next, determinatePlaced + (op.status === "ok" ? 1 : 0));
      placed[i] = false;
      if (found) return true;
    }
    return false;
  };
  return extend(model.init, 0);
}
