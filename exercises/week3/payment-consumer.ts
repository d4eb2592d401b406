/**
 * Week 3, exercise 6: the payment service as an idempotent consumer in a consumer group
 * (section 14.5, the chapter's payment service reading OrderPlaced from Kafka).
 *
 * Read first: the contract in src/contracts/messaging.ts, src/broker/client.ts (the
 * BrokerClient), and notebook 14-queues-and-logs.
 *
 * A log delivers at least once: a producer's retry appends a record twice, a consumer that
 * crashes before committing reads again from its committed offset, a rebalance hands a partition
 * to another member that starts at the committed offset too. "Exactly once" is at-least-once
 * delivery plus an idempotent consumer: the effect and the fact that this event was processed
 * are stored in one write, and the offset is committed only after that.
 *
 * What to build: `PaymentService`, a node with a BrokerClient (`this.broker`); several instances
 * may run in one consumer group, sharing one database (ctx.storage).
 *
 * The rules (each has a directed test; the table is grader/tests/week3/payment.rules.md):
 *   1. Join PAYMENT_GROUP on ORDERS_TOPIC.
 *   2. For an OrderPlaced (parseOrderPlaced) whose eventId is not in the ledger's `processed`:
 *      settle it (`settle(ledger, event)`: "paid" takes the amount off the customer's balance,
 *      "declined" takes nothing) and store the new balance and `processed[eventId] = outcome` in
 *      ONE write: `ctx.storage.put(LEDGER_KEY, ledger)`. No ledger stored yet: start from
 *      config.funds. The process may die right before or after any write.
 *   3. For an eventId already processed (a duplicate): no second charge; its stored outcome is
 *      published again (the first publish may have died with the process).
 *   4. Publish PaymentSettled (eventId = paymentSettledId(orderId), the stored outcome) to
 *      PAYMENTS_TOPIC with key = orderId, and commit the record only when the broker confirmed
 *      it. Pause the record's partition (broker.pause) until then, and resume it after the
 *      commit: no later record of that partition may be committed before this one is done.
 *   5. A record that is no OrderPlaced (parseOrderPlaced returns a reason) is poison: hand it
 *      back with broker.retry(record, config.retryMs) until it was delivered config.maxDeliveries
 *      times (record.deliveries), then publish a DeadLetter (with that count and the reason) to
 *      DEAD_LETTER_TOPIC under the record's key, and commit past it once that is confirmed, so
 *      the partition keeps moving. Never charge for it.
 *   6. Nothing lives only in memory: after a restart or a rebalance you start from what is
 *      stored and from the committed offsets.
 *
 * What the tests check: duplicates appended by the broker, restarts before and after the commit,
 * power cuts at each write, rebalances between two instances, poison records; every order is
 * charged at most once (exactly once if paid), each customer's balance adds up, every order gets
 * its PaymentSettled, no offset is skipped, and the poison record reaches the dead-letter topic.
 */
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import type { BrokerClient } from "../../src/broker/client";
import { notImplemented } from "../../src/contracts/not-implemented";
import type { PaymentServiceApi, PaymentServiceConfig } from "../../src/contracts/messaging";

const FILE = "exercises/week3/payment-consumer.ts";

export class PaymentService implements PaymentServiceApi {
  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    private readonly broker: BrokerClient,
    private readonly config: PaymentServiceConfig,
  ) {}

  /** Boot (and boot after a crash): join the consumer group. */
  onStart(): void {
    notImplemented("PaymentService.onStart", FILE);
  }

  onRestart(): void {
    this.onStart();
  }

  /** Nothing is sent to the payment service directly: everything comes through the broker. */
  onMessage(_from: NodeId, _msg: Json): void {}

  /** Your timers, if you set any. */
  onTimer(_timer: Json): void {}
}
