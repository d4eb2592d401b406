/**
 * The shop's receipts: when an order is settled, the user service (which knows the customer)
 * puts a receipt job on the `receipts` queue, and a notification worker sends it. That is work,
 * not an event: each receipt is sent by one worker, whichever has room (competing consumers,
 * `prefetch` unacknowledged at a time), and a worker that dies hands its unacknowledged jobs to
 * the others, or to itself once restarted. Hence a queue (RabbitMQ's), beside the log (Kafka's)
 * that carries the orders and payments. Course-owned, not an exercise; it runs on either host.
 *
 * Delivery is at least once, so a job can come twice (the user service resent it before its
 * confirm, a worker died between sending and acking). The worker is an idempotent consumer: the
 * receipt goes into the customer's mailbox (what "sent" stands for here) and the job's message id
 * with it, in one storage write, and a job whose id is already in the mailbox is only acked.
 * A job that is not a receipt is nacked without requeue: it goes to `receipts.dlq` at once.
 */
import type { Json, NodeContext } from "../contracts/node";
import type { BrokerClient, Delivery } from "./client";
import type { BrokerService } from "./host";

export const NOTIFICATION_SERVICE = "notifications";
export const RECEIPTS_QUEUE = "receipts";
/** A job delivered this often without an ack goes to `receipts.dlq`; a few kills of the worker stay well under it. */
export const RECEIPT_MAX_DELIVERIES = 10;
export const RECEIPT_PREFETCH = 20;

/** The job: tell `customer` how their order ended. */
export interface Receipt {
  type: "Receipt";
  orderId: string;
  customer: string;
  outcome: "paid" | "declined";
}

/** One sent receipt in a customer's mailbox. */
export interface SentReceipt {
  messageId: string;
  orderId: string;
  outcome: Receipt["outcome"];
}

/** The message id of an order's receipt job: the same on every enqueue of it. */
export function receiptId(orderId: string): string {
  return `${orderId}/receipt`;
}

/** A job's body as a Receipt, or why it is not one. */
export function parseReceipt(body: Json): Receipt | string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "not an object";
  const b = body as { [key: string]: Json };
  if (b.type !== "Receipt") return `type ${JSON.stringify(b.type)} is not "Receipt"`;
  if (typeof b.orderId !== "string" || typeof b.customer !== "string") return "orderId and customer must be strings";
  if (b.outcome !== "paid" && b.outcome !== "declined") return `outcome ${JSON.stringify(b.outcome)} is not "paid" or "declined"`;
  return { type: "Receipt", orderId: b.orderId, customer: b.customer, outcome: b.outcome };
}

const MAILBOX = "mailbox/";

export class NotificationWorker implements BrokerService<Json, Json> {
  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    private readonly broker: BrokerClient,
    private readonly prefetch = RECEIPT_PREFETCH,
  ) {}

  onStart(): void {
    this.broker.consume(RECEIPTS_QUEUE, this.prefetch, (delivery) => this.send(delivery));
  }

  onMessage(): void {}

  onTimer(): void {}

  /** Every customer's mailbox, read from storage. */
  mailboxes(): { [customer: string]: SentReceipt[] } {
    const keys = this.ctx.storage.keys().filter((key) => key.startsWith(MAILBOX)).sort();
    return Object.fromEntries(keys.map((key) => [key.slice(MAILBOX.length), this.ctx.storage.get<SentReceipt[]>(key) ?? []]));
  }

  private send(delivery: Delivery): void {
    const receipt = parseReceipt(delivery.body);
    if (typeof receipt === "string") {
      this.ctx.log(`job ${delivery.messageId} is no receipt (${receipt}): dead-lettered`);
      return this.broker.nack(delivery, false);
    }
    const key = MAILBOX + receipt.customer;
    const mailbox = this.ctx.storage.get<SentReceipt[]>(key) ?? [];
    if (!mailbox.some((sent) => sent.messageId === delivery.messageId)) {
      const sent: SentReceipt = { messageId: delivery.messageId, orderId: receipt.orderId, outcome: receipt.outcome };
      this.ctx.storage.put(key, [...mailbox, sent] as unknown as Json);
    }
    this.broker.ack(delivery);
  }
}
