/**
 * The saga exercise's contract (week 3, section 14.4): what your orchestrator must offer the
 * tests and the notebooks, and what the course's participants promise it. You never edit this
 * file; you implement `SagaOrchestrator` in exercises/week3/saga.ts.
 *
 * The flow. A customer places an order with the order service ("orders"), which must take money
 * from the payment service ("payment") and goods from the stock service ("stock"). No
 * transaction spans the three databases, so the order service runs a saga: a sequence of local
 * transactions, one per step, each undone by a compensating transaction if a later step fails.
 * Your orchestrator is the order service's saga coordinator, a node on the simulator.
 *
 * The steps are data (`SagaConfig.steps`), in forward order. The course's flow, `ORDER_SAGA`:
 *
 *   1. payment.authorize  hold the amount on the customer's account      compensation: void
 *   2. stock.reserve      set the goods aside for this order              compensation: release
 *   3. payment.capture    take the held money: the PIVOT                  (no compensation)
 *   4. stock.ship         hand the goods to the carrier                   (retried until done)
 *
 * Steps before the pivot are compensatable: each names its compensation. The pivot is the point
 * of no return: if it succeeds the saga goes forward to the end, and nothing is ever compensated
 * again; if it fails, the steps before it are compensated. Steps after the pivot are retriable:
 * they are resent until they succeed, never compensated.
 *
 * The participants ("payment", "stock") are the course's. What they promise you:
 *   - A command is identified by its `commandId`. Each id takes effect at most once; every copy
 *     of it (your resend, a duplicate the network made) gets the same reply, also after the
 *     participant crashed and restarted. Two different ids are two requests: the same action
 *     sent under two ids takes effect twice.
 *   - A reply says "done" (it took effect) or "failed" (it did not, for a business reason: a
 *     card declined, nothing left in stock). A command may also get no reply at all: it was
 *     lost, or it took effect and the reply was lost, or it is still on its way. You cannot
 *     tell which: after a timeout its outcome is UNKNOWN.
 *   - A compensation names the forward command it undoes (`compensates`). It undoes that
 *     command's effect if it took effect; if the participant never saw that command, it
 *     remembers the compensation and refuses the command should it arrive later. Either way it
 *     answers "done". So you may compensate a step whose outcome is unknown, and you must: it
 *     may have happened.
 *   - Compensations and the steps after the pivot never fail for business reasons, but their
 *     replies can be lost or "failed" for a while (the service is having a bad minute): resend
 *     them until they answer "done".
 *
 * What the tests check (directed tests with scripted faults, and random faults over many seeds):
 * every saga ends APPROVED with every step done once, or REJECTED with every step that may have
 * happened compensated exactly once, in reverse order, and nothing compensated after the pivot;
 * money and goods are conserved; a crash of your node at any moment is survived; a reader never
 * sees APPROVED before the saga is through (the PENDING status is a semantic lock).
 */
import type { NodeContext, NodeId, ProtocolNode } from "./node";

/** What the customer orders: `quantity` of `item` for `amount` (in cents). */
export interface Order {
  orderId: string;
  customer: string;
  amount: number;
  item: string;
  quantity: number;
}

/**
 * The order's status, the semantic lock: PENDING from the moment the order is recorded until its
 * saga has ended; then APPROVED (every step done) or REJECTED (everything compensated).
 */
export type OrderStatus = "PENDING" | "APPROVED" | "REJECTED";

export interface SagaStep {
  /** The participant that runs this step: "payment" or "stock". */
  participant: NodeId;
  /** What it is asked to do: "authorize", "reserve", "capture", "ship". */
  action: string;
  /** The action that undoes this step ("void", "release"). Present exactly on the steps before the pivot. */
  compensation?: string;
  /** True on the one step that is the point of no return. */
  pivot?: boolean;
}

export interface SagaConfig {
  /** The saga's steps in forward order; exactly one is the pivot. */
  steps: SagaStep[];
  /** A forward command before the pivot with no reply after this long has an unknown outcome. */
  stepTimeoutMs: number;
  /** How often to resend a command that must get an answer (a compensation, the pivot, a step after it). */
  retryIntervalMs: number;
}

/** The chapter's flow: order -> payment -> stock, with the capture of the money as the pivot. */
export const ORDER_SAGA: readonly SagaStep[] = [
  { participant: "payment", action: "authorize", compensation: "void" },
  { participant: "stock", action: "reserve", compensation: "release" },
  { participant: "payment", action: "capture", pivot: true },
  { participant: "stock", action: "ship" },
];

export const DEFAULT_SAGA_CONFIG: SagaConfig = {
  steps: [...ORDER_SAGA],
  stepTimeoutMs: 200,
  retryIntervalMs: 100,
};

// ------------------------------------------------------------------ messages (fixed: the course's nodes send and read them)

/** From a client to the order service. Both are answered with an `OrderStatusReply`. */
export type OrderRequest =
  /** Place `order`. Clients resend it (same orderId) until they hear APPROVED or REJECTED. */
  | { type: "PlaceOrder"; order: Order }
  /** What is the status of this order now? */
  | { type: "GetOrder"; orderId: string };

/** The order's current status; UNKNOWN for an order the service has never recorded. */
export interface OrderStatusReply {
  type: "OrderStatus";
  orderId: string;
  status: OrderStatus | "UNKNOWN";
}

/** From the orchestrator to a participant. */
export interface SagaCommand {
  type: "Command";
  /** Unique per command, and the same on every resend of it (the participant deduplicates by it). */
  commandId: string;
  orderId: string;
  /** The step's action, or its compensation. */
  action: string;
  order: Order;
  /** On a compensation: the commandId of the forward command it undoes. */
  compensates?: string;
}

/** From a participant to the orchestrator: the outcome of `commandId`. */
export interface SagaReply {
  type: "Reply";
  commandId: string;
  outcome: "done" | "failed";
  /** Why it failed, in words ("card declined: balance 20 < 30"). */
  reason?: string;
}

// ------------------------------------------------------------------ the orchestrator

export interface SagaOrchestratorApi extends ProtocolNode<any, any> {
  /**
   * The status of every order this node has recorded, as it stands now. The tests read it after
   * every event (never modifying it), so it must say PENDING until the saga has ended.
   */
  inspect(): { [orderId: string]: OrderStatus };
}

/** How the tests build your node: `new SagaOrchestrator(ctx, config)`. */
export type SagaOrchestratorConstructor = new (ctx: NodeContext<any, any>, config: SagaConfig) => SagaOrchestratorApi;

/** The names of the nodes in the saga tests and notebooks. */
export const ORDER_SERVICE: NodeId = "orders";
export const PAYMENT_SERVICE: NodeId = "payment";
export const STOCK_SERVICE: NodeId = "stock";

/** The step that is the pivot (its index), or -1 if the definition has none. */
export function pivotIndex(steps: readonly SagaStep[]): number {
  return steps.findIndex((step) => step.pivot === true);
}
