/**
 * The resilience exercises' contract (week 3, section 14.4): a circuit breaker and a retry
 * policy. You implement them in exercises/week3/circuit-breaker.ts and exercises/week3/retry.ts.
 *
 * Both are plain objects, not simulator nodes: a caller asks them before and tells them after
 * each call. They never read `Date.now()` or call `Math.random()`. Time comes from an injected
 * `Clock` and chance from an injected `RandomSource`, so a test (or a simulated client) decides
 * what time it is and what the dice say, and every run can be replayed.
 */

/** Milliseconds from a monotonic clock: it never jumps backwards (think `performance.now()`). */
export interface Clock {
  now(): number;
}

/** A number in [0, 1), like `Math.random()` but seeded by whoever passes it in. */
export type RandomSource = () => number;

// ---------------------------------------------------------------------------------------------
// Circuit breaker
// ---------------------------------------------------------------------------------------------

/** The three states resilience4j and Polly define (their CLOSED, OPEN and HALF_OPEN). */
export type BreakerState = "CLOSED" | "OPEN" | "HALF_OPEN";

/**
 * Which calls the CLOSED breaker judges: the last `calls` outcomes ("count"), or the outcomes
 * reported during the last `durationMs` ("time": an outcome reported at time t is in the window
 * while now - t < durationMs).
 */
export type SlidingWindow = { kind: "count"; calls: number } | { kind: "time"; durationMs: number };

/** A state change, published through `onTransition` the moment it happens. */
export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  /** The clock's time of the change. */
  atMs: number;
}

export interface CircuitBreakerConfig {
  window: SlidingWindow;
  /** No verdict while the window holds fewer outcomes than this (resilience4j's minimumNumberOfCalls). */
  minimumCalls: number;
  /** Open when at least this percentage of the window's calls failed (0 < p <= 100). */
  failureRateThresholdPercent: number;
  /** Open when at least this percentage of the window's calls were slow (0 < p <= 100). */
  slowCallRateThresholdPercent: number;
  /** A call that took longer than this (strictly) is slow, whether it succeeded or failed. */
  slowCallDurationMs: number;
  /** How long OPEN rejects every call before letting probes through. */
  openWaitMs: number;
  /** How many probe calls HALF_OPEN lets through (resilience4j's permittedNumberOfCallsInHalfOpenState). */
  halfOpenPermits: number;
  clock: Clock;
  /** Called synchronously at every state change, after the state has changed. */
  onTransition?: (transition: BreakerTransition) => void;
}

/**
 * resilience4j's defaults, to spread into a config: `{ ...RESILIENCE4J_DEFAULTS, clock }`.
 * (resilience4j counts 100 calls and waits 60 s; the exercises' tests use smaller numbers.)
 */
export const RESILIENCE4J_DEFAULTS = {
  window: { kind: "count", calls: 100 },
  minimumCalls: 100,
  failureRateThresholdPercent: 50,
  slowCallRateThresholdPercent: 100,
  slowCallDurationMs: 60_000,
  openWaitMs: 60_000,
  halfOpenPermits: 10,
} as const satisfies Omit<CircuitBreakerConfig, "clock">;

/**
 * Permission to make one call. Give it back to `onSuccess` or `onFailure` when the call ends,
 * exactly once. Implementations may add fields of their own (e.g. which state period granted it).
 */
export interface Permission {
  readonly permitted: true;
  /** The clock's time when the permission was granted: the call's duration is measured from here. */
  readonly startedAtMs: number;
}

/** The call must not be made. `retryAfterMs`: when it is worth asking again, from now. */
export interface Rejection {
  readonly permitted: false;
  readonly state: "OPEN" | "HALF_OPEN";
  readonly retryAfterMs: number;
}

export type Admission = Permission | Rejection;

/**
 * A circuit breaker as resilience4j and Polly define one. The rules (every one has a test):
 *
 * CLOSED (the start): every call is permitted. Each reported outcome enters the sliding window;
 *   then, if the window holds at least `minimumCalls` outcomes and the failure rate or the slow
 *   call rate is AT OR ABOVE its threshold, the breaker opens (CLOSED -> OPEN, at once, in that
 *   onSuccess/onFailure). Rates are percentages of the window's calls: compare
 *   `100 * failed >= threshold * calls` in integers, not rounded fractions. Successes never
 *   "reset" failures: only the window decides.
 * OPEN: every call is rejected with state "OPEN" and retryAfterMs = the time left of the wait
 *   (openedAtMs + openWaitMs - now). From openedAtMs + openWaitMs on, the next `tryAcquire()`
 *   or `state()` moves the breaker to HALF_OPEN first (OPEN -> HALF_OPEN at that time).
 * HALF_OPEN: the first `halfOpenPermits` calls of this period are permitted (the probes); every
 *   later call is rejected with state "HALF_OPEN" and retryAfterMs = openWaitMs. When all the
 *   probes have reported, their failure rate and slow call rate decide (minimumCalls plays no
 *   part): either at or above its threshold -> OPEN (a fresh wait from now); else -> CLOSED,
 *   with an empty window.
 * Stale outcomes: an outcome counts only in the state period that granted its permission. A call
 *   permitted while CLOSED that reports after the breaker opened (or later), or a probe from an
 *   earlier HALF_OPEN period, is ignored: it changes neither a window nor the state.
 * Duration: onSuccess/onFailure measure clock.now() - permission.startedAtMs; above
 *   slowCallDurationMs (strictly) the call was slow.
 * Transitions: the only ones are CLOSED -> OPEN, OPEN -> HALF_OPEN, HALF_OPEN -> OPEN and
 *   HALF_OPEN -> CLOSED. Each is published once through config.onTransition, with the time.
 * Config: the constructor throws a RangeError for a window of fewer than 1 call or a
 *   durationMs <= 0, minimumCalls or halfOpenPermits below 1 or not integers, thresholds outside
 *   (0, 100], a negative slowCallDurationMs or openWaitMs, or a count window smaller than
 *   minimumCalls (it could never reach its minimum).
 */
