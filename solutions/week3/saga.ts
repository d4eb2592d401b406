/**
 * Reference solution: a saga orchestrator for the order -> payment -> stock flow.
 *
 * Each saga is one record in stable storage, rewritten before every command is sent: the
 * order, its status, the phase (forward or compensating) and the step in flight. The command
 * for step i is always `${orderId}/${i}/${action}`, so a resend, or the same step after a
 * crash, carries the same id and the participant applies it at most once.
 */
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import {
  pivotIndex,
  type Order,
  type OrderRequest,
  type OrderStatus,
  type OrderStatusReply,
  type SagaCommand,
  type SagaConfig,
  type SagaOrchestratorApi,
  type SagaReply,
} from "../../src/contracts/saga";

export type SagaMessage = OrderRequest | OrderStatusReply | SagaCommand | SagaReply;
/** One timer per command sent: when it fires and the command is still awaited, it is overdue. */
export type SagaTimer = { type: "overdue"; commandId: string };

/** What is stored per order under "saga:<orderId>". */
export interface SagaRecord {
  order: Order;
  status: OrderStatus;
  phase: "forward" | "compensating" | "ended";
  /** The step whose command (forward or compensation) is in flight. */
  step: number;
  /** How many times the current forward command has been sent (for the unknown-outcome rule). */
  attempts: number;
}

// Stryker disable next-line StringLiteral: equivalent, the orchestrator stores nothing but sagas, so any prefix (or none) names them
const PREFIX = "saga:";

export class SagaOrchestrator implements SagaOrchestratorApi {
  private readonly sagas = new Map<string, SagaRecord>();
  /** Command id in flight -> its order. */
  private readonly inFlight = new Map<string, string>();
  private readonly pivot: number;

  constructor(
    private readonly ctx: NodeContext<SagaMessage, SagaTimer>,
    protected readonly config: SagaConfig,
  ) {
    this.pivot = pivotIndex(config.steps);
  }

  onStart(): void {
    for (const key of this.ctx.storage.keys()) {
      if (!key.startsWith(PREFIX)) continue;
      const saga = this.ctx.storage.get<SagaRecord>(key) as SagaRecord;
      this.sagas.set(saga.order.orderId, saga);
      if (saga.phase !== "ended") this.send(saga); // resume where the crash left it, same command id
    }
  }

  onRestart(): void {
    this.onStart();
  }

  inspect(): { [orderId: string]: OrderStatus } {
    const out: { [orderId: string]: OrderStatus } = {};
    for (const [id, saga] of this.sagas) out[id] = saga.status;
    return out;
  }

  onMessage(from: NodeId, msg: SagaMessage): void {
    if (msg.type === "PlaceOrder") this.place(from, msg.order);
    else if (msg.type === "GetOrder") this.reply(from, msg.orderId);
    else if (msg.type === "Reply") this.onReply(msg);
  }

  onTimer(timer: SagaTimer): void {
    const saga = this.awaiting(timer.commandId);
    if (!saga) return;
    if (saga.phase === "forward" && this.compensatable(saga.step) && !this.retryForward(saga)) {
      this.compensateFrom(saga, saga.step); // unknown outcome: it may have happened, so undo it too
    } else {
      // Stryker disable next-line UpdateOperator: equivalent here, attempts is read only by retryForward, which the reference answers without it (a subclass that retries forward steps reads it)
      saga.attempts++;
      this.save(saga);
      this.send(saga);
    }
  }

  /** A timed-out forward step before the pivot: resend it (true) or give up and compensate (false). */
  protected retryForward(_saga: SagaRecord): boolean {
    return false;
  }

  /** Where compensation starts when step `failed` answered "failed" (it took no effect). */
  protected firstToCompensate(failed: number): number {
    return failed - 1;
  }

  private place(from: NodeId, order: Order): void {
    if (!this.sagas.has(order.orderId)) {
      const saga: SagaRecord = { order, status: "PENDING", phase: "forward", step: 0, attempts: 1 };
      this.sagas.set(order.orderId, saga);
      this.save(saga); // the semantic lock and the saga's start are durable before any command leaves
      this.send(saga);
    }
    this.reply(from, order.orderId);
  }

  private reply(to: NodeId, orderId: string): void {
    this.ctx.send(to, { type: "OrderStatus", orderId, status: this.sagas.get(orderId)?.status ?? "UNKNOWN" });
  }

  private onReply(reply: SagaReply): void {
    const saga = this.awaiting(reply.commandId);
    if (!saga) return; // late, duplicated, or for a command already settled
    if (saga.phase === "compensating") {
      if (reply.outcome === "done") this.compensateFrom(saga, saga.step - 1);
      return; // "failed" (unavailable): the overdue timer resends it
    }
    if (reply.outcome === "done") return this.forwardFrom(saga, saga.step + 1);
    if (this.pivot >= 0 && saga.step > this.pivot) return; // past the pivot: the timer resends it until it is done
    this.compensateFrom(saga, this.firstToCompensate(saga.step));
  }

  private forwardFrom(saga: SagaRecord, step: number): void {
    if (step >= this.config.steps.length) return this.end(saga, "APPROVED");
    saga.step = step;
    saga.attempts = 1;
    this.save(saga);
    this.send(saga);
  }

  /** Compensate step `step` and then every earlier one, one at a time, last first. */
  private compensateFrom(saga: SagaRecord, step: number): void {
    if (step < 0) return this.end(saga, "REJECTED");
    saga.phase = "compensating";
    saga.step = step;
    this.save(saga);
    this.send(saga);
  }

  private end(saga: SagaRecord, status: OrderStatus): void {
    saga.phase = "ended";
    saga.status = status;
    this.save(saga);
  }

  /** The saga whose in-flight command is `commandId`, if any. */
  private awaiting(commandId: string): SagaRecord | undefined {
    // Stryker disable next-line StringLiteral: equivalent, any id that is no order's finds no saga
    const saga = this.sagas.get(this.inFlight.get(commandId) ?? "");
    return saga && saga.phase !== "ended" && this.commandOf(saga).commandId === commandId ? saga : undefined;
  }

  private commandOf(saga: SagaRecord): SagaCommand {
    const step = this.config.steps[saga.step];
    const forwardId = `${saga.order.orderId}/${saga.step}/${step.action}`;
    if (saga.phase === "forward") return { type: "Command", commandId: forwardId, orderId: saga.order.orderId, action: step.action, order: saga.order };
    const action = step.compensation as string;
    return { type: "Command", commandId: `${saga.order.orderId}/${saga.step}/${action}`, orderId: saga.order.orderId, action, order: saga.order, compensates: forwardId };
  }

  private send(saga: SagaRecord): void {
    const command = this.commandOf(saga);
    const participant = this.config.steps[saga.step].participant;
    this.ctx.send(participant, command);
    this.inFlight.set(command.commandId, saga.order.orderId);
    const waitMs = saga.phase === "forward" && this.compensatable(saga.step) ? this.config.stepTimeoutMs : this.config.retryIntervalMs;
    this.ctx.setTimer(waitMs, { type: "overdue", commandId: command.commandId });
  }

  /** Steps before the pivot can be compensated; the pivot and later ones cannot. */
  private compensatable(step: number): boolean {
    return this.pivot < 0 || step < this.pivot;
  }

  private save(saga: SagaRecord): void {
    this.ctx.storage.put(PREFIX + saga.order.orderId, saga as unknown as Json);
  }
}
