/**
 * The Raft paper's Figure 8, staged on a simulated cluster of any RaftNode class with
 * partitions and crashes, so notebook 05 can draw every server's log after each step:
 *
 *   (a) the leader s1 sends entry A to s2 only, then crashes;
 *   (b) s3, s4, s5 elect a leader of a newer term, which takes entry B and crashes before
 *       sending it to anyone;
 *   (c) s1 comes back, s1 or s2 (they hold A) leads s1, s2 and s3 and copies A to s3: A is now
 *       on a majority, from an old term. Variant "commit-own-term": this leader also commits an
 *       entry of its own term, which commits A with it;
 *   (d) that leader crashes; the server holding B comes back and the rest may elect it, because
 *       B's term is newer than A's. It overwrites A, unless A was committed after all;
 *   (e) everyone back, one more command: all logs agree.
 *
 * The script only partitions, crashes, restarts and submits commands; the protocol is the
 * class under test. A safety violation stops the run, and the steps so far are kept with it.
 */
import type { NodeId } from "../../contracts/node";
import { DEFAULT_RAFT_CONFIG, type RaftNodeConstructor } from "../../contracts/raft";
import { RaftCluster, RaftTestFailure } from "../../harness/raft";
import type { RaftLogRow } from "../../viz/raft-logs";
import { RaftObserver } from "./raft-observer";
import { logLength, split, submit } from "./raft-script";

export type Figure8Variant = "overwrite" | "commit-own-term";

export interface Figure8Step {
  label: string;
  rows: RaftLogRow[];
}

export interface Figure8Run {
  steps: Figure8Step[];
  cluster: RaftCluster;
  observer: RaftObserver;
  /** The RaftTestFailure that stopped the run, in words. */
  failure?: string;
}

export function replayFigure8(NodeClass: RaftNodeConstructor, seed: number, variant: Figure8Variant): Figure8Run {
  const cluster = new RaftCluster(NodeClass, { seed });
  const observer = new RaftObserver(cluster);
  const run: Figure8Run = { steps: [], cluster, observer };
  try {
    stage(cluster, observer, variant, (label) => run.steps.push({ label, rows: observer.logRows() }));
  } catch (error) {
    if (!(error instanceof RaftTestFailure)) throw error;
    run.failure = error.message;
    run.steps.push({ label: "stopped by the safety check", rows: observer.logRows() });
  }
  return run;
}

function stage(cluster: RaftCluster, observer: RaftObserver, variant: Figure8Variant, step: (label: string) => void): void {
  const crash = (id: NodeId) => {
    observer.observeNow();
    cluster.crash(id);
  };
  cluster.one("init", 5, true);
  const s1 = cluster.checkOneLeader();
  const [s2, s3, s4, s5] = cluster.servers.filter((id) => id !== s1);
  // (a)
  split(cluster, [s1, s2]);
  submit(cluster, s1, "A");
  cluster.sim.runUntil(() => logLength(cluster, s2) >= 2, { timeoutMs: 1_000 });
  crash(s1);
  step(`(a) ${s1} leads, sends A to ${s2} only, and crashes`);
  // (b)
  split(cluster, [s3, s4, s5], [s2]);
  const bLeader = cluster.checkOneLeader([s3, s4, s5]);
  split(cluster, [bLeader], [s2]);
  submit(cluster, bLeader, "B");
  crash(bLeader);
  step(`(b) ${bLeader} leads a newer term among ${[s3, s4, s5].join(", ")}, takes B, and crashes`);
  // (c)
  const [witness, bystander] = [s3, s4, s5].filter((id) => id !== bLeader);
  cluster.restart(s1);
  split(cluster, [s1, s2, witness], [bystander]);
  const aLeader = cluster.checkOneLeader([s1, s2, witness]);
  cluster.sim.runUntil(() => logLength(cluster, witness) >= 2, { timeoutMs: 2_000 });
  if (variant === "commit-own-term") {
    const own = submit(cluster, aLeader, "C").index;
    cluster.sim.runUntil(() => (cluster.node(aLeader)?.inspect().commitIndex ?? 0) >= own, { timeoutMs: 2_000 });
  }
  cluster.sim.runFor(DEFAULT_RAFT_CONFIG.electionTimeoutMsMax); // a leader that commits A by counting replicas has done it by now
  step(`(c) ${aLeader} leads ${[s1, s2, witness].join(", ")}: A is on a majority${variant === "commit-own-term" ? ", and so is C of the leader's own term" : ""}`);
  // (d)
  crash(aLeader);
  cluster.restart(bLeader);
  const survivors = [bLeader, witness, bystander];
  split(cluster, survivors);
  const dLeader = cluster.checkOneLeader(survivors);
  cluster.one("D", 3, true);
  step(`(d) ${aLeader} crashes; ${dLeader} leads ${survivors.join(", ")} and commits D`);
  // (e)
  for (const id of cluster.servers) if (!cluster.sim.isUp(id)) cluster.restart(id);
  cluster.heal();
  cluster.one("E", 5, true);
  step("(e) everyone is back: one more command, and all logs agree");
}
