/**
 * The event-sourcing exercise's contract (week 3, sections 14.4 and 14.5: Event Sourcing, CQRS
 * with an event store). You never edit this file; you implement it in
 * exercises/week3/order-events.ts.
 *
 * An order is not a row that is updated in place: it is the list of everything that happened
 * to it, its events, kept in an event store (one stream per order, named by the order id). The
 * current state is what you get by applying the events one by one to an empty order. Three
 * pieces:
 *
 *   the aggregate    decide(state, command) -> events   (the rules: may this happen now?)
 *                    evolve(state, event) -> state      (what it changes; never refuses)
 *                    upcast(event) -> event             (last year's events, read as today's)
 *   the repository   load(orderId): the state from the latest snapshot plus the events after it
 *                    execute(orderId, command, expectedVersion?): decide on the current state,
 *                    append with optimistic concurrency, snapshot every N events (no more often)
 *   the projection   the read side (CQRS): a table of order summaries and what each customer
 *                    spent, built from the store's global log, idempotent, with a checkpoint
 *
 * The order's life, and the rules `decide` enforces (a refused command throws CommandRejected
 * with the reason, and produces no event):
 *
 *   PlaceOrder{orderId, customer} only for an order that does not exist yet -> OrderPlaced{orderId, customer}
 *   AddItem{sku, quantity, priceCents}
 *                                 only while "open"; quantity a whole number >= 1, priceCents a
 *                                 whole number >= 0 -> ItemAdded{sku, quantity, priceCents}
 *   Submit                        only while "open" with at least one line -> OrderSubmitted{totalCents}
 *   Pay{amountCents}              only while "submitted", and amountCents must equal the total -> OrderPaid{amountCents}
 *   Ship                          only while "paid" -> OrderShipped{}
 *   Cancel{reason}                while "open", "submitted" or "paid" (a paid order is refunded)
 *                                 -> OrderCancelled{reason, refundCents} (refundCents: what was paid)
 *   any command but PlaceOrder on an order that does not exist is refused.
 *
 * Schema evolution. Last year, ItemAdded was written as { sku, qty, price } with the price in
 * whole currency units as a decimal number (12.5 meaning 12.50). Those events are still in the
 * store, with `schema: 1`; today's have `schema: 2` (CURRENT_SCHEMA). Events are never rewritten:
 * `upcast` turns an old event into today's shape when it is read (priceCents = the price times
 * 100, rounded to the nearest cent), so evolve and the projection only ever see today's events.
 */
import type { Json, StableStorage } from "./node";

// ------------------------------------------------------------------ the store's vocabulary

/** An event as the store keeps it. */
export interface RecordedEvent {
  /** Its stream: one per order, named by the order id. */
  stream: string;
  /** 1, 2, 3, ... within the stream: the stream's version after this event. */
  version: number;
  /** 1, 2, 3, ... across the whole store: its place in the global log, which projections read. */
  position: number;
  type: string;
  /** The shape of `data`: 1 for last year's events, CURRENT_SCHEMA for today's. */
  schema: number;
  data: Json;
}

/** An event to append. The store stamps stream, version, position, and schema (default CURRENT_SCHEMA). */
export interface NewEvent {
  type: string;
  data: Json;
  schema?: number;
}

export const CURRENT_SCHEMA = 2;

/** The latest state of a stream at some version, so loading need not read every event. */
export interface Snapshot {
  version: number;
  state: Json;
}

/** What the course's event store offers (src/event-store/store.ts). */
export interface EventStoreApi {
  /**
   * Append `events` to `stream` if the stream is at `expectedVersion` now (0: the stream must
   * not exist yet); otherwise throw ConcurrencyError and append nothing. Returns the stream's
   * new version and the global position of the last event appended.
   */
  append(stream: string, events: NewEvent[], expectedVersion: number): { version: number; position: number };
  /** The stream's events with version >= fromVersion (default 1), in order. */
  readStream(stream: string, fromVersion?: number): RecordedEvent[];
  /** The global log from `fromPosition` on (at most `maxCount` events), in position order. */
  readAll(fromPosition: number, maxCount?: number): RecordedEvent[];
  /** The stream's current version (0 if it does not exist). */
  version(stream: string): number;
  /** The position of the last event in the store (0 when empty). */
  head(): number;
  saveSnapshot(stream: string, snapshot: Snapshot): void;
  loadSnapshot(stream: string): Snapshot | undefined;
}

