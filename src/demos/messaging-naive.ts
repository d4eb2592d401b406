/**
 * The startup's first order and payment services on a broker, as the chapter's walkthrough
 * writes them before anyone has been paged: course-owned demos that show, before you write a
 * line, what the outbox and the idempotent consumer are for. Never a solution: each has the flaw
 * its name says.
 *
 * `NaiveOrderService` writes the order, then publishes its event straight away: a crash between
 * the two (or a broker that is unreachable at that moment) loses the event, and the order stays
 * PENDING forever.
 *
 * `NaivePaymentService` charges on every delivery of a record (at least once, no idempotency) and
 * commits without waiting for its result to be confirmed: a record delivered twice (a producer's retry, a restart before the commit, a
 * rebalance) charges twice; a record it cannot read is retried forever and its partition stops.
 */
import type { Json, NodeContext, NodeId } from "../contracts/node";
import type { BrokerClient, ConsumedRecord } from "../broker/client";
import {
  LEDGER_KEY,
  ORDER_GROUP,
  ORDERS_TOPIC,
  PAYMENT_GROUP,
  PAYMENTS_TOPIC,
  orderPlacedId,
  parseOrderPlaced,
  paymentSettledId,
  settle,
  type GetOrder,
  type OrderServiceApi,
  type OrderServiceConfig,
  type OrderStatus,
  type PaymentLedger,
  type PaymentServiceApi,
  type PaymentServiceConfig,
  type PaymentSettled,
  type PlaceOrder,
} from "../contracts/messaging";

type NaiveRow = { orderId: string; status: OrderStatus };

export class NaiveOrderService implements OrderServiceApi {
  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    private readonly broker: BrokerClient,
    _config: OrderServiceConfig,
  ) {}

  onStart(): void {
    this.broker.subscribe(ORDER_GROUP, [PAYMENTS_TOPIC], (record) => this.settled(record));
  }

  onMessage(from: NodeId, msg: PlaceOrder | GetOrder): void {
    const key = `order/${msg.orderId}`;
    if (msg.type === "PlaceOrder" && !this.ctx.storage.get(key)) {
      this.ctx.storage.put(key, { orderId: msg.orderId, status: "PENDING" });
      const { orderId, customer, amount } = msg;
      this.broker.produce(ORDERS_TOPIC, orderId, { type: "OrderPlaced", eventId: orderPlacedId(orderId), orderId, customer, amount });
    }
    this.ctx.send(from, { type: "OrderReply", orderId: msg.orderId, status: this.ctx.storage.get<NaiveRow>(key)?.status ?? "UNKNOWN" });
  }

  onTimer(): void {}

  inspect(): { [orderId: string]: OrderStatus } {
    const rows = this.ctx.storage.keys().filter((k) => k.startsWith("order/")).sort().map((k) => this.ctx.storage.get<NaiveRow>(k) as NaiveRow);
    return Object.fromEntries(rows.map((row) => [row.orderId, row.status]));
  }

  private settled(record: ConsumedRecord): void {
    const event = record.value as unknown as PaymentSettled;
    const row = this.ctx.storage.get<NaiveRow>(`order/${event.orderId}`);
    if (row?.status === "PENDING") this.ctx.storage.put(`order/${event.orderId}`, { ...row, status: event.outcome === "paid" ? "PAID" : "CANCELLED" });
    this.broker.commit(record);
  }
}

export class NaivePaymentService implements PaymentServiceApi {
  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    private readonly broker: BrokerClient,
    private readonly config: PaymentServiceConfig,
  ) {}

  onStart(): void {
    this.broker.subscribe(PAYMENT_GROUP, [ORDERS_TOPIC], (record) => this.process(record));
  }

  onMessage(): void {}

  onTimer(): void {}

  private process(record: ConsumedRecord): void {
    const event = parseOrderPlaced(record.value);
    if (typeof event === "string") return this.broker.retry(record, this.config.retryMs);
    const ledger = this.ctx.storage.get<PaymentLedger>(LEDGER_KEY) ?? { balances: { ...this.config.funds }, processed: {} };
    const outcome = settle(ledger, event);
    if (outcome === "paid") ledger.balances[event.customer] -= event.amount;
    ledger.processed[event.eventId] = outcome;
    this.ctx.storage.put(LEDGER_KEY, ledger as unknown as Json);
    this.broker.produce(PAYMENTS_TOPIC, event.orderId, { type: "PaymentSettled", eventId: paymentSettledId(event.orderId), orderId: event.orderId, outcome });
    this.broker.commit(record);
  }
}
