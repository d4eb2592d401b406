/**
 * Reference: the order service with a transactional outbox (exercises/week3/outbox.ts has the
 * contract in prose).
 *
 * Each order is one storage key, `order/<id>`, holding the order, its status and its outbox (the
 * OrderPlaced event not yet confirmed by the broker). Recording an order and its event is one
 * `put`; the relay publishes every order whose outbox is not empty, and empties it (a second put)
 * only when the broker confirmed the event. A crash anywhere leaves the event in the outbox, and
 * the relay of the next boot publishes it again, with the same event id.
 */
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import type { BrokerClient, ConsumedRecord } from "../../src/broker/client";
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
} from "../../src/contracts/messaging";

type OrderRow = { orderId: string; customer: string; amount: number; status: OrderStatus; outbox: OrderPlaced | null };
type RelayTimer = { type: "relay" };

const PREFIX = "order/";

export class OrderService implements OrderServiceApi {
  /** Events handed to the broker client and not confirmed yet (volatile: a crash republishes them). */
  private readonly publishing = new Set<string>();

  constructor(
    private readonly ctx: NodeContext<OrderReply, RelayTimer>,
    private readonly broker: BrokerClient,
    private readonly config: OrderServiceConfig,
  ) {}

  onStart(): void {
    this.broker.subscribe(ORDER_GROUP, [PAYMENTS_TOPIC], (record) => this.settled(record));
    this.relay();
    this.ctx.setTimer(this.config.relayIntervalMs, { type: "relay" });
  }

  onRestart(): void {
    this.onStart();
  }

  onMessage(from: NodeId, msg: PlaceOrder | GetOrder): void {
    if (msg.type === "PlaceOrder" && !this.row(msg.orderId)) {
      const event: OrderPlaced = { type: "OrderPlaced", eventId: orderPlacedId(msg.orderId), orderId: msg.orderId, customer: msg.customer, amount: msg.amount };
      this.save({ orderId: msg.orderId, customer: msg.customer, amount: msg.amount, status: "PENDING", outbox: event });
      this.relay();
    }
    if (msg.type === "PlaceOrder" || msg.type === "GetOrder") {
      this.ctx.send(from, { type: "OrderReply", orderId: msg.orderId, status: this.row(msg.orderId)?.status ?? "UNKNOWN" });
    }
  }

  onTimer(): void {
    this.relay();
    this.ctx.setTimer(this.config.relayIntervalMs, { type: "relay" });
  }

  inspect(): { [orderId: string]: OrderStatus } {
    const statuses: { [orderId: string]: OrderStatus } = {};
    for (const key of this.ctx.storage.keys().filter((k) => k.startsWith(PREFIX)).sort()) {
      const row = this.ctx.storage.get<OrderRow>(key) as OrderRow;
      statuses[row.orderId] = row.status;
    }
    return statuses;
  }

  /** Publish every event still in an outbox; empty the outbox when the broker confirms. */
  private relay(): void {
    for (const key of this.ctx.storage.keys().filter((k) => k.startsWith(PREFIX))) {
      const event = (this.ctx.storage.get<OrderRow>(key) as OrderRow).outbox;
      if (!event || this.publishing.has(event.eventId)) continue;
      this.publishing.add(event.eventId);
      this.broker.produce(ORDERS_TOPIC, event.orderId, event as unknown as Json, () => {
        this.publishing.delete(event.eventId);
        const row = this.row(event.orderId);
        if (row?.outbox) this.save({ ...row, outbox: null });
      });
    }
  }

  /** A PaymentSettled: PENDING becomes PAID or CANCELLED (once; a duplicate changes nothing), then commit. */
  private settled(record: ConsumedRecord): void {
    const event = record.value as unknown as PaymentSettled;
    const row = event?.type === "PaymentSettled" ? this.row(event.orderId) : undefined;
    if (row && row.status === "PENDING") this.save({ ...row, status: event.outcome === "paid" ? "PAID" : "CANCELLED" });
    this.broker.commit(record);
  }

  private row(orderId: string): OrderRow | undefined {
    return this.ctx.storage.get<OrderRow>(PREFIX + orderId);
  }

  private save(row: OrderRow): void {
    this.ctx.storage.put(PREFIX + row.orderId, row as unknown as Json);
  }
}
