/**
 * Real-time order between operations of a history (see history.ts): A precedes B when A's answer
 * came before B's call. Equal times are concurrent unless both events carry sequence numbers.
 */
import type { Operation } from "./history";

type Timed = Pick<Operation<unknown, unknown>, "status" | "callMs" | "returnMs" | "callSeq" | "returnSeq">;

/** Did `a` return before `b` was called? An indeterminate `a` never did. */
export function precedes(a: Timed, b: Timed): boolean {
  if (a.status === "info" || a.returnMs === null) return false;
  if (a.returnMs !== b.callMs) return a.returnMs < b.callMs;
  return a.returnSeq !== undefined && b.callSeq !== undefined && a.returnSeq < b.callSeq;
}

/** Call order: by call time, then recorded order, then id. */
export function byCall(a: Operation<unknown, unknown>, b: Operation<unknown, unknown>): number {
  return a.callMs - b.callMs || (a.callSeq ?? 0) - (b.callSeq ?? 0) || a.id - b.id;
}

/** Do all events carry sequence numbers? Only then do they order events with equal times. */
export function hasSequence(operations: readonly Timed[]): boolean {
  return operations.every((op) => op.callSeq !== undefined && (op.status === "info" || op.returnSeq !== undefined));
}

/**
 * Order of two events (a call, or a return when `...Return` is true) in real time. Equal times:
 * the recorded order when `useSeq`, else calls first (equal times are concurrent).
 */
export function compareEvents(a: Timed, aReturn: boolean, b: Timed, bReturn: boolean, useSeq: boolean): number {
  const timeA = aReturn ? (a.returnMs as number) : a.callMs;
  const timeB = bReturn ? (b.returnMs as number) : b.callMs;
  if (timeA !== timeB) return timeA - timeB;
  if (useSeq) return ((aReturn ? a.returnSeq : a.callSeq) as number) - ((bReturn ? b.returnSeq : b.callSeq) as number);
  return Number(aReturn) - Number(bReturn);
}

/** "t=12" / "t=12.5": virtual times in messages, without float noise. */
export function at(ms: number): string {
  return `t=${Math.round(ms * 1000) / 1000}`;
}

/** "t=10..20", or "t=10..? (no answer)" for an indeterminate operation. */
export function span(op: Timed): string {
  return `${at(op.callMs)}..${op.status === "info" || op.returnMs === null ? "? (no answer)" : Math.round(op.returnMs * 1000) / 1000}`;
}
