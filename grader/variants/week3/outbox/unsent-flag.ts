/**
 * Fair variant: the outbox as a flag on the order's row. Each order is one key holding the order
 * and `unsent: true` until the broker confirms its event; the event itself is rebuilt from the
 * row when the relay publishes (its id is orderPlacedId(orderId) every time). The relay keeps no
 * memory of what is in flight: every tick it publishes each unsent row again (duplicates in the
 * topic are allowed, and the consumer drops them by eventId). No onRestart: the host calls
 * onStart on every boot. Correct by the contract; it must score full marks.
 */
import type { Json, NodeContext, NodeId } from "../../../../src/contracts/node";
import type { BrokerClient, ConsumedRecord } from "../../../../src/broker/client";
import { ORDER_GROUP, ORDERS_TOPIC, PAYMENTS_TOPIC, orderPlacedId } from "../../../../src/contracts/messaging";
import type { GetOrder, OrderPlaced, OrderReply, OrderServiceApi, OrderServiceConfig, OrderStatus, PaymentSettled, PlaceOrder } from "../../../../src/contracts/messaging";

interface Row {
  orderId: string;
  customer: string;
  amount: number;
  status: OrderStatus;
  unsent: boolean;
}

const ROW = "orders:";

export class OrderService implements OrderServiceApi {
  constructor(
    private readonly ctx: NodeContext<OrderReply, "relay">,
    private readonly broker: BrokerClient,
    private readonly config: OrderServiceConfig,
  ) {}

  onStart(): void {
    this.broker.subscribe(ORDER_GROUP, [PAYMENTS_TOPIC], (record) => this.onPayment(record));
    this.onTimer();
  }

  onMessage(from: NodeId, msg: PlaceOrder | GetOrder): void {
    if (msg.type !== "PlaceOrder" && msg.type !== "GetOrder") return;
    let row = this.load(msg.orderId);
    if (msg.type === "PlaceOrder" && row === undefined) {
      row = { orderId: msg.orderId, customer: msg.customer, amount: msg.amount, status: "PENDING", unsent: true };
      this.ctx.storage.put(ROW + row.orderId, row as unknown as Json);
      this.publish(row);
    }
    this.ctx.send(from, { type: "OrderReply", orderId: msg.orderId, status: row === undefined ? "UNKNOWN" : row.status });
  }

  onTimer(): void {
    for (const key of this.ctx.storage.keys()) {
      if (!key.startsWith(ROW)) continue;
      const row = this.ctx.storage.get<Row>(key) as Row;
      if (row.unsent) this.publish(row);
    }
    this.ctx.setTimer(this.config.relayIntervalMs, "relay");
  }

  inspect(): { [orderId: string]: OrderStatus } {
    const statuses: { [orderId: string]: OrderStatus } = {};
    for (const key of this.ctx.storage.keys()) {
      if (key.startsWith(ROW)) statuses[key.slice(ROW.length)] = (this.ctx.storage.get<Row>(key) as Row).status;
    }
    return statuses;
  }

  private publish(row: Row): void {
    const event: OrderPlaced = { type: "OrderPlaced", eventId: orderPlacedId(row.orderId), orderId: row.orderId, customer: row.customer, amount: row.amount };
    this.broker.produce(ORDERS_TOPIC, row.orderId, event as unknown as Json, () => {
      const now = this.load(row.orderId);
      if (now !== undefined && now.unsent) this.ctx.storage.put(ROW + now.orderId, { ...now, unsent: false } as unknown as Json);
    });
  }

  private onPayment(record: ConsumedRecord): void {
    const settled = record.value as unknown as PaymentSettled | null;
    if (settled !== null && typeof settled === "object" && settled.type === "PaymentSettled") {
      const row = this.load(settled.orderId);
      if (row !== undefined && row.status === "PENDING") {
        const status: OrderStatus = settled.outcome === "paid" ? "PAID" : "CANCELLED";
        this.ctx.storage.put(ROW + row.orderId, { ...row, status } as unknown as Json);
      }
    }
    this.broker.commit(record);
  }

  private load(orderId: string): Row | undefined {
    return this.ctx.storage.get<Row>(ROW + orderId);
  }
}
