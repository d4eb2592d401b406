import { expect } from "chai";
import type { NodeContext } from "../../src/contracts/node";
import { PowerSwitch } from "../../src/broker/power";
import { Simulation } from "../../src/sim";

/** On its timer: write a, write b, send "after" to the sink; counts its boots. */
function writer(boots: number[]) {
  return (ctx: NodeContext<string, string>) => ({
    onStart: () => {
      boots.push(ctx.now());
      if (boots.length === 1) ctx.setTimer(10, "go");
    },
    onMessage: () => undefined,
    onTimer: () => {
      ctx.storage.put("a", 1);
      ctx.storage.put("b", 2);
      ctx.send("sink", "after");
    },
  });
}

function run(write: number, lose: boolean) {
  const sim = new Simulation({ seed: 1, network: { delay: { kind: "fixed", ms: 1 } } });
  const boots: number[] = [];
  const got: string[] = [];
  const power = new PowerSwitch(sim, "w", { write, lose, downMs: 30 });
  sim.addNode("w", (ctx) => writer(boots)(power.wrap(ctx)), "server");
  sim.addNode("sink", () => ({ onStart: () => undefined, onMessage: (_from: string, msg: string) => void got.push(msg), onTimer: () => undefined }));
  sim.runFor(100);
  return { stored: sim.storage("w").keys().sort(), boots, got, cutAt: power.cutAt };
}

describe("power cuts", () => {
  it("during a write: that write and everything after it in the handler are lost, then the node restarts", () => {
    expect(run(2, true)).to.deep.equal({ stored: ["a"], boots: [0, 40], got: [], cutAt: { t: 10, write: 2 } });
  });

  it("right after a write: that write is kept, nothing after it happens", () => {
    expect(run(1, false)).to.deep.equal({ stored: ["a"], boots: [0, 40], got: [], cutAt: { t: 10, write: 1 } });
    expect(run(2, false).stored).to.deep.equal(["a", "b"]);
  });

  it("never armed: nothing happens", () => {
    expect(run(99, true)).to.deep.equal({ stored: ["a", "b"], boots: [0], got: ["after"], cutAt: undefined });
  });
});
