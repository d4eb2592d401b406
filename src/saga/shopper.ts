/**
 * A shopper: a client node that places orders with the order service and keeps asking until
 * each has a final status, as a browser that resends a request whose answer did not come. Every
 * answer it reads is recorded with its time: what a customer saw, which the semantic-lock
 * checks compare with what the services did.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { Order, OrderRequest, OrderStatus, OrderStatusReply } from "../contracts/saga";

export interface ShopperOptions {
  /** The order service. */
  service: NodeId;
  /** The orders to place, each at its own time (ms after the shopper starts). */
  orders: { order: Order; atMs: number }[];
  /** Resend PlaceOrder this often until the order's status is final (default 150 ms). */
  resendMs?: number;
  /** Also ask GetOrder for every placed order this often, until it is final (default: never). */
  pollMs?: number;
}

export interface Observation {
  t: number;
  orderId: string;
  status: OrderStatus | "UNKNOWN";
}

type Timer = { type: "place"; index: number } | { type: "poll"; index: number };

const FINAL: readonly string[] = ["APPROVED", "REJECTED"];

export class Shopper implements ProtocolNode<OrderStatusReply, Timer> {
  readonly seen: Observation[] = [];
  private readonly final = new Map<string, OrderStatus>();
  /** Orders whose GetOrder polling has started. */
  private readonly polling = new Set<number>();

  constructor(
    private readonly ctx: NodeContext<OrderRequest, Timer>,
    private readonly options: ShopperOptions,
  ) {}

  /** True when every order has a final status. */
  get done(): boolean {
    return this.options.orders.every(({ order }) => this.final.has(order.orderId));
  }

  /** The final status the shopper heard for an order, if any. */
  finalStatus(orderId: string): OrderStatus | undefined {
    return this.final.get(orderId);
  }

  /** Ask for the status of any order now (for tests: `sim.call(id, "GetOrder", (s) => s.ask("o9"))`). */
  ask(orderId: string): void {
    this.ctx.send(this.options.service, { type: "GetOrder", orderId });
  }

  onStart(): void {
    this.options.orders.forEach(({ atMs }, index) => this.ctx.setTimer(atMs, { type: "place", index }));
  }

  onMessage(_from: NodeId, reply: OrderStatusReply): void {
    if (reply?.type !== "OrderStatus") return;
    this.seen.push({ t: this.ctx.now(), orderId: reply.orderId, status: reply.status });
    if (FINAL.includes(reply.status) && !this.final.has(reply.orderId)) this.final.set(reply.orderId, reply.status as OrderStatus);
  }

  onTimer(timer: Timer): void {
    const { order } = this.options.orders[timer.index];
    if (this.final.has(order.orderId)) return;
    if (timer.type === "poll") {
      this.ctx.send(this.options.service, { type: "GetOrder", orderId: order.orderId });
      this.ctx.setTimer(this.options.pollMs as number, timer);
      return;
    }
    this.ctx.send(this.options.service, { type: "PlaceOrder", order });
    this.ctx.setTimer(this.options.resendMs ?? 150, timer);
    if (this.options.pollMs !== undefined && !this.polling.has(timer.index)) {
      this.polling.add(timer.index);
      this.ctx.setTimer(this.options.pollMs, { type: "poll", index: timer.index });
    }
  }
}
