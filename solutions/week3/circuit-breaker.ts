/**
 * A circuit breaker as resilience4j and Polly define one: a sliding window of outcomes judged
 * by failure rate and slow call rate after a minimum number of calls, an open wait, and a fixed
 * number of probes in half-open. Reference solution for week 3.
 */
import type { Admission, BreakerState, CircuitBreakerApi, CircuitBreakerConfig, Permission } from "../../src/contracts/resilience";

/** A permission that remembers which state period granted it, so a late outcome can be told apart. */
interface PeriodPermission extends Permission {
  readonly period: number;
}

interface Outcome {
  atMs: number;
  failed: boolean;
  slow: boolean;
}

export class CircuitBreaker implements CircuitBreakerApi {
  private current: BreakerState = "CLOSED";
  /** Bumped at every transition: outcomes of permissions from an older period are stale. */
  private period = 0;
  /** CLOSED: the sliding window's outcomes. HALF_OPEN: the probes' outcomes so far. */
  private outcomes: Outcome[] = [];
  private openedAtMs = 0;
  private probesGranted = 0;

  constructor(private readonly config: CircuitBreakerConfig) {
    validateBreakerConfig(config);
  }

  state(): BreakerState {
    this.endOpenWaitIfOver(this.config.clock.now());
    return this.current;
  }

  tryAcquire(): Admission {
    const now = this.config.clock.now();
    this.endOpenWaitIfOver(now);
    if (this.current === "OPEN") return { permitted: false, state: "OPEN", retryAfterMs: this.openedAtMs + this.config.openWaitMs - now };
    if (this.current === "HALF_OPEN") {
      if (this.probesGranted >= this.config.halfOpenPermits) return { permitted: false, state: "HALF_OPEN", retryAfterMs: this.config.openWaitMs };
      this.probesGranted++;
    }
    const permission: PeriodPermission = { permitted: true, startedAtMs: now, period: this.period };
    return permission;
  }

  onSuccess(permission: Permission): void {
    this.record(permission, false);
  }

  onFailure(permission: Permission): void {
    this.record(permission, true);
  }

  private record(permission: Permission, failed: boolean): void {
    if ((permission as PeriodPermission).period !== this.period) return; // granted before the last transition: stale
    const now = this.config.clock.now();
    this.outcomes.push({ atMs: now, failed, slow: now - permission.startedAtMs > this.config.slowCallDurationMs });
    if (this.current === "CLOSED") this.judgeWindow(now);
    else this.judgeProbes(now); // HALF_OPEN: OPEN grants no permission, and one of an earlier period returned above
  }

  private judgeWindow(now: number): void {
    const window = this.config.window;
    if (window.kind === "count") this.outcomes = this.outcomes.slice(-window.calls);
    else this.outcomes = this.outcomes.filter((outcome) => now - outcome.atMs < window.durationMs);
    if (this.outcomes.length >= this.config.minimumCalls && this.overThreshold()) this.moveTo("OPEN", now);
  }

  private judgeProbes(now: number): void {
    if (this.outcomes.length < this.config.halfOpenPermits) return;
    this.moveTo(this.overThreshold() ? "OPEN" : "CLOSED", now);
  }

  private overThreshold(): boolean {
    const calls = this.outcomes.length;
    const failed = this.outcomes.filter((outcome) => outcome.failed).length;
    const slow = this.outcomes.filter((outcome) => outcome.slow).length;
    return 100 * failed >= this.config.failureRateThresholdPercent * calls || 100 * slow >= this.config.slowCallRateThresholdPercent * calls;
  }

  private endOpenWaitIfOver(now: number): void {
    if (this.current === "OPEN" && now >= this.openedAtMs + this.config.openWaitMs) this.moveTo("HALF_OPEN", now);
  }

  private moveTo(to: BreakerState, now: number): void {
    const from = this.current;
    this.current = to;
    // Stryker disable next-line UpdateOperator: equivalent, periods are only compared for equality, and counting down makes a new one at every transition too
    this.period++;
    this.outcomes = [];
    this.probesGranted = 0;
    // Stryker disable next-line ConditionalExpression: equivalent, openedAtMs is read only in OPEN, where the last transition was the one to OPEN
    if (to === "OPEN") this.openedAtMs = now;
    this.config.onTransition?.({ from, to, atMs: now });
  }
}

/** The contract's config rules: throws a RangeError naming the first field that breaks one. */
function validateBreakerConfig(config: CircuitBreakerConfig): void {
  const { window } = config;
  // Stryker disable StringLiteral: the words of the RangeError thrown below: contracts ask for the error's type, and no test reads its words
  const problems: [boolean, string][] = [
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent by the contract, a count window below 1 call is below minimumCalls (itself >= 1), refused by the last check; the contract asks nothing of a fractional window.calls, so the integer check is the reference's own
    [window.kind === "count" && !(Number.isInteger(window.calls) && window.calls >= 1), "window.calls must be an integer >= 1"],
    [window.kind === "time" && !(window.durationMs > 0), "window.durationMs must be > 0"],
    [!(Number.isInteger(config.minimumCalls) && config.minimumCalls >= 1), "minimumCalls must be an integer >= 1"],
    [!(Number.isInteger(config.halfOpenPermits) && config.halfOpenPermits >= 1), "halfOpenPermits must be an integer >= 1"],
    [!(config.failureRateThresholdPercent > 0 && config.failureRateThresholdPercent <= 100), "failureRateThresholdPercent must be in (0, 100]"],
    [!(config.slowCallRateThresholdPercent > 0 && config.slowCallRateThresholdPercent <= 100), "slowCallRateThresholdPercent must be in (0, 100]"],
    [!(config.slowCallDurationMs >= 0), "slowCallDurationMs must be >= 0"],
    [!(config.openWaitMs >= 0), "openWaitMs must be >= 0"],
    [window.kind === "count" && window.calls < config.minimumCalls, "a count window smaller than minimumCalls never reaches its minimum"],
  ];
  // Stryker restore StringLiteral
  const broken = problems.find(([bad]) => bad);
  if (broken) throw new RangeError(`CircuitBreaker: ${broken[1]}`);
}
