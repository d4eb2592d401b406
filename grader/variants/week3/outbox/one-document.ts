/**
 * Fair variant: the whole order database is one document under one key, with the outbox as a
 * list of events beside the orders; recording an order rewrites the document (one write), and
 * the relay publishes the list in order, dropping an event when the broker confirmed it. Relay
 * ticks are only set while the outbox is not empty. Same contract, another storage layout.
 */
import type { Json, NodeContext, NodeId } from "../../../../src/contracts/node";
import type { BrokerClient, ConsumedRecord } from "../../../../src/broker/client";
import {
  ORDER_GROUP,
  ORDERS_TOPIC,
  PAYMENTS_TOPIC,
  orderPlacedId,
  type GetOrder,
  type OrderPlaced,
  type OrderReply,
  type OrderServiceApi,
  type OrderServiceConfig,
  type OrderStatus,
  type PaymentSettled,
  type PlaceOrder,
} from "../../../../src/contracts/messaging";

type Db = { orders: { [orderId: string]: OrderStatus }; outbox: OrderPlaced[] };

export class OrderService implements OrderServiceApi {
  private readonly inFlight = new Set<string>();
  private ticking = false;

  constructor(
    private readonly ctx: NodeContext<OrderReply, { type: "tick" }>,
    private readonly broker: BrokerClient,
    private readonly config: OrderServiceConfig,
  ) {}

  onStart(): void {
    this.broker.subscribe(ORDER_GROUP, [PAYMENTS_TOPIC], (record) => this.onSettled(record));
    this.publish();
  }

  onMessage(from: NodeId, msg: PlaceOrder | GetOrder): void {
    const db = this.db();
    if (msg.type === "PlaceOrder" && db.orders[msg.orderId] === undefined) {
      db.orders[msg.orderId] = "PENDING";
      db.outbox.push({ type: "OrderPlaced", eventId: orderPlacedId(msg.orderId), orderId: msg.orderId, customer: msg.customer, amount: msg.amount });
      this.write(db);
      this.publish();
    }
    this.ctx.send(from, { type: "OrderReply", orderId: msg.orderId, status: this.db().orders[msg.orderId] ?? "UNKNOWN" });
  }

  onTimer(): void {
    this.ticking = false;
    this.publish();
  }

  inspect(): { [orderId: string]: OrderStatus } {
    return this.db().orders;
  }

  private publish(): void {
    const outbox = this.db().outbox;
    for (const event of outbox.filter((e) => !this.inFlight.has(e.eventId))) {
      this.inFlight.add(event.eventId);
      this.broker.produce(ORDERS_TOPIC, event.orderId, event as unknown as Json, () => {
        this.inFlight.delete(event.eventId);
        const db = this.db();
        db.outbox = db.outbox.filter((e) => e.eventId !== event.eventId);
        this.write(db);
      });
    }
    if (outbox.length > 0 && !this.ticking) {
      this.ticking = true;
      this.ctx.setTimer(this.config.relayIntervalMs, { type: "tick" });
    }
  }

  private onSettled(record: ConsumedRecord): void {
    const settled = record.value as unknown as PaymentSettled;
    const db = this.db();
    if (db.orders[settled.orderId] === "PENDING") {
      db.orders[settled.orderId] = settled.outcome === "paid" ? "PAID" : "CANCELLED";
      this.write(db);
    }
    this.broker.commit(record);
  }

  private db(): Db {
    return this.ctx.storage.get<Db>("db") ?? { orders: {}, outbox: [] };
  }

  private write(db: Db): void {
    this.ctx.storage.put("db", db as unknown as Json);
  }
}
