/**
 * Raft's safety properties (Figure 3 of the paper) as named checks with messages, watched while
 * a simulated cluster runs:
 *
 *   election safety        at most one leader per term, over the whole run
 *   log matching           two logs with an entry of the same index and term agree up to it
 *   leader completeness    a leader's log holds every entry any server has applied
 *   state machine safety   no two servers apply different commands at one index, and each
 *                          server applies indexes 1, 2, 3, ... in order (again from 1 after a restart)
 *   leader commitment      a leader moves its commitIndex only to an entry of its own term (§5.4.2)
 *   committed entries kept a server's log always holds every index it has applied (a lost one
 *                          was not persisted, or was truncated): the cause behind many
 *                          "leader completeness" failures, named before it gets there
 *   commit index monotonic a server's commitIndex never decreases while it runs (Figure 2: it
 *                          "increases monotonically"; volatile, so from 0 again after a restart)
 *
 * A check returns a finding when it is violated ("term 4 had two leaders: n1 and n3", in the
 * reader's language: findings/); the watcher keeps the first violation and its virtual time, and
 * the harness stops the run on it.
 */
import type { Json, NodeId } from "../contracts/node";
import type { ApplyMsg, RaftSnapshot } from "../contracts/raft";
import { finding, renderFinding, type Finding } from "../findings/finding";

export interface RaftView {
  /** Servers that are up, with what inspect() says (undefined while a server is down). */
  snapshots(): Map<NodeId, RaftSnapshot>;
  now(): number;
}

export interface Violation {
  property: "election safety" | "log matching" | "leader completeness" | "state machine safety" | "committed entries kept" | "leader commitment" | "commit index monotonic";
  /** What broke it, in any language. */
  finding: Finding;
  /** The finding in English. */
  message: string;
  atMs: number;
}

/** Watches one cluster: call `afterEvent` after every simulator event and `onApply` from apply callbacks. */
export class RaftSafetyWatcher {
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** index -> what was applied there first, and by whom. */
  private readonly committed = new Map<number, { command: Json; term: number; by: NodeId }>();
  private readonly nextApply = new Map<NodeId, number>();
  private readonly wasLeader = new Map<NodeId, number>();
  /** The highest index each server ever applied (kept across its restarts), and whether it restarted since. */
  private readonly appliedMax = new Map<NodeId, number>();
  private readonly restartedSince = new Set<NodeId>();
  /** Each leader's commitIndex as last seen while it led (the term it led in, and the index). */
  private readonly leaderCommit = new Map<NodeId, { term: number; index: number }>();
  /** Each server's highest commitIndex seen since it last (re)started. */
  private readonly commitSeen = new Map<NodeId, number>();
  private lastLogCheckMs = -Infinity;
  violation: Violation | undefined;
  /** Every time a server became leader: who, of which term, and when. */
  readonly leaderships: { node: NodeId; term: number; sinceMs: number }[] = [];

  constructor(
    private readonly view: RaftView,
    /** Log matching compares every pair of logs; doing it at most this often keeps long runs fast. */
    private readonly logCheckEveryMs = 20,
  ) {}

  /** A server restarted: it may apply again from index 1. */
  onRestart(node: NodeId): void {
    this.nextApply.set(node, 1);
    this.commitSeen.delete(node);
    if (this.appliedMax.has(node)) this.restartedSince.add(node);
  }

  onApply(node: NodeId, msg: ApplyMsg): void {
    if (this.violation) return;
    const expected = this.nextApply.get(node) ?? 1;
    if (msg.index !== expected) {
      return this.fail("state machine safety", finding("raftAppliedOutOfOrder", node, msg.index, expected));
    }
    this.nextApply.set(node, expected + 1);
    if (msg.index > (this.appliedMax.get(node) ?? 0)) this.appliedMax.set(node, msg.index);
    const first = this.committed.get(msg.index);
    if (first === undefined) {
      this.committed.set(msg.index, { command: msg.command, term: msg.term, by: node });
    } else if (!sameCommand(first.command, msg.command)) {
      this.fail("state machine safety", finding("raftAppliedDifferent", node, show(msg.command), msg.index, first.by, show(first.command)));
    }
  }

