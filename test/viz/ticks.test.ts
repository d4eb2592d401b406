import { expect } from "chai";
import fc from "fast-check";
import { formatTick, niceStep, niceTicks, ticksWithin } from "../../src/viz/ticks";
import { expectNiceTicks } from "./layout";

describe("viz: nice ticks", () => {
  it("steps are 1, 2 or 5 times a power of ten, the smallest at least the rough step", () => {
    expect([0.3, 0.7, 1, 1.2, 2.6, 7, 9.9, 11, 240, 3241 / 8].map((rough) => niceStep(rough))).to.deep.equal([0.5, 1, 1, 2, 5, 10, 10, 20, 500, 500]);
    expect(niceStep(0.25, true), "counts never get a fractional step").to.equal(1);
  });

  it("cover the data with a few evenly spaced nice values (any range)", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 10 }), (low, span, count) => {
        fc.pre(span > Math.abs(low) * 1e-6); // an axis spans more than the last digits of its numbers
        const ticks = niceTicks(low, low + span, { count });
        expectNiceTicks(ticks.values);
        expect(ticks.min).to.be.at.most(low + ticks.step * 1e-9);
        expect(ticks.max).to.be.at.least(low + span - ticks.step * 1e-9);
        expect(ticks.values.length).to.be.at.most(2 * count + 2);
      }),
    );
  });

  it("are whole numbers when the data are counts, even over a small range", () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 1000 }), fc.integer({ min: 0, max: 10000 }), (low, span) => {
        expectNiceTicks(niceTicks(low, low + span, { integer: true }).values, { integer: true });
      }),
    );
    expect(niceTicks(0, 8, { integer: true }).values).to.deep.equal([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 3, { integer: true }).values).to.deep.equal([0, 1, 2, 3]);
  });

  it("within a fixed window (a time axis), stay inside it: no more 0, 1620, 3241", () => {
    expect(ticksWithin(0, 3241, { count: 8 })).to.deep.equal([0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(ticksWithin(2191.5, 2591.5, { count: 8 })).to.deep.equal([2200, 2250, 2300, 2350, 2400, 2450, 2500, 2550]);
  });

  it("print with the decimals the step needs", () => {
    expect(formatTick(1.5, 0.5)).to.equal("1.5");
    expect(formatTick(2, 0.5)).to.equal("2.0");
    expect(formatTick(-1000, 500)).to.equal("-1,000");
    expect(formatTick(0.3, 0.1)).to.equal("0.3");
  });
});
