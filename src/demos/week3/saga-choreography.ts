/**
 * The same order flow without an orchestrator: choreography. Each service reacts to the events
 * of the others and publishes its own; nobody holds the whole saga. A demo for notebook 12 (the
 * events go straight to the services that listen to them; notebook 14 puts a broker between).
 *
 *   orders   PlaceOrder        -> OrderCreated       (to payment)
 *   payment  OrderCreated      -> PaymentAuthorized  (to stock)  | PaymentFailed (to orders)
 *   stock    PaymentAuthorized -> StockReserved      (to orders)  | StockFailed (to payment)
 *   payment  StockFailed       -> PaymentVoided      (to orders)
 *   orders   StockReserved: APPROVED; PaymentFailed or PaymentVoided: REJECTED
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { Order } from "../../contracts/saga";
import { Simulation } from "../../sim";

type Event =
  | { type: "PlaceOrder"; order: Order }
  | { type: "OrderCreated" | "PaymentAuthorized" | "PaymentFailed" | "StockReserved" | "StockFailed" | "PaymentVoided"; order: Order };

class ChoreoOrders implements ProtocolNode<Event, never> {
  readonly status = new Map<string, string>();
  constructor(private readonly ctx: NodeContext<Event, never>) {}
  onStart(): void {}
  onTimer(): void {}
  onMessage(_from: NodeId, event: Event): void {
    const id = event.order.orderId;
    if (event.type === "PlaceOrder") {
      this.status.set(id, "PENDING");
      this.ctx.send("payment", { type: "OrderCreated", order: event.order });
    } else if (event.type === "StockReserved") this.status.set(id, "APPROVED");
    else if (event.type === "PaymentFailed" || event.type === "PaymentVoided") this.status.set(id, "REJECTED");
    this.ctx.annotate({ [id]: this.status.get(id) ?? "?" });
  }
}

class ChoreoPayment implements ProtocolNode<Event, never> {
  constructor(
    private readonly ctx: NodeContext<Event, never>,
    private readonly balances: Map<string, number>,
  ) {}
  onStart(): void {}
  onTimer(): void {}
  onMessage(_from: NodeId, event: Event): void {
    const { customer, amount } = event.order;
    if (event.type === "OrderCreated") {
      const ok = (this.balances.get(customer) ?? 0) >= amount;
      if (ok) this.balances.set(customer, (this.balances.get(customer) ?? 0) - amount);
      this.ctx.send(ok ? "stock" : "orders", { type: ok ? "PaymentAuthorized" : "PaymentFailed", order: event.order });
    } else if (event.type === "StockFailed") {
      this.balances.set(customer, (this.balances.get(customer) ?? 0) + amount);
      this.ctx.send("orders", { type: "PaymentVoided", order: event.order });
    }
  }
}

class ChoreoStock implements ProtocolNode<Event, never> {
  constructor(
    private readonly ctx: NodeContext<Event, never>,
    private readonly shelf: Map<string, number>,
  ) {}
  onStart(): void {}
  onTimer(): void {}
  onMessage(_from: NodeId, event: Event): void {
    if (event.type !== "PaymentAuthorized") return;
    const { item, quantity } = event.order;
    const ok = (this.shelf.get(item) ?? 0) >= quantity;
    if (ok) this.shelf.set(item, (this.shelf.get(item) ?? 0) - quantity);
    this.ctx.send(ok ? "orders" : "payment", { type: ok ? "StockReserved" : "StockFailed", order: event.order });
  }
}

/** A customer who places one order. */
class Customer implements ProtocolNode<never, never> {
  constructor(
    private readonly ctx: NodeContext<Event, never>,
    private readonly order: Order,
  ) {}
  onStart(): void {
    this.ctx.send("orders", { type: "PlaceOrder", order: this.order });
  }
  onMessage(): void {}
  onTimer(): void {}
}

/** One order through the choreographed services; returns the simulation (its trace) and the order's status. */
export function runChoreography(seed: number, order: Order, funds: { [customer: string]: number }, stock: { [item: string]: number }): { sim: Simulation; status: string } {
  const sim = new Simulation({ seed });
  let orders: ChoreoOrders | undefined;
  sim.addNode("orders", (ctx) => (orders = new ChoreoOrders(ctx)), "server");
  sim.addNode("payment", (ctx) => new ChoreoPayment(ctx, new Map(Object.entries(funds))), "server");
  sim.addNode("stock", (ctx) => new ChoreoStock(ctx, new Map(Object.entries(stock))), "server");
  sim.addNode("c1", (ctx) => new Customer(ctx, order), "client");
  sim.runFor(200);
  return { sim, status: orders?.status.get(order.orderId) ?? "UNKNOWN" };
}
