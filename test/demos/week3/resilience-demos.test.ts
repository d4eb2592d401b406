/**
 * The claims notebook 11 makes about its demos, pinned: if a change to the simulator or a demo
 * makes one false, the notebook's prose is wrong and this says which.
 */
import { expect } from "chai";
import { BREAKER_SCENARIOS, chapterBreaker, runBreakerScenario } from "../../../src/demos/week3/breaker-scenarios";
import { runBulkhead, BULKHEAD_BUCKET_MS } from "../../../src/demos/week3/bulkhead";
import { runPayment } from "../../../src/demos/week3/payment-retry";
import { naiveRetry, runRetryStorm } from "../../../src/demos/week3/retry-storm";
import { NO_TIMEOUT_MS, runHangingDependency } from "../../../src/demos/week3/timeouts";
import { breakerTransitionsIn } from "../../../src/resilience/views";

const peak = (values: readonly number[]) => Math.max(...values);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe("demos: notebook 11's claims", function () {
  this.timeout(60_000);

  it("without a timeout, calls sent into a hang pile up and never return; a timeout bounds them", () => {
    const forever = runHangingDependency({ attemptTimeoutMs: NO_TIMEOUT_MS });
    const bounded = runHangingDependency({ attemptTimeoutMs: 500 });
    expect(peak(forever.inFlightPanel("").series[0].values)).to.be.at.least(100);
    expect(peak(bounded.inFlightPanel("").series[0].values)).to.be.at.most(15);
  });

  it("a retry storm: without jitter most clients still fail 20 s later; with full jitter all are done within 10 s", () => {
    const plain = runRetryStorm(naiveRetry({ jitter: false })).summary();
    const jittered = runRetryStorm(naiveRetry({ jitter: true })).summary();
    expect(plain.succeeded).to.be.below(plain.clients / 2);
    expect(jittered.succeeded).to.equal(jittered.clients);
    expect(jittered.lastEndedMs).to.be.below(10_000);
  });

  it("a retried payment is charged twice without an idempotency key, once with one", () => {
    expect(runPayment({}).charges).to.have.length(2);
    expect(runPayment({ idempotencyKey: "pay-7f3c9a2e" }).charges).to.have.length(1);
  });

  it("a slow dependency starves the other route of a shared pool, and not behind a bulkhead", () => {
    const during = (values: readonly number[]) => sum(values.slice(4_000 / BULKHEAD_BUCKET_MS, 8_000 / BULKHEAD_BUCKET_MS));
    const shared = runBulkhead({ poolSize: 20 }).panel("catalog", "");
    const walled = runBulkhead({ poolSize: 20, perDependencyMax: 8 }).panel("catalog", "");
    expect(during(shared.series[0].values)).to.be.below(during(walled.series[0].values) / 4);
    expect(sum(walled.series[1].values)).to.equal(0);
  });

  it("the chapter's breaker: never opens at 4 failures in 5, flaps in the stampede, ignores slow calls, stays open 2 minutes after a clock step", () => {
    const runs = Object.fromEntries(BREAKER_SCENARIOS.map((name) => [name, runBreakerScenario(name, chapterBreaker)]));
    expect(runs["four-in-five"].summary().opened).to.equal(0);
    expect(runs["half-open-stampede"].summary().opened).to.be.at.least(20);
    const stampedeLoad = runs["half-open-stampede"].loadPanel("").series.map((s) => s.values);
    expect(sum(stampedeLoad.map((values) => sum(values.slice(70, 100)))) / 30).to.be.at.least(30);
    expect(runs["slow-dependency"].summary().opened).to.equal(0);
    expect(peak(runs["slow-dependency"].inFlightPanel("").series[0].values)).to.be.at.least(70);
    const stepped = breakerTransitionsIn(runs["clock-step"].run.sim.trace.events, "c1");
    const opened = stepped.find((t) => t.to === "OPEN");
    const reopened = stepped.find((t) => t.from === "OPEN");
    expect(opened && reopened && reopened.atMs - opened.atMs).to.be.above(100_000);
  });
});
