/**
 * The Raft watcher names causes, not only the broken invariant: a lost committed entry (with the
 * cause a restart points to), a leader committing an older term's entry by counting, and the
 * voters that elected a leader whose log was behind theirs.
 */
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

type Entry = { term: number; command: number };
const snap = (role: RaftSnapshot["role"], term: number, log: Entry[], extra: Partial<RaftSnapshot> = {}): RaftSnapshot => ({ role, term, votedFor: null, log, commitIndex: 0, lastApplied: 0, ...extra });

describe("check: Raft watcher, causes", () => {
  it("a leader that moves its commitIndex to an entry of an older term is named with §5.4.2", () => {
    const log = [{ term: 1, command: 0 }, { term: 2, command: 1 }];
    let leader = snap("leader", 3, log, { commitIndex: 1 });
    const watcher = new RaftSafetyWatcher({ snapshots: () => new Map([["n1", leader]]), now: () => 9 });
    watcher.afterEvent();
    expect(watcher.violation).to.equal(undefined);
    leader = { ...leader, commitIndex: 2 };
    watcher.afterEvent();
    expect(watcher.violation?.property).to.equal("leader commitment");
    expect(watcher.violation?.message).to.include("n1, leader of term 3, moved its commitIndex from 1 to 2, an entry of term 2");
  });

  it("a leader elected without a committed entry is told which voters had a more up-to-date log", () => {
    const views = new Map<NodeId, RaftSnapshot>([["n1", snap("follower", 1, [{ term: 1, command: 7 }])]]);
    const watcher = new RaftSafetyWatcher({ snapshots: () => views, now: () => 9 });
    watcher.onApply("n1", { index: 1, term: 1, command: 7 });
    views.set("n1", snap("follower", 2, [{ term: 1, command: 7 }], { votedFor: "n2" }));
    views.set("n2", snap("leader", 2, []));
    watcher.afterEvent();
    expect(watcher.violation?.property).to.equal("leader completeness");
    expect(watcher.violation?.message).to.include("it got the votes of n1 (log ends at index 1, term 1) although its own log ends at index 0, term 0");
  });

  it("a server whose commitIndex goes back is named, unless it restarted (commitIndex is volatile)", () => {
    const log = [{ term: 1, command: 0 }, { term: 1, command: 1 }];
    let follower = snap("follower", 1, log, { commitIndex: 2 });
    const watcher = new RaftSafetyWatcher({ snapshots: () => new Map([["n1", follower]]), now: () => 9 });
    watcher.afterEvent();
    watcher.onRestart("n1");
    follower = { ...follower, commitIndex: 0 };
    watcher.afterEvent();
    expect(watcher.violation).to.equal(undefined);
    follower = { ...follower, commitIndex: 2 };
    watcher.afterEvent();
    follower = { ...follower, commitIndex: 1 };
    watcher.afterEvent();
    expect(watcher.violation?.property).to.equal("commit index monotonic");
    expect(watcher.violation?.message).to.include("n1 moved its commitIndex back from 2 to 1");
  });
});
