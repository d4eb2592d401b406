/**
 * The chapter's August store, as a key-value store: master-slave (leader-follower) replication
 * with asynchronous shipping, for notebook 03's consistency models. A demo, not an exercise.
 *
 * The leader n1 appends each write to its log and acknowledges it at once; it ships the log to
 * each follower separately, after a lag drawn from [replicationLagMsMin, replicationLagMsMax]
 * (2 to 5 s in the chapter), so followers fall behind by different amounts and catch up in their
 * own time. Every replica answers reads from the log it has. Where clients read decides what
 * they see: the leader (linearizable, while it is reachable), any follower (stale reads that can
 * go backwards), always the same follower, or a follower that must not answer from behind the
 * session's position (it forwards the read to the leader instead).
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { StoreReply, StoreRequest } from "./consistency-client";

export const LEADER: NodeId = "n1";

export interface LeaderFollowerOptions {
  replicationLagMsMin: number;
  replicationLagMsMax: number;
}

interface Entry {
  key: string;
  value: Json;
}

type Msg = StoreRequest | StoreReply | { type: "Ship"; entries: Entry[] };
type Timer = { type: "ship"; to: NodeId; length: number };

export class LeaderFollowerStore implements ProtocolNode<Msg, Timer> {
  /** The writes this replica has, in the leader's order. */
  log: Entry[] = [];

  constructor(
    private readonly ctx: NodeContext<Msg, Timer>,
    private readonly options: LeaderFollowerOptions,
  ) {}

  /** What this replica would answer for each key now. */
  get values(): Record<string, Json> {
    const values: Record<string, Json> = {};
    for (const entry of this.log) values[entry.key] = entry.value;
    return values;
  }

  onStart(): void {}

  onMessage(_from: NodeId, msg: Msg): void {
    if (msg.type === "Put") this.put(msg);
    else if (msg.type === "Get") this.get(msg);
    else if (msg.type === "Ship" && msg.entries.length > this.log.length) {
      this.log = msg.entries; // shipments may arrive out of order: keep the longest prefix
      this.ctx.annotate({ applied: this.log.length });
    }
  }

  onTimer(timer: Timer): void {
    this.ctx.send(timer.to, { type: "Ship", entries: this.log.slice(0, timer.length) });
  }

  private put(msg: Extract<StoreRequest, { type: "Put" }>): void {
    if (this.ctx.id !== LEADER) return this.ctx.send(LEADER, msg);
    this.log.push({ key: msg.key, value: msg.value });
    this.ctx.annotate({ applied: this.log.length });
    this.ctx.send(msg.client, { type: "Reply", reqId: msg.reqId, value: null, position: this.log.length }); // before any follower has it
    const { replicationLagMsMin: min, replicationLagMsMax: max } = this.options;
    for (const follower of this.ctx.peers) this.ctx.setTimer(min + this.ctx.random() * (max - min), { type: "ship", to: follower, length: this.log.length });
  }

  private get(msg: Extract<StoreRequest, { type: "Get" }>): void {
    if (this.log.length < msg.atLeast && this.ctx.id !== LEADER) return this.ctx.send(LEADER, msg); // behind this session: let the leader answer
    this.ctx.send(msg.client, { type: "Reply", reqId: msg.reqId, value: this.values[msg.key] ?? null, position: this.log.length });
  }
}
