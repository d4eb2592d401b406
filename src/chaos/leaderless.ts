/**
 * Time without a leader in a Raft chaos run: the election gaps.
 *
 * The hypothesis's recovery time says little about Raft: a killed leader does no harm once its
 * fault period ends (a new leader took over long before), so every period "recovers in 0 s". What
 * a kill costs is the time until the survivors elect a new leader: commands wait meanwhile. That
 * time is what election timeouts, heartbeats and check quorum decide, and what this measures.
 *
 * "A leader" means a server that is up and believes it leads in the newest term that any server
 * up has reached. A leader cut off in an older term does not count: once the others moved on, no
 * command commits through it. The cluster's first election (it boots leaderless) is not counted.
 */
import type { RaftState } from "../contracts/raft";

export interface LeaderlessSpan {
  fromMs: number;
  /** The first sample that saw a leader again, or the end of the traffic (`open`). */
  toMs: number;
  /** True when the traffic ended without a leader. */
  open: boolean;
}

/** True when some server up believes it leads in the newest term any server up has reached. */
export function hasCurrentLeader(states: readonly (RaftState | undefined)[]): boolean {
  const up = states.filter((state): state is RaftState => state !== undefined);
  const newestTerm = Math.max(...up.map((state) => state.term));
  return up.some((state) => state.isLeader && state.term === newestTerm);
}

/** Samples the cluster over time (a virtual or a real clock) and keeps its leaderless spans. */
export class LeaderlessTracker {
  private readonly spans: LeaderlessSpan[] = [];
  private hadLeader = false;
  private leaderlessSinceMs: number | null = null;

  observe(nowMs: number, states: readonly (RaftState | undefined)[]): void {
    const leader = hasCurrentLeader(states);
    if (leader && this.leaderlessSinceMs !== null) {
      this.spans.push({ fromMs: this.leaderlessSinceMs, toMs: nowMs, open: false });
      this.leaderlessSinceMs = null;
    } else if (!leader && this.hadLeader && this.leaderlessSinceMs === null) {
      this.leaderlessSinceMs = nowMs;
    }
    this.hadLeader ||= leader;
  }

  /** The spans so far; one still open at `endMs` ends there, marked open. */
  finish(endMs: number): LeaderlessSpan[] {
    const open = this.leaderlessSinceMs === null ? [] : [{ fromMs: this.leaderlessSinceMs, toMs: endMs, open: true }];
    return [...this.spans, ...open];
  }
}
