import { expect } from "chai";
import { NaiveOrderRepository, NaiveSpendingProjection } from "../../../src/demos/week3/es-naive";
import { atLeastOnce, eventsReadPerLoad, readYourWrites, sampleLog, spentInLog, twoClerks } from "../../../src/demos/week3/es-notebook";
import { OrderRepository, OrderSummaryProjection } from "../../../solutions/week3/order-events";

describe("notebook 13's event-sourcing demos show what the notebook says", () => {
  it("the naive repository reads every event, a snapshotting one only the tail", () => {
    expect(eventsReadPerLoad(NaiveOrderRepository, [10, 100]).map((r) => r.read)).to.deep.equal([10, 100]);
    expect(eventsReadPerLoad(OrderRepository, [10, 120], 50).map((r) => r.read)).to.deep.equal([10, 20]);
  });

  it("two clerks: the naive repository writes the lost update down, expected versions refuse it", () => {
    expect(twoClerks(NaiveOrderRepository).stream.map((e) => e.type)).to.deep.equal(["OrderPlaced", "ItemAdded", "OrderSubmitted", "ItemAdded"]);
    const checked = twoClerks(OrderRepository);
    expect(checked.stream.length).to.equal(3);
    expect(checked.told[2]).to.include("ConcurrencyError");
  });

  it("at least once: the naive projection counts ann's spending three times over, an idempotent one once", () => {
    const log = sampleLog();
    expect(spentInLog(log)).to.deep.equal(new Map([["ann", 1000], ["bo", 0]]));
    expect(atLeastOnce(NaiveSpendingProjection, log).map((r) => r.ann)).to.deep.equal([1000, 2000, 3000]);
    expect(atLeastOnce(OrderSummaryProjection, log).map((r) => r.ann)).to.deep.equal([1000, 1000, 1000]);
  });

  it("read-your-writes: the page is stale without the position token and current with it", () => {
    expect(readYourWrites(NaiveOrderRepository, NaiveSpendingProjection, false).at(-1)).to.include("**submitted**");
    expect(readYourWrites(OrderRepository, OrderSummaryProjection, true).at(-1)).to.include("**paid**");
  });
});
