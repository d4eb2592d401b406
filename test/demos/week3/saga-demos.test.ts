import { expect } from "chai";
import { checkSagas, type SagaRule } from "../../../src/check/saga-invariants";
import { NaiveOrchestrator } from "../../../src/demos/week3/saga-naive";
import { ALICE_ORDER, SCENARIOS, type SagaScenario } from "../../../src/demos/week3/saga-notebook";
import { dirtyRead, fuzzyRead, lostUpdate } from "../../../src/demos/week3/saga-anomalies";
import { runChoreography } from "../../../src/demos/week3/saga-choreography";
import type { SagaOrchestratorConstructor } from "../../../src/contracts/saga";
import { SagaWorld } from "../../../src/saga/cluster";
import { sagaTimeline } from "../../../src/viz/saga-timeline";
import { SagaOrchestrator } from "../../../solutions/week3/saga";

function rulesBroken(Orchestrator: SagaOrchestratorConstructor, scenario: SagaScenario): SagaRule[] {
  const world = new SagaWorld(Orchestrator, { seed: 1, ...scenario.options });
  scenario.script?.(world);
  world.placeOrders([ALICE_ORDER], { resendMs: 400 });
  world.runUntilEnded(5_000, 500);
  const verdict = checkSagas(world.run());
  return verdict.verdict === "ILLEGAL" ? [...new Set(verdict.violations.map((v) => v.rule))] : [];
}

describe("notebook 12's saga demos show what the notebook says", () => {
  it("the naive orchestrator works on a quiet day and when the shelf is empty", () => {
    expect(rulesBroken(NaiveOrchestrator, SCENARIOS.quiet)).to.deep.equal([]);
    expect(rulesBroken(NaiveOrchestrator, SCENARIOS.outOfStock)).to.deep.equal([]);
  });

  it("and breaks on each bad day, for the reason the notebook gives", () => {
    expect(rulesBroken(NaiveOrchestrator, SCENARIOS.replyLost)).to.include.members(["fully-compensated", "locks-released"]);
    expect(rulesBroken(NaiveOrchestrator, SCENARIOS.crash)).to.include.members(["completed-once", "status-lock"]);
    expect(rulesBroken(NaiveOrchestrator, SCENARIOS.voidLost)).to.deep.equal(["saga-ends"]);
    expect(rulesBroken(NaiveOrchestrator, SCENARIOS.afterPivot)).to.include("none-after-pivot");
  });

  it("the reference survives every bad day", () => {
    for (const scenario of Object.values(SCENARIOS)) expect(rulesBroken(SagaOrchestrator, scenario), scenario.title).to.deep.equal([]);
  });

  it("the isolation anomalies and their countermeasures end where the notebook says", () => {
    expect([lostUpdate(false).finalBalance, lostUpdate(true).finalBalance]).to.deep.equal([70, 40]);
    expect([dirtyRead(false).finalBalance, dirtyRead(true).finalBalance]).to.deep.equal([100, 50]);
    expect([fuzzyRead(false).finalBalance, fuzzyRead(true).finalBalance]).to.deep.equal([-10, 50]);
  });

  it("the choreographed saga approves, and rejects for want of stock or money", () => {
    const statuses = [{ widget: 1 }, { widget: 0 }].map((stock) => runChoreography(1, ALICE_ORDER, { alice: 100 }, stock).status);
    expect([...statuses, runChoreography(1, ALICE_ORDER, { alice: 10 }, { widget: 1 }).status]).to.deep.equal(["APPROVED", "REJECTED", "REJECTED"]);
  });

  it("the saga timeline draws a mark per command and outlines the ones named", () => {
    const world = new SagaWorld(SagaOrchestrator, { seed: 1, stock: { widget: 0 } });
    world.placeOrders([ALICE_ORDER]);
    world.runUntilEnded(5_000);
    const svg = sagaTimeline(world.run(), { highlight: ["o1/0/void"], title: "out of stock" });
    expect(svg).to.include(">o1: REJECTED</text>");
    expect(svg).to.include('o1/1/reserve&quot;: failed (out of stock');
    expect((svg.match(/stroke-width="2.5"/g) ?? []).length).to.equal(1);
  });
});
