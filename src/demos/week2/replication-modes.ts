/**
 * Synchronous, semi-synchronous and asynchronous replication: when a leader acknowledges a
 * write, and what that decides. A demo for notebook 09, not an exercise.
 *
 * A leader n1 and two followers: n2 in the same datacenter, n3 in another one, farther away.
 * The leader appends each client write to its log and ships it to each follower after that
 * follower's replication lag (the time a real replica takes to fetch the next part of the log);
 * a follower stores what it receives, in log order, and says so. The leader acknowledges the
 * client once `followerAcks` followers stored the write:
 *
 *   asynchronous       0: at once. Fast, but the followers trail behind, and if the leader dies
 *                      the writes it had not shipped yet are lost, although acknowledged
 *   semi-synchronous   1: after the faster follower. One follower's lag on every write; an
 *                      acknowledged write is always on some follower
 *   synchronous        2: after both. The slower follower's lag on every write, and with one
 *                      follower down no write is acknowledged at all
 *
 * Failover: when the leader crashes, the follower with the longest log takes over (what an
 * orchestrator does); acknowledged writes missing from its log are lost.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { Simulation } from "../../sim/simulation";
import type { TraceEvent } from "../../sim/trace";

export type ReplicationMode = "asynchronous" | "semi-synchronous" | "synchronous";

const FOLLOWER_ACKS: Record<ReplicationMode, number> = { asynchronous: 0, "semi-synchronous": 1, synchronous: 2 };
const LEADER: NodeId = "n1";

type Msg =
  | { type: "Write"; seq: number }
  | { type: "Ack"; seq: number }
  | { type: "Append"; index: number; seq: number }
  /** A follower's log now has `length` entries. */
  | { type: "Stored"; length: number };

type Timer = { type: "ship"; to: NodeId; index: number; seq: number } | { type: "write" };

/** The leader (n1) or a follower; `log` holds the client's write numbers in log order. */
export class LogReplica implements ProtocolNode<Msg, Timer> {
  readonly log: number[] = [];
  /** Follower: entries that arrived before the ones in front of them. */
  private readonly early = new Map<number, number>();
  /** Leader: when the last entry to each follower leaves, so shipments keep log order. */
  private readonly lastShipMs = new Map<NodeId, number>();
  /** Leader: for each log index, who asked and which followers stored it. */
  private readonly waiting = new Map<number, { client: NodeId; seq: number; storedBy: Set<NodeId> }>();

  constructor(
    private readonly ctx: NodeContext<Msg, Timer>,
    private readonly options: { followerAcks: number; lagMsMin: number; lagMsMax: number },
  ) {}

  onStart(): void {}

  onMessage(from: NodeId, msg: Msg): void {
    if (msg.type === "Write" && this.ctx.id === LEADER) this.lead(from, msg.seq);
    else if (msg.type === "Append") this.store(msg.index, msg.seq);
    else if (msg.type === "Stored") for (const index of [...this.waiting.keys()]) if (index < msg.length) this.count(from, index);
  }

  onTimer(timer: Timer): void {
    if (timer.type === "ship") this.ctx.send(timer.to, { type: "Append", index: timer.index, seq: timer.seq });
  }

  private lead(client: NodeId, seq: number): void {
    const index = this.log.length;
    this.log.push(seq);
    this.ctx.annotate({ applied: this.log.length });
    const { lagMsMin: min, lagMsMax: max } = this.options;
    for (const follower of this.ctx.peers) {
      const shipMs = Math.max(this.lastShipMs.get(follower) ?? 0, this.ctx.now() + min + this.ctx.random() * (max - min));
      this.lastShipMs.set(follower, shipMs);
      this.ctx.setTimer(shipMs - this.ctx.now(), { type: "ship", to: follower, index, seq });
    }
    this.waiting.set(index, { client, seq, storedBy: new Set() });
    this.count(undefined, index);
  }

  /** One more follower stored entry `index` (none yet when undefined); acknowledge once enough have. */
  private count(follower: NodeId | undefined, index: number): void {
    const entry = this.waiting.get(index);
    if (!entry) return;
    if (follower) entry.storedBy.add(follower);
    if (entry.storedBy.size < this.options.followerAcks) return;
    this.waiting.delete(index);
    this.ctx.send(entry.client, { type: "Ack", seq: entry.seq });
  }

  private store(index: number, seq: number): void {
    if (index >= this.log.length) this.early.set(index, seq);
    while (this.early.has(this.log.length)) {
      this.log.push(this.early.get(this.log.length) as number);
      this.early.delete(this.log.length - 1);
    }
    this.ctx.annotate({ applied: this.log.length });
    this.ctx.send(LEADER, { type: "Stored", length: this.log.length });
  }
}