/** The stream was not at the version the writer expected: someone else wrote first. */
export class ConcurrencyError extends Error {
  constructor(
    readonly stream: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream ${stream} is at version ${actualVersion}, not ${expectedVersion}: someone else wrote first`);
    this.name = "ConcurrencyError";
  }
}

/** A command the rules refuse; `reason` says why ("order o1 is submitted: no more items"). */
export class CommandRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "CommandRejected";
  }
}

// ------------------------------------------------------------------ the Order aggregate

export type OrderStatus = "none" | "open" | "submitted" | "paid" | "shipped" | "cancelled";

export interface OrderLine {
  sku: string;
  quantity: number;
  priceCents: number;
}

/** An order's state: plain JSON, so it can be snapshotted. */
export interface OrderState {
  orderId: string;
  customer: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** Sum of quantity * priceCents over the lines. */
  totalCents: number;
  /** What was paid and not refunded. */
  paidCents: number;
}

/** The state before the first event: `evolve` starts from this. Frozen: evolve returns new states, it never changes one. */
export const INITIAL_ORDER_STATE: OrderState = Object.freeze({ orderId: "", customer: "", status: "none", lines: Object.freeze([]) as unknown as OrderLine[], totalCents: 0, paidCents: 0 });

export type OrderCommand =
  | { type: "PlaceOrder"; orderId: string; customer: string }
  | { type: "AddItem"; sku: string; quantity: number; priceCents: number }
  | { type: "Submit" }
  | { type: "Pay"; amountCents: number }
  | { type: "Ship" }
  | { type: "Cancel"; reason: string };

/** Today's events (schema 2): what decide returns and evolve applies. */
export type OrderEvent =
  | { type: "OrderPlaced"; data: { orderId: string; customer: string } }
  | { type: "ItemAdded"; data: { sku: string; quantity: number; priceCents: number } }
  | { type: "OrderSubmitted"; data: { totalCents: number } }
  | { type: "OrderPaid"; data: { amountCents: number } }
  | { type: "OrderShipped"; data: Record<string, never> }
  | { type: "OrderCancelled"; data: { reason: string; refundCents: number } };

/** Last year's ItemAdded (schema 1): the price in currency units, a decimal number. */
export interface ItemAddedV1 {
  sku: string;
  qty: number;
  price: number;
}

// ------------------------------------------------------------------ the read side

/** One row of the projection's table: what the order list page shows. */
export interface OrderSummary {
  orderId: string;
  customer: string;
  status: OrderStatus;
  /** Sum of the lines' quantities. */
  itemCount: number;
  totalCents: number;
  paidCents: number;
}

/** The row an order's state should show as: a projection that caught up converges to this. */
export function summaryOf(state: OrderState): OrderSummary {
  return {
    orderId: state.orderId,
    customer: state.customer,
    status: state.status,
    itemCount: state.lines.reduce((sum, line) => sum + line.quantity, 0),
    totalCents: state.totalCents,
    paidCents: state.paidCents,
  };
}

// ------------------------------------------------------------------ the shapes of what you export

export interface OrderRepositoryApi {
  load(orderId: string): { state: OrderState; version: number };
  /** Returns the stream's new version and the global position of the last event appended. */
  execute(orderId: string, command: OrderCommand, expectedVersion?: number): { version: number; position: number };
}

export interface RepositoryOptions {
  /**
   * Save a snapshot after an append that leaves at least this many events since the last snapshot
   * (since the stream's start if none), and at no other time: with one event per command, at
   * versions N, 2N, 3N... (0: never).
   */
  snapshotEvery?: number;
}

export type OrderRepositoryConstructor = new (store: EventStoreApi, options?: RepositoryOptions) => OrderRepositoryApi;

export interface OrderProjectionApi {
  /** The position of the last event applied (0: none yet). */
  checkpoint(): number;
  /** Apply one event of the global log; one at or below the checkpoint changes nothing. */
  handle(event: RecordedEvent): void;
  summary(orderId: string): OrderSummary | undefined;
  /** What a customer paid over all orders, refunds deducted. */
  spentBy(customer: string): number;
}

/** How the tests build your projection: over a storage with ctx.storage's interface (it survives crashes). */
export type OrderProjectionConstructor = new (storage: StableStorage) => OrderProjectionApi;
