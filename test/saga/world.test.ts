import { expect } from "chai";
import { ORDER_SERVICE } from "../../src/contracts/saga";
import { checkSagas } from "../../src/check/saga-invariants";
import { SagaWorld } from "../../src/saga/cluster";
import { SagaOrchestrator } from "../../solutions/week3/saga";

const order = (orderId: string) => ({ orderId, customer: "alice", amount: 30, item: "widget", quantity: 1 });

describe("saga world", () => {
  it("is deterministic: the same seed gives the same trace", () => {
    const run = () => {
      const world = new SagaWorld(SagaOrchestrator, { seed: 9, network: { dropRate: 0.1, duplicateRate: 0.1 } });
      world.placeOrders([order("o1"), order("o2")], { spacingMs: 30 });
      world.runUntilEnded(10_000);
      return world.sim.trace.hash();
    };
    expect(run()).to.equal(run());
  });

  it("records every status the order service shows, and what it answered clients", () => {
    const world = new SagaWorld(SagaOrchestrator, { seed: 1 });
    world.placeOrders([order("o1")], { resendMs: 20 });
    expect(world.runUntilEnded(5_000)).to.equal(true);
    const reports = world.run().statusReports;
    expect(reports.filter((r) => r.source === `${ORDER_SERVICE}.inspect()`).map((r) => r.status)).to.deep.equal(["PENDING", "APPROVED"]);
    expect(reports.some((r) => r.source.includes("answers") && r.status === "PENDING")).to.equal(true);
    expect(checkSagas(world.run()).verdict).to.equal("OK");
  });

  it("crashes a node at a chosen instant and brings it back", () => {
    const world = new SagaWorld(SagaOrchestrator, { seed: 1 });
    world.crashWhen(ORDER_SERVICE, (r) => r.action === "reserve", 100, "test");
    world.placeOrders([order("o1")]);
    world.runUntilEnded(5_000);
    const kinds = world.sim.trace.events.filter((e) => (e.kind === "crash" || e.kind === "restart") && e.node === ORDER_SERVICE).map((e) => e.kind);
    expect(kinds).to.deep.equal(["crash", "restart"]);
    expect(world.status("o1")).to.equal("APPROVED");
  });
});
