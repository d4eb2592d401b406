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
import { check, checkEqual, fail, says, show, type GradedTest, type TestContext, type Texts } from "../../api";
import {
  ADD_FIG,
  ADD_PEAR,
  PLACE,
  aggregate,
  FROZEN,
  decideChangedState,
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

/** The version of every snapshot `store` saves from now on, in order (the store keeps only the latest). */
function recordSnapshotVersions(store: EventStore): number[] {
  const versions: number[] = [];
  const save = store.saveSnapshot.bind(store);
  store.saveSnapshot = (stream, snapshot) => {
    versions.push(snapshot.version);
    save(stream, snapshot);
  };
  return versions;
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
function requireReadModel(projection: { summary(id: string): unknown; spentBy(c: string): number }, log: readonly RecordedEvent[], what: Texts): void {
  const { rows, spent } = expectedReadModel(log);
  for (const [orderId, row] of rows) {
    const actual = projection.summary(orderId);
    if (JSON.stringify(actual) !== JSON.stringify(row)) fail(says({ en: `${what.en}: summary(${orderId}) is ${show(actual)}, expected ${show(row)}`, ko: `${what.ko}: summary(${orderId})의 반환값이 ${show(actual)}입니다. 기댓값은 ${show(row)}입니다` }));
  }
  for (const [customer, cents] of spent) {
    const actual = projection.spentBy(customer);
    if (actual !== cents) fail(says({ en: `${what.en}: spentBy(${customer}) is ${show(actual)}, expected ${cents}`, ko: `${what.ko}: spentBy(${customer})의 반환값이 ${show(actual)}입니다. 기댓값은 ${cents}입니다` }));
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
    descriptionIn: { ko: "이미 있는 주문에 대한 PlaceOrder는 거절된다" },
    run(ctx) {
      const agg = aggregate(ctx);
      requireRejected(agg, runCommands(agg, [PLACE]).state, PLACE, says({ en: "place-once: an order is placed once", ko: "place-once: 주문은 한 번만 넣는다" }));
    },
  },
  {
    name: "needs-an-order",
    rules: ["needs-an-order"],
    points: 1,
    visibility: "hidden",
    description: "every command but PlaceOrder is refused on an order that does not exist",
    descriptionIn: { ko: "없는 주문에는 PlaceOrder 말고는 모든 명령이 거절된다" },
    run(ctx) {
      const agg = aggregate(ctx);
      for (const command of [ADD_FIG, SUBMIT, { type: "Pay", amountCents: 0 }, { type: "Ship" }, { type: "Cancel", reason: "x" }] as OrderCommand[]) requireRejected(agg, INITIAL_ORDER_STATE, command, says({ en: "needs-an-order: no order, no command", ko: "needs-an-order: 주문이 없으면 명령도 없다" }));
    },
  },
  {
    name: "items-only-while-open",
    rules: ["items-only-while-open"],
    points: 1,
    visibility: "hidden",
    description: "AddItem is refused once the order is submitted, paid, shipped or cancelled",
    descriptionIn: { ko: "주문이 제출, 결제, 배송, 취소된 뒤에는 AddItem이 거절된다" },
    run(ctx) {
      const agg = aggregate(ctx);
      const submitted = runCommands(agg, [PLACE, ADD_FIG, SUBMIT]).state;
      const paid = runCommands(agg, [{ type: "Pay", amountCents: 300 }], submitted).state;
      const shipped = runCommands(agg, [{ type: "Ship" }], paid).state;
      const cancelled = runCommands(agg, [PLACE, { type: "Cancel", reason: "x" }]).state;
      for (const state of [submitted, paid, shipped, cancelled]) requireRejected(agg, state, ADD_PEAR, says({ en: "items-only-while-open: items only while the order is open", ko: "items-only-while-open: 품목은 주문이 열려 있을 때만 추가한다" }));
    },
  },
  {
    name: "item-values-checked",
    rules: ["item-values"],
    points: 1,
    visibility: "hidden",
    description: "AddItem needs a whole quantity >= 1 and a whole price >= 0 cents (a free item is fine)",
    descriptionIn: { ko: "AddItem에는 1 이상의 정수 수량과 0센트 이상의 정수 가격이 필요하다 (무료 품목은 괜찮다)" },
    run(ctx) {
      const agg = aggregate(ctx);
      const open = runCommands(agg, [PLACE]).state;
      for (const [quantity, priceCents] of [[0, 100], [-1, 100], [1.5, 100], [1, -1], [1, 2.5]]) requireRejected(agg, open, { type: "AddItem", sku: "fig", quantity, priceCents }, says({ en: "item-values: quantity a whole number >= 1, priceCents a whole number >= 0", ko: "item-values: quantity는 1 이상의 정수, priceCents는 0 이상의 정수" }));
      const free = runCommands(agg, [{ type: "AddItem", sku: "sample", quantity: 1, priceCents: 0 }], open).state;
      checkEqual(free.lines.length, 1, says({ en: "lines after adding a free item", ko: "무료 품목을 추가한 뒤의 lines" }));
    },
  },
  {
    name: "submit-needs-items",
    rules: ["submit-needs-items"],
    points: 1,
    visibility: "hidden",
    description: "Submit is refused on an empty order and on one submitted already; it records the total",
    descriptionIn: { ko: "빈 주문과 이미 제출된 주문의 Submit은 거절된다. Submit은 합계를 기록한다" },
    run(ctx) {
      const agg = aggregate(ctx);
      requireRejected(agg, runCommands(agg, [PLACE]).state, SUBMIT, says({ en: "submit-needs-items: an empty order cannot be submitted", ko: "submit-needs-items: 빈 주문은 제출할 수 없다" }));
      const { state, events } = runCommands(agg, [PLACE, ADD_FIG, ADD_PEAR, SUBMIT]);
      checkEqual(events[events.length - 1], { type: "OrderSubmitted", data: { totalCents: 700 } }, says({ en: "the event of Submit on 2 figs at 150 and a pear at 400", ko: "150짜리 fig 2개와 400짜리 pear 1개에 대한 Submit의 이벤트" }));
      requireRejected(agg, state, SUBMIT, says({ en: "submit-needs-items: submitted once", ko: "submit-needs-items: 제출은 한 번만 한다" }));
    },
  },
  {
    name: "pay-the-exact-total",
    rules: ["pay-exact-total"],
    points: 1,
    visibility: "hidden",
    description: "Pay is refused before the order is submitted and for any amount but the total",
    descriptionIn: { ko: "주문이 제출되기 전의 Pay와, 합계가 아닌 금액의 Pay는 거절된다" },
    run(ctx) {
      const agg = aggregate(ctx);
      requireRejected(agg, runCommands(agg, [PLACE, ADD_FIG]).state, { type: "Pay", amountCents: 300 }, says({ en: "pay-exact-total: only a submitted order can be paid", ko: "pay-exact-total: 제출된 주문만 결제할 수 있다" }));
      const submitted = runCommands(agg, [PLACE, ADD_FIG, SUBMIT]).state;
      for (const amountCents of [299, 301, 0]) requireRejected(agg, submitted, { type: "Pay", amountCents }, says({ en: "pay-exact-total: the amount must equal the total (300)", ko: "pay-exact-total: 금액은 합계(300)와 같아야 한다" }));
      checkEqual(runCommands(agg, [{ type: "Pay", amountCents: 300 }], submitted).state.paidCents, 300, says({ en: "paidCents after paying the total", ko: "합계를 결제한 뒤의 paidCents" }));
    },
  },
  {
    name: "ship-after-payment",
    rules: ["ship-after-payment"],
    points: 1,
    visibility: "hidden",
    description: "Ship is refused unless the order is paid (and only once)",
    descriptionIn: { ko: "결제된 주문이 아니면 Ship은 거절된다 (그리고 한 번만 된다)" },
    run(ctx) {
      const agg = aggregate(ctx);
      const submitted = runCommands(agg, [PLACE, ADD_FIG, SUBMIT]).state;
      requireRejected(agg, submitted, { type: "Ship" }, says({ en: "ship-after-payment: only a paid order ships", ko: "ship-after-payment: 결제된 주문만 배송한다" }));
      const shipped = runCommands(agg, [{ type: "Pay", amountCents: 300 }, { type: "Ship" }], submitted).state;
      checkEqual(shipped.status, "shipped", says({ en: "the status after Pay and Ship", ko: "Pay와 Ship 뒤의 status" }));
      requireRejected(agg, shipped, { type: "Ship" }, says({ en: "ship-after-payment: only a paid order ships", ko: "ship-after-payment: 결제된 주문만 배송한다" }));
    },
  },
  {
    name: "cancel-rules",
    rules: ["cancel-rules"],
    points: 2,
    visibility: "hidden",
    description: "Cancel works while open, submitted or paid (a paid order is refunded: refundCents, paidCents back to 0) and is refused once shipped or cancelled",
    descriptionIn: { ko: "Cancel은 open, submitted, paid 상태에서 된다 (결제된 주문은 환불된다: refundCents, paidCents는 0으로). 배송되었거나 취소된 뒤에는 거절된다" },
    run(ctx) {
      const agg = aggregate(ctx);
      const paid = runCommands(agg, [PLACE, ADD_FIG, SUBMIT, { type: "Pay", amountCents: 300 }]).state;
      const { state, events } = runCommands(agg, [{ type: "Cancel", reason: "changed mind" }], paid);
      checkEqual(events, [{ type: "OrderCancelled", data: { reason: "changed mind", refundCents: 300 } }], says({ en: "the event of Cancel on a paid order", ko: "결제된 주문에 대한 Cancel의 이벤트" }));
      checkEqual([state.status, state.paidCents], ["cancelled", 0], says({ en: "status and paidCents after cancelling a paid order", ko: "결제된 주문을 취소한 뒤의 status와 paidCents" }));
      requireRejected(agg, state, { type: "Cancel", reason: "again" }, says({ en: "cancel-rules: too late to cancel", ko: "cancel-rules: 취소하기에는 늦었다" }));
      const shipped = runCommands(agg, [{ type: "Ship" }], paid).state;
      requireRejected(agg, shipped, { type: "Cancel", reason: "late" }, says({ en: "cancel-rules: too late to cancel", ko: "cancel-rules: 취소하기에는 늦었다" }));
      for (const commands of [[PLACE], [PLACE, ADD_FIG, SUBMIT]] as OrderCommand[][]) runCommands(agg, [{ type: "Cancel", reason: "ok" }], runCommands(agg, commands).state);
    },
  },
  {
    name: "decide-and-evolve-are-pure",
    rules: ["pure-decide-evolve"],
    points: 2,
    visibility: "hidden",
    description: "decide and evolve never change the state they are given (here frozen): evolve returns a new state",
    descriptionIn: { ko: "decide와 evolve는 받은 상태(여기서는 freeze된 상태)를 바꾸지 않는다: evolve는 새 상태를 반환한다" },
    run(ctx) {
      const agg = aggregate(ctx);
      const { state } = runCommands(agg, [PLACE, ADD_FIG]);
      const frozen = deepFreeze(JSON.parse(JSON.stringify(state)) as OrderState);
      for (const command of [ADD_PEAR, SUBMIT, { type: "Cancel", reason: "x" }] as OrderCommand[]) {
        let events;
        try {
          events = agg.decide(frozen, command);
        } catch (error) {
          if (error instanceof TypeError && FROZEN.test(error.message)) fail(decideChangedState(command, error));
          throw error;
        }
        for (const event of events) check(evolveOrExplain(agg, frozen, event) !== frozen, says({ en: `evolve returned the very state object it was given for ${event.type}; return a new state`, ko: `evolve가 ${event.type}에 대해 받은 상태 객체를 그대로 반환했습니다. 새 상태를 반환하세요` }));
      }
      checkEqual(frozen, JSON.parse(JSON.stringify(state)), says({ en: "the state after decide and evolve read it", ko: "decide와 evolve가 읽은 뒤의 상태" }));
    },
  },
  {
    name: "rebuilds-from-events",
    rules: ["load-folds"],
    points: 2,
    visibility: "hidden",
    description: "load folds the stream's events, however they got into the store, and an order with no events loads as the initial state at version 0",
    descriptionIn: { ko: "load는 이벤트가 어떻게 스토어에 들어갔든 스트림의 이벤트를 fold하고, 이벤트가 없는 주문은 버전 0의 초기 상태로 불러온다" },
    run(ctx) {
      const agg = aggregate(ctx);
      const { events, state } = runCommands(agg, [PLACE, ADD_FIG, ADD_PEAR, SUBMIT, { type: "Pay", amountCents: 700 }]);
      const store = memoryStore();
      store.append("o1", events as unknown as NewEvent[], 0);
      const repository = repositoryOver(ctx, store);
      checkEqual(repository.load("o1"), { state, version: 5 }, says({ en: "load(o1) of a stream of five events written straight into the store", ko: "스토어에 직접 쓴 이벤트 다섯 개짜리 스트림의 load(o1)" }));
      checkEqual(repository.load("o9"), { state: INITIAL_ORDER_STATE, version: 0 }, says({ en: "load(o9) of an order with no events", ko: "이벤트가 없는 주문의 load(o9)" }));
    },
  },
  {
    name: "execute-returns-version-and-position",
    rules: ["execute-returns"],
    points: 1,
    visibility: "hidden",
    description: "execute returns the stream's new version and the global position of its event (positions count across streams)",
    descriptionIn: { ko: "execute는 스트림의 새 버전과 그 이벤트의 전역 position을 반환한다 (position은 스트림을 가로질러 센다)" },
    run(ctx) {
      const repository = repositoryOver(ctx, memoryStore());
      repository.execute("o1", PLACE);
      repository.execute("o2", { type: "PlaceOrder", orderId: "o2", customer: "bo" });
      checkEqual(repository.execute("o1", ADD_FIG), { version: 2, position: 3 }, says({ en: "execute(o1, AddItem) as the third event of the store", ko: "스토어의 세 번째 이벤트가 되는 execute(o1, AddItem)" }));
    },
  },
  {
    name: "stale-expected-version-refused",
    rules: ["stale-version-refused"],
    points: 3,
    visibility: "hidden",
    description: "a command valid on the current state but sent with an older expected version (a lost update in the making) is refused with ConcurrencyError, and nothing is appended; the right version is accepted",
    descriptionIn: { ko: "현재 상태에서는 유효하지만 더 오래된 expected version으로 보낸 명령(갱신 손실이 생기기 직전)은 ConcurrencyError로 거절되고 아무것도 추가되지 않는다. 올바른 버전이면 받아들여진다" },
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
        check(thrown instanceof Error && thrown.name === ConcurrencyError.name, () =>
            says({
              en: `execute(o1, Submit, expectedVersion ${stale}) on a stream at version 3 ${thrown === undefined ? "appended anyway" : `threw ${String(thrown)}`}: a stale expected version must be refused with ConcurrencyError`,
              ko: `버전 3인 스트림에 대한 execute(o1, Submit, expectedVersion ${stale})를 호출하자 ${thrown === undefined ? "그래도 이벤트가 추가되었습니다" : `${String(thrown)} 예외가 발생했습니다`}. 오래된 expected version은 ConcurrencyError로 거절해야 합니다`,
            }));
        checkEqual(store.version("o1"), 3, says({ en: `the stream's version after the refused Submit (expected version ${stale})`, ko: `Submit이 거절된 뒤 스트림의 버전 (expected version ${stale})` }));
      }
      checkEqual(repository.execute("o1", SUBMIT, 3).version, 4, says({ en: "execute(o1, Submit, expectedVersion 3)'s version", ko: "execute(o1, Submit, expectedVersion 3)가 반환한 version" }));
    },
  },
  {
    name: "writer-between-load-and-append",
    rules: ["no-stale-append"],
    points: 3,
    visibility: "hidden",
    description: "another writer submits the order right after execute's load read the stream, before its append of an AddItem: the item is not appended to the submitted order (ConcurrencyError, or refused after deciding again)",
    descriptionIn: { ko: "execute의 load가 스트림을 읽은 직후, AddItem을 추가하기 전에 다른 writer가 주문을 제출한다: 제출된 주문에 품목이 추가되지 않는다 (ConcurrencyError, 또는 다시 결정한 뒤 거절)" },
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
        () => says({ en: `execute(o1, AddItem) loaded an open order, another writer submitted it, and the AddItem was appended anyway (${outcome}): the stream is now ${types.join(", ")}. A decision made on a stale state must not be appended: append with the version you loaded`, ko: `execute(o1, AddItem)가 열린 주문을 불러왔고, 다른 writer가 그 주문을 제출했는데, AddItem이 그래도 추가되었습니다 (${outcome}). 스트림은 이제 ${types.join(", ")}입니다. 오래된 상태에서 내린 결정은 추가하면 안 됩니다: 불러온 버전으로 append하세요` }),
      );
    },
  },
  {
    name: "snapshots-bound-the-reads",
    rules: ["snapshot-due"],
    points: 3,
    visibility: "hidden",
    description: "with snapshotEvery 10, an order of 57 one-event commands is snapshotted at versions 10, 20, 30, 40 and 50 and at no other, and loading it reads fewer than 10 events, with the same result as folding them all; with snapshotEvery 0, none is ever saved",
    descriptionIn: { ko: "snapshotEvery 10이면 이벤트가 하나씩인 명령 57개짜리 주문의 스냅샷이 버전 10, 20, 30, 40, 50에서만 만들어지고, 불러올 때 읽는 이벤트는 10개보다 적으며, 결과는 전부 fold한 것과 같다. snapshotEvery 0이면 스냅샷을 하나도 저장하지 않는다" },
    run(ctx) {
      const agg = aggregate(ctx);
      const store = memoryStore();
      const repository = repositoryOver(ctx, store, { snapshotEvery: 10 });
      const commands: OrderCommand[] = [PLACE, ...Array.from({ length: 56 }, (_, i): OrderCommand => ({ type: "AddItem", sku: `sku${i}`, quantity: 1 + (i % 3), priceCents: 10 * i }))];
      const savedVersions = recordSnapshotVersions(store);
      for (const command of commands) repository.execute("o1", command);
      const saved = savedVersions.join(", ") || "none";
      check(saved === "10, 20, 30, 40, 50", () => says({ en: `after 57 events with snapshotEvery 10, snapshots were saved at versions: ${saved}; the contract asks for one after each append that leaves at least 10 events since the last snapshot, and no other: 10, 20, 30, 40, 50`, ko: `snapshotEvery 10으로 이벤트 57개를 넣는 동안 스냅샷을 저장한 버전: ${saved}. 계약은 append 뒤에 마지막 스냅샷 이후의 이벤트가 10개 이상이 될 때마다 스냅샷을 저장하고, 그 밖에는 저장하지 않기를 요구합니다: 10, 20, 30, 40, 50` }));
      const snapshot = store.loadSnapshot("o1");
      store.eventsRead = 0;
      const loaded = repositoryOver(ctx, store, { snapshotEvery: 10 }).load("o1");
      check(store.eventsRead < 10, () => says({ en: `load(o1) read ${store.eventsRead} events although a snapshot at version ${snapshot?.version} exists: read only the events after it`, ko: `버전 ${snapshot?.version}의 스냅샷이 있는데 load(o1)가 이벤트 ${store.eventsRead}개를 읽었습니다. 스냅샷 뒤의 이벤트만 읽으세요` }));
      checkEqual(loaded, { state: runCommands(agg, commands).state, version: 57 }, says({ en: "load(o1) from the snapshot", ko: "스냅샷에서 시작한 load(o1)" }));
      const never = memoryStore();
      const unsnapshotted = repositoryOver(ctx, never, { snapshotEvery: 0 });
      for (const command of commands.slice(0, 21)) unsnapshotted.execute("o1", command);
      const stray = never.loadSnapshot("o1");
      check(stray === undefined, () => says({ en: `with snapshotEvery 0 (never), 21 events left a snapshot at version ${stray?.version}: 0 means no snapshots at all`, ko: `snapshotEvery 0(절대 안 함)인데 이벤트 21개 뒤 버전 ${stray?.version}에 스냅샷이 있습니다: 0은 스냅샷을 전혀 만들지 않는다는 뜻입니다` }));
    },
  },
  {
    name: "load-starts-from-the-snapshot",
    rules: ["load-from-snapshot"],
    points: 2,
    visibility: "hidden",
    description: "load starts from the latest snapshot and applies only the events after it (a snapshot stored by someone else is trusted)",
    descriptionIn: { ko: "load는 가장 최근 스냅샷에서 시작해 그 뒤의 이벤트만 적용한다 (다른 누군가 저장한 스냅샷도 믿는다)" },
    run(ctx) {
      const agg = aggregate(ctx);
      const first = runCommands(agg, [PLACE, ADD_FIG]);
      const store = memoryStore();
      store.append("o1", first.events as unknown as NewEvent[], 0);
      store.saveSnapshot("o1", { version: 2, state: { ...first.state, customer: "from-the-snapshot" } as unknown as Json });
      store.append("o1", runCommands(agg, [ADD_PEAR], first.state).events.slice(-1) as unknown as NewEvent[], 2);
      const { state, version } = repositoryOver(ctx, store).load("o1");
      check(state.customer === "from-the-snapshot", () => says({ en: `load(o1) returned customer ${show(state.customer)}: it folded every event instead of starting from the snapshot at version 2`, ko: `load(o1)가 반환한 customer가 ${show(state.customer)}입니다. 버전 2의 스냅샷에서 시작하지 않고 모든 이벤트를 fold했습니다` }));
      checkEqual([state.lines.map((l) => l.sku), version], [["fig", "pear"], 3], says({ en: "the lines and version after the snapshot and one more event", ko: "스냅샷과 이벤트 하나 뒤의 lines와 version" }));
    },
  },
  {
    name: "snapshots-never-change-the-state",
    rules: ["snapshot-exact"],
    points: 3,
    visibility: "hidden",
    description: "with snapshotEvery 3, after every command of two interleaved orders, a fresh repository loads exactly the state that the commands give",
    descriptionIn: { ko: "snapshotEvery 3에서 번갈아 진행되는 두 주문의 명령마다, 새 저장소(repository)가 명령이 만드는 상태와 정확히 같은 상태를 불러온다" },
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
            fail(says({ en: `after ${describeCommand(commands[step])} (version ${step + 1} of ${orderId}; snapshot at version ${store.loadSnapshot(orderId)?.version ?? "none"}), load returned ${show(loaded.state)}, expected ${show(expected)}: a snapshot must hold the state at exactly its version`, ko: `${describeCommand(commands[step])} 뒤(${orderId}의 버전 ${step + 1}, 스냅샷 버전 ${store.loadSnapshot(orderId)?.version ?? "없음"}) load의 반환값이 ${show(loaded.state)}입니다. 기댓값은 ${show(expected)}입니다. 스냅샷은 정확히 자기 버전의 상태를 담아야 합니다` }));
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
    descriptionIn: { ko: "upcast는 작년의 ItemAdded {sku, qty, price}를 오늘의 {sku, quantity, priceCents}로 바꾸면서 가장 가까운 센트로 반올림하고(4.35 -> 435), 다른 이벤트는 그대로 둔다" },
    run(ctx) {
      const upcast = upcastOf(ctx);
      const old = (price: number): RecordedEvent => ({ stream: "2025-0001", version: 2, position: 2, type: "ItemAdded", schema: 1, data: { sku: "fig", qty: 3, price } });
      for (const [price, cents] of [[4.35, 435], [0.29, 29], [19.99, 1999], [1.15, 115], [12.5, 1250]]) {
        checkEqual(upcast(old(price)), { ...old(price), schema: 2, data: { sku: "fig", quantity: 3, priceCents: cents } }, says({ en: `upcast of last year's ItemAdded with price ${price}`, ko: `price가 ${price}인 작년 ItemAdded의 upcast` }));
      }
      const today: RecordedEvent = { stream: "o1", version: 2, position: 9, type: "ItemAdded", schema: 2, data: { sku: "fig", quantity: 1, priceCents: 435 } };
      checkEqual(upcast(today), today, says({ en: "upcast of today's ItemAdded", ko: "오늘의 ItemAdded의 upcast" }));
      const placed: RecordedEvent = { stream: "o1", version: 1, position: 1, type: "OrderPlaced", schema: 1, data: { orderId: "o1", customer: "ann" } };
      checkEqual(upcast(placed), placed, says({ en: "upcast of an OrderPlaced (its shape never changed)", ko: "OrderPlaced의 upcast (모양이 바뀐 적 없음)" }));
    },
  },
  {
    name: "loads-last-years-orders",
    rules: ["upcast-on-load"],
    points: 2,
    visibility: "hidden",
    description: "load reads last year's orders (schema 1 events) right: totals in cents, statuses, refunds",
    descriptionIn: { ko: "load는 작년 주문(schema 1 이벤트)을 올바르게 읽는다: 센트 단위 합계, 상태, 환불" },
    run(ctx) {
      const store = memoryStore();
      for (const { stream, events } of LEGACY_ORDERS) store.append(stream, events, 0);
      const repository = repositoryOver(ctx, store);
      for (const { stream } of LEGACY_ORDERS) checkEqual(repository.load(stream).state, replay(store.readStream(stream)).state, says({ en: `load(${stream}), an order from last year`, ko: `작년 주문의 load(${stream})` }));
    },
  },
  {
    name: "projection-ignores-redeliveries",
    rules: ["projection-idempotent"],
    points: 3,
    visibility: "hidden",
    description: "every event delivered twice, then the whole log once more from position 1: the projection shows the same as after one delivery",
    descriptionIn: { ko: "모든 이벤트를 두 번씩 전달하고, 그다음 position 1부터 로그 전체를 한 번 더 전달한다: 프로젝션은 한 번 전달했을 때와 같다" },
    run(ctx) {
      const log = globalLog(busyStore(ctx));
      const projection = projectionOver(ctx, new MemoryStorage("projection"));
      for (const event of log) {
        projection.handle(event);
        projection.handle(event);
      }
      for (const event of log) projection.handle(event);
      requireReadModel(projection, log, says({ en: "with every event delivered twice", ko: "모든 이벤트를 두 번씩 전달했을 때" }));
      checkEqual(projection.checkpoint(), log.length, says({ en: "checkpoint() after the whole log", ko: "로그 전체 뒤의 checkpoint()" }));
    },
  },
  {
    name: "projection-resumes-from-checkpoint",
    rules: ["projection-resumes"],
    points: 3,
    visibility: "hidden",
    description: "a projection built again over the same storage (a restart) knows its checkpoint and rows, and carries on from there",
    descriptionIn: { ko: "같은 저장소 위에 다시 만든 프로젝션(재시작)은 자기 checkpoint와 행을 알고 거기서부터 이어 간다" },
    run(ctx) {
      const log = globalLog(busyStore(ctx));
      const storage = new MemoryStorage("projection");
      const half = Math.floor(log.length / 2);
      const before = projectionOver(ctx, storage);
      for (const event of log.slice(0, half)) before.handle(event);
      const after = projectionOver(ctx, storage);
      checkEqual(after.checkpoint(), log[half - 1].position, says({ en: "checkpoint() of a projection built again over the storage", ko: "저장소 위에 다시 만든 프로젝션의 checkpoint()" }));
      requireReadModel(after, log.slice(0, half), says({ en: "right after the restart", ko: "재시작 직후" }));
      for (const event of log.slice(after.checkpoint())) after.handle(event);
      requireReadModel(after, log, says({ en: "after the restart and the rest of the log", ko: "재시작과 나머지 로그 뒤" }));
    },
  },
  {
    name: "projection-survives-power-cuts",
    rules: ["checkpoint-with-model"],
    points: 4,
    visibility: "hidden",
    description: "the power goes out at the 1st, 2nd, 3rd... write of the projection; built again over its storage and fed from its checkpoint (and a few events before it), it ends right every time",
    descriptionIn: { ko: "프로젝션의 1번째, 2번째, 3번째... 쓰기에서 전원이 나간다: 저장소 위에 다시 만들어 checkpoint부터(그리고 그 앞의 이벤트 몇 개부터) 이벤트를 먹이면 매번 올바르게 끝난다" },
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
        requireReadModel(revived, log, says({ en: `after a power cut at write #${cut} (while handling event #${during.position}, ${during.type} of ${during.stream}) and a restart from checkpoint ${revived.checkpoint()}`, ko: `쓰기 #${cut}에서 정전(이벤트 #${during.position}, ${during.stream}의 ${during.type} 처리 중)이 나고 checkpoint ${revived.checkpoint()}부터 재시작한 뒤` }));
      }
    },
  },
  {
    name: "projection-upcasts",
    rules: ["projection-upcasts"],
    points: 2,
    visibility: "hidden",
    description: "the projection reads last year's events right: rows in cents and what each customer spent",
    descriptionIn: { ko: "프로젝션은 작년 이벤트를 올바르게 읽는다: 센트 단위 행과 고객별 지출" },
    run(ctx) {
      const store = memoryStore();
      for (const { stream, events } of LEGACY_ORDERS) store.append(stream, events, 0);
      const projection = projectionOver(ctx, new MemoryStorage("projection"));
      for (const event of globalLog(store)) projection.handle(event);
      requireReadModel(projection, globalLog(store), says({ en: "over last year's events", ko: "작년 이벤트에 대해" }));
      checkEqual(projection.summary("2025-0001"), summaryOf(replay(store.readStream("2025-0001")).state), "summary(2025-0001)");
    },
  },
];
