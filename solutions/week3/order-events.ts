/**
 * Reference solution: an event-sourced order (decide / evolve / upcast), a repository with
 * optimistic concurrency and snapshots, and an idempotent projection with a checkpoint.
 */
import type { Json, StableStorage } from "../../src/contracts/node";
import {
  CommandRejected,
  ConcurrencyError,
  INITIAL_ORDER_STATE,
  summaryOf,
  type EventStoreApi,
  type ItemAddedV1,
  type NewEvent,
  type OrderCommand,
  type OrderEvent,
  type OrderProjectionApi,
  type OrderRepositoryApi,
  type OrderState,
  type OrderSummary,
  type RecordedEvent,
  type RepositoryOptions,
} from "../../src/contracts/event-sourcing";

// ------------------------------------------------------------------ the aggregate

export function decide(state: OrderState, command: OrderCommand): OrderEvent[] {
  const id = state.orderId;
  if (command.type === "PlaceOrder") {
    if (state.status !== "none") throw new CommandRejected(`order ${id} exists already`);
    return [{ type: "OrderPlaced", data: { orderId: command.orderId, customer: command.customer } }];
  }
  if (state.status === "none") throw new CommandRejected(`no such order: place it first`);
  switch (command.type) {
    case "AddItem":
      requireStatus(state, "open", WRONG_STATUS.AddItem);
      if (!Number.isInteger(command.quantity) || command.quantity < 1) throw new CommandRejected(`quantity must be a whole number >= 1, got ${command.quantity}`);
      if (!Number.isInteger(command.priceCents) || command.priceCents < 0) throw new CommandRejected(`priceCents must be a whole number >= 0, got ${command.priceCents}`);
      return [{ type: "ItemAdded", data: { sku: command.sku, quantity: command.quantity, priceCents: command.priceCents } }];
    case "Submit":
      requireStatus(state, "open", WRONG_STATUS.Submit);
      if (state.lines.length === 0) throw new CommandRejected(`order ${id} has no items to submit`);
      return [{ type: "OrderSubmitted", data: { totalCents: state.totalCents } }];
    case "Pay":
      requireStatus(state, "submitted", WRONG_STATUS.Pay);
      if (command.amountCents !== state.totalCents) throw new CommandRejected(`order ${id} costs ${state.totalCents}, not ${command.amountCents}`);
      return [{ type: "OrderPaid", data: { amountCents: command.amountCents } }];
    case "Ship":
      requireStatus(state, "paid", WRONG_STATUS.Ship);
      return [{ type: "OrderShipped", data: {} }];
    case "Cancel":
      if (state.status === "shipped" || state.status === "cancelled") throw new CommandRejected(`order ${id} is ${state.status}: too late to cancel`);
      return [{ type: "OrderCancelled", data: { reason: command.reason, refundCents: state.paidCents } }];
  }
}

/** Why a command needs the status it needs: the words of its CommandRejected. */
// Stryker disable StringLiteral: the words of a CommandRejected: the contract asks only for the error's type, and no test reads its words
const WRONG_STATUS: { [type in "AddItem" | "Submit" | "Pay" | "Ship"]: string } = {
  AddItem: "no more items",
  Submit: "it was submitted before",
  Pay: "only a submitted order can be paid",
  Ship: "only a paid order ships",
};
// Stryker restore StringLiteral

function requireStatus(state: OrderState, status: OrderState["status"], why: string): void {
  if (state.status !== status) throw new CommandRejected(`order ${state.orderId} is ${state.status}: ${why}`);
}

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case "OrderPlaced":
      return { ...state, orderId: event.data.orderId, customer: event.data.customer, status: "open" };
    case "ItemAdded": {
      const line = { sku: event.data.sku, quantity: event.data.quantity, priceCents: event.data.priceCents };
      return { ...state, lines: [...state.lines, line], totalCents: state.totalCents + line.quantity * line.priceCents };
    }
    case "OrderSubmitted":
      return { ...state, status: "submitted" };
    case "OrderPaid":
      return { ...state, status: "paid", paidCents: event.data.amountCents };
    case "OrderShipped":
      return { ...state, status: "shipped" };
    case "OrderCancelled":
      return { ...state, status: "cancelled", paidCents: 0 };
  }
}

