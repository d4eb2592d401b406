/**
 * The messaging exercises' contract (week 3, section 14.5): the chapter's order and payment
 * services, talking through a broker. You never edit this file; you implement `OrderService`
 * in exercises/week3/outbox.ts and `PaymentService` in exercises/week3/payment-consumer.ts.
 *
 * The flow (the chapter's user / order / payment services):
 *
 *   shopper --PlaceOrder--> order service --OrderPlaced (topic "orders", key = order id)--> payment service
 *   order service <--PaymentSettled (topic "payments", key = order id)-- payment service
 *
 * The order service records the order as PENDING and must tell the payment service about it;
 * the payment service charges the customer (or declines) once per order and tells the order
 * service, which marks the order PAID or CANCELLED.
 *
 * Each service is a node with a `BrokerClient` (src/broker/client.ts): produce to a topic, join
 * a consumer group, commit. The course provides that plumbing (on the simulator and, for
 * `npm run services`, on Redis Streams); what you write is the pattern:
 *   - the order service: a transactional outbox (the order and its event in ONE storage write,
 *     and a relay that publishes every stored event at least once, also after a crash);
 *   - the payment service: an idempotent consumer (the processed event ids stored in the same
 *     write as the charge; offsets committed only after the effect; a poison record dead-lettered
 *     after the maximum deliveries so that its partition keeps moving).
 *
 * What the broker and the network may do (and the tests do): lose your node's connection to the
 * broker for a while, crash the broker (it keeps every record and committed offset), crash your
 * node at any moment (also between two storage writes of one handler: a power cut), append a
 * record twice (a producer's retry), hand a record again after a restart or a rebalance.
 */
import type { Json, NodeContext, NodeId } from "./node";
import type { BrokerClient } from "../broker/client";

export const BROKER = "broker";
export const ORDER_SERVICE = "orders";
export const PAYMENT_SERVICE = "payments";
/** OrderPlaced events, keyed by order id. */
export const ORDERS_TOPIC = "orders";
/** PaymentSettled events, keyed by order id. */
export const PAYMENTS_TOPIC = "payments";
/** Records the payment service gave up on (DeadLetter values), keyed by the poison record's key. */
export const DEAD_LETTER_TOPIC = "orders.dlq";
/** The consumer groups: each service's instances share one. */
export const ORDER_GROUP = "order-service";
export const PAYMENT_GROUP = "payment-service";

export type OrderStatus = "PENDING" | "PAID" | "CANCELLED";

/** From a shopper: place an order (resent until answered; the same order id every time). */
export interface PlaceOrder {
  type: "PlaceOrder";
  orderId: string;
  customer: string;
  amount: number;
}
/** From a shopper: what is the status of this order? */
export interface GetOrder {
  type: "GetOrder";
  orderId: string;
}
/** The order service's answer to both: the order's status, UNKNOWN for an order never recorded. */
export interface OrderReply {
  type: "OrderReply";
  orderId: string;
  status: OrderStatus | "UNKNOWN";
}

/** The order service's event, on ORDERS_TOPIC with key = orderId. */
export interface OrderPlaced {
  type: "OrderPlaced";
  /** Always `orderPlacedId(orderId)`: the same on every publish of this order's event. */
  eventId: string;
  orderId: string;
  customer: string;
  amount: number;
}
/** The payment service's event, on PAYMENTS_TOPIC with key = orderId. */
export interface PaymentSettled {
  type: "PaymentSettled";
  /** Always `paymentSettledId(orderId)`. */
  eventId: string;
  orderId: string;
  outcome: "paid" | "declined";
}
/** What the payment service publishes to DEAD_LETTER_TOPIC for a record it gave up on. */
export interface DeadLetter {
  type: "DeadLetter";
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: Json;
  /** How many times it was delivered before you gave up: config.maxDeliveries. */
  deliveries: number;
  reason: string;
}

export function orderPlacedId(orderId: string): string {
  return `${orderId}/placed`;
}
export function paymentSettledId(orderId: string): string {
  return `${orderId}/settled`;
}

/**
 * A record's value as an OrderPlaced, or the reason it is not one (a poison record: a producer
 * with a bug, an old schema). The payment service must never charge for a value this rejects.
 */
export function parseOrderPlaced(value: Json): OrderPlaced | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const v = value as { [key: string]: Json };
  if (v.type !== "OrderPlaced") return `type ${JSON.stringify(v.type)} is not "OrderPlaced"`;
  if (typeof v.orderId !== "string" || typeof v.customer !== "string" || typeof v.eventId !== "string") return "orderId, customer and eventId must be strings";
  if (typeof v.amount !== "number" || !Number.isInteger(v.amount) || v.amount <= 0) return `amount ${JSON.stringify(v.amount)} is not a positive whole number of cents`;
  return { type: "OrderPlaced", eventId: v.eventId, orderId: v.orderId, customer: v.customer, amount: v.amount };
}

// ---------------------------------------------------------------- the payment service's ledger

/** The one storage key of the payment service: its whole database. */
export const LEDGER_KEY = "ledger";

/**
 * The payment service's database, stored under LEDGER_KEY: each customer's balance, and for
 * every OrderPlaced event processed, its outcome. A charge is a balance going down; the processed
 * id goes into the same object, so one `storage.put(LEDGER_KEY, ledger)` stores both or neither.
 */
export interface PaymentLedger {
  balances: { [customer: string]: number };
  processed: { [eventId: string]: "paid" | "declined" };
}

/** The outcome of charging `event` to `ledger` (pure: changes nothing): paid when the balance covers it. */
export function settle(ledger: PaymentLedger, event: OrderPlaced): "paid" | "declined" {
  return (ledger.balances[event.customer] ?? 0) >= event.amount ? "paid" : "declined";
}

// ---------------------------------------------------------------- configuration and classes

export interface OrderServiceConfig {
  /** How often the relay looks at the outbox, and resends what the broker has not confirmed. */
  relayIntervalMs: number;
}

export const DEFAULT_ORDER_CONFIG: OrderServiceConfig = { relayIntervalMs: 100 };

export interface PaymentServiceConfig {
  /** Each customer's balance when the ledger is first created (a first boot with empty storage). */
  funds: { [customer: string]: number };
  /** Give up on a record (dead-letter it) once it has been delivered this many times. */
  maxDeliveries: number;
  /** Wait this long before a record that could not be processed is delivered again. */
  retryMs: number;
}

export const DEFAULT_PAYMENT_CONFIG: PaymentServiceConfig = { funds: {}, maxDeliveries: 3, retryMs: 50 };

/** What the tests and notebooks call on your order service besides its handlers. */
export interface OrderServiceApi {
  onStart(): void;
  onRestart?(): void;
  onMessage(from: NodeId, msg: PlaceOrder | GetOrder): void;
  onTimer(timer: Json): void;
  /** Every recorded order's status, read from storage. */
  inspect(): { [orderId: string]: OrderStatus };
}

export type OrderServiceConstructor = new (ctx: NodeContext<any, any>, broker: BrokerClient, config: OrderServiceConfig) => OrderServiceApi;

export interface PaymentServiceApi {
  onStart(): void;
  onRestart?(): void;
  onMessage(from: NodeId, msg: Json): void;
  onTimer(timer: Json): void;
}

export type PaymentServiceConstructor = new (ctx: NodeContext<any, any>, broker: BrokerClient, config: PaymentServiceConfig) => PaymentServiceApi;
