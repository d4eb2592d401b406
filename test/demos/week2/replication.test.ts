import { expect } from "chai";
import { runReplication, type ReplicationMode } from "../../../src/demos/week2/replication-modes";
import { runLeaderFollower } from "../../../src/demos/week1/consistency-scenarios";
import type { Step } from "../../../src/demos/week1/consistency-client";
import { checkReadYourWrites } from "../../../src/check/session-guarantees";

const MODES: ReplicationMode[] = ["asynchronous", "semi-synchronous", "synchronous"];
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe("demos/week2: replication strategies", () => {
  it("the more followers a write waits for, the slower it is acknowledged: async, then semi-sync, then sync", () => {
    const [async, semi, sync] = MODES.map((mode) => mean(runReplication({ seed: 1, mode }).latenciesMs));
    expect(async).to.be.lessThan(semi);
    expect(semi).to.be.lessThan(sync);
  });

  it("when the leader dies, asynchronous replication loses acknowledged writes; semi-synchronous and synchronous lose none", () => {
    for (const seed of [1, 2, 3]) {
      const [async, semi, sync] = MODES.map((mode) => runReplication({ seed, mode, crashLeaderAtMs: 150 }));
      expect(async.failover?.lost.length, `seed ${seed}: async`).to.be.greaterThan(0);
      for (const lost of async.failover?.lost ?? []) expect(async.acknowledged).to.include(lost);
      expect(semi.failover?.lost, `seed ${seed}: semi-sync`).to.deep.equal([]);
      expect(sync.failover?.lost, `seed ${seed}: sync`).to.deep.equal([]);
    }
  });

  it("with a follower down, synchronous replication acknowledges nothing; the others carry on", () => {
    const [async, semi, sync] = MODES.map((mode) => runReplication({ seed: 1, mode, followerDown: "n3" }));
    expect(sync.acknowledged).to.deep.equal([]);
    expect(semi.unanswered).to.deep.equal([]);
    expect(async.unanswered).to.deep.equal([]);
  });

  it("is deterministic", () => {
    const run = () => runReplication({ seed: 4, mode: "semi-synchronous", crashLeaderAtMs: 120 });
    const [a, b] = [run(), run()];
    expect(a.latenciesMs).to.deep.equal(b.latenciesMs);
    expect(a.events).to.deep.equal(b.events);
  });

  it("the chapter's August: a follower 2 to 5 s behind really returns stale data to the customer, and a session token fixes it", () => {
    const placeOrder: Step[][] = [[{ f: "put", key: "orders", value: "#1001" }, { f: "pause", ms: 100 }, { f: "get", key: "orders" }]];
    const august = runLeaderFollower({ seed: 8, reads: "sticky-follower", scripts: placeOrder });
    const read = august.history.operations.find((op) => (op.input as { f: string }).f === "get");
    expect(read?.output, "the order is not there").to.equal(null);
    expect(checkReadYourWrites(august.history, "kv").verdict).to.equal("ILLEGAL");
    const withToken = runLeaderFollower({ seed: 8, reads: "session", scripts: placeOrder });
    expect(checkReadYourWrites(withToken.history, "kv").verdict).to.equal("OK");
  });
});
