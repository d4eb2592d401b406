import { expect } from "chai";
import fc from "fast-check";
import type { NodeContext, ProtocolNode } from "../../src/contracts/node";
import { Simulation, eventually, formatNemesis, randomNemesis, runWithFaultsThenHeal, scheduleNemesis, LivenessError } from "../../src/sim";
import { GossipNode } from "./protocols";
import { ALL_FAULTS } from "./scenario";

/** Counts events in a field (volatile) and in storage (durable). */
class CounterNode implements ProtocolNode<null, "tick"> {
  volatile = 0;
  constructor(private readonly ctx: NodeContext<null, "tick">) {}
  onStart(): void {
    this.ctx.setTimer(10, "tick");
  }
  onMessage(): void {}
  onTimer(): void {
    this.volatile++;
    this.ctx.storage.put("durable", (this.ctx.storage.get<number>("durable") ?? 0) + 1);
    this.ctx.setTimer(10, "tick");
  }
  get durable(): number {
    return this.ctx.storage.get<number>("durable") ?? 0;
  }
}

describe("sim: crashes, storage and clocks", () => {
  it("storage survives a crash and volatile state does not, for any crash schedule", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 6 }), (gapsMs) => {
        const sim = new Simulation({ seed: 1 });
        sim.addServers(1, (ctx) => new CounterNode(ctx as never));
        let ticksBefore = 0;
        for (const gapMs of gapsMs) {
          sim.runFor(gapMs);
          ticksBefore = sim.node<CounterNode>("n1")!.durable;
          sim.crash("n1");
          expect(sim.node("n1")).to.equal(undefined);
          sim.runFor(25); // timers of the crashed incarnation must not fire
          expect(sim.storage("n1").get("durable") ?? 0).to.equal(ticksBefore);
          sim.restart("n1");
          expect(sim.node<CounterNode>("n1")!.volatile).to.equal(0);
          expect(sim.node<CounterNode>("n1")!.durable).to.equal(ticksBefore);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("messages to a crashed node are dropped as 'down', and in-flight messages into a new partition as 'partition'", () => {
    const sim = new Simulation({ seed: 2, network: { delay: { kind: "fixed", ms: 10 } } });
    sim.addServers(3, (ctx) => new GossipNode(ctx as never, 5));
    sim.runFor(50);
    sim.crash("n2");
    sim.partition("1|3");
    sim.runFor(100);
    const reasons = new Set(sim.trace.ofKind("drop").map((d) => d.reason));
    expect([...reasons]).to.include.members(["down", "partition"]);
  });

  it("a node crashed before the run starts stays down until restarted, then boots with onStart", () => {
    const sim = new Simulation({ seed: 4 });
    sim.addServers(3, (ctx) => new GossipNode(ctx as never));
    sim.crash("n2");
    sim.runFor(100);
    expect(sim.isUp("n2")).to.equal(false);
    expect(sim.trace.ofKind("deliver").some((d) => d.to === "n2")).to.equal(false);
    sim.restart("n2");
    expect(sim.isUp("n2")).to.equal(true);
    expect(sim.trace.ofKind("start").map((s) => s.node)).to.deep.equal(["n1", "n3", "n2"]);
  });

  it("a restarted node runs onRestart and sees its storage", () => {
    const sim = new Simulation({ seed: 4 });
    sim.addServers(3, (ctx) => new GossipNode(ctx as never));
    sim.runFor(200);
    sim.crash("n3");
    sim.restart("n3");
    const log = sim.trace.ofKind("log").find((l) => l.node === "n3");
    expect(log?.text).to.match(/^restarted with \d+ rumors on disk$/);
  });

  it("a skewed, drifting clock changes now() and how long its timers take in virtual time", () => {
    const sim = new Simulation({ seed: 1 });
    let seen = 0;
    sim.addServers(1, (ctx) => ({ onStart: () => ctx.setTimer(100, "t"), onMessage: () => undefined, onTimer: () => void (seen = ctx.now()) }));
    sim.setClock("n1", 1_000, 0.25);
    sim.runFor(500);
    const fired = sim.trace.ofKind("timer")[0];
    expect(fired.t).to.equal(80); // 100ms of a clock running 25% fast take 80ms of virtual time
    expect(seen).to.equal(1_100);
  });

  it("random nemesis schedules are reproducible, heal at the end, and never crash a majority", () => {
    const options = { servers: ["n1", "n2", "n3", "n4", "n5"], startMs: 0, endMs: 5_000, intervalMsMin: 50, intervalMsMax: 200, kinds: ALL_FAULTS };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const nemesis = randomNemesis(seed, options);
        expect(formatNemesis(randomNemesis(seed, options))).to.equal(formatNemesis(nemesis));
        const down = new Set<string>();
        for (const { fault } of nemesis) {
          if (fault.kind === "crash") down.add(fault.node);
          if (fault.kind === "restart") down.delete(fault.node);
          expect(down.size).to.be.at.most(2);
        }
        expect(down.size, "everything restarted at the end").to.equal(0);
      }),
      { numRuns: 50 },
    );
  });

  it("random nemesis schedules on tiny clusters (one to three servers, crashedMax 0) apply without throwing", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 3 }), (seed, size) => {
        const sim = new Simulation({ seed });
        sim.addServers(size, (ctx) => new CounterNode(ctx as never));
        const nemesis = randomNemesis(seed, { servers: sim.servers, startMs: 0, endMs: 2_000, intervalMsMin: 20, intervalMsMax: 80, kinds: ALL_FAULTS, crashedMax: 0 });
        expect(nemesis.filter(({ fault }) => fault.kind === "crash" || fault.kind === "restart")).to.deep.equal([]);
        if (size === 1) expect(nemesis.filter(({ fault }) => ["partition", "isolate", "one-way", "bridge", "majority-ring"].includes(fault.kind))).to.deep.equal([]);
        scheduleNemesis(sim, nemesis);
        sim.runFor(2_100);
      }),
      { numRuns: 30 },
    );
    expect(() => randomNemesis(1, { servers: ["n1"], startMs: 0, endMs: 100, intervalMsMin: 10, intervalMsMax: 20, kinds: [] })).to.throw(RangeError, /kinds is empty/);
  });

  it("liveness mode: faults, heal, then progress is required, and a stuck system is reported in words", () => {
    const sim = new Simulation({ seed: 8 });
    sim.addServers(5, (ctx) => new GossipNode(ctx as never));
    const nemesis = randomNemesis(8, { servers: sim.servers, startMs: 0, endMs: 1_000, intervalMsMin: 50, intervalMsMax: 150, kinds: ALL_FAULTS });
    const atMs = runWithFaultsThenHeal(sim, {
      nemesis,
      healAtMs: 1_000,
      recoverWithinMs: 500,
      what: "every server hears a rumor",
      progress: () => sim.servers.every((id) => (sim.node<GossipNode>(id)?.received ?? 0) > 0),
    });
    expect(atMs).to.be.within(1_000, 1_500);
    expect(() => eventually(sim, "a miracle", () => false, 100)).to.throw(LivenessError, /a miracle did not happen within 100ms/);
  });
});
