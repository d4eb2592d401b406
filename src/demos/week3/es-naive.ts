/**
 * The startup's first try at event sourcing, for notebook 13: a repository and a projection
 * with the flaws of the exercise's header, to show what goes wrong before you write the real
 * ones. A demo, never a solution.
 *
 *   NaiveOrderRepository  reads every event on every load (no snapshots), applies last year's
 *                         events as if they were today's (a price of 4.35 read as 4.35 cents... and
 *                         rounded away), checks no rules, and appends at whatever version the
 *                         stream has when it writes: two clerks never conflict, and the second
 *                         one's decision, made on an older page, lands anyway.
 *   NaiveSpendingProjection adds up what it is handed, keeps its position in memory only.
 */
import type { Json, StableStorage } from "../../contracts/node";
import {
  INITIAL_ORDER_STATE,
  type EventStoreApi,
  type OrderCommand,
  type OrderProjectionApi,
  type OrderRepositoryApi,
  type OrderState,
  type OrderSummary,
  type RecordedEvent,
} from "../../contracts/event-sourcing";

/** Apply an event the naive way: today's field names, whatever the event's schema. */
function naiveApply(state: OrderState, event: { type: string; data: Json }): OrderState {
  const d = event.data as Record<string, number & string>;
  switch (event.type) {
    case "OrderPlaced":
      return { ...state, orderId: d.orderId, customer: d.customer, status: "open" };
    case "ItemAdded": {
      const quantity = d.quantity ?? 0; // last year's "qty" is not read
      const priceCents = Math.round(d.priceCents ?? d.price ?? 0); // last year's price in currency units, read as cents
      return { ...state, lines: [...state.lines, { sku: d.sku, quantity, priceCents }], totalCents: state.totalCents + quantity * priceCents };
    }
    case "OrderSubmitted":
      return { ...state, status: "submitted" };
    case "OrderPaid":
      return { ...state, status: "paid", paidCents: d.amountCents };
    case "OrderShipped":
      return { ...state, status: "shipped" };
    case "OrderCancelled":
      return { ...state, status: "cancelled", paidCents: 0 };
    default:
      return state;
  }
}

/** The event a command asks for, no questions asked. */
function naiveEvent(state: OrderState, command: OrderCommand): { type: string; data: Json } {
  switch (command.type) {
    case "PlaceOrder":
      return { type: "OrderPlaced", data: { orderId: command.orderId, customer: command.customer } };
    case "AddItem":
      return { type: "ItemAdded", data: { sku: command.sku, quantity: command.quantity, priceCents: command.priceCents } };
    case "Submit":
      return { type: "OrderSubmitted", data: { totalCents: state.totalCents } };
    case "Pay":
      return { type: "OrderPaid", data: { amountCents: command.amountCents } };
    case "Ship":
      return { type: "OrderShipped", data: {} };
    case "Cancel":
      return { type: "OrderCancelled", data: { reason: command.reason, refundCents: state.paidCents } };
  }
}

export class NaiveOrderRepository implements OrderRepositoryApi {
  constructor(private readonly store: EventStoreApi) {}

  load(orderId: string): { state: OrderState; version: number } {
    const events = this.store.readStream(orderId);
    return { state: events.reduce(naiveApply, INITIAL_ORDER_STATE), version: events.length };
  }

  execute(orderId: string, command: OrderCommand): { version: number; position: number } {
    const { state } = this.load(orderId);
    return this.store.append(orderId, [naiveEvent(state, command)], this.store.version(orderId)); // "whatever the version is now"
  }
}

/** What each customer spent, added up event by event; its position lives in memory. */
export class NaiveSpendingProjection implements OrderProjectionApi {
  private position = 0;
  private readonly spent = new Map<string, number>();
  private readonly rows = new Map<string, OrderState>();

  constructor(private readonly storage: StableStorage) {
    for (const [customer, cents] of Object.entries(storage.get<Record<string, number>>("spent") ?? {})) this.spent.set(customer, cents);
  }

  checkpoint(): number {
    return this.position;
  }

  handle(event: RecordedEvent): void {
    const row = naiveApply(this.rows.get(event.stream) ?? INITIAL_ORDER_STATE, event);
    this.rows.set(event.stream, row);
    const data = event.data as { amountCents?: number; refundCents?: number };
    if (event.type === "OrderPaid") this.spent.set(row.customer, (this.spent.get(row.customer) ?? 0) + (data.amountCents ?? 0));
    if (event.type === "OrderCancelled") this.spent.set(row.customer, (this.spent.get(row.customer) ?? 0) - (data.refundCents ?? 0));
    this.storage.put("spent", Object.fromEntries(this.spent));
    this.position = event.position;
  }

  summary(orderId: string): OrderSummary | undefined {
    const state = this.rows.get(orderId);
    return state && { orderId, customer: state.customer, status: state.status, itemCount: state.lines.length, totalCents: state.totalCents, paidCents: state.paidCents };
  }

  spentBy(customer: string): number {
    return this.spent.get(customer) ?? 0;
  }
}
