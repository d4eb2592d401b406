import { expect } from "chai";
import fc from "fast-check";
import { Simulation } from "../../src/sim";

describe("sim: timers", () => {
  it("fire in virtual-time order, at set time + delay, ties in the order they were set", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 40 }), (delays) => {
        const sim = new Simulation({ seed: 1 });
        const fired: { id: number; at: number }[] = [];
        sim.addServers(1, (ctx) => ({
          onStart: () => delays.forEach((delayMs, id) => ctx.setTimer(delayMs, id)),
          onMessage: () => undefined,
          onTimer: (id: number) => void fired.push({ id, at: ctx.now() }),
        }));
        sim.runFor(2_000);
        const expected = delays.map((delayMs, id) => ({ id, at: delayMs })).sort((a, b) => a.at - b.at || a.id - b.id);
        expect(fired).to.deep.equal(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("cancelled timers never fire; cancelling twice or after firing is harmless", () => {
    const sim = new Simulation({ seed: 1 });
    const fired: string[] = [];
    sim.addServers(1, (ctx) => ({
      onStart: () => {
        const keep = ctx.setTimer(10, "keep");
        const drop = ctx.setTimer(5, "drop");
        ctx.cancelTimer(drop);
        ctx.cancelTimer(drop);
        ctx.setTimer(20, "late");
        void keep;
      },
      onMessage: () => undefined,
      onTimer: (name: string) => void fired.push(name),
    }));
    sim.runFor(100);
    expect(fired).to.deep.equal(["keep", "late"]);
  });

  it("jitter makes timers late by at most timerJitterMsMax", () => {
    const sim = new Simulation({ seed: 6, timerJitterMsMax: 3 });
    const lateness: number[] = [];
    sim.addServers(1, (ctx) => ({
      onStart: () => {
        for (let i = 0; i < 50; i++) ctx.setTimer(100, i);
      },
      onMessage: () => undefined,
      onTimer: () => void lateness.push(ctx.now() - 100),
    }));
    sim.runFor(200);
    expect(Math.min(...lateness)).to.be.at.least(0);
    expect(Math.max(...lateness)).to.be.at.most(3).and.greaterThan(0);
  });
});
