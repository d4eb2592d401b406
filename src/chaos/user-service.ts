/**
 * The chapter's user-service, as the front door of the shop: shoppers send their orders here, and
 * it forwards each to the order service through a circuit breaker (any `CircuitBreakerApi`: yours,
 * the chapter's, or none). A call the breaker refuses is answered REJECTED at once; a call the
 * order service does not answer within `timeoutMs` is a failure for the breaker and TIMEOUT for the
 * shopper. It keeps nothing in storage: killed, it comes back with a fresh, CLOSED breaker.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import { ORDER_SERVICE, type OrderReply, type PlaceOrder } from "../contracts/messaging";
import type { BreakerTransition, CircuitBreakerApi, Clock, Permission } from "../contracts/resilience";

/** Builds the breaker of one incarnation of the user-service; it reports every state change. */
export type BreakerFactory = (clock: Clock, onTransition: (transition: BreakerTransition) => void) => CircuitBreakerApi;

/** What the user-service answers a shopper: the order service's reply, or why there is none. */
export type GatewayReply = OrderReply | { type: "OrderReply"; orderId: string; status: "REJECTED" | "TIMEOUT" };

type Pending = { shopper: NodeId; permission: Permission | undefined };
type Timer = { type: "timeout"; orderId: string };

export class UserServiceNode implements ProtocolNode<PlaceOrder | OrderReply, Timer> {
  private readonly pending = new Map<string, Pending>();
  private readonly breaker: CircuitBreakerApi | undefined;

  constructor(
    private readonly ctx: NodeContext<PlaceOrder | GatewayReply, Timer>,
    private readonly timeoutMs: number,
    makeBreaker: BreakerFactory | undefined,
    onTransition: (transition: BreakerTransition) => void,
  ) {
    this.breaker = makeBreaker?.({ now: () => ctx.now() }, onTransition);
  }

  onStart(): void {}

  onMessage(from: NodeId, msg: PlaceOrder | OrderReply): void {
    if (msg.type === "PlaceOrder") this.forward(from, msg);
    else if (msg.type === "OrderReply" && from === ORDER_SERVICE) this.answer(msg.orderId, msg);
  }

  onTimer(timer: Timer): void {
    const call = this.pending.get(timer.orderId);
    if (!call) return;
    this.pending.delete(timer.orderId);
    if (call.permission) this.breaker?.onFailure(call.permission);
    this.ctx.send(call.shopper, { type: "OrderReply", orderId: timer.orderId, status: "TIMEOUT" });
  }

  /** The breaker's state, for the runner's samples (undefined without a breaker). */
  breakerState(): string | undefined {
    return this.breaker?.state();
  }

  private forward(shopper: NodeId, order: PlaceOrder): void {
    if (this.pending.has(order.orderId)) return;
    const admission = this.breaker?.tryAcquire();
    if (admission !== undefined && admission.permitted === false) {
      this.ctx.send(shopper, { type: "OrderReply", orderId: order.orderId, status: "REJECTED" });
      return;
    }
    const permission = admission !== undefined && admission.permitted === true ? admission : undefined;
    this.pending.set(order.orderId, { shopper, permission });
    this.ctx.send(ORDER_SERVICE, order);
    this.ctx.setTimer(this.timeoutMs, { type: "timeout", orderId: order.orderId });
  }

  private answer(orderId: string, reply: OrderReply): void {
    const call = this.pending.get(orderId);
    // A late answer (after the timeout) changes nothing: the shopper was already told TIMEOUT.
    if (!call) return;
    this.pending.delete(orderId);
    if (call.permission) this.breaker?.onSuccess(call.permission);
    this.ctx.send(call.shopper, reply);
  }
}
