/**
 * What the course's saga participants report about every command they handle: the ground truth
 * the saga checkers judge an orchestrator by (src/check/saga-invariants.ts, src/check/effects.ts).
 * The participants report it through a callback of the harness, so the record survives their
 * crashes and costs the orchestrator nothing.
 */
import type { NodeId } from "../contracts/node";

export type RecordOutcome =
  /** A forward command took effect now. */
  | "applied"
  /** A forward command was refused for a business reason (its reply: "failed"). */
  | "failed"
  /** A copy of a command already handled: answered with the stored reply, no effect. */
  | "repeated"
  /** A compensation undid its forward command's effect now. */
  | "undone"
  /** A compensation found nothing to undo (the command failed, never arrived, or was undone already). */
  | "nothing-to-undo"
  /** A forward command that arrived after its compensation: refused, no effect. */
  | "refused"
  /** Answered "failed: unavailable" by a fault knob, nothing done or remembered. */
  | "unavailable"
  /** Lost before it took effect, by a fault knob. */
  | "lost";

export interface ParticipantRecord {
  /** Virtual time, ms. */
  t: number;
  participant: NodeId;
  commandId: string;
  orderId: string;
  action: string;
  /** On compensations: the forward command they undo. */
  compensates?: string;
  outcome: RecordOutcome;
  /** Why, in words (a failure's reason, what was undone). */
  detail?: string;
}

/** `void o2 (command "o2/0/void") at payment, t=412ms`: a record in words, for messages. */
export function describeRecord(record: ParticipantRecord): string {
  const compensates = record.compensates !== undefined ? `, undoing "${record.compensates}"` : "";
  return `${record.action} ${record.orderId} (command "${record.commandId}"${compensates}) at ${record.participant}, t=${Math.round(record.t)}ms`;
}
