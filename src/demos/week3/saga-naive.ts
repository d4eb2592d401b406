/**
 * The startup's first saga, as a node: the async/await handler of notebook 12 (and of the
 * exercise's header) translated to the simulator, flaws included. A demo for the notebook, never
 * a solution: it shows what goes wrong before you write the real orchestrator.
 *
 *   - the sagas live in memory: a crash forgets them;
 *   - every call gets a fresh random request id, as an HTTP client's would: a retry is a new request;
 *   - a step that does not answer in time is taken as failed: only the steps before it are
 *     compensated (its own effect, if it happened, stays);
 *   - each compensation is sent once, and the saga waits for its reply forever;
 *   - any failure starts the compensation, also one after the pivot ("catch: refund").
 *
 * It does work on a quiet day: every step answers, or fails for a business reason.
 */
import type { NodeContext, NodeId } from "../../contracts/node";
import type { Order, OrderRequest, OrderStatus, SagaCommand, SagaConfig, SagaOrchestratorApi, SagaReply } from "../../contracts/saga";

type Msg = OrderRequest | SagaReply;
type Timer = { type: "timeout"; commandId: string };

interface NaiveSaga {
  order: Order;
  status: OrderStatus;
  /** The step being run (forward) or undone (backward). */
  step: number;
  backward: boolean;
  waitingFor: string;
  /** The id each forward step was sent with. */
  sentAs: string[];
}

export class NaiveOrchestrator implements SagaOrchestratorApi {
  private readonly sagas = new Map<string, NaiveSaga>();

  constructor(
    private readonly ctx: NodeContext<SagaCommand | { type: "OrderStatus"; orderId: string; status: string }, Timer>,
    private readonly config: SagaConfig,
  ) {}

  onStart(): void {}

  inspect(): { [orderId: string]: OrderStatus } {
    const out: { [orderId: string]: OrderStatus } = {};
    for (const [id, saga] of this.sagas) out[id] = saga.status;
    return out;
  }

  onMessage(from: NodeId, msg: Msg): void {
    if (msg.type === "PlaceOrder") {
      if (!this.sagas.has(msg.order.orderId)) {
        const saga: NaiveSaga = { order: msg.order, status: "PENDING", step: 0, backward: false, waitingFor: "", sentAs: [] };
        this.sagas.set(msg.order.orderId, saga);
        this.send(saga);
      }
      this.ctx.send(from, { type: "OrderStatus", orderId: msg.order.orderId, status: this.sagas.get(msg.order.orderId)?.status ?? "UNKNOWN" });
    } else if (msg.type === "GetOrder") {
      this.ctx.send(from, { type: "OrderStatus", orderId: msg.orderId, status: this.sagas.get(msg.orderId)?.status ?? "UNKNOWN" });
    } else if (msg.type === "Reply") {
      const saga = [...this.sagas.values()].find((s) => s.waitingFor === msg.commandId);
      if (saga) this.next(saga, msg.outcome === "done");
    }
  }

  onTimer(timer: Timer): void {
    const saga = [...this.sagas.values()].find((s) => s.waitingFor === timer.commandId);
    if (saga && !saga.backward) this.next(saga, false); // "the call timed out": an exception like any other
  }

  private next(saga: NaiveSaga, ok: boolean): void {
    if (saga.backward) {
      saga.step--;
    } else if (ok) {
      saga.step++;
      if (saga.step === this.config.steps.length) return this.end(saga, "APPROVED");
    } else {
      saga.backward = true;
      saga.step--; // "catch": refund what came before the step that threw
    }
    while (saga.backward && saga.step >= 0 && !this.config.steps[saga.step].compensation) saga.step--;
    if (saga.backward && saga.step < 0) return this.end(saga, "REJECTED");
    this.send(saga);
  }

  private end(saga: NaiveSaga, status: OrderStatus): void {
    saga.status = status;
    saga.waitingFor = "";
  }

  private send(saga: NaiveSaga): void {
    const step = this.config.steps[saga.step];
    const action = saga.backward ? (step.compensation as string) : step.action;
    const commandId = `${action}-${Math.floor(this.ctx.random() * 36 ** 6).toString(36)}`;
    const command: SagaCommand = { type: "Command", commandId, orderId: saga.order.orderId, action, order: saga.order };
    if (saga.backward) command.compensates = saga.sentAs[saga.step];
    else saga.sentAs[saga.step] = commandId;
    saga.waitingFor = commandId;
    this.ctx.send(step.participant, command);
    if (!saga.backward) this.ctx.setTimer(this.config.stepTimeoutMs, { type: "timeout", commandId });
  }
}
