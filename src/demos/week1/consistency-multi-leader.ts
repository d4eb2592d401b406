/**
 * Multi-leader replication, for notebook 03: every replica (one per datacenter, say) accepts
 * writes and reads locally and ships each write to the others after a lag. Two clients writing
 * the same key at about the same time on different replicas make two concurrent writes, and the
 * conflict rule decides whether the replicas ever agree. A demo, not an exercise.
 *
 *   last-arrival       apply every write as it arrives: each replica ends with whichever write
 *                      reached it last, and two replicas can disagree forever (no convergence)
 *   last-writer-wins   keep the write with the highest (wall-clock time, replica id) stamp: all
 *                      replicas keep the same one, so they converge, and the other write is lost
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { StoreReply, StoreRequest } from "./consistency-client";

export type ConflictRule = "last-arrival" | "last-writer-wins";

export interface MultiLeaderOptions {
  conflictRule: ConflictRule;
  replicationLagMsMin: number;
  replicationLagMsMax: number;
}

/** When and where a write was accepted: compared by time, then replica id. */
type Stamp = [number, NodeId];

type Msg = StoreRequest | StoreReply | { type: "Replicate"; key: string; value: Json; stamp: Stamp };
type Timer = { type: "replicate"; to: NodeId; key: string; value: Json; stamp: Stamp };

export class MultiLeaderStore implements ProtocolNode<Msg, Timer> {
  private readonly cells: Record<string, { value: Json; stamp: Stamp }> = {};

  constructor(
    private readonly ctx: NodeContext<Msg, Timer>,
    private readonly options: MultiLeaderOptions,
  ) {}

  /** What this replica holds for each key now. */
  get values(): Record<string, Json> {
    const values: Record<string, Json> = {};
    for (const key of Object.keys(this.cells)) values[key] = this.cells[key].value;
    return values;
  }

  onStart(): void {}

  onMessage(_from: NodeId, msg: Msg): void {
    if (msg.type === "Put") {
      const stamp: Stamp = [this.ctx.now(), this.ctx.id];
      this.apply(msg.key, msg.value, stamp);
      this.ctx.send(msg.client, { type: "Reply", reqId: msg.reqId, value: null, position: 0 });
      const { replicationLagMsMin: min, replicationLagMsMax: max } = this.options;
      for (const peer of this.ctx.peers) this.ctx.setTimer(min + this.ctx.random() * (max - min), { type: "replicate", to: peer, key: msg.key, value: msg.value, stamp });
    } else if (msg.type === "Get") {
      this.ctx.send(msg.client, { type: "Reply", reqId: msg.reqId, value: this.cells[msg.key]?.value ?? null, position: 0 });
    } else if (msg.type === "Replicate") {
      this.apply(msg.key, msg.value, msg.stamp);
    }
  }

  onTimer(timer: Timer): void {
    this.ctx.send(timer.to, { type: "Replicate", key: timer.key, value: timer.value, stamp: timer.stamp });
  }

  private apply(key: string, value: Json, stamp: Stamp): void {
    const current = this.cells[key];
    if (current && this.options.conflictRule === "last-writer-wins" && !isNewer(stamp, current.stamp)) return;
    this.cells[key] = { value, stamp };
    this.ctx.annotate({ [key]: value });
  }
}

function isNewer(a: Stamp, b: Stamp): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}
