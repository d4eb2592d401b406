/** The Raft watcher names a lost committed entry itself, with the cause a restart points to. */
import { expect } from "chai";
import type { NodeId } from "../../src/contracts/node";
import type { RaftSnapshot } from "../../src/contracts/raft";
import { RaftSafetyWatcher } from "../../src/check/raft-invariants";

function follower(log: number): RaftSnapshot {
  return { role: "follower", term: 1, votedFor: null, log: Array.from({ length: log }, (_, i) => ({ term: 1, command: i })), commitIndex: 0, lastApplied: 0 };
}

function watch(logs: Map<NodeId, number>): RaftSafetyWatcher {
  return new RaftSafetyWatcher({ snapshots: () => new Map([...logs].map(([id, n]) => [id, follower(n)])), now: () => 5 });
}

describe("check: Raft watcher, committed entries kept", () => {
  it("a server that comes back from a restart without entries it applied is told to persist its log", () => {
    const logs = new Map([["n1", 2]]);
    const watcher = watch(logs);
    watcher.onApply("n1", { index: 1, term: 1, command: 0 });
    watcher.onApply("n1", { index: 2, term: 1, command: 1 });
    watcher.afterEvent();
    expect(watcher.violation).to.equal(undefined);
    watcher.onRestart("n1");
    logs.set("n1", 0);
    watcher.afterEvent();
    expect(watcher.violation?.property).to.equal("committed entries kept");
    expect(watcher.violation?.message).to.match(/n1 had applied up to index 2 and came back from a restart with 0 entries.*stable storage/);
  });

  it("a server that truncates an entry it applied, without a restart, is told committed entries stay", () => {
    const logs = new Map([["n1", 2]]);
    const watcher = watch(logs);
    watcher.onApply("n1", { index: 1, term: 1, command: 0 });
    logs.set("n1", 0);
    watcher.afterEvent();
    expect(watcher.violation?.message).to.match(/its log now holds only 0 entries: a committed entry is never deleted/);
  });
});
