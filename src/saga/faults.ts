/**
 * Fault knobs for the course's saga participants: a test says which commands misbehave and how
 * (a declined card, a lost command, a reply that comes late or twice, a crash after the
 * effect), and the participant obeys. The book of faults lives outside the node, so it keeps
 * counting across the participant's crashes, as a script of the test should.
 */
import type { SagaCommand } from "../contracts/saga";

export type FaultBehaviour =
  /** A business failure: answered "failed" with `reason`, no effect, and the same answer for every copy. */
  | { kind: "fail"; reason: string }
  /** The service is having a bad minute: answered "failed", no effect, nothing remembered (a resend may succeed). */
  | { kind: "unavailable" }
  /** The command is lost before it takes effect: no effect, no reply. */
  | { kind: "drop" }
  /** It takes effect, but the reply is lost. */
  | { kind: "no-reply" }
  /** It takes effect, and the reply leaves `ms` later. */
  | { kind: "late"; ms: number }
  /** It takes effect, and the reply is sent twice. */
  | { kind: "duplicate-reply" }
  /** The command waits `ms` in the service's inbox before it is processed (and answered). */
  | { kind: "hold"; ms: number }
  /** It takes effect, then the service crashes before replying and comes back `restartAfterMs` later. */
  | { kind: "crash"; restartAfterMs: number };

export interface ParticipantFault {
  /** The action it applies to: "authorize", "void", "ship"... */
  action: string;
  /** Only this order's commands (default: every order's). */
  orderId?: string;
  /** Let this many matching deliveries through untouched first (default 0). */
  skip?: number;
  /** Then misbehave on this many matching deliveries (default: all of them). */
  times?: number;
  behaviour: FaultBehaviour;
}

/** Which fault, if any, the next delivery of a command meets. Counts every matching delivery. */
export class FaultBook {
  private readonly seen: number[];

  constructor(readonly faults: readonly ParticipantFault[] = []) {
    this.seen = faults.map(() => 0);
  }

  /** Every fault counts every delivery it matches; the first one whose turn it is applies. */
  take(command: SagaCommand): FaultBehaviour | undefined {
    let chosen: FaultBehaviour | undefined;
    for (let i = 0; i < this.faults.length; i++) {
      const fault = this.faults[i];
      if (fault.action !== command.action || (fault.orderId !== undefined && fault.orderId !== command.orderId)) continue;
      const index = this.seen[i]++;
      const skip = fault.skip ?? 0;
      if (chosen === undefined && index >= skip && (fault.times === undefined || index < skip + fault.times)) chosen = fault.behaviour;
    }
    return chosen;
  }
}

/** "late reply (300 ms)": a fault in words, for traces and test messages. */
export function describeBehaviour(behaviour: FaultBehaviour): string {
  switch (behaviour.kind) {
    case "fail":
      return `fails (${behaviour.reason})`;
    case "late":
      return `replies ${behaviour.ms} ms late`;
    case "hold":
      return `is held ${behaviour.ms} ms before processing`;
    case "crash":
      return `crashes after the effect (back after ${behaviour.restartAfterMs} ms)`;
    default:
      return behaviour.kind.replace("-", " ");
  }
}
