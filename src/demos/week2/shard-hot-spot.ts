/**
 * The chapter's June, and what sharding does to it: a demo for notebook 07, not an exercise.
 *
 * A load generator places orders with ids that arrive in order (order-00050000, order-00050001,
 * ...), `writesPerSecond` of them, and sends each to the shard that holds it. Each shard is a
 * database that applies one write at a time, `capacityPerSecond` of them; what it cannot apply
 * at once waits in its queue. Where the ids go decides everything:
 *
 *   one database  every write to one server: once writes arrive faster than it applies them,
 *                 its queue, and every write's latency, grows without end (June's 45 s query)
 *   range         shards own fixed ranges of ids, set up when the ids were smaller: every new id
 *                 is beyond the last split point, so one shard gets all the writes: a hot spot
 *   hash          shard = ringHash(id) mod N: every shard gets its share, and none falls behind
 *
 * The placement rules here are the smallest that show the difference; your routers in
 * exercises/week2/shard-router.ts are the real thing.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { ringHash } from "../../contracts/ring";
import { Simulation } from "../../sim/simulation";

export type Placement = "one database" | "range" | "hash";

export interface HotSpotOptions {
  seed: number;
  placement: Placement;
  /** Shards (ignored for "one database"). Default 4. */
  shards?: number;
  /** Default 1,000: the chapter's June traffic, scaled down tenfold. */
  writesPerSecond?: number;
  /** Writes one shard applies per second. Default 500. */
  capacityPerSecond?: number;
  /** How long the load lasts. Default 3,000 ms. */
  durationMs?: number;
}

export interface HotSpotRun {
  /** Writes each shard received. */
  writesPerShard: { shard: NodeId; writes: number }[];
  /** Every write's latency, by the time it was sent. */
  latencies: { sentAtMs: number; latencyMs: number }[];
}

/** The id of the i-th new order: ids were at 50,000 when the day began. */
export function orderId(i: number): string {
  return `order-${String(50000 + i).padStart(8, "0")}`;
}

/** Range shards split the ids as they were when the shards were set up: 0-9,999, 10,000-19,999, ... */
const RANGE_WIDTH = 10000;

/** The shard (0 .. shards-1) that holds `id` under `placement`. */
export function shardOf(placement: Placement, shards: number, id: string): number {
  if (placement === "one database") return 0;
  if (placement === "hash") return ringHash(id) % shards;
  return Math.min(shards - 1, Math.floor(Number(id.slice("order-".length)) / RANGE_WIDTH));
}

type Msg = { type: "Write"; id: string; sentAtMs: number } | { type: "Written"; sentAtMs: number };

/** A database that applies one write at a time, in arrival order. */
export class ShardNode implements ProtocolNode<Msg, "applied"> {
  private readonly queue: { from: NodeId; sentAtMs: number }[] = [];
  writes = 0;

  constructor(
    private readonly ctx: NodeContext<Msg, "applied">,
    private readonly applyMs: number,
  ) {}

  onStart(): void {}

  onMessage(from: NodeId, msg: Msg): void {
    if (msg.type !== "Write") return;
    this.writes++;
    this.queue.push({ from, sentAtMs: msg.sentAtMs });
    if (this.queue.length === 1) this.ctx.setTimer(this.applyMs, "applied");
  }

  onTimer(): void {
    const done = this.queue.shift();
    if (done) this.ctx.send(done.from, { type: "Written", sentAtMs: done.sentAtMs });
    if (this.queue.length > 0) this.ctx.setTimer(this.applyMs, "applied");
  }
}

/** Sends one new order every `everyMs`, each to its shard, and records how long each took. */
class OrderStream implements ProtocolNode<Msg, "next"> {
  private sent = 0;

  constructor(
    private readonly ctx: NodeContext<Msg, "next">,
    private readonly plan: { everyMs: number; count: number; shardOf: (id: string) => NodeId },
    private readonly latencies: HotSpotRun["latencies"],
  ) {}

  onStart(): void {
    this.onTimer();
  }

  onMessage(_from: NodeId, msg: Msg): void {
    if (msg.type === "Written") this.latencies.push({ sentAtMs: msg.sentAtMs, latencyMs: this.ctx.now() - msg.sentAtMs });
  }

  onTimer(): void {
    const id = orderId(this.sent++);
    this.ctx.send(this.plan.shardOf(id), { type: "Write", id, sentAtMs: this.ctx.now() });
    if (this.sent < this.plan.count) this.ctx.setTimer(this.plan.everyMs, "next");
  }
}

/** Run the day: the load for `durationMs`, then until every write is applied. */
export function runHotSpot(options: HotSpotOptions): HotSpotRun {
  const shards = options.placement === "one database" ? 1 : (options.shards ?? 4);
  const everyMs = 1000 / (options.writesPerSecond ?? 1000);
  const applyMs = 1000 / (options.capacityPerSecond ?? 500);
  const count = Math.round((options.durationMs ?? 3000) / everyMs);
  const sim = new Simulation({ seed: options.seed, trace: false });
  const ids = sim.addServers(shards, (ctx) => new ShardNode(ctx, applyMs));
  const latencies: HotSpotRun["latencies"] = [];
  sim.addNode("orders", (ctx) => new OrderStream(ctx, { everyMs, count, shardOf: (id) => ids[shardOf(options.placement, shards, id)] }, latencies));
  sim.runUntil(() => latencies.length === count, { timeoutMs: 3_600_000 });
  latencies.sort((a, b) => a.sentAtMs - b.sentAtMs);
  return { writesPerShard: ids.map((shard) => ({ shard, writes: sim.node<ShardNode>(shard)?.writes ?? 0 })), latencies };
}

/** The mean latency of the writes sent in each window of `windowMs` (x: the window's start, ms), for a line chart. */
export function latencyOverTime(run: HotSpotRun, windowMs: number): { x: number; y: number }[] {
  const windows = new Map<number, { sum: number; count: number }>();
  for (const { sentAtMs, latencyMs } of run.latencies) {
    const window = Math.floor(sentAtMs / windowMs) * windowMs;
    const total = windows.get(window) ?? { sum: 0, count: 0 };
    windows.set(window, { sum: total.sum + latencyMs, count: total.count + 1 });
  }
  return [...windows.entries()].map(([startMs, { sum, count }]) => ({ x: startMs, y: Math.round(sum / count) }));
}
