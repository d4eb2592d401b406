/**
 * Week 3, exercise 3: a saga orchestrator (section 14.4, "Saga Pattern: 분산 트랜잭션을 위한 보상 패턴").
 *
 * Read first: the contract in src/contracts/saga.ts (the flow, the messages, and what the
 * course's payment and stock services promise you), docs/simulator.md (the node API), and
 * notebook 12-sagas, which shows every failure below before you write a line.
 *
 * The startup's first saga was an HTTP handler like this:
 *
 *     async function placeOrder(order) {
 *       await db.insert(order, "PENDING");
 *       try {
 *         await payment.charge(order);          // a blocking call with a 5 s timeout
 *         await stock.reserve(order);
 *         await db.update(order, "APPROVED");
 *       } catch (e) {
 *         await payment.refund(order);          // the refund, once, whatever went wrong
 *         await db.update(order, "REJECTED");
 *       }
 *     }
 *
 * Everything that goes wrong with it, goes wrong in production:
 *   - the saga lives in the process's memory: a crash between two awaits forgets it, and the
 *     money stays charged for an order nobody will ever finish;
 *   - a timeout is not a failure: the charge may have gone through and only its reply got lost.
 *     Retrying it as a new request charges twice; refunding only "if it failed" refunds never;
 *   - the refund runs once: if it is lost, the customer paid for nothing;
 *   - nothing has an id, so no service can tell a retry from a new request;
 *   - the refund is attempted even when the charge was refused, and never when the reservation
 *     (the step that failed) had half happened.
 *
 * What to build: `SagaOrchestrator`, the order service's saga coordinator, a node on the
 * simulator. It runs `config.steps` (ORDER_SAGA: authorize, reserve, capture = the pivot, ship)
 * for every order, one saga per order id.
 *
 * The rules (each has a directed test; the table is grader/tests/week3/saga.rules.md):
 *   1. PlaceOrder: record the order as PENDING in ctx.storage before any command leaves, then
 *      run its first step. A PlaceOrder for an order you already know (a client's retry, a
 *      duplicate) starts nothing: answer it with the order's current status. Answer GetOrder
 *      with the current status, or UNKNOWN for an order you never recorded.
 *   2. One step at a time, in order: step i+1 is sent only after step i answered "done".
 *      Each command has an id that is unique to (order, step, action) and the same on every
 *      resend and after a crash: that is what lets the participant apply it once.
 *   3. Before sending a command, store which step is in flight (and so what to compensate):
 *      a command you sent may take effect even if you never hear back.
 *   4. A step before the pivot that answers "failed" took no effect: compensate the steps
 *      before it, last first. A step before the pivot that gets no answer within
 *      config.stepTimeoutMs has an UNKNOWN outcome: compensate it too (the participant
 *      accepts a compensation for a command it never saw), then the ones before it. You may
 *      resend it (same id) a few times before giving up on it.
 *   5. Compensations: one at a time, last step first; the next one is sent only when the
 *      previous one answered "done"; each is resent every config.retryIntervalMs until it does.
 *   6. The pivot: resend it (same id) until it answers. "done": go forward; "failed":
 *      compensate the steps before it. After the pivot nothing is compensated, ever: resend
 *      each later step until it answers "done", whatever it answers meanwhile.
 *   7. A reply that is not for the command you are waiting for (late, duplicated, for a step
 *      you gave up on) changes nothing.
 *   8. The status is the semantic lock: PENDING until the saga has ended, then APPROVED (every
 *      step done) or REJECTED (every compensation done), and never anything else afterwards.
 *   9. After a crash (onRestart), read your sagas back from ctx.storage and carry on with each
 *      unfinished one where it was: resend the command in flight, with its id.
 *
 * What the tests check, over scripted faults and random ones (crashes of any node, lost,
 * duplicated, late and held messages): src/check/saga-invariants.ts (every saga ends completed
 * or fully compensated, in reverse order, nothing after the pivot, money and goods conserved,
 * no early final status) and src/check/effects.ts (each order charged exactly once).
 */
import type { NodeContext, NodeId } from "../../src/contracts/node";
import { notImplemented } from "../../src/contracts/not-implemented";
import type { OrderRequest, OrderStatus, OrderStatusReply, SagaCommand, SagaConfig, SagaOrchestratorApi, SagaReply } from "../../src/contracts/saga";

const FILE = "exercises/week3/saga.ts";

/** Every message your node sends or receives (fixed by the contract). */
export type SagaMessage = OrderRequest | OrderStatusReply | SagaCommand | SagaReply;

/** Your timers: a suggestion, change it as you like (plain JSON). */
export type SagaTimer = { type: "overdue"; commandId: string };

export class SagaOrchestrator implements SagaOrchestratorApi {
  constructor(
    private readonly ctx: NodeContext<SagaMessage, SagaTimer>,
    private readonly config: SagaConfig,
  ) {}

  /** Boot: read the sagas stored in ctx.storage (none on a first boot). */
  onStart(): void {
    notImplemented("SagaOrchestrator.onStart", FILE);
  }

  /** Boot after a crash: your fields are gone, ctx.storage is intact. Resume every unfinished saga. */
  onRestart(): void {
    this.onStart();
  }

  /** PlaceOrder and GetOrder from clients; Reply from the participants. */
  onMessage(from: NodeId, msg: SagaMessage): void {
    notImplemented("SagaOrchestrator.onMessage", FILE);
  }

  /** Your timers: a command overdue, a resend due. */
  onTimer(timer: SagaTimer): void {
    notImplemented("SagaOrchestrator.onTimer", FILE);
  }

  /** Every recorded order's status, as it stands now (the tests read it after every event). */
  inspect(): { [orderId: string]: OrderStatus } {
    return notImplemented("SagaOrchestrator.inspect", FILE);
  }
}
