/**
 * Reference: the payment service as an idempotent consumer (exercises/week3/payment-consumer.ts
 * has the contract in prose).
 *
 * The ledger (balances and processed event ids) is one storage key, so a charge and the record
 * that it was made are one write. A record is committed only when its effect is stored and its
 * PaymentSettled confirmed by the broker; meanwhile its partition is paused, so no later record
 * of that partition is committed before it. A duplicate (same event id) publishes the stored
 * outcome again and is committed, without a second charge.
 */
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import type { BrokerClient, ConsumedRecord } from "../../src/broker/client";
import {
  DEAD_LETTER_TOPIC,
  LEDGER_KEY,
  PAYMENT_GROUP,
  ORDERS_TOPIC,
  PAYMENTS_TOPIC,
  parseOrderPlaced,
  paymentSettledId,
  settle,
  type DeadLetter,
  type PaymentLedger,
  type PaymentServiceApi,
  type PaymentServiceConfig,
  type PaymentSettled,
} from "../../src/contracts/messaging";

export class PaymentService implements PaymentServiceApi {
  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    private readonly broker: BrokerClient,
    private readonly config: PaymentServiceConfig,
  ) {}

  onStart(): void {
    this.broker.subscribe(PAYMENT_GROUP, [ORDERS_TOPIC], (record) => this.process(record));
  }

  onRestart(): void {
    this.onStart();
  }

  onMessage(_from: NodeId, _msg: Json): void {}

  onTimer(_timer: Json): void {}

  private process(record: ConsumedRecord): void {
    const event = parseOrderPlaced(record.value);
    if (typeof event === "string") return this.poison(record, event);
    const ledger = this.ledger();
    let outcome = ledger.processed[event.eventId];
    if (outcome === undefined) {
      outcome = settle(ledger, event);
      if (outcome === "paid") ledger.balances[event.customer] -= event.amount;
      ledger.processed[event.eventId] = outcome;
      this.ctx.storage.put(LEDGER_KEY, ledger as unknown as Json);
    }
    const settled: PaymentSettled = { type: "PaymentSettled", eventId: paymentSettledId(event.orderId), orderId: event.orderId, outcome };
    this.publishThenCommit(record, PAYMENTS_TOPIC, event.orderId, settled as unknown as Json);
  }

  /** A record that is not an OrderPlaced: try again later, and dead-letter it after maxDeliveries. */
  private poison(record: ConsumedRecord, reason: string): void {
    if (record.deliveries < this.config.maxDeliveries) return this.broker.retry(record, this.config.retryMs);
    const { topic, partition, offset, key, value, deliveries } = record;
    const letter: DeadLetter = { type: "DeadLetter", topic, partition, offset, key, value, deliveries, reason };
    this.publishThenCommit(record, DEAD_LETTER_TOPIC, key, letter as unknown as Json);
  }

  /** Publish, and only once the broker confirmed it, commit past `record` and go on with its partition. */
  private publishThenCommit(record: ConsumedRecord, topic: string, key: string, value: Json): void {
    this.broker.pause(record);
    this.broker.produce(topic, key, value, () => {
      this.broker.commit(record);
      this.broker.resume(record);
    });
  }

  private ledger(): PaymentLedger {
    return this.ctx.storage.get<PaymentLedger>(LEDGER_KEY) ?? { balances: { ...this.config.funds }, processed: {} };
  }
}
