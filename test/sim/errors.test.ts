import { expect } from "chai";
import type { NodeContext, ProtocolNode } from "../../src/contracts/node";
import { HandlerError, LivelockError, Simulation, SimulationError } from "../../src/sim";

/** A one-node simulation whose onStart does `body`; returns the error the run throws. */
function failureOf(body: (ctx: NodeContext<any, any>) => unknown, options: Partial<ConstructorParameters<typeof Simulation>[0]> = {}): Error {
  const sim = new Simulation({ seed: 1, ...options });
  sim.addServers(2, (ctx) => ({ onStart: () => (ctx.id === "n1" ? body(ctx) : undefined), onMessage: () => undefined, onTimer: () => undefined }) as ProtocolNode);
  try {
    sim.runFor(1_000);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the run to fail");
}

describe("sim: bad use gets a clear error", () => {
  it("sending to an unknown node names the node and the known ones", () => {
    const error = failureOf((ctx) => ctx.send("n9", { type: "hello" }));
    expect(error).to.be.instanceOf(HandlerError);
    expect(error.message).to.equal('n1 failed in onStart at t=0ms: SimulationError: n1 sent a message to unknown node "n9" (known: n1, n2)');
  });

  it("a negative or non-numeric timer delay is refused", () => {
    expect(failureOf((ctx) => ctx.setTimer(-5, "t")).message).to.include("n1 set a timer with delay -5ms; the delay must be a finite number >= 0");
    expect(failureOf((ctx) => ctx.setTimer(NaN, "t")).message).to.include("delay NaNms");
  });

  it("a handler that returns a Promise is refused: protocol code is synchronous", () => {
    const error = failureOf(async () => undefined);
    expect(error.message).to.include("it returned a Promise. Handlers must be synchronous");
  });

  it("a message that is not plain JSON names the culprit's path", () => {
    const error = failureOf((ctx) => ctx.send("n2", { type: "log", entries: [{ at: new Map() }] }));
    expect(error.message).to.include("the message n1 sent to n2 must be plain JSON data, but msg.entries[0].at is a Map");
  });

  it("real timers are refused inside handlers, pointing to ctx.setTimer", () => {
    const error = failureOf(() => setTimeout(() => undefined, 10));
    expect(error.message).to.include("setTimeout does not exist inside protocol code: use ctx.setTimer");
    expect(typeof setTimeout(() => undefined, 0)).to.equal("object"); // restored after the run
  });

  it("a handler that throws stops the run with the node, event and time", () => {
    const sim = new Simulation({ seed: 1 });
    sim.addServers(2, (ctx) => ({
      onStart: () => (ctx.id === "n1" ? ctx.send("n2", { type: "Boom" }) : undefined),
      onMessage: () => {
        throw new TypeError("cannot read properties of undefined (reading 'term')");
      },
      onTimer: () => undefined,
    }));
    expect(() => sim.runFor(100)).to.throw(HandlerError, /^n2 failed in onMessage from n1 \(Boom\) at t=[\d.]+ms: TypeError: cannot read properties/);
  });

  it("with onHandlerError 'crash', a throwing node crashes and the others go on", () => {
    const sim = new Simulation({ seed: 1, onHandlerError: "crash" });
    sim.addServers(2, (ctx) => ({
      onStart: () => (ctx.id === "n2" ? ctx.setTimer(5, "boom") : undefined),
      onMessage: () => undefined,
      onTimer: () => {
        throw new Error("bug");
      },
    }));
    sim.runFor(100);
    expect(sim.isUp("n2")).to.equal(false);
    expect(sim.isUp("n1")).to.equal(true);
    expect(sim.trace.ofKind("log")[0].text).to.equal("crashed by an exception in onTimer (\"boom\"): bug");
  });

  it("zero-delay work that never lets time advance is reported as a livelock with the last events", () => {
    const sim = new Simulation({ seed: 1, sameInstantEventsMax: 1_000 });
    sim.addServers(1, (ctx) => ({ onStart: () => ctx.setTimer(0, "again"), onMessage: () => undefined, onTimer: () => ctx.setTimer(0, "again") }));
    expect(() => sim.runFor(10)).to.throw(LivelockError, /1000 events at one virtual instant[\s\S]*n1 timer "again"/);
  });

  it("an exhausted event budget is a livelock error, not a hang", () => {
    const sim = new Simulation({ seed: 1, eventsMax: 500, trace: false });
    sim.addServers(1, (ctx) => ({ onStart: () => ctx.setTimer(1, "t"), onMessage: () => undefined, onTimer: () => ctx.setTimer(1, "t") }));
    expect(() => sim.runFor(1e9)).to.throw(LivelockError, /event budget of 500 events is used up[\s\S]*n1 timer "t"/);
  });

  it("misuse of the simulator itself is explained", () => {
    const sim = new Simulation({ seed: 1 });
    sim.addServers(2, () => ({ onStart: () => undefined, onMessage: () => undefined, onTimer: () => undefined }));
    expect(() => sim.crash("n7")).to.throw(SimulationError, 'unknown node "n7" (known: n1, n2)');
    expect(() => new Simulation({ seed: -1 })).to.throw(RangeError, "seed must be an integer");
    expect(() => new Simulation({ seed: 1, network: { dropRate: 2 } })).to.throw(RangeError, "network.dropRate must be between 0 and 1, got 2");
    expect(() => sim.partition("1|7")).to.throw('unknown node "7"');
    expect(() => sim.addNode("n1", () => ({ onStart() {}, onMessage() {}, onTimer() {} }))).to.throw("already exists");
  });

  it("a factory that does not build a node is reported", () => {
    const sim = new Simulation({ seed: 1 });
    sim.addServers(1, () => ({ onStart: () => undefined }) as unknown as ProtocolNode);
    expect(() => sim.runFor(1)).to.throw(HandlerError, "the node object has no onMessage() method");
  });
});
