/**
 * Week 3, event sourcing, hidden: one directed test per rule of event-sourcing.rules.md. Each
 * is deterministic: a scripted sequence of commands, a rival writer slipped in between a load
 * and an append, a power cut at a chosen write, an event delivered twice.
 */
import { ConcurrencyError, INITIAL_ORDER_STATE, summaryOf, type NewEvent, type OrderCommand, type OrderState, type RecordedEvent } from "../../../src/contracts/event-sourcing";
import type { Json } from "../../../src/contracts/node";
import { LEGACY_ORDERS } from "../../../src/event-store/legacy";
import { PowerCut, PowerCutStorage } from "../../../src/event-store/power-cut";
import { EventStore } from "../../../src/event-store/store";
import { MemoryStorage } from "../../../src/sim/storage";
import { check, checkEqual, fail, show, type GradedTest, type TestContext } from "../../api";
import {
  ADD_FIG,
  ADD_PEAR,
  PLACE,
  aggregate,
  FROZEN,
  describeCommand,
  evolveOrExplain,
  globalLog,
  memoryStore,
  projectionOver,
  repositoryOver,
  requireRejected,
  runCommands,
  upcastOf,
} from "./event-sourcing-helpers";
import { expectedReadModel, replay } from "./hidden/order-oracle";

const SUBMIT: OrderCommand = { type: "Submit" };

/** A store that lets a rival writer in right after the next read of a stream: the gap between a load and an append. */
class RivalStore extends EventStore {
  private rival: (() => void) | undefined;

  constructor() {
    super(new MemoryStorage("rival-store"));
  }

  afterNextRead(rival: () => void): void {
    this.rival = rival;
  }

  override readStream(stream: string, fromVersion?: number): RecordedEvent[] {
    const events = super.readStream(stream, fromVersion);
    const rival = this.rival;
    this.rival = undefined;
    rival?.();
    return events;
  }
}

/** Orders with a bit of everything, for the projection tests: paid, cancelled after paying, open, shipped. */
function busyStore(ctx: TestContext): EventStore {
  const store = memoryStore();
  const repository = repositoryOver(ctx, store);
  const scripts: [string, string, OrderCommand[]][] = [
    ["o1", "ann", [ADD_FIG, ADD_PEAR, SUBMIT, { type: "Pay", amountCents: 700 }]],
    ["o2", "bo", [ADD_PEAR, SUBMIT, { type: "Pay", amountCents: 400 }, { type: "Cancel", reason: "refund" }]],
    ["o3", "ann", [ADD_FIG]],
    ["o4", "ann", [ADD_FIG, SUBMIT, { type: "Pay", amountCents: 300 }, { type: "Ship" }]],
  ];
  const longest = Math.max(...scripts.map(([, , commands]) => commands.length));
  for (const [orderId, customer] of scripts) repository.execute(orderId, { type: "PlaceOrder", orderId, customer });
  for (let step = 0; step < longest; step++) for (const [orderId, , commands] of scripts) if (commands[step]) repository.execute(orderId, commands[step]); // interleaved, as in life
  return store;
}

