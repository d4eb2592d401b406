import { expect } from "chai";
import { meanWriteLatencyMs } from "../../../src/demos/week1/pacelc";
import type { DelayDistribution } from "../../../src/sim";

const latency = (acksNeeded: number, delay: DelayDistribution, slowExtraMs = 0) =>
  meanWriteLatencyMs({ seed: 5, acksNeeded, delay, writes: 100, slowReplica: slowExtraMs > 0 ? { id: "n5", extraDelayMs: slowExtraMs } : undefined });

describe("demos/week1: PACELC, the latency of waiting for more replicas", () => {
  it("with a fixed delay d, one ack costs the client's round trip (2d) and any more a second one (4d)", () => {
    const fixed: DelayDistribution = { kind: "fixed", ms: 10 };
    expect([1, 3, 5].map((acks) => latency(acks, fixed))).to.deep.equal([20, 40, 40]);
  });

  it("on a network with a long tail, latency grows with the number of acknowledgements waited for", () => {
    const tail: DelayDistribution = { kind: "exponential", msMin: 1, msMean: 10, msMax: 200 };
    const [one, majority, all] = [1, 3, 5].map((acks) => latency(acks, tail));
    expect(one).to.be.lessThan(majority);
    expect(majority).to.be.lessThan(all);
  });

  it("one slow replica slows only the writes that wait for all replicas", () => {
    const uniform: DelayDistribution = { kind: "uniform", msMin: 1, msMax: 10 };
    for (const acks of [1, 3]) expect(latency(acks, uniform, 200) - latency(acks, uniform), `acks ${acks}`).to.be.lessThan(5);
    expect(latency(5, uniform, 200) - latency(5, uniform)).to.be.greaterThan(380); // two crossings of the slow link, 200 ms each
  });

  it("is deterministic: the same seed gives the same mean", () => {
    const tail: DelayDistribution = { kind: "exponential", msMin: 1, msMean: 10, msMax: 200 };
    expect(latency(3, tail)).to.equal(latency(3, tail));
  });
});
