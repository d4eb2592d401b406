/**
 * Two logs that diverge by many entries, then meet: staged on any RaftNode class for
 * notebook 05's "fast log backup". The old leader and one follower are cut off and take
 * `entriesPerSide` commands that can never commit; the other three elect a leader and commit
 * as many of their own. Then the network heals and that leader crashes at the same moment, so
 * the next leader starts with no idea where the stale servers' logs end (Figure 2: nextIndex
 * starts after its own last entry); the two stale servers must drop their entries and copy the
 * majority's. The run counts the messages each stale server received until its log matched:
 * a leader that backs up one entry per round trip needs about one exchange per diverged entry,
 * one that skips a whole conflicting term needs a handful.
 */
import type { NodeId } from "../../contracts/node";
import type { LogEntry, RaftNodeConstructor } from "../../contracts/raft";
import { RaftCluster } from "../../harness/raft";
import type { RaftLogRow } from "../../viz/raft-logs";
import { RaftObserver } from "./raft-observer";
import { split, submit } from "./raft-script";

export interface CatchUp {
  id: NodeId;
  /** Messages delivered to this server from the heal until its log matched the majority's; undefined if it never did. */
  messages?: number;
  /** How long that took, in virtual ms. */
  ms?: number;
}

export interface BackupRun {
  cluster: RaftCluster;
  observer: RaftObserver;
  beforeHeal: RaftLogRow[];
  afterCatchUp: RaftLogRow[];
  stale: CatchUp[];
}

/** Steady delays (5 to 10 ms), so message counts, not luck, decide how long the repair takes. */
const STEADY_NETWORK = { delay: { kind: "uniform" as const, msMin: 5, msMax: 10 } };
const CATCH_UP_DEADLINE_MS = 10_000;

export function divergeAndHeal(NodeClass: RaftNodeConstructor, seed: number, entriesPerSide: number): BackupRun {
  const cluster = new RaftCluster(NodeClass, { seed, network: STEADY_NETWORK });
  const observer = new RaftObserver(cluster);
  cluster.one("start", 5, true);
  const first = cluster.checkOneLeader();
  const partner = cluster.servers[(cluster.servers.indexOf(first) + 1) % cluster.servers.length];
  const others = cluster.servers.filter((id) => id !== first && id !== partner);
  split(cluster, [first, partner]);
  for (let i = 0; i < entriesPerSide; i++) submit(cluster, first, `lost-${i}`);
  cluster.sim.runFor(500);
  const leader = cluster.checkOneLeader(others);
  for (let i = 0; i < entriesPerSide; i++) submit(cluster, leader, `kept-${i}`);
  const target = cluster.node(leader)?.inspect().log.slice() ?? [];
  cluster.sim.runUntil(() => others.every((id) => (cluster.node(id)?.inspect().commitIndex ?? 0) >= target.length), { timeoutMs: CATCH_UP_DEADLINE_MS });
  const beforeHeal = observer.logRows();
  const stale = watchCatchUp(cluster, [first, partner], target);
  cluster.crash(leader);
  cluster.sim.runUntil(() => stale.every((s) => s.ms !== undefined), { timeoutMs: CATCH_UP_DEADLINE_MS });
  return { cluster, observer, beforeHeal, afterCatchUp: observer.logRows(), stale };
}

/** Heal, and from now on note for each stale server when its log first holds `target` (the majority's entries). */
function watchCatchUp(cluster: RaftCluster, ids: NodeId[], target: readonly LogEntry[]): CatchUp[] {
  const healedAt = cluster.sim.now;
  const received = new Map(ids.map((id) => [id, 0]));
  const progress: CatchUp[] = ids.map((id) => ({ id }));
  let scanned = cluster.sim.trace.events.length; // count deliveries from the heal on
  cluster.heal();
  cluster.sim.afterEachEvent(() => {
    const events = cluster.sim.trace.events;
    for (; scanned < events.length; scanned++) {
      const event = events[scanned];
      if (event.kind === "deliver" && received.has(event.to)) received.set(event.to, (received.get(event.to) as number) + 1);
    }
    for (const entry of progress) {
      if (entry.ms !== undefined || !holds(cluster, entry.id, target)) continue;
      entry.ms = cluster.sim.now - healedAt;
      entry.messages = received.get(entry.id);
    }
  });
  return progress;
}

function holds(cluster: RaftCluster, id: NodeId, target: readonly LogEntry[]): boolean {
  const log = cluster.node(id)?.inspect().log;
  if (!log || log.length < target.length) return false;
  const last = target.length - 1;
  return last < 0 || (log[last].term === target[last].term && JSON.stringify(log[last].command) === JSON.stringify(target[last].command));
}
