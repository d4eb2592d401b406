/**
 * PACELC's "else": even with no partition, consistency costs latency. A demo for notebook 01.
 *
 * A client writes to a coordinator (n1), which stores the value, sends it to the other four
 * replicas, and acknowledges the client once `acksNeeded` replicas (itself included) stored it:
 * 1 (answer at once, the others catch up later), a majority (3 of 5) or all 5. The client
 * writes one value after another and measures how long each acknowledgement takes.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { DelayDistribution } from "../../sim/network";
import { Simulation } from "../../sim/simulation";

type Msg =
  | { type: "ClientWrite"; seq: number }
  | { type: "WriteAck"; seq: number }
  | { type: "Store"; seq: number }
  | { type: "Stored"; seq: number };

/** Every server stores what it is sent; n1 also coordinates the client's writes. */
export class AckAfterNode implements ProtocolNode<Msg, never> {
  private readonly storedBy = new Map<number, Set<NodeId>>();
  private readonly client = new Map<number, NodeId>();

  constructor(
    private readonly ctx: NodeContext<Msg, never>,
    private readonly acksNeeded: number,
  ) {}

  onStart(): void {}

  onMessage(from: NodeId, msg: Msg): void {
    if (msg.type === "ClientWrite") {
      this.client.set(msg.seq, from);
      this.storedBy.set(msg.seq, new Set());
      this.count(this.ctx.id, msg.seq);
      for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "Store", seq: msg.seq });
    } else if (msg.type === "Store") {
      this.ctx.send(from, { type: "Stored", seq: msg.seq });
    } else if (msg.type === "Stored") {
      this.count(from, msg.seq);
    }
  }

  onTimer(): void {}

  /** One more replica has the write; acknowledge the client when it makes `acksNeeded`. */
  private count(replica: NodeId, seq: number): void {
    const stored = this.storedBy.get(seq);
    if (!stored) return;
    stored.add(replica);
    if (stored.size !== this.acksNeeded) return;
    this.ctx.send(this.client.get(seq) as NodeId, { type: "WriteAck", seq });
    this.client.delete(seq);
  }
}

/** Writes `writes` values one after another and appends each one's latency to `latenciesMs`. */
export class LatencyClient implements ProtocolNode<Msg, never> {
  private seq = 0;
  private sentAtMs = 0;

  constructor(
    private readonly ctx: NodeContext<Msg, never>,
    private readonly writes: number,
    private readonly latenciesMs: number[],
  ) {}

  onStart(): void {
    this.write();
  }

  onMessage(_from: NodeId, msg: Msg): void {
    if (msg.type !== "WriteAck" || msg.seq !== this.seq) return;
    this.latenciesMs.push(this.ctx.now() - this.sentAtMs);
    if (this.seq < this.writes) this.write();
  }

  onTimer(): void {}

  private write(): void {
    this.sentAtMs = this.ctx.now();
    this.ctx.send("n1", { type: "ClientWrite", seq: ++this.seq });
  }
}

export interface WriteLatencyOptions {
  seed: number;
  acksNeeded: number;
  delay: DelayDistribution;
  /** One replica whose every message takes this much longer (e.g. in another datacenter). */
  slowReplica?: { id: NodeId; extraDelayMs: number };
  writes?: number;
}

/** Mean latency (ms) the client sees for a write, five replicas, no faults. */
export function meanWriteLatencyMs(options: WriteLatencyOptions): number {
  const sim = new Simulation({ seed: options.seed, network: { delay: options.delay }, trace: false });
  sim.addServers(5, (ctx) => new AckAfterNode(ctx, options.acksNeeded));
  const writes = options.writes ?? 200;
  const latenciesMs: number[] = [];
  sim.addNode("c1", (ctx) => new LatencyClient(ctx, writes, latenciesMs));
  if (options.slowReplica) sim.setSlow(options.slowReplica.id, options.slowReplica.extraDelayMs);
  sim.runUntil(() => latenciesMs.length >= writes, { timeoutMs: 10 * 60_000 });
  return latenciesMs.reduce((sum, ms) => sum + ms, 0) / latenciesMs.length;
}
