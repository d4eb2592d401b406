import { expect } from "chai";
import { runPartialFailure, TIMEOUT_SCENARIOS, type PartialFailureRun, type TimeoutScenario } from "../../../src/demos/week1/partial-failure";

/** The messages a run dropped, as "from->to reason". */
function drops(run: PartialFailureRun): string[] {
  return run.events.flatMap((e) => (e.kind === "drop" ? [`${e.from}->${e.to} ${e.reason}`] : []));
}

describe("demos/week1: partial failure (a timeout that means different things)", () => {
  const runs = TIMEOUT_SCENARIOS.map((scenario) => runPartialFailure(scenario, { seed: 1 }));
  const byName = (scenario: TimeoutScenario) => runs[TIMEOUT_SCENARIOS.indexOf(scenario)];

  it("the client decides the same thing in every scenario: a timeout at 100 ms", () => {
    for (const run of runs) {
      const decided = run.clientSaw.filter((outcome) => outcome.result !== "late");
      expect(decided, run.scenario).to.deep.equal([{ attempt: 1, result: "timeout", atMs: 100 }]);
    }
  });

  it("the service's state differs: nothing, down with nothing, or the order processed", () => {
    expect(byName("request lost")).to.deep.include({ orders: [], serviceUp: true });
    expect(byName("service down")).to.deep.include({ orders: [], serviceUp: false });
    expect(byName("reply lost").orders).to.have.length(1);
    expect(byName("reply slow").orders).to.have.length(1);
  });

  it("each scenario breaks what it says: loss, a down receiver, a cut reply, a late reply", () => {
    expect(drops(byName("request lost"))).to.deep.equal(["c1->n1 loss"]);
    expect(drops(byName("service down"))).to.deep.equal(["c1->n1 down"]);
    expect(drops(byName("reply lost"))).to.deep.equal(["n1->c1 partition"]);
    expect(drops(byName("reply slow"))).to.deep.equal([]);
    expect(byName("reply slow").clientSaw[1]).to.include({ result: "late" });
  });

  it("a retry after a lost reply makes a second order with POST, and finds the first with PUT", () => {
    const post = runPartialFailure("reply lost", { seed: 1, retriesMax: 1, healAtMs: 90, api: "POST" });
    const put = runPartialFailure("reply lost", { seed: 1, retriesMax: 1, healAtMs: 90, api: "PUT" });
    for (const run of [post, put]) expect(run.clientSaw.map((o) => o.result)).to.deep.equal(["timeout", "processed"]);
    expect(post.orders).to.have.length(2);
    expect(put.orders).to.deep.equal([{ orderId: "7f3c9a2e", item: "one keyboard" }]);
  });

  it("is deterministic: the same seed gives the same trace", () => {
    const again = runPartialFailure("reply slow", { seed: 1 });
    expect(JSON.stringify(again.events)).to.equal(JSON.stringify(byName("reply slow").events));
  });
});
