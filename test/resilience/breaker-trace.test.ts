import { expect } from "chai";
import { checkBreakerTrace, describeBreakerTrace, type BreakerRules } from "../../src/check/breaker-trace";
import type { Admission, BreakerState, BreakerTransition, CircuitBreakerApi, Permission } from "../../src/contracts/resilience";
import { BreakerRecorder, callsOfSteps } from "../../src/resilience/breaker-recorder";
import { ManualClock } from "../../src/resilience/manual-clock";
import { breakerTimeline } from "../../src/viz/breaker-timeline";

const RULES: BreakerRules = { window: { kind: "count", calls: 2 }, minimumCalls: 2, failureRateThresholdPercent: 50, slowCallRateThresholdPercent: 100, slowCallDurationMs: 100, openWaitMs: 50, halfOpenPermits: 1 };

/** A breaker scripted by hand: it does what the test says, so the checker's verdicts can be pinned. */
class PuppetBreaker implements CircuitBreakerApi {
  current: BreakerState = "CLOSED";
  admit = true;
  constructor(
    private readonly clock: ManualClock,
    private readonly publish: (t: BreakerTransition) => void,
  ) {}
  move(to: BreakerState): void {
    this.publish({ from: this.current, to, atMs: this.clock.now() });
    this.current = to;
  }
  state(): BreakerState {
    return this.current;
  }
  tryAcquire(): Admission {
    return this.admit ? { permitted: true, startedAtMs: this.clock.now() } : { permitted: false, state: "OPEN", retryAfterMs: 50 };
  }
  onSuccess(): void {}
  onFailure(): void {}
}

function rig() {
  const clock = new ManualClock();
  const recorder = new BreakerRecorder(clock);
  const puppet = new PuppetBreaker(clock, recorder.onTransition);
  return { clock, recorder, puppet, breaker: recorder.attach(puppet) };
}

describe("resilience: the breaker-trace checker", () => {
  it("is UNKNOWN when nothing in the run called for a transition", () => {
    const { recorder, breaker } = rig();
    breaker.onSuccess(breaker.tryAcquire() as Permission);
    expect(checkBreakerTrace(RULES, recorder.steps).verdict).to.equal("UNKNOWN");
  });

  it("names a breaker that stays closed at the threshold, with the window in words", () => {
    const { recorder, breaker } = rig();
    const [a, b] = [breaker.tryAcquire() as Permission, breaker.tryAcquire() as Permission];
    breaker.onSuccess(a);
    breaker.onFailure(b);
    const result = checkBreakerTrace(RULES, recorder.steps);
    expect(result.verdict).to.equal("ILLEGAL");
    expect(describeBreakerTrace(result)).to.match(/^rule opens-at-threshold: call #2's failure .* should have opened.* \[#1 ok, #2 failed\].*exactly the threshold/);
  });

  it("accepts the transition the rules call for, published at the clock's time", () => {
    const { recorder, breaker, puppet, clock } = rig();
    const [a, b] = [breaker.tryAcquire() as Permission, breaker.tryAcquire() as Permission];
    breaker.onSuccess(a);
    puppet.onFailure = () => puppet.move("OPEN");
    breaker.onFailure(b);
    puppet.admit = false;
    clock.advance(10);
    breaker.tryAcquire();
    expect(checkBreakerTrace(RULES, recorder.steps).verdict).to.equal("ILLEGAL"); // retryAfterMs 50, but 40 ms are left
    expect(describeBreakerTrace(checkBreakerTrace(RULES, recorder.steps))).to.contain("rule open-rejects");
  });

  it("refuses a transition no breaker has, and one published outside any call", () => {
    const { recorder, breaker, puppet } = rig();
    puppet.onFailure = () => puppet.move("HALF_OPEN");
    breaker.onFailure(breaker.tryAcquire() as Permission);
    expect(describeBreakerTrace(checkBreakerTrace(RULES, recorder.steps))).to.match(/^rule legal-transitions: .* CLOSED -> HALF_OPEN/);
    const stray = rig();
    stray.puppet.move("OPEN");
    expect(describeBreakerTrace(checkBreakerTrace(RULES, stray.recorder.steps, stray.recorder.strayTransitions))).to.match(/^rule publishes-transitions: .* outside any call/);
  });

  it("refuses an outcome for a permission it never granted", () => {
    const { breaker } = rig();
    expect(() => breaker.onSuccess({ permitted: true, startedAtMs: 0 })).to.throw(/did not grant/);
  });

  it("draws the recorded calls on a timeline, one tick per pixel column however many calls", () => {
    const { recorder, breaker, clock } = rig();
    for (let i = 0; i < 2_000; i++) {
      const permission = breaker.tryAcquire() as Permission;
      clock.advance(1);
      breaker.onSuccess(permission);
    }
    const svg = breakerTimeline({ transitions: [], calls: callsOfSteps(recorder.steps, 100), widthPx: 400 });
    expect(svg).to.contain("ok (2000)");
    expect(svg.split("<line").length - 1).to.be.at.most(400);
  });
});
