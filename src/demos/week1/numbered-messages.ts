/**
 * The network is unreliable, in one line per fault: n1 sends the numbers 1, 2, 3, ... to n2,
 * one every `intervalMs`, and n2 writes down what arrives, in the order it arrives. A demo for
 * notebook 01: with loss some numbers never come, with duplication some come twice, with a
 * long-tailed delay they overtake one another, and during a partition nothing comes at all.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { NetworkConfig } from "../../sim/network";
import { Simulation } from "../../sim/simulation";

type Numbered = { type: "Number"; n: number };
type SendTimer = { type: "send"; n: number };

/** n1 sends, n2 writes down what it receives in `arrived` (shared with the runner). */
export class NumberNode implements ProtocolNode<Numbered, SendTimer> {
  constructor(
    private readonly ctx: NodeContext<Numbered, SendTimer>,
    private readonly count: number,
    private readonly intervalMs: number,
    private readonly arrived: number[],
  ) {}

  onStart(): void {
    if (this.ctx.id === "n1") this.ctx.setTimer(0, { type: "send", n: 1 });
  }

  onMessage(_from: NodeId, msg: Numbered): void {
    this.arrived.push(msg.n);
  }

  onTimer(timer: SendTimer): void {
    this.ctx.send("n2", { type: "Number", n: timer.n });
    if (timer.n < this.count) this.ctx.setTimer(this.intervalMs, { type: "send", n: timer.n + 1 });
  }
}

export interface NumberedRunOptions {
  seed: number;
  network?: Partial<NetworkConfig>;
  count?: number;
  intervalMs?: number;
  /** Cut n1 from n2 during this span of time. */
  partitionMs?: { fromMs: number; toMs: number };
}

/** The numbers n2 received, in the order they arrived. */
export function sendNumbers(options: NumberedRunOptions): number[] {
  const sim = new Simulation({ seed: options.seed, network: options.network, trace: false });
  const arrived: number[] = [];
  sim.addServers(2, (ctx) => new NumberNode(ctx, options.count ?? 20, options.intervalMs ?? 10, arrived));
  const cut = options.partitionMs;
  if (cut) {
    sim.at(cut.fromMs, "partition", () => sim.partition("1|2"));
    sim.at(cut.toMs, "heal", () => sim.heal());
  }
  sim.runFor(10_000);
  return arrived;
}
