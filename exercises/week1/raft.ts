/**
 * Week 1, exercise 2: Raft (section 14.2, practice week 1).
 *
 * Read first: the Raft paper's Figure 2 (the whole algorithm on one page), the contract in
 * src/contracts/raft.ts (start / getState / inspect / apply), and docs/simulator.md (the node
 * API: messages, timers, storage). Notebooks 04 and 05 walk through elections and replication.
 *
 * The chapter sketches an election like this:
 *
 *     func (n *RaftNode) StartElection() {
 *         n.state = Candidate; n.currentTerm++; n.votedFor = n.id
 *         votes := 1
 *         for _, peer := range n.peers {
 *             if peer.RequestVote(n.currentTerm, n.id) { votes++ }   // a blocking call per peer
 *         }
 *         if votes > len(n.peers)/2 { n.state = Leader; n.sendHeartbeats() }
 *     }
 *
 * It cannot work here, and would not work for real:
 *   - RequestVote is a message, not a function call: replies arrive later, in any order, maybe
 *     twice, maybe never. Count votes as replies arrive (a set of voters, not a counter).
 *   - A reply from an older term, or after you stopped being a candidate, must be ignored.
 *   - Any message with a higher term turns you into a follower of that term.
 *   - Nothing randomizes the election timeout: with fixed timeouts, candidates keep splitting the
 *     vote forever. Draw each timeout from [electionTimeoutMsMin, electionTimeoutMsMax] with
 *     ctx.random().
 *   - Nothing is persisted: a server that votes, crashes and restarts could vote again in the
 *     same term. currentTerm, votedFor and log[] must be in ctx.storage before you answer a
 *     message that depends on them.
 *   - A voter must also check that the candidate's log is at least as up to date as its own
 *     (the election restriction, section 5.4.1), or a leader could lack committed entries.
 *
 * What the tests check (over many seeds, with safety checked after every event), on clusters of
 * 1 to 7 servers (a cluster of one is its own majority: it elects and commits without any reply):
 * one leader elected quickly and kept while nothing fails; a new leader after a failure; no leader without
 * a majority (the chapter's "1,2|3,4,5" partition); agreement on commands with failures, lossy
 * and reordering networks, partitions and crashes; fast log backup; persistence across restarts;
 * the figure-8 scenario; a sensible number of messages.
 *
 * The classic traps:
 *   - reset the election timer only when you grant a vote, start an election, or hear from the
 *     current leader (AppendEntries of your term); not on every message;
 *   - a leader commits an entry by counting replicas ONLY for entries of its own term; older
 *     entries commit indirectly (section 5.4.2, the figure-8 hazard);
 *   - AppendEntries must not truncate entries that already match: a late, duplicated request
 *     would otherwise erase newer entries;
 *   - replies can be duplicated and reordered: never let an old reply move nextIndex/matchIndex backwards;
 *   - requests can be too: commitIndex only increases, even when a late AppendEntries carries an older leaderCommit;
 *   - apply committed entries in order, each exactly once, with apply({ index, term, command }).
 *
 * Going further (not required): check quorum. A leader that has not heard from a majority for an
 * election timeout steps down. Without it, the old leader on the minority side of "1,2|3,4,5"
 * keeps believing it leads (it can never commit anything), which is what the live cluster's
 * /status shows. The reference solution does it.
 */
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import { notImplemented } from "../../src/contracts/not-implemented";
import {
  DEFAULT_RAFT_CONFIG,
  type ApplyMsg,
  type LogEntry,
  type RaftConfig,
  type RaftPeer,
  type RaftRole,
  type RaftSnapshot,
  type RaftState,
  type StartResult,
} from "../../src/contracts/raft";

const FILE = "exercises/week1/raft.ts";

/** A starting point for your messages (Figure 2's RPCs and their replies). Change them freely. */
export type RaftMessage =
  | { type: "RequestVote"; term: number; candidateId: NodeId; lastLogIndex: number; lastLogTerm: number }
  | { type: "RequestVoteReply"; term: number; voteGranted: boolean }
  | { type: "AppendEntries"; term: number; leaderId: NodeId; prevLogIndex: number; prevLogTerm: number; entries: LogEntry[]; leaderCommit: number }
  | { type: "AppendEntriesReply"; term: number; success: boolean; matchIndex: number; conflictTerm: number; conflictIndex: number };

/** Your timers: e.g. an election timeout and a heartbeat. */
export type RaftTimer = { type: "election" } | { type: "heartbeat"; term: number };

export class RaftNode implements RaftPeer<RaftMessage, RaftTimer> {
  // Persistent state on all servers (Figure 2). Keep it in ctx.storage as well.
  private currentTerm = 0;
  private votedFor: NodeId | null = null;
  private log: LogEntry[] = []; // log[0] is the entry at index 1

  // Volatile state on all servers.
  private role: RaftRole = "follower";
  private commitIndex = 0;
  private lastApplied = 0;

  // Volatile state on leaders (reinitialized after election): nextIndex and matchIndex per peer.
  // Volatile state on candidates: the set of servers that voted for you.

  constructor(
    private readonly ctx: NodeContext<RaftMessage, RaftTimer>,
    private readonly apply: (msg: ApplyMsg) => void,
    private readonly config: RaftConfig = DEFAULT_RAFT_CONFIG,
  ) {}

  /** Boot: read persistent state from ctx.storage, start as a follower with an election timer. */
  onStart(): void {
    notImplemented("RaftNode.onStart", FILE);
  }

  /** Boot after a crash: the same as onStart (volatile state starts empty; storage is intact). */
  onRestart(): void {
    this.onStart();
  }

  /**
   * The service asks to replicate `command`. A leader appends it to its log (persisting it) and
   * returns { index, term, isLeader: true } at once, without waiting for agreement; anyone else
   * returns isLeader: false and does nothing.
   */
  start(command: Json): StartResult {
    return notImplemented("RaftNode.start", FILE);
  }

  /** The current term, and whether this server believes it is the leader. */
  getState(): RaftState {
    return notImplemented("RaftNode.getState", FILE);
  }

  /** Plumbing for the tests and pictures: Figure 2's state as it is now. */
  inspect(): RaftSnapshot {
    return { role: this.role, term: this.currentTerm, votedFor: this.votedFor, log: this.log, commitIndex: this.commitIndex, lastApplied: this.lastApplied };
  }

  onMessage(from: NodeId, msg: RaftMessage): void {
    notImplemented("RaftNode.onMessage", FILE);
  }

  onTimer(timer: RaftTimer): void {
    notImplemented("RaftNode.onTimer", FILE);
  }
}
