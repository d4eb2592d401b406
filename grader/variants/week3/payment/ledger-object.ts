/**
 * Fair variant: the ledger wrapped in a small class that reads a fresh copy from storage, answers
 * "was this event processed?", charges, and saves itself in one put; the handler asks it first and
 * settles second. The dead-letter check comes first (delivered often enough: give up), and every
 * published result goes through one helper that pauses the partition until the broker confirms.
 * Same contract, other structure; it must score full marks.
 */
import type { Json, NodeContext } from "../../../../src/contracts/node";
import type { BrokerClient, ConsumedRecord } from "../../../../src/broker/client";
import { DEAD_LETTER_TOPIC, LEDGER_KEY, ORDERS_TOPIC, PAYMENT_GROUP, PAYMENTS_TOPIC, parseOrderPlaced, paymentSettledId, settle } from "../../../../src/contracts/messaging";
import type { OrderPlaced, PaymentLedger, PaymentServiceApi, PaymentServiceConfig } from "../../../../src/contracts/messaging";

type Outcome = "paid" | "declined";

class Ledger {
  private readonly data: PaymentLedger;

  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    funds: { [customer: string]: number },
  ) {
    const stored = ctx.storage.get<PaymentLedger>(LEDGER_KEY);
    this.data = stored === undefined ? { balances: Object.assign({}, funds), processed: {} } : JSON.parse(JSON.stringify(stored));
  }

  outcomeOf(eventId: string): Outcome | undefined {
    return Object.prototype.hasOwnProperty.call(this.data.processed, eventId) ? this.data.processed[eventId] : undefined;
  }

  /** Settle the event, record its outcome, and store both with one put. */
  chargeAndSave(event: OrderPlaced): Outcome {
    const outcome = settle(this.data, event);
    if (outcome === "paid") this.data.balances[event.customer] = this.data.balances[event.customer] - event.amount;
    this.data.processed[event.eventId] = outcome;
    this.ctx.storage.put(LEDGER_KEY, this.data as unknown as Json);
    return outcome;
  }
}

export class PaymentService implements PaymentServiceApi {
  private readonly ctx: NodeContext<Json, Json>;
  private readonly broker: BrokerClient;
  private readonly config: PaymentServiceConfig;

  constructor(ctx: NodeContext<Json, Json>, broker: BrokerClient, config: PaymentServiceConfig) {
    this.ctx = ctx;
    this.broker = broker;
    this.config = config;
  }

  /** The service listens to the broker only: no messages or timers of its own. */
  onMessage(): void {}

  onTimer(): void {}

  onStart(): void {
    this.broker.subscribe(PAYMENT_GROUP, [ORDERS_TOPIC], (record) => this.onRecord(record));
  }

  private onRecord(record: ConsumedRecord): void {
    const parsed = parseOrderPlaced(record.value);
    if (typeof parsed !== "string") {
      const ledger = new Ledger(this.ctx, this.config.funds);
      const outcome = ledger.outcomeOf(parsed.eventId) ?? ledger.chargeAndSave(parsed);
      this.answer(record, PAYMENTS_TOPIC, parsed.orderId, { type: "PaymentSettled", eventId: paymentSettledId(parsed.orderId), orderId: parsed.orderId, outcome });
    } else if (record.deliveries >= this.config.maxDeliveries) {
      this.answer(record, DEAD_LETTER_TOPIC, record.key, {
        type: "DeadLetter",
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        value: record.value,
        deliveries: record.deliveries,
        reason: parsed,
      });
    } else {
      this.broker.retry(record, this.config.retryMs);
    }
  }

  /** Publish `value`; commit the record and let its partition go on only once the broker confirmed. */
  private answer(record: ConsumedRecord, topic: string, key: string, value: Json): void {
    this.broker.pause(record);
    this.broker.produce(topic, key, value, () => {
      this.broker.commit(record);
      this.broker.resume(record);
    });
  }
}
