/**
 * What each server's log last looked like, for pictures of the logs (src/viz/raft-logs.ts). A
 * crashed server's log is still on its disk, but inspect() can no longer be asked: this observer
 * reads every server's inspect() after each event and remembers the last one, so a picture can
 * draw the crashed server's log as it was, marked down. It never calls into the protocol beyond
 * inspect(). (Roles and terms need no observer: the harness publishes them into the trace.)
 */
import type { NodeId } from "../../contracts/node";
import type { RaftSnapshot } from "../../contracts/raft";
import type { RaftCluster } from "../../harness/raft";
import type { RaftLogRow } from "../../viz/raft-logs";

export class RaftObserver {
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

  /**
   * Look at every server now. It runs after every event by itself; call it before a crash or
   * restart the script makes between events, so the state just before is recorded too.
   */
  observeNow(): void {
    for (const [id, snapshot] of this.cluster.snapshots()) this.lastSeen.set(id, snapshot);
  }
}