/** Sends write 1, 2, 3, ... to the leader every `everyMs`, without waiting, and notes each acknowledgement. */
class Writer implements ProtocolNode<Msg, Timer> {
  private sent = 0;
  readonly sentAtMs = new Map<number, number>();
  readonly acked = new Map<number, number>();

  constructor(
    private readonly ctx: NodeContext<Msg, Timer>,
    private readonly plan: { everyMs: number; writes: number },
  ) {}

  onStart(): void {
    this.onTimer();
  }

  onMessage(_from: NodeId, msg: Msg): void {
    if (msg.type === "Ack" && !this.acked.has(msg.seq)) this.acked.set(msg.seq, this.ctx.now());
  }

  onTimer(): void {
    const seq = ++this.sent;
    this.sentAtMs.set(seq, this.ctx.now());
    this.ctx.send(LEADER, { type: "Write", seq });
    if (this.sent < this.plan.writes) this.ctx.setTimer(this.plan.everyMs, { type: "write" });
  }
}

export interface ReplicationRunOptions {
  seed: number;
  mode: ReplicationMode;
  /** Writes sent, one every `everyMs` (defaults 20 and 10). */
  writes?: number;
  everyMs?: number;
  /** The leader ships each entry to each follower this long after it was written (default 20 to 60 ms). */
  lagMsMin?: number;
  lagMsMax?: number;
  /** n3 is in another datacenter: this much more delay on every message to or from it (default 40 ms). */
  farFollowerExtraMs?: number;
  /** Crash the leader at this time; the follower with the longest log takes over. */
  crashLeaderAtMs?: number;
  /** A follower that is down from the start. */
  followerDown?: NodeId;
}

export interface ReplicationRun {
  mode: ReplicationMode;
  /** Each acknowledged write's latency, in write order. */
  latenciesMs: number[];
  acknowledged: number[];
  /** Writes that got no acknowledgement (the leader died, or waited for a follower that was down). */
  unanswered: number[];
  /** After a crash: the follower that took over, and the acknowledged writes its log lacks. */
  failover?: { newLeader: NodeId; lost: number[] };
  events: readonly TraceEvent[];
}

export function runReplication(options: ReplicationRunOptions): ReplicationRun {
  const sim = new Simulation({ seed: options.seed });
  const lagMsMax = options.lagMsMax ?? 60;
  const replicaOptions = { followerAcks: FOLLOWER_ACKS[options.mode], lagMsMin: options.lagMsMin ?? 20, lagMsMax };
  sim.addServers(3, (ctx) => new LogReplica(ctx, replicaOptions));
  const farExtraMs = options.farFollowerExtraMs ?? 40;
  if (farExtraMs > 0) sim.setSlow("n3", farExtraMs);
  const writes = options.writes ?? 20;
  sim.addNode("c1", (ctx) => new Writer(ctx, { everyMs: options.everyMs ?? 10, writes }));
  if (options.followerDown) sim.at(0, `${options.followerDown} is down`, () => sim.crash(options.followerDown as NodeId));
  if (options.crashLeaderAtMs !== undefined) sim.at(options.crashLeaderAtMs, "the leader crashes", () => sim.crash(LEADER));
  sim.runFor(writes * (options.everyMs ?? 10) + 4 * (lagMsMax + farExtraMs) + 100);
  const writer = sim.node<Writer>("c1") as Writer;
  const all = Array.from({ length: writes }, (_, i) => i + 1);
  const acknowledged = all.filter((seq) => writer.acked.has(seq));
  const run: ReplicationRun = {
    mode: options.mode,
    latenciesMs: acknowledged.map((seq) => (writer.acked.get(seq) as number) - (writer.sentAtMs.get(seq) as number)),
    acknowledged,
    unanswered: all.filter((seq) => !writer.acked.has(seq)),
    events: sim.trace.events,
  };
  if (options.crashLeaderAtMs !== undefined) {
    const followers = ["n2", "n3"].filter((id) => sim.isUp(id)).map((id) => ({ id, log: (sim.node<LogReplica>(id) as LogReplica).log }));
    const newLeader = followers.sort((a, b) => b.log.length - a.log.length || a.id.localeCompare(b.id))[0];
    run.failover = { newLeader: newLeader.id, lost: acknowledged.filter((seq) => !newLeader.log.includes(seq)) };
  }
  return run;
}
