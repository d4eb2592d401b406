import { expect } from "chai";
import { join } from "node:path";
import { mutantFile } from "../../grader/mutants";
import type { RaftNodeConstructor } from "../../src/contracts/raft";
import { withForgetfulStorage } from "../../src/demos/week1/raft-amnesia";
import { divergeAndHeal } from "../../src/demos/week1/raft-backup";
import { replayFigure8 } from "../../src/demos/week1/raft-figure8";
import { tryRaft } from "../../src/demos/week1/raft-notebook";
import { RaftObserver } from "../../src/demos/week1/raft-observer";
import { voteRoundsTrace } from "../../src/demos/week1/raft-split-vote";
import { finding } from "../../src/findings/finding";
import { RaftCluster, RaftTestFailure } from "../../src/harness/raft";
import type { TraceEvent } from "../../src/sim/trace";
import { RaftNode } from "../../solutions/week1/raft";

/** A curated Raft mistake (grader/mutants/week1/raft/<name>.patch), built from the reference. */
const mutantRaft = (name: string) => (require(mutantFile(join(__dirname, "..", ".."), 1, "raft", name)) as { RaftNode: RaftNodeConstructor }).RaftNode;

const annotations = (events: readonly TraceEvent[]) => events.filter((e): e is Extract<TraceEvent, { kind: "annotate" }> => e.kind === "annotate");

describe("demos: Raft scenarios for notebooks 04 and 05", () => {
  it("RaftObserver: a crashed server's log is drawn as it was, marked down; after its restart it is observed afresh", () => {
    const cluster = new RaftCluster(RaftNode, { seed: 2 });
    const observer = new RaftObserver(cluster);
    cluster.one("x", 5, true);
    observer.observeNow();
    cluster.crash("n4");
    const rows = observer.logRows();
    const n4 = rows.find((row) => row.id === "n4");
    expect(n4?.down).to.equal(true);
    expect(n4?.log.map((e) => e.command)).to.deep.equal(["x"]);
    const restartedAtMs = cluster.sim.now;
    cluster.restart("n4");
    cluster.sim.runFor(5);
    const back = annotations(cluster.sim.trace.events).filter((e) => e.node === "n4" && e.t >= restartedAtMs);
    expect(back.map((e) => e.state.role)).to.include("follower");
    expect(observer.logRows().find((row) => row.id === "n4")?.down).to.equal(false);
  });

  it("withForgetfulStorage: a restarted node comes back with nothing, the plain class with its term, vote and log", () => {
    const after = (NodeClass: RaftNodeConstructor) => {
      const cluster = new RaftCluster(NodeClass, { seed: 3 });
      cluster.one("x", 5, true);
      cluster.crash("n1");
      cluster.restart("n1");
      return cluster.node("n1")?.inspect();
    };
    const kept = after(RaftNode);
    expect(kept?.term).to.be.greaterThan(0);
    expect(kept?.log).to.have.length(1);
    const forgotten = after(withForgetfulStorage(RaftNode));
    expect(forgotten?.term).to.equal(0);
    expect(forgotten?.votedFor).to.equal(null);
    expect(forgotten?.log).to.have.length(0);
  });

  it("replayFigure8: the reference passes both variants; B replaces A, or A survives with C of the leader's own term", () => {
    const overwrite = replayFigure8(RaftNode, 2, "overwrite");
    expect(overwrite.failure).to.equal(undefined);
    expect(overwrite.steps.map((s) => s.label.slice(0, 3))).to.deep.equal(["(a)", "(b)", "(c)", "(d)", "(e)"]);
    const atTwo = (run: typeof overwrite, step: number) => run.steps[step].rows.map((row) => row.log[1]?.command);
    expect(atTwo(overwrite, 2).filter((c) => c === "A")).to.have.length(3); // (c): A on a majority
    expect(overwrite.steps[2].rows.every((row) => (row.commitIndex ?? 0) < 2)).to.equal(true); // ... and not committed
    expect(atTwo(overwrite, 4)).to.deep.equal(["B", "B", "B", "B", "B"]);
    const ownTerm = replayFigure8(RaftNode, 2, "commit-own-term");
    expect(ownTerm.failure).to.equal(undefined);
    expect(atTwo(ownTerm, 4)).to.deep.equal(["A", "A", "A", "A", "A"]);
  });

  it("replayFigure8: a node that commits an old term's entry by counting replicas is stopped by the safety check", () => {
    const run = replayFigure8(mutantRaft("commit-old-term-by-counting"), 2, "overwrite");
    expect(run.failure).to.match(/^leader commitment violated/);
    expect(run.steps[run.steps.length - 1].label).to.equal("stopped by the safety check");
  });

  it("divergeAndHeal: skipping whole conflicting terms repairs a 100-entry divergence in a handful of messages, one entry at a time does not", () => {
    const fast = divergeAndHeal(RaftNode, 1, 100);
    expect(fast.stale).to.have.length(2);
    for (const s of fast.stale) expect(s.messages).to.be.within(1, 10);
    expect(fast.beforeHeal.filter((row) => row.log.some((e) => e.command === "lost-99"))).to.have.length(2);
    expect(fast.afterCatchUp.filter((row) => !row.down).every((row) => row.log[row.log.length - 1].command === "kept-99")).to.equal(true);
    const slow = divergeAndHeal(mutantRaft("one-entry-backup"), 1, 100);
    for (const s of slow.stale) expect(s.messages).to.be.greaterThan(90);
  });

  it("voteRoundsTrace: a split round elects nobody; a round with a majority of grants makes its candidate leader once", () => {
    const servers = ["n1", "n2", "n3", "n4", "n5"];
    const split = voteRoundsTrace(servers, [{ term: 1, timeouts: { n1: 150, n3: 150, n5: 150 }, grants: { n2: "n1", n4: "n3" } }]);
    expect(annotations(split).filter((e) => e.state.role === "leader")).to.have.length(0);
    expect(split.filter((e) => e.kind === "deliver" && (e.msg as { type: string }).type === "RequestVote")).to.have.length(12);
    expect(split.map((e) => e.t)).to.deep.equal([...split.map((e) => e.t)].sort((a, b) => a - b));
    const won = voteRoundsTrace(servers, [{ term: 2, timeouts: { n3: 300 }, grants: { n1: "n3", n2: "n3", n4: "n3", n5: "n3" } }]);
    const leaders = annotations(won).filter((e) => e.state.role === "leader");
    expect(leaders.map((e) => e.node)).to.deep.equal(["n3"]);
    const replies = won.filter((e) => e.kind === "deliver" && e.to === "n3").map((e) => e.t).sort((a, b) => a - b);
    expect(leaders[0].t).to.equal(replies[1]); // its own vote and the second reply make three of five
    expect(annotations(won).filter((e) => e.node === "n1").map((e) => e.state)).to.deep.include({ role: "follower", term: 2 });
  });

  it("tryRaft: a RaftTestFailure becomes words and undefined; any other error still throws", () => {
    expect(tryRaft(() => 7)).to.equal(7);
    expect(tryRaft(() => { throw new RaftTestFailure(finding("raftTwoLeaders", 2, "n1", "n2")); })).to.equal(undefined);
    expect(() => tryRaft(() => { throw new TypeError("a real bug"); })).to.throw(TypeError, "a real bug");
  });
});
