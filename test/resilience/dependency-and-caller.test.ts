import { expect } from "chai";
import type { Admission, BreakerState, CircuitBreakerApi, RetryPolicyApi } from "../../src/contracts/resilience";
import type { HealthPhase } from "../../src/resilience/dependency";
import { ManualClock, scriptedRandom } from "../../src/resilience/manual-clock";
import { runResilience } from "../../src/resilience/scenario";
import { arrivalsPerBucket, inFlightPerBucket, perBucket } from "../../src/resilience/views";

const QUICK = { latencyMsMin: 5, latencyMsMax: 5 };

/** A breaker that is always OPEN: every call is rejected. */
const alwaysOpen = (): CircuitBreakerApi => ({
  state: (): BreakerState => "OPEN",
  tryAcquire: (): Admission => ({ permitted: false, state: "OPEN", retryAfterMs: 40 }),
  onSuccess: () => {},
  onFailure: () => {},
});

/** A retry policy that retries everything twice after 10 ms, and records what it was told. */
function recordingRetry(seen: string[]): RetryPolicyApi {
  return {
    begin: () => {
      let failures = 0;
      return {
        remainingMs: () => 1_000,
        onFailure: (failure) => {
          seen.push(failure.kind === "status" ? `status ${failure.status}${failure.retryAfterMs !== undefined ? ` after ${failure.retryAfterMs}` : ""}` : failure.kind);
          failures++;
          return failures < 3 ? { retry: true, delayMs: 10, attempt: failures + 1 } : { retry: false, reason: "attempts-exhausted" };
        },
      };
    },
  };
}

describe("resilience: the flaky dependency and its callers", () => {
  it("answers by phase: a pattern repeats, failures carry their status", () => {
    const phases: HealthPhase[] = [{ fromMs: 0, name: "failing", failureRate: 0, pattern: "FFS", failureStatus: 500, ...QUICK }];
    const run = runResilience({ seed: 1, phases, runMs: 500, callers: [{ everyMs: 20, operations: 9, attemptTimeoutMs: 100 }] });
    expect(run.dependency.arrivals.map((a) => a.status)).to.deep.equal([500, 500, 200, 500, 500, 200, 500, 500, 200]);
    expect(run.caller("c1").operations.filter((op) => op.outcome?.ok)).to.have.length(3);
  });

  it("sheds what exceeds its concurrency with an immediate 503, and a hung phase never answers", () => {
    const busy: HealthPhase[] = [{ fromMs: 0, name: "overloaded", failureRate: 0, latencyMsMin: 100, latencyMsMax: 100, concurrencyMax: 2 }];
    const shed = runResilience({ seed: 1, phases: busy, runMs: 300, callers: [{ everyMs: 10, operations: 5, attemptTimeoutMs: 500 }] });
    expect(shed.dependency.arrivals.map((a) => a.shed)).to.deep.equal([false, false, true, true, true]);
    const hung: HealthPhase[] = [{ fromMs: 0, name: "down", failureRate: 0, ...QUICK, unresponsive: true }];
    const silent = runResilience({ seed: 1, phases: hung, runMs: 300, callers: [{ everyMs: 10, operations: 3, attemptTimeoutMs: 50 }] });
    expect(silent.dependency.arrivals.every((a) => a.status === undefined)).to.equal(true);
    expect(silent.caller("c1").operations.map((op) => op.attempts[0].result)).to.deep.equal(["timeout", "timeout", "timeout"]);
  });

  it("is deterministic: the same seed gives the same arrivals", () => {
    const phases: HealthPhase[] = [{ fromMs: 0, name: "flaky", failureRate: 0.5, latencyMsMin: 1, latencyMsMax: 30 }];
    const once = () => runResilience({ seed: 7, phases, runMs: 1_000, callers: [{ everyMs: 7, operations: 100, attemptTimeoutMs: 20 }] }).dependency.arrivals;
    expect(once()).to.deep.equal(once());
  });

  it("a caller asks its breaker first: a rejection never leaves, and a retry policy hears a 503 with the retry-after", () => {
    const seen: string[] = [];
    const run = runResilience({ seed: 1, phases: [{ fromMs: 0, name: "healthy", failureRate: 0, ...QUICK }], runMs: 500, callers: [{ everyMs: 10, operations: 1, attemptTimeoutMs: 100, breaker: alwaysOpen, retry: () => recordingRetry(seen) }] });
    expect(run.dependency.arrivals).to.have.length(0);
    expect(run.caller("c1").operations[0].attempts.map((a) => a.result)).to.deep.equal(["rejected", "rejected", "rejected"]);
    expect(seen).to.deep.equal(["status 503 after 40", "status 503 after 40", "status 503 after 40"]);
  });

  it("reports a 4xx to the breaker as a success and a 5xx or a timeout as a failure", () => {
    const reports: string[] = [];
    const watching = (): CircuitBreakerApi => ({
      state: () => "CLOSED",
      tryAcquire: () => ({ permitted: true, startedAtMs: 0 }),
      onSuccess: () => void reports.push("success"),
      onFailure: () => void reports.push("failure"),
    });
    const phases: HealthPhase[] = [
      { fromMs: 0, name: "refusing", failureRate: 1, failureStatus: 404, ...QUICK },
      { fromMs: 50, name: "failing", failureRate: 1, failureStatus: 503, ...QUICK },
      { fromMs: 100, name: "down", failureRate: 0, ...QUICK, unresponsive: true },
    ];
    runResilience({ seed: 1, phases, runMs: 500, callers: [{ everyMs: 50, operations: 3, attemptTimeoutMs: 40, breaker: watching }] });
    expect(reports).to.deep.equal(["success", "failure", "failure"]);
  });

  it("counts per bucket: arrivals by answer, and the peak of calls in flight", () => {
    expect(perBucket([0, 5, 10, 25, 99], 10, 30)).to.deep.equal([2, 1, 1]);
    const hung: HealthPhase[] = [{ fromMs: 0, name: "down", failureRate: 0, ...QUICK, unresponsive: true }];
    const run = runResilience({ seed: 1, phases: hung, runMs: 200, callers: [{ everyMs: 10, operations: 10, attemptTimeoutMs: 1_000 }] });
    expect(inFlightPerBucket(run.caller("c1"), 50, 200)).to.deep.equal([5, 10, 10, 10]);
    expect(arrivalsPerBucket(run.dependency.arrivals, 50, 200).unanswered).to.deep.equal([5, 5, 0, 0]);
  });

  it("manual clock and scripted random: time only moves forward, draws are counted", () => {
    const clock = new ManualClock(5);
    expect(clock.advance(10)).to.equal(15);
    expect(() => clock.advance(-1)).to.throw(RangeError);
    const random = scriptedRandom([0.25, 0.5]);
    expect([random(), random(), random()]).to.deep.equal([0.25, 0.5, 0.5]);
    expect(random.draws).to.equal(3);
    expect(() => scriptedRandom([1])).to.throw(RangeError);
  });
});