export function upcast(event: RecordedEvent): RecordedEvent {
  if (event.type !== "ItemAdded" || event.schema !== 1) return event;
  const old = event.data as unknown as ItemAddedV1;
  return { ...event, schema: 2, data: { sku: old.sku, quantity: old.qty, priceCents: Math.round(old.price * 100) } };
}

/** A recorded event (upcast) as the aggregate's event. */
export function toOrderEvent(event: RecordedEvent): OrderEvent {
  const current = upcast(event);
  return { type: current.type, data: current.data } as OrderEvent;
}

// ------------------------------------------------------------------ the repository

export class OrderRepository implements OrderRepositoryApi {
  protected readonly snapshotEvery: number;

  constructor(
    protected readonly store: EventStoreApi,
    options: RepositoryOptions = {},
  ) {
    this.snapshotEvery = options.snapshotEvery ?? 0;
  }

  load(orderId: string): { state: OrderState; version: number } {
    const snapshot = this.store.loadSnapshot(orderId);
    let state = snapshot ? (snapshot.state as unknown as OrderState) : INITIAL_ORDER_STATE;
    let version = snapshot?.version ?? 0;
    for (const event of this.store.readStream(orderId, version + 1)) {
      state = evolve(state, toOrderEvent(event));
      version = event.version;
    }
    return { state, version };
  }

  execute(orderId: string, command: OrderCommand, expectedVersion?: number): { version: number; position: number } {
    const { state, version } = this.load(orderId);
    if (expectedVersion !== undefined && expectedVersion !== version) throw new ConcurrencyError(orderId, expectedVersion, version);
    const events = decide(state, command);
    const appended = this.store.append(orderId, events as unknown as NewEvent[], version);
    this.snapshotIfDue(orderId, events.reduce(evolve, state), appended.version);
    return appended;
  }

  /** Save a snapshot of `state` at `version` if enough events were appended since the last one. */
  protected snapshotIfDue(orderId: string, state: OrderState, version: number): void {
    if (this.snapshotEvery <= 0) return;
    const last = this.store.loadSnapshot(orderId)?.version ?? 0;
    if (version - last >= this.snapshotEvery) this.store.saveSnapshot(orderId, { version, state: state as unknown as Json });
  }
}

// ------------------------------------------------------------------ the projection

/** Everything the projection keeps, in one stored value: the table and the checkpoint move together. */
interface ReadModel {
  checkpoint: number;
  orders: { [orderId: string]: OrderState };
}

// Stryker disable next-line StringLiteral: the projection's one key in a storage of its own: any key, even "", will do
const READ_MODEL = "read-model";

export class OrderSummaryProjection implements OrderProjectionApi {
  private model: ReadModel;

  constructor(private readonly storage: StableStorage) {
    this.model = storage.get<ReadModel>(READ_MODEL) ?? { checkpoint: 0, orders: {} };
  }

  checkpoint(): number {
    return this.model.checkpoint;
  }

  handle(event: RecordedEvent): void {
    if (event.position <= this.model.checkpoint) return; // seen before: a redelivery
    const before = this.model.orders[event.stream] ?? { ...INITIAL_ORDER_STATE, orderId: event.stream };
    const next: ReadModel = { checkpoint: event.position, orders: { ...this.model.orders, [event.stream]: evolve(before, toOrderEvent(event)) } };
    this.storage.put(READ_MODEL, next as unknown as Json); // one write: a crash keeps both or neither
    this.model = next;
  }

  summary(orderId: string): OrderSummary | undefined {
    const state = this.model.orders[orderId];
    return state ? summaryOf(state) : undefined;
  }

  spentBy(customer: string): number {
    return Object.values(this.model.orders)
      .filter((state) => state.customer === customer)
      .reduce((sum, state) => sum + state.paidCents, 0);
  }
}
