import { expect } from "chai";
import fc from "fast-check";
import { Simulation, parseCuts, type TraceEvent } from "../../src/sim";
import { BlasterNode, GossipNode } from "./protocols";
import { gossipScenario } from "./scenario";

/** Replays the trace's network events and returns every delivery made over a cut link. */
function deliveriesOverCutLinks(events: readonly TraceEvent[]): TraceEvent[] {
  let cut = new Set<string>();
  const violations: TraceEvent[] = [];
  for (const event of events) {
    if (event.kind === "network") cut = new Set(event.cuts.map(([from, to]) => `${from}>${to}`));
    if (event.kind === "deliver" && cut.has(`${event.from}>${event.to}`)) violations.push(event);
  }
  return violations;
}

describe("sim: network", () => {
  it("partitioned links never deliver, whatever the seed and fault schedule", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const sim = gossipScenario(seed, 1_500);
        expect(sim.trace.ofKind("network").length).to.be.greaterThan(0);
        expect(deliveriesOverCutLinks(sim.trace.events)).to.deep.equal([]);
      }),
      { numRuns: 20 },
    );
  });

  it("a group partition cuts exactly the links between groups, both ways", () => {
    const sim = new Simulation({ seed: 3 });
    sim.addServers(5, (ctx) => new BlasterNode(ctx as never));
    sim.partition("1,2|3,4,5");
    sim.runFor(100);
    for (const to of ["n2", "n3", "n4", "n5"]) {
      const got = sim.node<BlasterNode>(to)!.seen.filter((s) => s.from === "n1").length;
      expect(got, `n1 -> ${to}`).to.equal(to === "n2" ? 5 : 0);
    }
    expect(sim.node<BlasterNode>("n1")!.seen.map((s) => s.from)).to.not.include.members(["n3", "n4", "n5"]);
    expect(sim.node<BlasterNode>("n4")!.seen.filter((s) => s.from === "n3")).to.have.length(5);
  });

  it("one-way partitions block one direction only", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (seed, a, b) => {
        fc.pre(a !== b);
        const sim = new Simulation({ seed });
        sim.addServers(5, (ctx) => new BlasterNode(ctx as never));
        sim.partition(`${a}->${b}`);
        sim.runFor(100);
        const from = (to: number, sender: number) => sim.node<BlasterNode>(`n${to}`)!.seen.filter((s) => s.from === `n${sender}`).length;
        expect(from(b, a), `n${a} -> n${b}`).to.equal(0);
        expect(from(a, b), `n${b} -> n${a}`).to.equal(5);
      }),
      { numRuns: 30 },
    );
  });

  it("duplicated messages arrive at most 1 + duplicatesMax times", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 4 }), (seed, duplicatesMax) => {
        const sim = new Simulation({ seed, network: { duplicateRate: 0.7, duplicatesMax } });
        sim.addServers(4, (ctx) => new GossipNode(ctx as never));
        sim.runFor(500);
        const arrivals = new Map<number, number>();
        for (const event of sim.trace.ofKind("deliver")) arrivals.set(event.msgId, (arrivals.get(event.msgId) ?? 0) + 1);
        const most = Math.max(...arrivals.values());
        expect(most).to.be.at.most(1 + duplicatesMax);
        expect(most, "some message was duplicated").to.be.greaterThan(1);
      }),
      { numRuns: 20 },
    );
  });

  it("loses about dropRate of the messages", () => {
    const sim = new Simulation({ seed: 5, network: { dropRate: 0.25 } });
    sim.addServers(5, (ctx) => new GossipNode(ctx as never));
    sim.runFor(3_000);
    const lost = sim.trace.ofKind("drop").filter((d) => d.reason === "loss").length;
    expect(lost / sim.stats.sent).to.be.within(0.2, 0.3);
  });

  it("FIFO links keep per-link order; without FIFO, random delays reorder", () => {
    const order = (fifo: boolean) => {
      const sim = new Simulation({ seed: 11, network: { fifo, delay: { kind: "uniform", msMin: 1, msMax: 50 } } });
      sim.addServers(2, (ctx) => new BlasterNode(ctx as never, 30));
      sim.runFor(200);
      return sim.node<BlasterNode>("n2")!.seen.map((s) => s.n);
    };
    const sorted = [...Array(30).keys()];
    expect(order(true)).to.deep.equal(sorted);
    expect(order(false)).to.have.members(sorted).and.not.deep.equal(sorted);
  });

  it("parses the chapter's partition notation and rejects mistakes with a message", () => {
    const known = ["n1", "n2", "n3", "n4", "n5", "c1"];
    expect(parseCuts("1,2|3,4,5", known)).to.have.length(12);
    expect(parseCuts("n1,c1|n2", known)).to.have.length(4);
    expect(() => parseCuts("1,2|9", known)).to.throw('unknown node "9"');
    expect(() => parseCuts("1,2,3", known)).to.throw("at least two non-empty groups");
    expect(() => parseCuts("1,2|2,3", known)).to.throw("n2 appears twice");
  });

  it("bridge and majority ring have the shapes Jepsen uses", () => {
    const sim = new Simulation({ seed: 1 });
    sim.addServers(5, (ctx) => new BlasterNode(ctx as never));
    sim.bridge();
    expect(sim.canReach("n1", "n3") && sim.canReach("n5", "n3") && sim.canReach("n3", "n1")).to.equal(true);
    expect(sim.canReach("n1", "n4") || sim.canReach("n5", "n2")).to.equal(false);
    sim.majorityRing();
    for (const id of sim.servers) {
      const visible = sim.servers.filter((other) => other === id || sim.canReach(id, other));
      expect(visible, id).to.have.length(3);
    }
    sim.heal();
    expect(sim.servers.every((a) => sim.servers.every((b) => sim.canReach(a, b)))).to.equal(true);
  });
});
