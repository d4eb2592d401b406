/**
 * Records everything a caller does with a circuit breaker, and every transition the breaker
 * publishes during it, as a list of steps the breaker-trace checker (src/check/breaker-trace.ts)
 * reads. Pass `recorder.onTransition` in the breaker's config and call the breaker through
 * `recorder.attach(breaker)`:
 *
 *   const recorder = new BreakerRecorder(clock);
 *   const breaker = recorder.attach(new CircuitBreaker({ ...config, clock, onTransition: recorder.onTransition }));
 */
import type { Admission, BreakerState, BreakerTransition, CircuitBreakerApi, Clock, Permission } from "../contracts/resilience";
import type { TimelineCall } from "../viz/breaker-timeline";
import type { BreakerFactory } from "./caller";

interface StepBase {
  /** The clock's time when the caller made this call into the breaker. */
  atMs: number;
  /** Transitions the breaker published while handling this step, in order. */
  transitions: BreakerTransition[];
}

export type BreakerStep =
  /** tryAcquire(): `call` numbers the acquires from 1. */
  | (StepBase & { kind: "acquire"; call: number; admission: Admission })
  /** onSuccess/onFailure of the permission granted to `call`; `durationMs` since its tryAcquire(). */
  | (StepBase & { kind: "outcome"; call: number; failed: boolean; durationMs: number })
  | (StepBase & { kind: "state"; state: BreakerState });

export class BreakerRecorder {
  readonly steps: BreakerStep[] = [];
  /** Transitions published outside any step (from a timer of the breaker's own, say): always wrong. */
  readonly strayTransitions: BreakerTransition[] = [];
  private inStep: BreakerTransition[] | undefined;
  /** Permissions granted and not yet reported (a list, not a Map: two grants may be one object). */
  private readonly outstanding: { permission: Permission; call: number; atMs: number }[] = [];
  private acquires = 0;

  constructor(private readonly clock: Clock) {}

  /** Give this to the breaker's config as `onTransition`. */
  readonly onTransition = (transition: BreakerTransition): void => {
    (this.inStep ?? this.strayTransitions).push({ from: transition.from, to: transition.to, atMs: transition.atMs });
  };

  /** The breaker, with every call through it recorded. */
  attach(breaker: CircuitBreakerApi): CircuitBreakerApi {
    return {
      state: () => this.step((transitions, atMs) => {
        const state = breaker.state();
        return { kind: "state", atMs, transitions, state };
      }).state,
      tryAcquire: () => this.step((transitions, atMs) => {
        const call = ++this.acquires;
        const admission = breaker.tryAcquire();
        if (admission.permitted === true) this.outstanding.push({ permission: admission, call, atMs });
        return { kind: "acquire", atMs, transitions, call, admission };
      }).admission,
      onSuccess: (permission) => this.outcome(permission, false, () => breaker.onSuccess(permission)),
      onFailure: (permission) => this.outcome(permission, true, () => breaker.onFailure(permission)),
    };
  }

  private outcome(permission: Permission, failed: boolean, report: () => void): void {
    const index = this.outstanding.findIndex((entry) => entry.permission === permission);
    if (index < 0) throw new Error("BreakerRecorder: an outcome for a permission this breaker did not grant (or one reported twice)");
    const [granted] = this.outstanding.splice(index, 1);
    this.step((transitions, atMs) => {
      report();
      return { kind: "outcome", atMs, transitions, call: granted.call, failed, durationMs: atMs - granted.atMs };
    });
  }

  private step<S extends BreakerStep>(run: (transitions: BreakerTransition[], atMs: number) => S): S {
    const transitions: BreakerTransition[] = [];
    this.inStep = transitions;
    try {
      const step = run(transitions, this.clock.now());
      this.steps.push(step);
      return step;
    } finally {
      this.inStep = undefined;
    }
  }
}

/** The recorded calls as ticks for `breakerTimeline` (src/viz/breaker-timeline.ts). */
export function callsOfSteps(steps: readonly BreakerStep[], slowCallDurationMs: number): TimelineCall[] {
  return steps.flatMap((step): TimelineCall[] => {
    if (step.kind === "acquire" && step.admission.permitted === false) return [{ atMs: step.atMs, mark: "rejected", label: `call #${step.call} rejected (${step.admission.state})` }];
    if (step.kind !== "outcome") return [];
    const mark = step.durationMs > slowCallDurationMs ? "slow" : step.failed ? "failed" : "ok";
    return [{ atMs: step.atMs, mark, label: `call #${step.call} ${step.failed ? "failed" : "succeeded"} after ${step.durationMs} ms` }];
  });
}

/** Every transition the recorder saw, in order. */
export function transitionsOfSteps(steps: readonly BreakerStep[]): BreakerTransition[] {
  return steps.flatMap((step) => step.transitions);
}

/**
 * Record every breaker a factory makes (one per simulated caller), for the breaker-trace checker:
 * `const { factory, recorders } = recording((clock, onTransition) => new CircuitBreaker({ ...config, clock, onTransition }))`.
 */
export function recording(make: BreakerFactory): { factory: BreakerFactory; recorders: BreakerRecorder[] } {
  const recorders: BreakerRecorder[] = [];
  const factory: BreakerFactory = (clock, onTransition) => {
    const recorder = new BreakerRecorder(clock);
    recorders.push(recorder);
    return recorder.attach(
      make(clock, (transition) => {
        recorder.onTransition(transition);
        onTransition(transition);
      }),
    );
  };
  return { factory, recorders };
}