  afterEvent(): void {
    if (this.violation) return;
    const snapshots = this.view.snapshots();
    for (const [node, snapshot] of snapshots) {
      const applied = this.appliedMax.get(node) ?? 0;
      if (snapshot.log.length < applied) {
        // A committed entry never leaves a log: lost ones were either never persisted or truncated.
        return this.fail(
          "committed entries kept",
          this.restartedSince.has(node) ? finding("raftLogLostOnRestart", node, applied, snapshot.log.length) : finding("raftLogTruncated", node, applied, snapshot.log.length),
        );
      }
      const commitBefore = this.commitSeen.get(node) ?? 0;
      if (snapshot.commitIndex < commitBefore) return this.fail("commit index monotonic", finding("raftCommitDecreased", node, commitBefore, snapshot.commitIndex));
      this.commitSeen.set(node, snapshot.commitIndex);
      if (snapshot.role !== "leader") {
        this.wasLeader.delete(node);
        this.leaderCommit.delete(node);
        continue;
      }
      const seen = this.leaderCommit.get(node);
      if (seen?.term === snapshot.term && snapshot.commitIndex > seen.index) {
        const entry = snapshot.log[snapshot.commitIndex - 1];
        if (entry !== undefined && entry.term !== snapshot.term) {
          return this.fail("leader commitment", finding("raftCommitOlderTerm", node, snapshot.term, seen.index, snapshot.commitIndex, entry.term));
        }
      }
      this.leaderCommit.set(node, { term: snapshot.term, index: snapshot.commitIndex });
      const holder = this.leaderOfTerm.get(snapshot.term);
      if (holder !== undefined && holder !== node) {
        const [first, second] = [holder, node].sort();
        return this.fail("election safety", finding("raftTwoLeaders", snapshot.term, first, second));
      }
      this.leaderOfTerm.set(snapshot.term, node);
      if (this.wasLeader.get(node) !== snapshot.term) {
        this.wasLeader.set(node, snapshot.term);
        this.leaderships.push({ node, term: snapshot.term, sinceMs: this.view.now() });
        const missing = this.missingCommitted(snapshot);
        if (missing) return this.fail("leader completeness", finding("raftLeaderIncomplete", node, snapshot.term, missing, staleVotes(node, snapshot, snapshots)));
        this.checkLogMatching(snapshots);
      }
    }
    if (this.view.now() - this.lastLogCheckMs >= this.logCheckEveryMs) this.checkLogMatching(snapshots);
  }

  private missingCommitted(leader: RaftSnapshot): Finding | undefined {
    for (const [index, entry] of this.committed) {
      const mine = leader.log[index - 1];
      if (mine === undefined) return finding("raftLeaderWithoutEntry", index, show(entry.command), entry.term, entry.by);
      if (mine.term !== entry.term || !sameCommand(mine.command, entry.command)) {
        return finding("raftLeaderWithOtherEntry", show(mine.command), mine.term, index, entry.by, show(entry.command), entry.term);
      }
    }
    return undefined;
  }

  private checkLogMatching(snapshots: Map<NodeId, RaftSnapshot>): void {
    this.lastLogCheckMs = this.view.now();
    const nodes = [...snapshots.keys()].sort();
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = (snapshots.get(nodes[i]) as RaftSnapshot).log;
        const b = (snapshots.get(nodes[j]) as RaftSnapshot).log;
        // The highest index where both have an entry of the same term: everything below must match.
        let top = Math.min(a.length, b.length);
        while (top > 0 && a[top - 1].term !== b[top - 1].term) top--;
        for (let index = top; index >= 1; index--) {
          const x = a[index - 1];
          const y = b[index - 1];
          if (x.term !== y.term || !sameCommand(x.command, y.command)) {
            return this.fail("log matching", finding("raftLogsDiffer", nodes[i], nodes[j], a[top - 1].term, top, index, show(x.command), x.term, show(y.command), y.term));
          }
        }
      }
    }
  }

  private fail(property: Violation["property"], found: Finding): void {
    this.violation ??= { property, finding: found, message: renderFinding(found), atMs: this.view.now() };
  }
}

/** The voters of a new leader whose own logs were more up to date than its: the election restriction broken (§5.4.1). */
function staleVotes(leader: NodeId, snapshot: RaftSnapshot, snapshots: Map<NodeId, RaftSnapshot>): Finding | "" {
  const last = (log: readonly { term: number }[]) => ({ index: log.length, term: log.length > 0 ? log[log.length - 1].term : 0 });
  const mine = last(snapshot.log);
  const ahead = [...snapshots]
    .filter(([id, s]) => id !== leader && s.term === snapshot.term && s.votedFor === leader)
    .filter(([, s]) => {
      const theirs = last(s.log);
      return theirs.term > mine.term || (theirs.term === mine.term && theirs.index > mine.index);
    })
    .map(([id, s]) => finding("raftVoterAhead", id, last(s.log).index, last(s.log).term));
  return ahead.length === 0 ? "" : finding("raftStaleVotes", ahead, mine.index, mine.term);
}

/** Commands are usually numbers or strings: compare those directly, anything else as JSON. */
function sameCommand(a: Json, b: Json): boolean {
  return a === b || (typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b));
}

function show(command: Json): string {
  const text = JSON.stringify(command);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
