/**
 * The smallest useful protocol: n1 pings its first peer and waits for the pong. Pings can be
 * lost, so n1 retries on a timer, which means a slow pong and a retried ping can both arrive:
 * the receiver sees duplicates, and n1 must ignore pongs it no longer waits for. Every idea
 * of the course in miniature: messages, timers, loss, duplicates, and a timeout that cannot
 * tell "lost" from "slow".
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";

export type PingPongMessage = { type: "ping"; round: number } | { type: "pong"; round: number };
export type PingPongTimer = { type: "retry"; round: number };

export interface PingPongOptions {
  /** Rounds n1 plays before it stops (Infinity: forever, for benchmarks). */
  rounds: number;
  /** How long n1 waits for a pong before sending the ping again. */
  retryAfterMs: number;
}

export class PingPongNode implements ProtocolNode<PingPongMessage, PingPongTimer> {
  /** The round n1 is waiting for (0: not playing). */
  private round = 0;
  /** Rounds completed, as seen by n1. */
  completed = 0;

  constructor(
    private readonly ctx: NodeContext<PingPongMessage, PingPongTimer>,
    private readonly options: PingPongOptions = { rounds: 3, retryAfterMs: 50 },
  ) {}

  /** The node that starts the game is the first server; it plays against the next one. */
  private get partner(): NodeId {
    return this.ctx.peers[0];
  }

  onStart(): void {
    if (this.ctx.id === "n1" && this.options.rounds > 0) this.ping(1);
  }

  onMessage(from: NodeId, msg: PingPongMessage): void {
    if (msg.type === "ping") {
      this.ctx.send(from, { type: "pong", round: msg.round });
    } else if (msg.round === this.round) {
      this.completed = this.round;
      this.ctx.annotate({ completed: this.completed });
      if (this.round < this.options.rounds) this.ping(this.round + 1);
      else this.round = 0;
    }
    // A pong for any other round is a late duplicate of one already counted: ignore it.
  }

  onTimer(timer: PingPongTimer): void {
    if (timer.round !== this.round) return; // answered meanwhile
    this.ctx.log(`no pong for round ${timer.round} after ${this.options.retryAfterMs}ms, retrying`);
    this.ping(timer.round);
  }

  private ping(round: number): void {
    this.round = round;
    this.ctx.send(this.partner, { type: "ping", round });
    if (Number.isFinite(this.options.retryAfterMs)) this.ctx.setTimer(this.options.retryAfterMs, { type: "retry", round });
  }
}
