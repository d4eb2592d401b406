import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { Simulation } from "../../src/sim";
import { gossipScenario } from "./scenario";

describe("sim: determinism", () => {
  it("the same seed gives the same trace, byte for byte, for any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const first = gossipScenario(seed, 800);
        const second = gossipScenario(seed, 800);
        expect(first.trace.length).to.be.greaterThan(50);
        expect(second.trace.toJsonLines()).to.equal(first.trace.toJsonLines());
      }),
      { numRuns: 25 },
    );
  });

  it("different seeds give different traces", () => {
    expect(gossipScenario(1, 500).trace.hash()).to.not.equal(gossipScenario(2, 500).trace.hash());
  });

  it("another process computes the same trace hash for the same seed", () => {
    const seed = 424242;
    const script = join(__dirname, "fixtures", "print-trace-hash.ts");
    const output = execFileSync(process.execPath, ["--import", "tsx", script, String(seed)], { encoding: "utf8", timeout: 60_000 });
    expect(output.trim()).to.equal(gossipScenario(seed).trace.hash());
  });

  it("Math.random and Date.now inside handlers are seeded and virtual, and restored afterwards", () => {
    const run = () => {
      const sim = new Simulation({ seed: 9 });
      const seen: number[] = [];
      sim.addServers(1, () => ({
        onStart: () => seen.push(Math.random(), Date.now()),
        onMessage: () => undefined,
        onTimer: () => undefined,
      }));
      sim.runFor(10);
      return seen;
    };
    const realRandom = Math.random;
    const [random, now] = run();
    expect(run()).to.deep.equal([random, now]);
    expect(now).to.equal(Date.UTC(2020, 0, 1));
    expect(Math.random).to.equal(realRandom);
    expect(Date.now()).to.be.greaterThan(Date.UTC(2024, 0, 1));
  });

  it("describe() prints the seed and every derived parameter", () => {
    const sim = gossipScenario(77, 300);
    const text = sim.describe();
    expect(text).to.match(/^seed 77$/m);
    expect(text).to.include("delay exponential min 1ms mean 8ms max 100ms");
    expect(text).to.match(/streams: network=\d+ timer-jitter=\d+ n1=\d+/);
  });
});
