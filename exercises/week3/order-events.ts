/**
 * Week 3, exercise 4: an event-sourced order and its read model (sections 14.4 and 14.5:
 * "Event Sourcing: 이벤트 기반 상태 관리", "CQRS with Event Store").
 *
 * Read first: the contract in src/contracts/event-sourcing.ts (the order's rules, the events,
 * last year's schema, the store's API), and notebook 13-event-sourcing-and-cqrs, which shows the
 * failures below before you write a line.
 *
 * The startup's first try at event sourcing kept an events table and did this:
 *
 *     function handle(orderId, command) {
 *       const events = db.query("SELECT * FROM events WHERE order_id = ?", orderId); // all of them, every time
 *       const order = events.reduce(apply, {});
 *       if (command.type === "AddItem") order.items.push(command.item);            // rules? none
 *       db.insert("events", { order_id: orderId, type: "ItemAdded", data: command.item });
 *     }
 *     bus.on("event", (e) => { spent[e.customer] += e.amount; });               // the read model
 *
 *   - nothing stops two clerks who both loaded version 3 from both appending: the second one's
 *     decision was made on a state that no longer exists (a lost update);
 *   - every command reads every event of the order: fine at 10 events, not at 10,000;
 *   - the command handler changes the state itself, so "what may happen" and "what it changes"
 *     are tangled, and replaying the events is no longer the same as having run the commands;
 *   - the read model adds up whatever it is given: an event delivered twice is counted twice,
 *     and after a restart it has no idea where it stopped;
 *   - last year's events have the price in currency units, this year's in cents.
 *
 * What to build, all against the contract:
 *   decide(state, command): the events the command produces on this state, or throw
 *     CommandRejected with the reason. Pure: it never changes `state`.
 *   evolve(state, event): the state after the event. Pure (return a new object), and it never
 *     refuses: events are facts that already happened.
 *   upcast(event): an event as today's schema: last year's ItemAdded { sku, qty, price } (schema 1)
 *     becomes { sku, quantity, priceCents } (schema 2), with priceCents = price * 100 rounded to the
 *     nearest cent. Anything else is returned as it is. Use it on every event you read.
 *   OrderRepository (over the course's event store):
 *     load(orderId): start from the stream's latest snapshot (if any) and apply only the events
 *       after it; { state: INITIAL_ORDER_STATE, version: 0 } for an order with no events.
 *     execute(orderId, command, expectedVersion?): load, decide, append with the version the
 *       decision was made on. If the caller gave an expectedVersion and the stream is at another
 *       version, throw ConcurrencyError and append nothing (the caller decided on a state it
 *       no longer sees). Never append a decision made on a state that is no longer current: if
 *       the store refuses your append, throw its ConcurrencyError, or (only when the caller gave
 *       no expectedVersion) load again and decide again. Returns what the store's append returns.
 *       With options.snapshotEvery = N > 0, save a snapshot (the state and its version) after an
 *       append that leaves at least N events since the last snapshot (since the stream's start if
 *       there is none), and at no other time: with one event per command, at versions N, 2N, 3N...
 *   OrderSummaryProjection (the read side, over a storage with ctx.storage's interface):
 *     handle(event): apply an event of the global log to the table (one row per order, see
 *       summaryOf in the contract) and to what each customer spent. Events arrive in position
 *       order, but at least once: an event at or below the checkpoint changes nothing.
 *     Write the table and the new checkpoint in ONE storage put per event, so that a crash
 *       leaves both or neither; build the projection again from that storage after a crash and it
 *       carries on from its checkpoint.
 *
 * What the tests check: each rule of decide, pure decide and evolve, loads that fold the events
 * (also last year's), stale expected versions refused, a writer getting in between your load and
 * your append, snapshots that bound what a load reads and never change its result, a projection
 * that ignores redeliveries, resumes from its checkpoint and survives a power cut at any write,
 * and, over many seeds on the simulator with crashes and lost and duplicated messages,
 * projections that converge to the aggregate's state.
 */
import type { StableStorage } from "../../src/contracts/node";
import { notImplemented } from "../../src/contracts/not-implemented";
import type {
  EventStoreApi,
  OrderCommand,
  OrderEvent,
  OrderProjectionApi,
  OrderRepositoryApi,
  OrderState,
  OrderSummary,
  RecordedEvent,
  RepositoryOptions,
} from "../../src/contracts/event-sourcing";

const FILE = "exercises/week3/order-events.ts";

export function decide(state: OrderState, command: OrderCommand): OrderEvent[] {
  return notImplemented("decide", FILE);
}

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  return notImplemented("evolve", FILE);
}

export function upcast(event: RecordedEvent): RecordedEvent {
  return notImplemented("upcast", FILE);
}

export class OrderRepository implements OrderRepositoryApi {
  constructor(
    private readonly store: EventStoreApi,
    private readonly options: RepositoryOptions = {},
  ) {}

  load(orderId: string): { state: OrderState; version: number } {
    return notImplemented("OrderRepository.load", FILE);
  }

  execute(orderId: string, command: OrderCommand, expectedVersion?: number): { version: number; position: number } {
    return notImplemented("OrderRepository.execute", FILE);
  }
}

export class OrderSummaryProjection implements OrderProjectionApi {
  /** Read what an earlier incarnation stored (nothing on a first start). */
  constructor(private readonly storage: StableStorage) {}

  checkpoint(): number {
    return notImplemented("OrderSummaryProjection.checkpoint", FILE);
  }

  handle(event: RecordedEvent): void {
    notImplemented("OrderSummaryProjection.handle", FILE);
  }

  summary(orderId: string): OrderSummary | undefined {
    return notImplemented("OrderSummaryProjection.summary", FILE);
  }

  spentBy(customer: string): number {
    return notImplemented("OrderSummaryProjection.spentBy", FILE);
  }
}
