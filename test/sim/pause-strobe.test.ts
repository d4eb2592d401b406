/**
 * Jepsen's pause (SIGSTOP/SIGCONT) and clock strobe on the simulator: a paused node handles
 * nothing until resumed while its clock runs on, what waited is handled on resume in arrival
 * order, and a strobed clock flips between two offsets and ends where it started.
 */
import { expect } from "chai";
import type { NodeContext, NodeId, ProtocolNode } from "../../src/contracts/node";
import { Simulation, randomNemesis, scheduleNemesis, strobeClock } from "../../src/sim";
import { GossipNode } from "./protocols";

/** Pings one peer every 10 ms with a counter; records what it handles, with its own clock. */
class PingNode implements ProtocolNode<{ n: number }, "tick"> {
  readonly handled: { what: string; localMs: number; virtualMs: number }[] = [];
  private n = 0;
  constructor(
    private readonly ctx: NodeContext<{ n: number }, "tick">,
    private readonly sim: Simulation,
  ) {}
  onStart(): void {
    this.ctx.setTimer(10, "tick");
  }
  onMessage(from: NodeId, msg: { n: number }): void {
    this.handled.push({ what: `${from}#${msg.n}`, localMs: this.ctx.now(), virtualMs: this.sim.now });
  }
  onTimer(): void {
    this.handled.push({ what: "tick", localMs: this.ctx.now(), virtualMs: this.sim.now });
    this.ctx.send(this.ctx.id === "n1" ? "n2" : "n1", { n: ++this.n });
    this.ctx.setTimer(10, "tick");
  }
}

function pingPair(seed: number): Simulation {
  const sim = new Simulation({ seed, network: { delay: { kind: "fixed", ms: 2 } } });
  sim.addServers(2, (ctx) => new PingNode(ctx as never, sim));
  return sim;
}

describe("sim: pause and clock strobe", () => {
  it("a paused node handles nothing until resumed; then what waited runs at once, messages in arrival order", () => {
    const sim = pingPair(1);
    sim.runFor(55);
    sim.pause("n2");
    const n2 = sim.node<PingNode>("n2")!;
    const before = n2.handled.length;
    sim.runFor(100);
    expect(n2.handled.length, "nothing handled while paused").to.equal(before);
    expect(sim.trace.between(56, 155).filter((e) => (e.kind === "deliver" && e.to === "n2") || (e.kind === "timer" && e.node === "n2"))).to.deep.equal([]);
    expect(sim.isUp("n2") && sim.isPaused("n2")).to.equal(true);
    expect(() => sim.call("n2", "poke", () => 1)).to.throw(/paused/);
    sim.resume("n2");
    sim.runFor(0);
    const resumed = n2.handled.slice(before);
    expect(resumed.every((h) => h.virtualMs === 155)).to.equal(true);
    expect(resumed.map((h) => h.what)).to.deep.equal(["tick", "n1#6", "n1#7", "n1#8", "n1#9", "n1#10", "n1#11", "n1#12", "n1#13", "n1#14", "n1#15"]);
    expect(resumed[0].localMs, "its clock kept running").to.equal(155);
  });

  it("messages to a paused node obey the network: those that wait are handled on resume, unless their link was cut meanwhile", () => {
    const waited = (cutMeanwhile: boolean) => {
      const sim = pingPair(2);
      sim.runFor(15);
      sim.pause("n2");
      sim.runFor(30); // n1's pings of t=20, 30, 40 arrive and wait
      if (cutMeanwhile) sim.partition("1|2");
      sim.runFor(30); // the pings of t=50, 60, 70: waiting too, or dropped at the cut
      sim.resume("n2"); // with the cut still there, what waited is dropped too: a cut link never delivers
      sim.runFor(0);
      return { handled: sim.node<PingNode>("n2")!.handled.filter((h) => h.virtualMs === 75 && h.what.startsWith("n1")).map((h) => h.what), dropped: sim.trace.ofKind("drop").filter((d) => d.to === "n2").length };
    };
    expect(waited(false)).to.deep.equal({ handled: ["n1#2", "n1#3", "n1#4", "n1#5", "n1#6", "n1#7"], dropped: 0 });
    expect(waited(true)).to.deep.equal({ handled: [], dropped: 6 });
  });

  it("a paused node can still be killed: what waited dies with it, the restarted node is not paused, and a down node cannot be paused", () => {
    const sim = pingPair(3);
    sim.runFor(15);
    sim.pause("n2");
    sim.runFor(40);
    sim.crash("n2");
    sim.restart("n2");
    expect(sim.isPaused("n2")).to.equal(false);
    sim.crash("n2");
    sim.pause("n2");
    expect(sim.isPaused("n2"), "pausing a node that is down does nothing").to.equal(false);
    sim.restart("n2");
    sim.runFor(5);
    expect(sim.node<PingNode>("n2")!.handled.filter((h) => h.what.startsWith("n1") && h.virtualMs < 56)).to.deep.equal([]);
  });

  it("a strobe flips the clock between two offsets every period, and ends where it started", () => {
    const sim = new Simulation({ seed: 4 });
    sim.addServers(1, () => ({ onStart: () => undefined, onMessage: () => undefined, onTimer: () => undefined }));
    sim.setClock("n1", 100);
    strobeClock(sim, "n1", { deltaMs: 250, periodMs: 10, durationMs: 100 });
    const offsets: number[] = [];
    for (let t = 5; t < 100; t += 10) {
      sim.runUntilTime(t);
      offsets.push(sim.record("n1").clock.skewAt(sim.now));
    }
    expect(offsets).to.deep.equal([100, 350, 100, 350, 100, 350, 100, 350, 100, 350]);
    sim.runFor(50);
    expect(sim.record("n1").clock.skewAt(sim.now)).to.equal(100);
  });

  it("pauses and strobes in a random nemesis: same seed, same trace; everything resumed at the end", () => {
    const run = (seed: number) => {
      const sim = new Simulation({ seed, network: { dropRate: 0.05, delay: { kind: "exponential", msMin: 1, msMean: 8, msMax: 100 } } });
      sim.addServers(5, (ctx) => new GossipNode(ctx as never));
      scheduleNemesis(sim, randomNemesis(seed, { servers: sim.servers, startMs: 50, endMs: 1_500, intervalMsMin: 50, intervalMsMax: 200, kinds: ["pause", "strobe", "resume"] }));
      sim.runFor(1_600);
      return sim;
    };
    for (const seed of [1, 2, 3]) {
      const a = run(seed);
      expect(a.trace.ofKind("fault").some((f) => / paused$/.test(f.description))).to.equal(true);
      expect(a.trace.ofKind("fault").some((f) => /clock strobe ends/.test(f.description))).to.equal(true);
      expect(a.servers.filter((id) => a.isPaused(id))).to.deep.equal([]);
      expect(run(seed).trace.toJsonLines()).to.equal(a.trace.toJsonLines());
    }
  });
});
