/**
 * The chaos runner's measurements on hand-made records, where the right answer is known: buckets
 * by send time, nearest-rank percentiles, fault periods merged, and recovery time as defined in
 * src/chaos/hypothesis.ts (from a fault's end to the start of the good stretch that lasts until
 * the next fault; 0 when the fault did no harm; none when the stretch never comes).
 */
import { expect } from "chai";
import { bucketize, percentile, type Bucket } from "../../src/chaos/buckets";
import type { SteadyStateHypothesis } from "../../src/chaos/experiment";
import { faultPeriods, judgeBucket, judgeExperiment, lookAheadMs, recoveries } from "../../src/chaos/hypothesis";
import type { RequestRecord } from "../../src/chaos/traffic";

const HYPOTHESIS: SteadyStateHypothesis = {
  title: "test",
  probes: [
    { name: "errors", metric: "errorRatePercent", tolerance: { max: 0 } },
    { name: "latency", metric: "latencyP99Ms", tolerance: { max: 100 } },
  ],
};

/** One order sent every 100 ms for `seconds`; those sent inside a `bad` span fail. */
function records(seconds: number, bad: [number, number][] = []): RequestRecord[] {
  return Array.from({ length: seconds * 10 }, (_, i) => {
    const sentMs = i * 100;
    const failed = bad.some(([from, to]) => sentMs >= from && sentMs < to);
    return { orderId: `o${i + 1}`, customer: "alice", amount: 10, sentMs, endedMs: sentMs + (failed ? 1_000 : 20), outcome: failed ? "timeout" : "ok", settledMs: failed ? null : sentMs + 50 };
  });
}

function holdsOf(buckets: Bucket[]): boolean[] {
  return buckets.map((b) => judgeBucket(HYPOTHESIS, b).every((r) => r.ok));
}

describe("chaos: measurements", () => {
  it("nearest-rank percentiles; null for no values", () => {
    expect(percentile([], 99)).to.equal(null);
    expect(percentile([5], 50)).to.equal(5);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).to.equal(50);
    expect(percentile(hundred, 99)).to.equal(99);
    expect(percentile(hundred, 100)).to.equal(100);
  });

  it("buckets count the orders sent in them: throughput, error rate, latency, settle time", () => {
    const buckets = bucketize(records(3, [[1_000, 1_500]]), 1_000, 3_000);
    expect(buckets.map((b) => [b.sent, b.ok, b.throughputPerS, b.errorRatePercent])).to.deep.equal([[10, 10, 10, 0], [10, 5, 5, 50], [10, 10, 10, 0]]);
    expect(buckets[0].latencyP99Ms).to.equal(20);
    expect(buckets[0].settleP99Ms).to.equal(50);
    expect(bucketize([], 1_000, 2_000).map((b) => [b.errorRatePercent, b.latencyP50Ms])).to.deep.equal([[null, null], [null, null]]);
  });

  it("fault periods merge overlapping windows and keep what each was", () => {
    const periods = faultPeriods([{ fromMs: 5_000, toMs: 8_000, what: "b" }, { fromMs: 1_000, toMs: 3_000, what: "a" }, { fromMs: 2_000, toMs: 4_000, what: "c" }]);
    expect(periods).to.deep.equal([{ fromMs: 1_000, toMs: 4_000, what: ["a", "c"] }, { fromMs: 5_000, toMs: 8_000, what: ["b"] }]);
  });

  it("recovery time runs from the fault's end to the start of the good stretch that lasts until the next fault", () => {
    // Fault 2-4 s; orders fail until 5.5 s: bucket 5-6 s is bad, the stretch from 6 s on is good.
    const buckets = bucketize(records(10, [[2_000, 5_500]]), 1_000, 10_000);
    const [r] = recoveries(faultPeriods([{ fromMs: 2_000, toMs: 4_000, what: "kill" }]), buckets, holdsOf(buckets), 10_000);
    expect([r.recoveredAtMs, r.recoveryMs]).to.deep.equal([6_000, 2_000]);
  });

  it("a fault that did no harm recovers in 0 ms, even when it ends in the middle of a bucket", () => {
    const buckets = bucketize(records(6), 1_000, 6_000);
    const [r] = recoveries(faultPeriods([{ fromMs: 2_000, toMs: 3_500, what: "kill" }]), buckets, holdsOf(buckets), 6_000);
    expect(r.recoveryMs).to.equal(0);
  });

  it("a good bucket followed by a bad one is not a recovery; no good stretch before the next fault is none", () => {
    const flapping = bucketize(records(10, [[2_000, 4_000], [5_000, 6_000]]), 1_000, 10_000);
    const [r] = recoveries(faultPeriods([{ fromMs: 2_000, toMs: 4_000, what: "kill" }]), flapping, holdsOf(flapping), 10_000);
    expect(r.recoveryMs).to.equal(2_000);
    const never = bucketize(records(10, [[2_000, 7_000]]), 1_000, 10_000);
    const periods = faultPeriods([{ fromMs: 2_000, toMs: 4_000, what: "kill" }, { fromMs: 7_000, toMs: 8_000, what: "kill" }]);
    const [none] = recoveries(periods, never, holdsOf(never), 10_000);
    expect([none.recoveryMs, none.unknown]).to.deep.equal([null, false]);
    // The next fault 1 s after the end of the first: no bucket can be judged, so recovery is unknown.
    const tooSoon = faultPeriods([{ fromMs: 2_000, toMs: 4_000, what: "kill" }, { fromMs: 5_000, toMs: 6_000, what: "kill" }]);
    const [unknown] = recoveries(tooSoon, never, holdsOf(never), 10_000, 500);
    expect([unknown.recoveryMs, unknown.unknown]).to.deep.equal([null, true]);
  });

  it("a bucket still open when the next fault starts (its look-ahead reaches it) is not judged against the time before", () => {
    expect(lookAheadMs(HYPOTHESIS)).to.equal(100);
    // Orders sent in 4.95-5 s fail because of the fault at 5 s: bucket 4-5 s is bad, but it is open at 5 s.
    const buckets = bucketize(records(8, [[2_000, 3_000], [4_950, 6_000]]), 1_000, 8_000);
    const periods = faultPeriods([{ fromMs: 2_000, toMs: 3_000, what: "kill" }, { fromMs: 5_000, toMs: 6_000, what: "kill" }]);
    const verdict = judgeExperiment(HYPOTHESIS, buckets, periods, 7_000, 8_000);
    expect(verdict.recoveries.map((r) => r.recoveryMs)).to.deep.equal([0, 0]);
    expect(verdict.before && verdict.after && verdict.held).to.equal(true);
  });
});
