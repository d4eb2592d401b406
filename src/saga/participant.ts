/**
 * A saga participant as the course provides it: a service on the simulator that handles the
 * orchestrator's commands idempotently by command id, undoes a command when a compensation
 * names it, refuses a command that arrives after its compensation, and misbehaves on request
 * (fault knobs, src/saga/faults.ts). The payment and stock services are its subclasses; they
 * only say what each action does to their ledger.
 *
 * Everything a participant knows lives in one stored value, written in one `put` per command:
 * the ledger, the reply to every command id it handled, and the forward commands compensated.
 * A crash therefore never separates an effect from the memory of having done it.
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { SagaCommand, SagaReply } from "../contracts/saga";
import { FaultBook, type FaultBehaviour } from "./faults";
import type { ParticipantRecord, RecordOutcome } from "./records";

/** What a participant stores, under STATE_KEY. */
export interface ParticipantState<Ledger> {
  ledger: Ledger;
  /** The reply to every command id handled (forward commands and compensations). */
  replies: { [commandId: string]: SagaReply };
  /** Forward command id -> the compensation that undid it (or that arrived first). */
  compensated: { [commandId: string]: string };
}

export const STATE_KEY = "state";

export interface ParticipantOptions {
  /** The fault knobs. Made outside the node's factory, the book keeps counting across the node's crashes. */
  faults?: FaultBook;
  /** Every command handled, reported to the harness (the checkers' ground truth). */
  observe?: (record: ParticipantRecord) => void;
  /** A "crash" fault asks the host to crash this node now and restart it later. */
  requestCrash?: (id: NodeId, restartAfterMs: number) => void;
}

/** What an action did: the reply's outcome, and words for the record. */
export type ActionResult = { outcome: "done"; detail: string } | { outcome: "failed"; reason: string };

type Timer = { type: "process"; from: NodeId; command: SagaCommand } | { type: "reply"; to: NodeId; reply: SagaReply };

export abstract class Participant<Ledger extends object> implements ProtocolNode<SagaCommand, Timer> {
  private readonly faults: FaultBook;

  constructor(
    protected readonly ctx: NodeContext<SagaReply, Timer>,
    private readonly initialLedger: Ledger,
    private readonly options: ParticipantOptions = {},
  ) {
    this.faults = options.faults ?? new FaultBook();
  }

  /** Run a forward action on the ledger (mutate it) and say what happened. */
  protected abstract apply(ledger: Ledger, command: SagaCommand): ActionResult;
  /** Undo forward command `forwardId` if it left an effect in the ledger (mutate it); say what was done, or why nothing was. */
  protected abstract undo(ledger: Ledger, forwardId: string): { undone: boolean; detail: string };

  onStart(): void {
    if (this.ctx.storage.get(STATE_KEY) === undefined) {
      const state: ParticipantState<Ledger> = { ledger: this.initialLedger, replies: {}, compensated: {} };
      this.ctx.storage.put(STATE_KEY, state as unknown as Json);
    }
  }

  onMessage(from: NodeId, command: SagaCommand): void {
    if (command?.type !== "Command") return;
    const fault = this.faults.take(command);
    if (fault?.kind === "hold") {
      this.ctx.setTimer(fault.ms, { type: "process", from, command });
      return;
    }
    this.process(from, command, fault);
  }

  onTimer(timer: Timer): void {
    if (timer.type === "process") this.process(timer.from, timer.command, undefined);
    else this.ctx.send(timer.to, timer.reply);
  }

  /** The stored state (ledger, replies, compensations), read fresh. */
  state(): ParticipantState<Ledger> {
    return this.ctx.storage.get<ParticipantState<Ledger>>(STATE_KEY) as ParticipantState<Ledger>;
  }

  private process(from: NodeId, command: SagaCommand, fault: FaultBehaviour | undefined): void {
    if (fault?.kind === "drop") return this.record(command, "lost", "the command was lost before it took effect");
    if (fault?.kind === "unavailable") {
      this.record(command, "unavailable", "the service answered 'unavailable, try again'");
      return this.ctx.send(from, { type: "Reply", commandId: command.commandId, outcome: "failed", reason: "service unavailable, try again" });
    }
    const reply = this.handle(command, fault?.kind === "fail" ? fault.reason : undefined);
    switch (fault?.kind) {
      case "no-reply":
        return;
      case "late":
        this.ctx.setTimer(fault.ms, { type: "reply", to: from, reply });
        return;
      case "duplicate-reply":
        this.ctx.send(from, reply);
        this.ctx.send(from, reply);
        return;
      case "crash":
        this.options.requestCrash?.(this.ctx.id, fault.restartAfterMs);
        return;
      default:
        this.ctx.send(from, reply);
    }
  }

  /** Handle one command exactly once per id; return its (stored) reply. */
  private handle(command: SagaCommand, failReason: string | undefined): SagaReply {
    const state = this.state();
    const stored = state.replies[command.commandId];
    if (stored !== undefined) {
      this.record(command, "repeated", `answered again: ${stored.outcome}`);
      return stored;
    }
    let reply: SagaReply;
    if (command.compensates !== undefined) {
      reply = this.compensate(state, command);
    } else if (state.compensated[command.commandId] !== undefined) {
      reply = this.refuse(command, `compensated already by "${state.compensated[command.commandId]}"`, "refused");
    } else {
      const result: ActionResult = failReason !== undefined ? { outcome: "failed", reason: failReason } : this.apply(state.ledger, command);
      reply =
        result.outcome === "done"
          ? (this.record(command, "applied", result.detail), { type: "Reply", commandId: command.commandId, outcome: "done" })
          : this.refuse(command, result.reason, "failed");
    }
    state.replies[command.commandId] = reply;
    this.ctx.storage.put(STATE_KEY, state as unknown as Json);
    return reply;
  }

  private compensate(state: ParticipantState<Ledger>, command: SagaCommand): SagaReply {
    const forwardId = command.compensates as string;
    const earlier = state.compensated[forwardId];
    const result = earlier === undefined ? this.undo(state.ledger, forwardId) : { undone: false, detail: `undone already by "${earlier}"` };
    this.record(command, result.undone ? "undone" : "nothing-to-undo", result.detail);
    state.compensated[forwardId] ??= command.commandId;
    return { type: "Reply", commandId: command.commandId, outcome: "done" };
  }

  private refuse(command: SagaCommand, reason: string, outcome: RecordOutcome): SagaReply {
    this.record(command, outcome, reason);
    return { type: "Reply", commandId: command.commandId, outcome: "failed", reason };
  }

  private record(command: SagaCommand, outcome: RecordOutcome, detail: string): void {
    const record: ParticipantRecord = { t: this.ctx.now(), participant: this.ctx.id, commandId: command.commandId, orderId: command.orderId, action: command.action, outcome, detail };
    if (command.compensates !== undefined) record.compensates = command.compensates;
    this.ctx.log(`${command.action} ${command.orderId} "${command.commandId}": ${outcome}${detail ? ` (${detail})` : ""}`);
    this.options.observe?.(record);
  }
}
