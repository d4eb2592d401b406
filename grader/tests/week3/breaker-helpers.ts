/**
 * A test rig for the circuit breaker exercise: the learner's CircuitBreaker on a manual clock,
 * every call through it recorded, and the breaker-trace checker (src/check/breaker-trace.ts)
 * judging the whole run, so a failure names the rule broken and the call that broke it.
 *
 * Scripts are strings, one letter per call (tryAcquire, then the call takes some time, then
 * the report): S a success, F a failure (each taking 1 ms), L a slow success and X a slow
 * failure (each taking slowCallDurationMs + 1 ms). A call the breaker rejects is not made.
 */
import { checkBreakerTrace, type BreakerRules, type BreakerTraceResult } from "../../../src/check/breaker-trace";
import type { Admission, BreakerState, CircuitBreakerApi, CircuitBreakerConfig, Permission } from "../../../src/contracts/resilience";
import { BreakerRecorder, callsOfSteps, transitionsOfSteps } from "../../../src/resilience/breaker-recorder";
import { ManualClock } from "../../../src/resilience/manual-clock";
import { breakerTimeline } from "../../../src/viz/breaker-timeline";
import { fail, says, type Texts, type TestContext } from "../../api";
import { findingTexts } from "../../i18n/messages";

export type BreakerConstructor = new (config: CircuitBreakerConfig) => CircuitBreakerApi;

export function breakerClass(ctx: TestContext): BreakerConstructor {
  return ctx.exported<BreakerConstructor>("CircuitBreaker");
}

/** Small numbers, so scripts stay short: a window of 10 calls, 50% failures, 3 probes. */
export const SMALL_RULES: BreakerRules = {
  window: { kind: "count", calls: 10 },
  minimumCalls: 10,
  failureRateThresholdPercent: 50,
  slowCallRateThresholdPercent: 100,
  slowCallDurationMs: 100,
  openWaitMs: 1_000,
  halfOpenPermits: 3,
};

export class BreakerRig {
  readonly clock = new ManualClock();
  readonly recorder = new BreakerRecorder(this.clock);
  readonly breaker: CircuitBreakerApi;

  constructor(
    Breaker: BreakerConstructor,
    readonly rules: BreakerRules,
  ) {
    this.breaker = this.recorder.attach(new Breaker({ ...rules, clock: this.clock, onTransition: this.recorder.onTransition }));
  }

  /** Run a script (see the file's header); returns the admissions, in order. */
  run(script: string): Admission[] {
    return [...script].map((letter) => {
      const admission = this.breaker.tryAcquire();
      if (!admission.permitted) return admission;
      const slow = letter === "L" || letter === "X";
      this.clock.advance(slow ? this.rules.slowCallDurationMs + 1 : 1);
      this.report(admission, letter === "F" || letter === "X");
      return admission;
    });
  }

  acquire(): Admission {
    return this.breaker.tryAcquire();
  }

  /** tryAcquire, which must be permitted (the checker explains it otherwise). */
  permit(): Permission {
    const admission = this.breaker.tryAcquire();
    if (!admission.permitted) this.verify();
    if (!admission.permitted) fail(says({ en: `tryAcquire() at t=${this.clock.now()} ms was rejected (${JSON.stringify(admission)}), but the test expected a permission here`, ko: `t=${this.clock.now()} ms의 tryAcquire()가 거절되었습니다 (${JSON.stringify(admission)}). 테스트는 여기서 허가를 기대했습니다` }));
    return admission;
  }

  report(permission: Permission, failed: boolean): void {
    if (failed) this.breaker.onFailure(permission);
    else this.breaker.onSuccess(permission);
  }

  state(): BreakerState {
    return this.breaker.state();
  }

  /**
   * Judge everything so far with the breaker-trace checker; fail with its words. UNKNOWN (no
   * transition was due yet) is fine here: the tests' own expectations say what must have happened.
   */
  verify(): void {
    const result = checkBreakerTrace(this.rules, this.recorder.steps, this.recorder.strayTransitions);
    if (result.verdict === "ILLEGAL") fail(breakerFailure(result), `rules: ${describeRules(this.rules)}`);
  }

  /** Verify, then require the breaker to be in `state` now, saying why it should be. */
  expectState(state: BreakerState, why: Texts): void {
    this.verify();
    const actual = this.state();
    this.verify();
    if (actual !== state) fail(says({ en: `state() returned ${actual} at t=${this.clock.now()} ms, expected ${state}: ${why.en}`, ko: `t=${this.clock.now()} ms에 state()의 반환값이 ${actual}입니다. 기댓값은 ${state}입니다: ${why.ko}` }), `rules: ${describeRules(this.rules)}`);
  }

  /** The run as a picture, for the report. */
  picture(): string {
    const steps = this.recorder.steps;
    return breakerTimeline({ title: "calls through your breaker (manual clock)", transitions: transitionsOfSteps(steps), calls: callsOfSteps(steps, this.rules.slowCallDurationMs) });
  }
}

/** A rig for this test, with its picture attached if the test fails. */
export function breakerRig(ctx: TestContext, rules: Partial<BreakerRules> = {}): BreakerRig {
  const rig = new BreakerRig(breakerClass(ctx), { ...SMALL_RULES, ...rules });
  ctx.attachOnFailure("the breaker's states and calls", () => rig.picture());
  return rig;
}

/** An ILLEGAL trace in every language: "rule <id>: ..." as describeBreakerTrace words it in English. */
export function breakerFailure(result: Extract<BreakerTraceResult, { verdict: "ILLEGAL" }>): Texts {
  const found = findingTexts(result.finding);
  return says({ en: `rule ${result.rule}: ${found.en}`, ko: `규칙 ${result.rule}: ${found.ko}` });
}

export function describeRules(rules: BreakerRules): string {
  const window = rules.window.kind === "count" ? `the last ${rules.window.calls} calls` : `the last ${rules.window.durationMs} ms`;
  return (
    `window ${window}, minimumCalls ${rules.minimumCalls}, failure threshold ${rules.failureRateThresholdPercent}%, ` +
    `slow threshold ${rules.slowCallRateThresholdPercent}% of calls over ${rules.slowCallDurationMs} ms, openWaitMs ${rules.openWaitMs}, halfOpenPermits ${rules.halfOpenPermits}`
  );
}