export interface CircuitBreakerApi {
  /** The current state, after moving OPEN -> HALF_OPEN if the wait is over. */
  state(): BreakerState;
  /** Ask before calling: a Permission to call now, or a Rejection saying when to come back. */
  tryAcquire(): Admission;
  /** The permitted call succeeded (or failed in a way that is not the dependency's fault, such as a 4xx). */
  onSuccess(permission: Permission): void;
  /** The permitted call failed: an error, a 5xx, a timeout. */
  onFailure(permission: Permission): void;
}

// ---------------------------------------------------------------------------------------------
// Retry policy
// ---------------------------------------------------------------------------------------------

/** HTTP methods; RFC 9110 calls GET, HEAD, PUT and DELETE idempotent, and not POST or PATCH. */
export type HttpMethod = "GET" | "HEAD" | "PUT" | "DELETE" | "POST" | "PATCH";

/** The operation about to be tried: what it does and, optionally, the key that dedupes it. */
export interface RetryCall {
  method: HttpMethod;
  /** A key the server uses to recognise a repeat (Stripe's Idempotency-Key header). */
  idempotencyKey?: string;
}

/** Why one attempt failed. */
export type CallFailure =
  /** No answer in time: the server may or may not have done it. */
  | { kind: "timeout" }
  /** The connection failed (refused, reset). */
  | { kind: "network" }
  /** The server answered with an error status, possibly saying when to come back (Retry-After). */
  | { kind: "status"; status: number; retryAfterMs?: number };

/** How a delay is randomized (Marc Brooker, "Exponential Backoff And Jitter", AWS, 2015). */
export type Jitter = "none" | "full" | "decorrelated";

export interface RetryConfig {
  /** Attempts in all, the first one included (3: one try and at most two retries). */
  maxAttempts: number;
  baseDelayMs: number;
  /** The cap: no computed delay exceeds it. */
  maxDelayMs: number;
  /** Growth per retry: 2 doubles the delay each time. */
  multiplier: number;
  jitter: Jitter;
  /** The whole operation's time budget, counted from `begin()`: no attempt starts after it. */
  deadlineMs: number;
  clock: Clock;
  random: RandomSource;
}

export type GiveUpReason = "not-retryable" | "not-idempotent" | "attempts-exhausted" | "deadline";

export type RetryDecision =
  /** Wait `delayMs`, then make attempt number `attempt` (2 for the first retry). */
  | { retry: true; delayMs: number; attempt: number }
  | { retry: false; reason: GiveUpReason };

/** One operation's retries: call `onFailure` after each failed attempt. */
export interface RetrySession {
  /** Attempt number k (k = 1, 2, ...) just failed with `failure`: retry it, or give up? */
  onFailure(failure: CallFailure): RetryDecision;
  /** Time left before the deadline, never negative: give the next attempt no longer than this. */
  remainingMs(): number;
}

/**
 * A retry policy. The rules, checked in this order at each `onFailure` (every one has a test):
 *
 * 1. Retryable failures only: a timeout, a network error, or status 408, 429, 500, 502, 503 or
 *    504. Anything else (400, 401, 403, 404, 409, 422, 501, ...) -> { retry: false, reason:
 *    "not-retryable" }: repeating a request the server refused gives the same answer.
 * 2. Idempotent calls only: GET, HEAD, PUT and DELETE, or any call with a non-empty
 *    idempotencyKey. A POST or PATCH without one -> "not-idempotent": after a timeout nobody
 *    knows whether it happened, and a retry can do it twice (charge a card twice).
 * 3. At most maxAttempts attempts: after the maxAttempts-th failure -> "attempts-exhausted".
 * 4. The delay before retry number n (n = 1 before attempt 2), with
 *    exp(n) = min(maxDelayMs, baseDelayMs * multiplier^(n-1)):
 *      "none":         exp(n)
 *      "full":         random() * exp(n)
 *      "decorrelated": min(maxDelayMs, baseDelayMs + random() * (3 * previous - baseDelayMs)),
 *                      where previous is the last delay (baseDelayMs before the first retry)
 *    Each jittered delay draws exactly one random(); "none" draws none; a decision that gives
 *    up under rules 1-3 draws none. If the failure carries retryAfterMs, the delay is at least
 *    that (the server said when; a "previous" for decorrelated jitter is the delay returned).
 * 5. The deadline: the retry must start before begin() + deadlineMs, i.e. if now + delay >=
 *    that instant -> "deadline" (never sleep past the deadline, nor up to it).
 * remainingMs() is max(0, begin() + deadlineMs - now).
 * Config: the constructor throws a RangeError for maxAttempts below 1 or not an integer, a
 * negative baseDelayMs, maxDelayMs below baseDelayMs, a multiplier below 1, or a deadlineMs <= 0.
 */
export interface RetryPolicyApi {
  /** Start one operation (its deadline counts from now). */
  begin(call: RetryCall): RetrySession;
}
