/**
 * The Raft exercise's contract (week 1): what your RaftNode must offer the tests, the
 * notebooks and the live cluster. You never edit this file; you implement it in
 * exercises/week1/raft.ts.
 *
 * A Raft node is a `ProtocolNode` (src/contracts/node.ts): it reacts to messages and timers.
 * On top of that, the service using Raft (a key-value store, the tests) talks to it through
 * three calls, as in the paper's client interaction and the MIT 6.5840 lab:
 *
 *   start(command)   ask this node to append `command` to the replicated log. Returns at once,
 *                    without waiting for agreement: the index the command will have if it is
 *                    ever committed, the current term, and whether this node believes it is the
 *                    leader. A non-leader returns isLeader=false and does nothing else.
 *   getState()       the current term and whether this node believes it is the leader.
 *   inspect()        a read-only snapshot of the state of Figure 2 of the paper, which the
 *                    tests' safety checkers and the pictures read after every event.
 *
 * Committed entries are handed to the service by calling `apply(msg)`, once per entry, in log
 * order, with indexes 1, 2, 3, ... without gaps. After a crash and restart a node may apply
 * entries again from index 1 (the service is rebuilt from the log), but never a different
 * command at an index it applied before: that is what state machine safety means.
 *
 * Everything Figure 2 calls "persistent state on all servers" (currentTerm, votedFor, log[])
 * must be in `ctx.storage` before the node answers a message that depends on it.
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "./node";

export type RaftRole = "follower" | "candidate" | "leader";

export interface LogEntry {
  term: number;
  command: Json;
}

/** A committed entry handed to the service. Indexes start at 1. */
export interface ApplyMsg {
  index: number;
  term: number;
  command: Json;
}

export interface StartResult {
  index: number;
  term: number;
  isLeader: boolean;
}

export interface RaftState {
  term: number;
  isLeader: boolean;
}

/**
 * Figure 2's state, as the node sees it right now. `log[0]` is the entry at index 1.
 * The harness reads it after every event and never modifies it, so returning your own
 * arrays (no copy) is fine and fast.
 */
export interface RaftSnapshot {
  role: RaftRole;
  term: number;
  votedFor: NodeId | null;
  log: readonly LogEntry[];
  commitIndex: number;
  lastApplied: number;
}

/** Timing settings. The tests use these defaults; the live cluster may scale them. */
export interface RaftConfig {
  /** A follower that hears nothing for a random time in [min, max] starts an election. */
  electionTimeoutMsMin: number;
  electionTimeoutMsMax: number;
  /** How often a leader sends AppendEntries (heartbeats) when it has nothing new. */
  heartbeatMs: number;
}

export const DEFAULT_RAFT_CONFIG: RaftConfig = {
  electionTimeoutMsMin: 150,
  electionTimeoutMsMax: 300,
  heartbeatMs: 50,
};

/**
 * Messages are yours to design (plain JSON), but each needs a `type` so traces and pictures
 * can name it: { type: "RequestVote", term: 3, ... }.
 */
export interface RaftMessageShape {
  type: string;
}

export interface RaftPeer<Msg extends RaftMessageShape = RaftMessageShape, Timer = Json> extends ProtocolNode<Msg, Timer> {
  start(command: Json): StartResult;
  getState(): RaftState;
  inspect(): RaftSnapshot;
}

/** How the tests build your node: `new RaftNode(ctx, apply, config)`. */
export type RaftNodeConstructor = new (
  ctx: NodeContext<any, any>,
  apply: (msg: ApplyMsg) => void,
  config?: RaftConfig,
) => RaftPeer<any, any>;
