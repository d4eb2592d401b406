import { expect } from "chai";
import { checkReplicasAgree } from "../../../src/check/convergence";
import { runAntiEntropy } from "../../../src/demos/week2/anti-entropy";

describe("demos/week2: anti-entropy", () => {
  it("without it, replicas that missed writes stay stale; with it, every copy converges, and faster rounds converge sooner", () => {
    const none = runAntiEntropy({ seed: 1, intervalMs: 0 });
    expect(none.stale[0].y).to.be.greaterThan(50);
    expect(none.stale[none.stale.length - 1].y).to.equal(none.stale[0].y);
    expect(checkReplicasAgree(none.replicas).verdict).to.equal("ILLEGAL");
    const slow = runAntiEntropy({ seed: 1, intervalMs: 200 });
    const fast = runAntiEntropy({ seed: 1, intervalMs: 50 });
    for (const run of [slow, fast]) {
      expect(run.convergedAtMs).to.not.equal(undefined);
      expect(checkReplicasAgree(run.replicas).verdict).to.equal("OK");
    }
    expect(fast.convergedAtMs as number).to.be.lessThan(slow.convergedAtMs as number);
    expect(fast.messages, "and cost more messages").to.be.greaterThan(slow.messages);
  });

  it("is deterministic", () => {
    expect(runAntiEntropy({ seed: 3, intervalMs: 100 })).to.deep.equal(runAntiEntropy({ seed: 3, intervalMs: 100 }));
  });
});
