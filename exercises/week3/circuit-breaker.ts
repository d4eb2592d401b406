/**
 * Week 3, exercise 1: a circuit breaker (section 14.4).
 *
 * The chapter's Java `CircuitBreaker` counts consecutive failures, and notebook 11 breaks it on
 * the simulator four ways: any success resets the count, so a dependency failing 4 calls in 5
 * never trips it; HALF_OPEN lets every caller through and one success closes it; a dependency
 * that answers in 30 s instead of failing never trips it; and it reads the wall clock, so it
 * cannot be tested without waiting (and a clock step changes how long it stays open).
 * This one works as resilience4j and Polly define a breaker. The contract is in
 * src/contracts/resilience.ts (types, and every rule in words); in short:
 *
 *   - CLOSED: permit every call. Put each reported outcome into the sliding window (the last
 *     `window.calls` outcomes, or those reported during the last `window.durationMs`). Once the
 *     window holds >= minimumCalls outcomes, open as soon as the failure rate or the slow call
 *     rate is >= its threshold (rates in percent: `100 * failed >= threshold * calls`).
 *   - OPEN: reject every call with { permitted: false, state: "OPEN", retryAfterMs: time left of
 *     openWaitMs }. Once openWaitMs has passed, the next tryAcquire() or state() moves to HALF_OPEN.
 *   - HALF_OPEN: permit exactly halfOpenPermits probes, reject the rest with state "HALF_OPEN" and
 *     retryAfterMs = openWaitMs. When every probe has reported: a rate at or above its threshold
 *     -> OPEN again (a fresh wait); otherwise -> CLOSED with an empty window.
 *   - A call is slow when clock.now() - permission.startedAtMs > slowCallDurationMs.
 *   - An outcome whose permission was granted before the last transition is stale: ignore it.
 *   - Publish every transition through config.onTransition?.({ from, to, atMs }).
 *   - Refuse a bad config with a RangeError (see the contract's list).
 *   - Time is config.clock.now(), never Date.now().
 *
 * Try it in notebooks/11-failing-well.ipynb; grade it with `npm run grade week3 -- --only breaker`.
 */
import { notImplemented } from "../../src/contracts/not-implemented";
import type { Admission, BreakerState, CircuitBreakerApi, CircuitBreakerConfig, Permission } from "../../src/contracts/resilience";

const FILE = "exercises/week3/circuit-breaker.ts";

export class CircuitBreaker implements CircuitBreakerApi {
  /** Keep the config; check it first (a RangeError for a bad one). */
  constructor(private readonly config: CircuitBreakerConfig) {}

  /** The current state; first moves OPEN -> HALF_OPEN if openWaitMs has passed. */
  state(): BreakerState {
    return notImplemented("CircuitBreaker.state", FILE);
  }

  /**
   * Before a call. CLOSED: a Permission { permitted: true, startedAtMs: now } (add fields of your
   * own, such as the state period that granted it). OPEN: a Rejection with the wait's time left.
   * HALF_OPEN: a Permission for each of the first halfOpenPermits probes, then Rejections.
   */
  tryAcquire(): Admission {
    return notImplemented("CircuitBreaker.tryAcquire", FILE);
  }

  /** After a permitted call succeeded: record it (it may still be slow) and apply the rules. */
  onSuccess(permission: Permission): void {
    notImplemented("CircuitBreaker.onSuccess", FILE);
  }

  /** After a permitted call failed: record it and apply the rules. */
  onFailure(permission: Permission): void {
    notImplemented("CircuitBreaker.onFailure", FILE);
  }
}
