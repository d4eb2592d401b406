/**
 * What a live Raft server answers on HTTP, in the chapter's week-1 walkthrough format:
 *
 *   $ curl localhost:8080/status
 *   {"node_id": 1, "state": "leader", "term": 3, "cluster_size": 5, "leader": 1, ...}
 *
 * `leader` is the server this one believes leads its current term: itself, or the sender of
 * the last AppendEntries of that term it received (only a leader sends those), else null.
 * POST /command {"command": ...} calls start(command), Raft's client entry point.
 */
import type { Json, NodeId } from "../contracts/node";
import type { ApplyMsg, RaftPeer } from "../contracts/raft";
import type { LiveNode, LiveNodeOptions } from "./host";

/** How many of the last applied commands /status shows. */
const APPLIED_SHOWN = 5;

export interface RaftLiveHooks {
  status: NonNullable<LiveNodeOptions<RaftPeer>["status"]>;
  command: NonNullable<LiveNodeOptions<RaftPeer>["command"]>;
  onDelivered: NonNullable<LiveNodeOptions<RaftPeer>["onDelivered"]>;
  /** Give this to the RaftNode as its `apply` callback. */
  apply(msg: ApplyMsg): void;
}

/** "n3" -> 3, the chapter's node_id; other ids stay as they are. */
export function nodeNumber(id: NodeId): number | string {
  const match = /^n(\d+)$/.exec(id);
  return match ? Number(match[1]) : id;
}

export function raftLiveHooks(getNode: () => RaftPeer | undefined): RaftLiveHooks {
  let heardFrom: { term: number; leader: NodeId } | undefined;
  const applied: ApplyMsg[] = [];
  const leaderOf = (self: NodeId, term: number, isLeader: boolean): NodeId | null => {
    if (isLeader) return self;
    return heardFrom && heardFrom.term === term ? heardFrom.leader : null;
  };
  return {
    apply: (msg) => {
      applied.push(msg);
      if (applied.length > APPLIED_SHOWN) applied.shift();
    },
    onDelivered: (from, msg) => {
      const message = msg as { type?: unknown; term?: unknown } | null;
      const node = getNode();
      if (!node || message?.type !== "AppendEntries" || typeof message.term !== "number") return;
      if (message.term === node.getState().term) heardFrom = { term: message.term, leader: from };
    },
    status: (node, host: LiveNode<RaftPeer>) => {
      const snapshot = node.inspect();
      const { term, isLeader } = node.getState();
      const leader = leaderOf(host.id, term, isLeader);
      return {
        node_id: nodeNumber(host.id),
        id: host.id,
        state: snapshot.role,
        term,
        leader: leader === null ? null : nodeNumber(leader),
        cluster_size: host.peers.length + 1,
        log_length: snapshot.log.length,
        commit_index: snapshot.commitIndex,
        last_applied: snapshot.lastApplied,
        recently_applied: applied.map((msg) => ({ index: msg.index, term: msg.term, command: msg.command })),
        network: host.networkState.description,
        uptime_ms: host.uptimeMs,
      } as Json;
    },
    command: (node, command, host) => {
      const result = node.start(command);
      const leader = leaderOf(host.id, result.term, result.isLeader);
      return { index: result.index, term: result.term, is_leader: result.isLeader, leader: leader === null ? null : nodeNumber(leader) };
    },
  };
}
