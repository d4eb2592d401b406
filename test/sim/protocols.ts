/**
 * Small protocols that exercise the simulator in tests: they use every part of the node API
 * (random choices, timers, storage, annotations) so that determinism tests cover all of it.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../src/contracts/node";

export type GossipMessage = { type: "rumor"; hops: number; origin: NodeId };
export type GossipTimer = { type: "tick"; n: number };

/** Every tick, tell a random peer a rumor; forward rumors a few hops. Counts in memory and in storage. */
export class GossipNode implements ProtocolNode<GossipMessage, GossipTimer> {
  received = 0;

  constructor(
    private readonly ctx: NodeContext<GossipMessage, GossipTimer>,
    private readonly tickMs = 10,
  ) {}

  onStart(): void {
    this.ctx.setTimer(this.tickMs * (1 + this.ctx.random()), { type: "tick", n: 0 });
  }

  onRestart(): void {
    this.ctx.log(`restarted with ${this.ctx.storage.get<number>("received") ?? 0} rumors on disk`);
    this.onStart();
  }

  onMessage(from: NodeId, msg: GossipMessage): void {
    this.received++;
    this.ctx.storage.put("received", (this.ctx.storage.get<number>("received") ?? 0) + 1);
    this.ctx.annotate({ received: this.received });
    if (msg.hops > 0) this.ctx.send(this.randomPeer(), { type: "rumor", hops: msg.hops - 1, origin: msg.origin });
  }

  onTimer(timer: GossipTimer): void {
    this.ctx.send(this.randomPeer(), { type: "rumor", hops: 2, origin: this.ctx.id });
    if (timer.n < 1000) this.ctx.setTimer(this.tickMs, { type: "tick", n: timer.n + 1 });
  }

  private randomPeer(): NodeId {
    return this.ctx.peers[Math.floor(this.ctx.random() * this.ctx.peers.length)];
  }
}

/** Sends `count` numbered messages to every peer at start; records what it receives. */
export class BlasterNode implements ProtocolNode<{ type: "n"; n: number }, null> {
  readonly seen: { from: NodeId; n: number }[] = [];

  constructor(
    private readonly ctx: NodeContext<{ type: "n"; n: number }, null>,
    private readonly count = 5,
  ) {}

  onStart(): void {
    for (let n = 0; n < this.count; n++) for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "n", n });
  }

  onMessage(from: NodeId, msg: { type: "n"; n: number }): void {
    this.seen.push({ from, n: msg.n });
  }

  onTimer(): void {}
}
