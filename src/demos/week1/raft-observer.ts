/**
 * Pictures of a Raft run that do not depend on what the node annotates. The state timeline and
 * the space-time diagram colour each server by the `role` and `term` it published with
 * ctx.annotate, and a RaftNode is free not to publish anything. This observer reads every
 * server's inspect() after each event instead, and adds a `role`/`term` annotation to a copy of
 * the trace whenever one changes, so the notebooks can draw any RaftNode (yours included).
 *
 * It also remembers what each server last showed, so a picture of the logs can still draw a
 * crashed server's log (it is on that server's disk). It observes; it never calls into the
 * protocol beyond inspect().
 */
import type { NodeId } from "../../contracts/node";
import type { RaftSnapshot } from "../../contracts/raft";
import type { RaftCluster } from "../../harness/raft";
import type { TraceEvent } from "../../sim/trace";
import type { RaftLogRow } from "../../viz/raft-logs";

interface Observation {
  /** Inserted after this many events of the real trace. */
  afterEvents: number;
  event: TraceEvent;
}

export class RaftObserver {
  private readonly observations: Observation[] = [];
  private readonly last = new Map<NodeId, string>();
  private readonly lastSeen = new Map<NodeId, RaftSnapshot>();

  constructor(private readonly cluster: RaftCluster) {
    cluster.sim.afterEachEvent(() => this.observeNow());
  }

  /** Every server's log as it is now, or as it was when the server went down; copied, so later events do not change it. */
  logRows(): RaftLogRow[] {
    this.observeNow();
    return this.cluster.servers.map((id) => {
      const seen = this.lastSeen.get(id);
      const down = !this.cluster.sim.isUp(id);
      if (seen === undefined) return { id, log: [], down };
      return { id, log: seen.log.map((entry) => ({ ...entry })), commitIndex: seen.commitIndex, role: down ? undefined : seen.role, term: seen.term, down };
    });
  }

  /** The run's trace with the observed role and term changes merged in, in time order. */
  events(): TraceEvent[] {
    this.observeNow();
    const real = this.cluster.sim.trace.events;
    const merged: TraceEvent[] = [];
    let next = 0;
    for (let i = 0; i <= real.length; i++) {
      while (next < this.observations.length && this.observations[next].afterEvents === i) merged.push(this.observations[next++].event);
      if (i < real.length) merged.push(real[i]);
    }
    return merged;
  }

  /**
   * Look at every server now. It runs after every event by itself; call it before a crash or
   * restart the script makes between events, so the state just before is recorded too.
   */
  observeNow(): void {
    const snapshots = this.cluster.snapshots();
    for (const id of this.cluster.servers) {
      const snapshot = snapshots.get(id);
      if (snapshot === undefined) {
        this.last.delete(id); // down: a restarted server is drawn afresh
        continue;
      }
      this.lastSeen.set(id, snapshot);
      const key = `${snapshot.role}/${snapshot.term}`;
      if (this.last.get(id) === key) continue;
      this.last.set(id, key);
      this.observations.push({
        afterEvents: this.cluster.sim.trace.events.length,
        event: { t: this.cluster.sim.now, kind: "annotate", node: id, state: { role: snapshot.role, term: snapshot.term } },
      });
    }
  }
}