/** Fail unless the projection shows what the log should give: every row and every customer's spending. */
function requireReadModel(projection: { summary(id: string): unknown; spentBy(c: string): number }, log: readonly RecordedEvent[], what: string): void {
  const { rows, spent } = expectedReadModel(log);
  for (const [orderId, row] of rows) {
    const actual = projection.summary(orderId);
    if (JSON.stringify(actual) !== JSON.stringify(row)) fail(`${what}: summary(${orderId}) is ${show(actual)}, expected ${show(row)}`);
  }
  for (const [customer, cents] of spent) {
    const actual = projection.spentBy(customer);
    if (actual !== cents) fail(`${what}: spentBy(${customer}) is ${show(actual)}, expected ${cents}`);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const tests: GradedTest[] = [
  {
    name: "place-once",
    rules: ["place-once"],
    points: 1,
    visibility: "hidden",
    description: "PlaceOrder on an order that exists already is refused",
    run(ctx) {
      const agg = aggregate(ctx);
      requireRejected(agg, runCommands(agg, [PLACE]).state, PLACE, "place-once: an order is placed once");
    },
  },
  {
    name: "needs-an-order",
    rules: ["needs-an-order"],
    points: 1,
    visibility: "hidden",
    description: "every command but PlaceOrder is refused on an order that does not exist",
    run(ctx) {
      const agg = aggregate(ctx);
      for (const command of [ADD_FIG, SUBMIT, { type: "Pay", amountCents: 0 }, { type: "Ship" }, { type: "Cancel", reason: "x" }] as OrderCommand[]) requireRejected(agg, INITIAL_ORDER_STATE, command, "needs-an-order: no order, no command");
    },
  },
  {
    name: "items-only-while-open",
    rules: ["items-only-while-open"],
    points: 1,
    visibility: "hidden",
    description: "AddItem is refused once the order is submitted, paid, shipped or cancelled",
    run(ctx) {
      const agg = aggregate(ctx);
      const submitted = runCommands(agg, [PLACE, ADD_FIG, SUBMIT]).state;
      const paid = runCommands(agg, [{ type: "Pay", amountCents: 300 }], submitted).state;
      const shipped = runCommands(agg, [{ type: "Ship" }], paid).state;
      const cancelled = runCommands(agg, [PLACE, { type: "Cancel", reason: "x" }]).state;
      for (const state of [submitted, paid, shipped, cancelled]) requireRejected(agg, state, ADD_PEAR, "items-only-while-open: items only while the order is open");
    },
  },
  {
    name: "item-values-checked",
    rules: ["item-values"],
    points: 1,
    visibility: "hidden",
    description: "AddItem needs a whole quantity >= 1 and a whole price >= 0 cents (a free item is fine)",
    run(ctx) {
      const agg = aggregate(ctx);
      const open = runCommands(agg, [PLACE]).state;
      for (const [quantity, priceCents] of [[0, 100], [-1, 100], [1.5, 100], [1, -1], [1, 2.5]]) requireRejected(agg, open, { type: "AddItem", sku: "fig", quantity, priceCents }, "item-values: quantity a whole number >= 1, priceCents a whole number >= 0");
      const free = runCommands(agg, [{ type: "AddItem", sku: "sample", quantity: 1, priceCents: 0 }], open).state;
      checkEqual(free.lines.length, 1, "lines after adding a free item");
    },
  },
  {
    name: "submit-needs-items",
    rules: ["submit-needs-items"],
    points: 1,
    visibility: "hidden",
    description: "Submit is refused on an empty order and on one submitted already; it records the total",
    run(ctx) {
      const agg = aggregate(ctx);
      requireRejected(agg, runCommands(agg, [PLACE]).state, SUBMIT, "submit-needs-items: an empty order cannot be submitted");
      const { state, events } = runCommands(agg, [PLACE, ADD_FIG, ADD_PEAR, SUBMIT]);
      checkEqual(events[events.length - 1], { type: "OrderSubmitted", data: { totalCents: 700 } }, "the event of Submit on 2 figs at 150 and a pear at 400");
      requireRejected(agg, state, SUBMIT, "submit-needs-items: submitted once");
    },
  },
  {
    name: "pay-the-exact-total",
    rules: ["pay-exact-total"],
    points: 1,
    visibility: "hidden",
    description: "Pay is refused before the order is submitted and for any amount but the total",
    run(ctx) {
      const agg = aggregate(ctx);
      requireRejected(agg, runCommands(agg, [PLACE, ADD_FIG]).state, { type: "Pay", amountCents: 300 }, "pay-exact-total: only a submitted order can be paid");
      const submitted = runCommands(agg, [PLACE, ADD_FIG, SUBMIT]).state;
      for (const amountCents of [299, 301, 0]) requireRejected(agg, submitted, { type: "Pay", amountCents }, "pay-exact-total: the amount must equal the total (300)");
      checkEqual(runCommands(agg, [{ type: "Pay", amountCents: 300 }], submitted).state.paidCents, 300, "paidCents after paying the total");
    },
  },
  {
    name: "ship-after-payment",
    rules: ["ship-after-payment"],
    points: 1,
    visibility: "hidden",
    description: "Ship is refused unless the order is paid (and only once)",
    run(ctx) {
      const agg = aggregate(ctx);
      const submitted = runCommands(agg, [PLACE, ADD_FIG, SUBMIT]).state;
      requireRejected(agg, submitted, { type: "Ship" }, "ship-after-payment: only a paid order ships");
      const shipped = runCommands(agg, [{ type: "Pay", amountCents: 300 }, { type: "Ship" }], submitted).state;
      checkEqual(shipped.status, "shipped", "the status after Pay and Ship");
      requireRejected(agg, shipped, { type: "Ship" }, "ship-after-payment: only a paid order ships");
    },
  },
  {
    name: "cancel-rules",
    rules: ["cancel-rules"],
    points: 2,
    visibility: "hidden",
    description: "Cancel works while open, submitted or paid (a paid order is refunded: refundCents, paidCents back to 0) and is refused once shipped or cancelled",
    run(ctx) {
      const agg = aggregate(ctx);
      const paid = runCommands(agg, [PLACE, ADD_FIG, SUBMIT, { type: "Pay", amountCents: 300 }]).state;
      const { state, events } = runCommands(agg, [{ type: "Cancel", reason: "changed mind" }], paid);
      checkEqual(events, [{ type: "OrderCancelled", data: { reason: "changed mind", refundCents: 300 } }], "the event of Cancel on a paid order");
      checkEqual([state.status, state.paidCents], ["cancelled", 0], "status and paidCents after cancelling a paid order");
      requireRejected(agg, state, { type: "Cancel", reason: "again" }, "cancel-rules: too late to cancel");
      const shipped = runCommands(agg, [{ type: "Ship" }], paid).state;
      requireRejected(agg, shipped, { type: "Cancel", reason: "late" }, "cancel-rules: too late to cancel");
      for (const commands of [[PLACE], [PLACE, ADD_FIG, SUBMIT]] as OrderCommand[][]) runCommands(agg, [{ type: "Cancel", reason: "ok" }], runCommands(agg, commands).state);
    },
  },
  {
    name: "decide-and-evolve-are-pure",
    rules: ["pure-decide-evolve"],
    points: 2,
    visibility: "hidden",
    description: "decide and evolve never change the state they are given (here frozen): evolve returns a new state",
    run(ctx) {
      const agg = aggregate(ctx);
      const { state } = runCommands(agg, [PLACE, ADD_FIG]);
      const frozen = deepFreeze(JSON.parse(JSON.stringify(state)) as OrderState);
      for (const command of [ADD_PEAR, SUBMIT, { type: "Cancel", reason: "x" }] as OrderCommand[]) {
        let events;
        try {
          events = agg.decide(frozen, command);
        } catch (error) {
          if (error instanceof TypeError && FROZEN.test(error.message)) fail(`decide changed the state it was given while deciding ${describeCommand(command)} (${error.message}): decide only reads the state`);
          throw error;
        }
        for (const event of events) check(evolveOrExplain(agg, frozen, event) !== frozen, `evolve returned the very state object it was given for ${event.type}; return a new state`);
      }
      checkEqual(frozen, JSON.parse(JSON.stringify(state)), "the state after decide and evolve read it");
    },
  },
  {
    name: "rebuilds-from-events",
    rules: ["load-folds"],
    points: 2,
    visibility: "hidden",
    description: "load folds the stream's events, however they got into the store, and an order with no events loads as the initial state at version 0",
    run(ctx) {
      const agg = aggregate(ctx);
      const { events, state } = runCommands(agg, [PLACE, ADD_FIG, ADD_PEAR, SUBMIT, { type: "Pay", amountCents: 700 }]);
      const store = memoryStore();
      store.append("o1", events as unknown as NewEvent[], 0);
      const repository = repositoryOver(ctx, store);
      checkEqual(repository.load("o1"), { state, version: 5 }, "load(o1) of a stream of five events written straight into the store");
      checkEqual(repository.load("o9"), { state: INITIAL_ORDER_STATE, version: 0 }, "load(o9) of an order with no events");
    },
  },
  {
    name: "execute-returns-version-and-position",
    rules: ["execute-returns"],
    points: 1,
    visibility: "hidden",
    description: "execute returns the stream's new version and the global position of its event (positions count across streams)",
    run(ctx) {
      const repository = repositoryOver(ctx, memoryStore());
      repository.execute("o1", PLACE);
      repository.execute("o2", { type: "PlaceOrder", orderId: "o2", customer: "bo" });
      checkEqual(repository.execute("o1", ADD_FIG), { version: 2, position: 3 }, "execute(o1, AddItem) as the third event of the store");
    },
  },
  {
    name: "stale-expected-version-refused",
    rules: ["stale-version-refused"],
    points: 3,
    visibility: "hidden",
    description: "a command valid on the current state but sent with an older expected version (a lost update in the making) is refused with ConcurrencyError, and nothing is appended; the right version is accepted",
    run(ctx) {
      const store = memoryStore();
      const repository = repositoryOver(ctx, store);
      for (const command of [PLACE, ADD_FIG, ADD_PEAR]) repository.execute("o1", command);
      for (const stale of [0, 1, 2, 4]) {
        let thrown: unknown;
        try {
          repository.execute("o1", SUBMIT, stale);
        } catch (error) {
          thrown = error;
        }
        check(thrown instanceof Error && thrown.name === ConcurrencyError.name, () => `execute(o1, Submit, expectedVersion ${stale}) on a stream at version 3 ${thrown === undefined ? "appended anyway" : `threw ${String(thrown)}`}: a stale expected version must be refused with ConcurrencyError`);
        checkEqual(store.version("o1"), 3, `the stream's version after the refused Submit (expected version ${stale})`);
      }
      checkEqual(repository.execute("o1", SUBMIT, 3).version, 4, "execute(o1, Submit, expectedVersion 3)'s version");
    },
  },
  {
    name: "writer-between-load-and-append",
    rules: ["no-stale-append"],
    points: 3,
    visibility: "hidden",
    description: "another writer submits the order right after execute's load read the stream, before its append of an AddItem: the item is not appended to the submitted order (ConcurrencyError, or refused after deciding again)",
    run(ctx) {
      const store = new RivalStore();
      store.append("o1", runCommands(aggregate(ctx), [PLACE, ADD_FIG]).events as unknown as NewEvent[], 0);
      store.afterNextRead(() => store.append("o1", [{ type: "OrderSubmitted", data: { totalCents: 300 } }], 2));
      const repository = repositoryOver(ctx, store);
      let outcome = "appended";
      try {
        repository.execute("o1", ADD_PEAR);
      } catch (error) {
        if (!(error instanceof Error) || (error.name !== "ConcurrencyError" && error.name !== "CommandRejected")) throw error;
        outcome = error.name;
      }
      const types = store.readStream("o1").map((e) => e.type);
      check(
        !types.slice(types.indexOf("OrderSubmitted")).includes("ItemAdded"),
        () => `execute(o1, AddItem) loaded an open order, another writer submitted it, and the AddItem was appended anyway (${outcome}): the stream is now ${types.join(", ")}. A decision made on a stale state must not be appended: append with the version you loaded`,
      );
    },
  },
  {
    name: "snapshots-bound-the-reads",
    rules: ["snapshot-due"],
    points: 3,
    visibility: "hidden",
    description: "with snapshotEvery 10, an order of 57 events is snapshotted, and loading it reads fewer than 10 events, with the same result as folding them all",
    run(ctx) {
      const agg = aggregate(ctx);
      const store = memoryStore();
      const repository = repositoryOver(ctx, store, { snapshotEvery: 10 });
      const commands: OrderCommand[] = [PLACE, ...Array.from({ length: 56 }, (_, i): OrderCommand => ({ type: "AddItem", sku: `sku${i}`, quantity: 1 + (i % 3), priceCents: 10 * i }))];
      for (const command of commands) repository.execute("o1", command);
      const snapshot = store.loadSnapshot("o1");
      check(snapshot !== undefined && snapshot.version >= 48, () => `after 57 events with snapshotEvery 10 the latest snapshot is ${snapshot ? `at version ${snapshot.version}` : "missing"}; one is due at least every 10 events`);
      store.eventsRead = 0;
      const loaded = repositoryOver(ctx, store, { snapshotEvery: 10 }).load("o1");
      check(store.eventsRead < 10, () => `load(o1) read ${store.eventsRead} events although a snapshot at version ${snapshot?.version} exists: read only the events after it`);
      checkEqual(loaded, { state: runCommands(agg, commands).state, version: 57 }, "load(o1) from the snapshot");
    },
  },
  {
    name: "load-starts-from-the-snapshot",
    rules: ["load-from-snapshot"],
    points: 2,
    visibility: "hidden",
    description: "load starts from the latest snapshot and applies only the events after it (a snapshot stored by someone else is trusted)",
    run(ctx) {
      const agg = aggregate(ctx);
      const first = runCommands(agg, [PLACE, ADD_FIG]);
      const store = memoryStore();
      store.append("o1", first.events as unknown as NewEvent[], 0);
      store.saveSnapshot("o1", { version: 2, state: { ...first.state, customer: "from-the-snapshot" } as unknown as Json });
      store.append("o1", runCommands(agg, [ADD_PEAR], first.state).events.slice(-1) as unknown as NewEvent[], 2);
      const { state, version } = repositoryOver(ctx, store).load("o1");
      check(state.customer === "from-the-snapshot", () => `load(o1) returned customer ${show(state.customer)}: it folded every event instead of starting from the snapshot at version 2`);
      checkEqual([state.lines.map((l) => l.sku), version], [["fig", "pear"], 3], "the lines and version after the snapshot and one more event");
    },
  },
  {
    name: "snapshots-never-change-the-state",
    rules: ["snapshot-exact"],
    points: 3,
    visibility: "hidden",
    description: "with snapshotEvery 3, after every command of two interleaved orders, a fresh repository loads exactly the state that the commands give",
    run(ctx) {
      const agg = aggregate(ctx);
      const store = memoryStore();
      const repository = repositoryOver(ctx, store, { snapshotEvery: 3 });
      const scripts: Record<string, OrderCommand[]> = {
        o1: [PLACE, ADD_FIG, ADD_PEAR, ADD_FIG, SUBMIT, { type: "Pay", amountCents: 1000 }, { type: "Ship" }],
        o2: [{ type: "PlaceOrder", orderId: "o2", customer: "bo" }, ADD_PEAR, { type: "Cancel", reason: "x" }],
      };
      for (let step = 0; step < 7; step++) {
        for (const [orderId, commands] of Object.entries(scripts)) {
          if (!commands[step]) continue;
          repository.execute(orderId, commands[step]);
          const expected = runCommands(agg, commands.slice(0, step + 1)).state;
          const loaded = repositoryOver(ctx, store, { snapshotEvery: 3 }).load(orderId);
          if (JSON.stringify(loaded.state) !== JSON.stringify(expected)) {
            fail(`after ${describeCommand(commands[step])} (version ${step + 1} of ${orderId}; snapshot at version ${store.loadSnapshot(orderId)?.version ?? "none"}), load returned ${show(loaded.state)}, expected ${show(expected)}: a snapshot must hold the state at exactly its version`);
          }
        }
      }
    },
  },
  {
    name: "upcasts-last-years-events",
    rules: ["upcast"],
    points: 2,
    visibility: "hidden",
    description: "upcast turns last year's ItemAdded {sku, qty, price} into today's {sku, quantity, priceCents}, rounding to the nearest cent (4.35 -> 435), and leaves other events alone",
    run(ctx) {
      const upcast = upcastOf(ctx);
      const old = (price: number): RecordedEvent => ({ stream: "2025-0001", version: 2, position: 2, type: "ItemAdded", schema: 1, data: { sku: "fig", qty: 3, price } });
      for (const [price, cents] of [[4.35, 435], [0.29, 29], [19.99, 1999], [1.15, 115], [12.5, 1250]]) {
        checkEqual(upcast(old(price)), { ...old(price), schema: 2, data: { sku: "fig", quantity: 3, priceCents: cents } }, `upcast of last year's ItemAdded with price ${price}`);
      }
      const today: RecordedEvent = { stream: "o1", version: 2, position: 9, type: "ItemAdded", schema: 2, data: { sku: "fig", quantity: 1, priceCents: 435 } };
      checkEqual(upcast(today), today, "upcast of today's ItemAdded");
      const placed: RecordedEvent = { stream: "o1", version: 1, position: 1, type: "OrderPlaced", schema: 1, data: { orderId: "o1", customer: "ann" } };
      checkEqual(upcast(placed), placed, "upcast of an OrderPlaced (its shape never changed)");
    },
  },
  {
    name: "loads-last-years-orders",
    rules: ["upcast-on-load"],
    points: 2,
    visibility: "hidden",
    description: "load reads last year's orders (schema 1 events) right: totals in cents, statuses, refunds",
    run(ctx) {
      const store = memoryStore();
      for (const { stream, events } of LEGACY_ORDERS) store.append(stream, events, 0);
      const repository = repositoryOver(ctx, store);
      for (const { stream } of LEGACY_ORDERS) checkEqual(repository.load(stream).state, replay(store.readStream(stream)).state, `load(${stream}), an order from last year`);
    },
  },
  {
    name: "projection-ignores-redeliveries",
    rules: ["projection-idempotent"],
    points: 3,
    visibility: "hidden",
    description: "every event delivered twice, then the whole log once more from position 1: the projection shows the same as after one delivery",
    run(ctx) {
      const log = globalLog(busyStore(ctx));
      const projection = projectionOver(ctx, new MemoryStorage("projection"));
      for (const event of log) {
        projection.handle(event);
        projection.handle(event);
      }
      for (const event of log) projection.handle(event);
      requireReadModel(projection, log, "with every event delivered twice");
      checkEqual(projection.checkpoint(), log.length, "checkpoint() after the whole log");
    },
  },
  {
    name: "projection-resumes-from-checkpoint",
    rules: ["projection-resumes"],
    points: 3,
    visibility: "hidden",
    description: "a projection built again over the same storage (a restart) knows its checkpoint and rows, and carries on from there",
    run(ctx) {
      const log = globalLog(busyStore(ctx));
      const storage = new MemoryStorage("projection");
      const half = Math.floor(log.length / 2);
      const before = projectionOver(ctx, storage);
      for (const event of log.slice(0, half)) before.handle(event);
      const after = projectionOver(ctx, storage);
      checkEqual(after.checkpoint(), log[half - 1].position, "checkpoint() of a projection built again over the storage");
      requireReadModel(after, log.slice(0, half), "right after the restart");
      for (const event of log.slice(after.checkpoint())) after.handle(event);
      requireReadModel(after, log, "after the restart and the rest of the log");
    },
  },
  {
    name: "projection-survives-power-cuts",
    rules: ["checkpoint-with-model"],
    points: 4,
    visibility: "hidden",
    description: "the power goes out at the 1st, 2nd, 3rd... write of the projection; built again over its storage and fed from its checkpoint (and a few events before it), it ends right every time",
    run(ctx) {
      const log = globalLog(busyStore(ctx));
      for (let cut = 1; cut <= 2 * log.length + 2; cut++) {
        const storage = new MemoryStorage("projection");
        const doomed = projectionOver(ctx, new PowerCutStorage(storage, cut));
        let during: RecordedEvent | undefined;
        for (const event of log) {
          try {
            doomed.handle(event);
          } catch (error) {
            if (!(error instanceof PowerCut)) throw error;
            during = event;
            break;
          }
        }
        if (!during) continue; // fewer writes than that: no cut happened
        const revived = projectionOver(ctx, storage);
        const from = Math.max(0, revived.checkpoint() - 3); // at least once: some events come again
        for (const event of log.slice(from)) revived.handle(event);
        requireReadModel(revived, log, `after a power cut at write #${cut} (while handling event #${during.position}, ${during.type} of ${during.stream}) and a restart from checkpoint ${revived.checkpoint()}`);
      }
    },
  },
  {
    name: "projection-upcasts",
    rules: ["projection-upcasts"],
    points: 2,
    visibility: "hidden",
    description: "the projection reads last year's events right: rows in cents and what each customer spent",
    run(ctx) {
      const store = memoryStore();
      for (const { stream, events } of LEGACY_ORDERS) store.append(stream, events, 0);
      const projection = projectionOver(ctx, new MemoryStorage("projection"));
      for (const event of globalLog(store)) projection.handle(event);
      requireReadModel(projection, globalLog(store), "over last year's events");
      checkEqual(projection.summary("2025-0001"), summaryOf(replay(store.readStream("2025-0001")).state), "summary(2025-0001)");
    },
  },
];
