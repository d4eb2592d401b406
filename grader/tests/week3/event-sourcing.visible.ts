/** Week 3, event sourcing: visible tests (the contract's examples). */
import { ConcurrencyError, type OrderCommand } from "../../../src/contracts/event-sourcing";
import { MemoryStorage } from "../../../src/sim/storage";
import { check, checkEqual, checkThrows, type GradedTest } from "../../api";
import { ADD_FIG, ADD_PEAR, PLACE, aggregate, globalLog, memoryStore, projectionOver, repositoryOver, requireRejected, runCommands } from "./event-sourcing-helpers";

export const tests: GradedTest[] = [
  {
    name: "decide-and-evolve",
    points: 2,
    visibility: "visible",
    description: "PlaceOrder, two AddItems and Submit give four events, and applying them gives a submitted order of 3 items worth 700 cents",
    run(ctx) {
      const { state, events } = runCommands(aggregate(ctx), [PLACE, ADD_FIG, ADD_PEAR, { type: "Submit" }]);
      checkEqual(events.map((e) => e.type), ["OrderPlaced", "ItemAdded", "ItemAdded", "OrderSubmitted"], "the events of the four commands");
      checkEqual(events[3].data, { totalCents: 700 }, "the OrderSubmitted event's data");
      checkEqual(state, { orderId: "o1", customer: "ann", status: "submitted", lines: [{ sku: "fig", quantity: 2, priceCents: 150 }, { sku: "pear", quantity: 1, priceCents: 400 }], totalCents: 700, paidCents: 0 }, "the state after the four events");
    },
  },
  {
    name: "refuses-what-the-rules-forbid",
    points: 2,
    visibility: "visible",
    description: "an item added to a submitted order, and shipping an unpaid order, are refused with CommandRejected",
    run(ctx) {
      const agg = aggregate(ctx);
      const { state } = runCommands(agg, [PLACE, ADD_FIG, { type: "Submit" }]);
      requireRejected(agg, state, ADD_PEAR, "items-only-while-open: items only while the order is open");
      requireRejected(agg, state, { type: "Ship" }, "ship-after-payment: only a paid order ships");
    },
  },
  {
    name: "stale-version-refused",
    points: 3,
    visibility: "visible",
    description: "a clerk who loaded version 2 submits after another clerk added an item (version 3): execute throws ConcurrencyError and appends nothing",
    run(ctx) {
      const store = memoryStore();
      const repository = repositoryOver(ctx, store);
      repository.execute("o1", PLACE);
      const seen = repository.execute("o1", ADD_FIG).version;
      checkEqual(seen, 2, "execute's version after PlaceOrder and AddItem");
      repository.execute("o1", ADD_PEAR, 2); // the other clerk
      const submit: OrderCommand = { type: "Submit" };
      const error = checkThrows(() => repository.execute("o1", submit, seen), "execute(o1, Submit, expectedVersion 2) on a stream at version 3");
      check(error instanceof Error && error.name === ConcurrencyError.name, () => `execute(o1, Submit, expectedVersion 2) on a stream at version 3 threw ${String(error)}, expected ConcurrencyError`);
      checkEqual(store.version("o1"), 3, "the stream's version after the refused Submit");
    },
  },
  {
    name: "projection-builds-summaries",
    points: 2,
    visibility: "visible",
    description: "a projection fed the global log of two orders shows one row per order and what the customer spent",
    run(ctx) {
      const store = memoryStore();
      const repository = repositoryOver(ctx, store);
      for (const command of [PLACE, ADD_FIG, { type: "Submit" }, { type: "Pay", amountCents: 300 }] as OrderCommand[]) repository.execute("o1", command);
      repository.execute("o2", { type: "PlaceOrder", orderId: "o2", customer: "ann" });
      const projection = projectionOver(ctx, new MemoryStorage("projection"));
      for (const event of globalLog(store)) projection.handle(event);
      checkEqual(projection.checkpoint(), 5, "checkpoint() after the five events");
      checkEqual(projection.summary("o1"), { orderId: "o1", customer: "ann", status: "paid", itemCount: 2, totalCents: 300, paidCents: 300 }, "summary(o1)");
      checkEqual(projection.summary("o2"), { orderId: "o2", customer: "ann", status: "open", itemCount: 0, totalCents: 0, paidCents: 0 }, "summary(o2)");
      checkEqual(projection.spentBy("ann"), 300, "spentBy(ann)");
    },
  },
];
