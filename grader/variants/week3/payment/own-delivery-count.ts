/**
 * Fair variant: the ledger is rebuilt immutably (new objects, no mutation) for each charge, and the
 * dead-letter decision counts deliveries itself per (partition, offset) instead of reading
 * `record.deliveries` (a count that also resets with a restart or a rebalance). The partition is
 * paused while a result is unconfirmed, as the contract asks. Same contract, other bookkeeping.
 */
import type { Json, NodeContext, NodeId } from "../../../../src/contracts/node";
import type { BrokerClient, ConsumedRecord } from "../../../../src/broker/client";
import {
  DEAD_LETTER_TOPIC,
  LEDGER_KEY,
  ORDERS_TOPIC,
  PAYMENT_GROUP,
  PAYMENTS_TOPIC,
  parseOrderPlaced,
  paymentSettledId,
  settle,
  type PaymentLedger,
  type PaymentServiceApi,
  type PaymentServiceConfig,
} from "../../../../src/contracts/messaging";

export class PaymentService implements PaymentServiceApi {
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    private readonly broker: BrokerClient,
    private readonly config: PaymentServiceConfig,
  ) {}

  onStart(): void {
    this.broker.subscribe(PAYMENT_GROUP, [ORDERS_TOPIC], (record) => this.handle(record));
  }

  onMessage(_from: NodeId, _msg: Json): void {}

  onTimer(_timer: Json): void {}

  private handle(record: ConsumedRecord): void {
    const parsed = parseOrderPlaced(record.value);
    if (typeof parsed === "string") {
      const key = `${record.partition}@${record.offset}`;
      const tries = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, tries);
      if (tries < this.config.maxDeliveries) return this.broker.retry(record, this.config.retryMs);
      const letter = { type: "DeadLetter", topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value, deliveries: tries, reason: parsed };
      return this.send(record, DEAD_LETTER_TOPIC, record.key, letter);
    }
    const stored = this.ctx.storage.get<PaymentLedger>(LEDGER_KEY);
    const ledger: PaymentLedger = stored ?? { balances: { ...this.config.funds }, processed: {} };
    const known = Object.entries(ledger.processed).find(([id]) => id === parsed.eventId);
    const outcome = known ? known[1] : settle(ledger, parsed);
    if (!known) {
      const balances = outcome === "paid" ? { ...ledger.balances, [parsed.customer]: ledger.balances[parsed.customer] - parsed.amount } : ledger.balances;
      this.ctx.storage.put(LEDGER_KEY, { balances, processed: { ...ledger.processed, [parsed.eventId]: outcome } });
    }
    this.send(record, PAYMENTS_TOPIC, parsed.orderId, { type: "PaymentSettled", eventId: paymentSettledId(parsed.orderId), orderId: parsed.orderId, outcome });
  }

  private send(record: ConsumedRecord, topic: string, key: string, value: Json): void {
    this.broker.pause(record);
    this.broker.produce(topic, key, value, () => {
      this.broker.commit(record);
      this.broker.resume(record);
    });
  }
}
