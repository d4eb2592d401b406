/** Week 3, event sourcing: visible tests (the contract's examples). */
import { ConcurrencyError, type OrderCommand } from "../../../src/contracts/event-sourcing";
import { MemoryStorage } from "../../../src/sim/storage";
import { check, checkEqual, checkThrows, says, type GradedTest } from "../../api";
import { ADD_FIG, ADD_PEAR, PLACE, aggregate, globalLog, memoryStore, projectionOver, repositoryOver, requireRejected, runCommands } from "./event-sourcing-helpers";

export const tests: GradedTest[] = [
  {
    name: "decide-and-evolve",
    points: 2,
    visibility: "visible",
    description: "PlaceOrder, two AddItems and Submit give four events, and applying them gives a submitted order of 3 items worth 700 cents",
    descriptionIn: { ko: "PlaceOrder, AddItem 두 번, Submit은 이벤트 네 개를 만들고, 그 이벤트를 적용하면 품목 3개, 700센트짜리 제출된 주문이 된다" },
    run(ctx) {
      const { state, events } = runCommands(aggregate(ctx), [PLACE, ADD_FIG, ADD_PEAR, { type: "Submit" }]);
      checkEqual(events.map((e) => e.type), ["OrderPlaced", "ItemAdded", "ItemAdded", "OrderSubmitted"], says({ en: "the events of the four commands", ko: "명령 네 개의 이벤트" }));
      checkEqual(events[3].data, { totalCents: 700 }, says({ en: "the OrderSubmitted event's data", ko: "OrderSubmitted 이벤트의 data" }));
      checkEqual(state, { orderId: "o1", customer: "ann", status: "submitted", lines: [{ sku: "fig", quantity: 2, priceCents: 150 }, { sku: "pear", quantity: 1, priceCents: 400 }], totalCents: 700, paidCents: 0 }, says({ en: "the state after the four events", ko: "이벤트 네 개 뒤의 상태" }));
    },
  },
  {
    name: "refuses-what-the-rules-forbid",
    points: 2,
    visibility: "visible",
    description: "an item added to a submitted order, and shipping an unpaid order, are refused with CommandRejected",
    descriptionIn: { ko: "제출된 주문에 품목을 추가하는 것과 결제되지 않은 주문을 배송하는 것은 CommandRejected로 거절된다" },
    run(ctx) {
      const agg = aggregate(ctx);
      const { state } = runCommands(agg, [PLACE, ADD_FIG, { type: "Submit" }]);
      requireRejected(agg, state, ADD_PEAR, says({ en: "items-only-while-open: items only while the order is open", ko: "items-only-while-open: 품목은 주문이 열려 있을 때만 추가한다" }));
      requireRejected(agg, state, { type: "Ship" }, says({ en: "ship-after-payment: only a paid order ships", ko: "ship-after-payment: 결제된 주문만 배송한다" }));
    },
  },
  {
    name: "stale-version-refused",
    points: 3,
    visibility: "visible",
    description: "a clerk who loaded version 2 submits after another clerk added an item (version 3): execute throws ConcurrencyError and appends nothing",
    descriptionIn: { ko: "버전 2를 읽은 점원이, 다른 점원이 품목을 추가한 뒤(버전 3) 제출한다: execute는 ConcurrencyError를 던지고 아무것도 추가하지 않는다" },
    run(ctx) {
      const store = memoryStore();
      const repository = repositoryOver(ctx, store);
      repository.execute("o1", PLACE);
      const seen = repository.execute("o1", ADD_FIG).version;
      checkEqual(seen, 2, says({ en: "execute's version after PlaceOrder and AddItem", ko: "PlaceOrder와 AddItem 뒤 execute가 반환한 version" }));
      repository.execute("o1", ADD_PEAR, 2); // the other clerk
      const submit: OrderCommand = { type: "Submit" };
      const error = checkThrows(() => repository.execute("o1", submit, seen), says({ en: "execute(o1, Submit, expectedVersion 2) on a stream at version 3", ko: "버전 3인 스트림에 대한 execute(o1, Submit, expectedVersion 2)" }));
      check(error instanceof Error && error.name === ConcurrencyError.name, () => says({ en: `execute(o1, Submit, expectedVersion 2) on a stream at version 3 threw ${String(error)}, expected ConcurrencyError`, ko: `버전 3인 스트림에 대한 execute(o1, Submit, expectedVersion 2)에서 ${String(error)} 예외가 발생했습니다. 기대한 예외는 ConcurrencyError입니다` }));
      checkEqual(store.version("o1"), 3, says({ en: "the stream's version after the refused Submit", ko: "Submit이 거절된 뒤 스트림의 버전" }));
    },
  },
  {
    name: "projection-builds-summaries",
    points: 2,
    visibility: "visible",
    description: "a projection fed the global log of two orders shows one row per order and what the customer spent",
    descriptionIn: { ko: "두 주문의 전역 로그를 받은 프로젝션은 주문마다 행 하나와 고객이 쓴 금액을 보여 준다" },
    run(ctx) {
      const store = memoryStore();
      const repository = repositoryOver(ctx, store);
      for (const command of [PLACE, ADD_FIG, { type: "Submit" }, { type: "Pay", amountCents: 300 }] as OrderCommand[]) repository.execute("o1", command);
      repository.execute("o2", { type: "PlaceOrder", orderId: "o2", customer: "ann" });
      const projection = projectionOver(ctx, new MemoryStorage("projection"));
      for (const event of globalLog(store)) projection.handle(event);
      checkEqual(projection.checkpoint(), 5, says({ en: "checkpoint() after the five events", ko: "이벤트 다섯 개 뒤의 checkpoint()" }));
      checkEqual(projection.summary("o1"), { orderId: "o1", customer: "ann", status: "paid", itemCount: 2, totalCents: 300, paidCents: 300 }, "summary(o1)");
      checkEqual(projection.summary("o2"), { orderId: "o2", customer: "ann", status: "open", itemCount: 0, totalCents: 0, paidCents: 0 }, "summary(o2)");
      checkEqual(projection.spentBy("ann"), 300, "spentBy(ann)");
    },
  },
];
