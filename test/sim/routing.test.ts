/**
 * Routing single messages (src/sim/routing.ts): what directed tests use to drop, hold, duplicate
 * and reorder exactly the message they mean, on every seed.
 */
import { expect } from "chai";
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../src/contracts/node";
import { Simulation, isReply, type RoutedMessage } from "../../src/sim";

type Msg = { type: "ping"; n: number } | { type: "pong"; n: number };

/** n1 pings n2 when the test calls ping(n); n2 answers every ping; both remember what they received. */
class PingNode implements ProtocolNode<Msg, null> {
  readonly received: Msg[] = [];
  constructor(private readonly ctx: NodeContext<Msg, null>) {}
  onStart(): void {}
  onTimer(): void {}
  onMessage(from: NodeId, msg: Msg): void {
    this.received.push(msg);
    if (msg.type === "ping") this.ctx.send(from, { type: "pong", n: msg.n });
  }
  ping(n: number): void {
    this.ctx.send("n2", { type: "ping", n });
  }
}

function world(seed = 7): Simulation {
  const sim = new Simulation({ seed, network: { delay: { kind: "uniform", msMin: 1, msMax: 10 } } });
  sim.addServers(2, (ctx) => new PingNode(ctx as never));
  sim.runFor(1);
  return sim;
}

const ping = (sim: Simulation, n: number) => sim.call<PingNode, void>("n1", `ping(${n})`, (node) => node.ping(n));
const received = (sim: Simulation, id: NodeId): Json[] => sim.node<PingNode>(id)?.received.map((m) => `${m.type}${m.n}`) ?? [];

describe("sim: routing single messages (directed tests)", () => {
  it("the router sees each message with what the sender was doing: a test's call, or handling a message (a reply)", () => {
    const sim = world();
    const seen: RoutedMessage[] = [];
    sim.route((message) => {
      seen.push(message);
      return "pass";
    });
    ping(sim, 1);
    sim.runFor(50);
    expect(seen.map((m) => [m.from, m.to, m.cause.kind, isReply(m)])).to.deep.equal([
      ["n1", "n2", "call", false],
      ["n2", "n1", "message", true],
    ]);
    expect(seen[1].cause).to.deep.equal({ kind: "message", from: "n1", msgId: seen[0].msgId });
    expect(received(sim, "n1")).to.deep.equal(["pong1"]);
  });

  it("a dropped message never arrives and is traced as dropped by the test", () => {
    const sim = world();
    sim.route((message) => (message.to === "n2" ? "drop" : "pass"));
    ping(sim, 1);
    sim.runFor(50);
    expect(received(sim, "n2")).to.deep.equal([]);
    expect(sim.trace.ofKind("drop").map((d) => d.reason)).to.deep.equal(["test"]);
  });

  it("a held message arrives only when released, after messages sent later: a reordering on purpose", () => {
    const sim = world();
    sim.route((message) => (message.to === "n2" && (message.msg as Msg).n === 1 ? "hold" : "pass"));
    ping(sim, 1);
    ping(sim, 2);
    sim.runFor(50);
    expect(received(sim, "n2")).to.deep.equal(["ping2"]);
    const [held] = sim.heldMessages();
    expect(held.msg).to.deep.equal({ type: "ping", n: 1 });
    sim.release(held.msgId);
    sim.runFor(0);
    expect(received(sim, "n2")).to.deep.equal(["ping2", "ping1"]);
    expect(sim.heldMessages()).to.deep.equal([]);
    expect(() => sim.release(held.msgId)).to.throw(/no held message/);
  });

  it("a copied message is delivered as usual and again whenever the test releases its copy (a duplicate)", () => {
    const sim = world();
    sim.route((message) => (message.to === "n2" ? "copy" : "pass"));
    ping(sim, 1);
    sim.runFor(50);
    const [copy] = sim.heldMessages();
    sim.release(copy.msgId, { keep: true, delayMs: 5 });
    sim.runFor(5);
    sim.release(copy.msgId);
    sim.runFor(0);
    expect(received(sim, "n2")).to.deep.equal(["ping1", "ping1", "ping1"]);
    sim.runFor(20);
    expect(received(sim, "n1")).to.deep.equal(["pong1", "pong1", "pong1"]);
  });

  it("a released message still obeys the cuts and crashes of its delivery time", () => {
    const sim = world();
    sim.route(() => "hold");
    ping(sim, 1);
    sim.route(undefined);
    sim.partition("1|2");
    sim.release(sim.heldMessages()[0].msgId);
    sim.runFor(10);
    expect(received(sim, "n2")).to.deep.equal([]);
    expect(sim.trace.ofKind("drop").map((d) => d.reason)).to.deep.equal(["partition"]);
  });

  it("the same seed and the same routing give the same trace, byte for byte", () => {
    const run = () => {
      const sim = world(11);
      sim.route((message) => (isReply(message) ? "copy" : "pass"));
      for (let n = 0; n < 5; n++) ping(sim, n);
      sim.runFor(30);
      for (const held of sim.heldMessages()) sim.release(held.msgId, { delayMs: 3 });
      sim.runFor(30);
      return sim.trace.hash();
    };
    expect(run()).to.equal(run());
  });
});
