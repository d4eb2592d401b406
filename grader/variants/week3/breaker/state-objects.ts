/**
 * Fair variant: the State pattern. Each state is an object with its own tryAcquire and report;
 * a transition swaps the object, and a permission remembers the state object that granted it,
 * so an outcome reported to a newer state object is stale by identity, not by a counter. The
 * config is checked field by field with its own messages. Same contract, different shape.
 */
import type { Admission, BreakerState, CircuitBreakerApi, CircuitBreakerConfig, Permission } from "../../../../src/contracts/resilience";

interface Grant extends Permission {
  readonly grantedBy: StateObject;
}

interface StateObject {
  readonly name: BreakerState;
  /** Time passing: OPEN becomes HALF_OPEN when its wait is over. */
  tick(now: number): void;
  acquire(now: number): Admission | "granted";
  report(now: number, failed: boolean, slow: boolean): void;
}

export class CircuitBreaker implements CircuitBreakerApi {
  private current: StateObject;

  constructor(private readonly config: CircuitBreakerConfig) {
    check(config.window.kind === "count" ? Number.isInteger(config.window.calls) && config.window.calls >= 1 : config.window.durationMs > 0, "the window must hold at least one call or one millisecond");
    check(Number.isInteger(config.minimumCalls) && config.minimumCalls >= 1, "minimumCalls must be a positive integer");
    check(Number.isInteger(config.halfOpenPermits) && config.halfOpenPermits >= 1, "halfOpenPermits must be a positive integer");
    for (const percent of [config.failureRateThresholdPercent, config.slowCallRateThresholdPercent]) check(percent > 0 && percent <= 100, "thresholds are percentages in (0, 100]");
    check(config.slowCallDurationMs >= 0 && config.openWaitMs >= 0, "durations cannot be negative");
    check(config.window.kind !== "count" || config.window.calls >= config.minimumCalls, "the count window must be able to hold minimumCalls calls");
    this.current = this.closed();
  }

  state(): BreakerState {
    this.current.tick(this.config.clock.now());
    return this.current.name;
  }

  tryAcquire(): Admission {
    const now = this.config.clock.now();
    this.current.tick(now);
    const answer = this.current.acquire(now);
    if (answer !== "granted") return answer;
    const grant: Grant = { permitted: true, startedAtMs: now, grantedBy: this.current };
    return grant;
  }

  onSuccess(permission: Permission): void {
    this.report(permission, false);
  }

  onFailure(permission: Permission): void {
    this.report(permission, true);
  }

  private report(permission: Permission, failed: boolean): void {
    const grantedBy = (permission as Grant).grantedBy;
    if (grantedBy !== this.current) return;
    const now = this.config.clock.now();
    this.current.report(now, failed, now - permission.startedAtMs > this.config.slowCallDurationMs);
  }

  private become(next: StateObject, now: number): void {
    const from = this.current.name;
    this.current = next;
    this.config.onTransition?.({ from, to: next.name, atMs: now });
  }

  private tripped(outcomes: readonly { failed: boolean; slow: boolean }[]): boolean {
    const failed = outcomes.filter((o) => o.failed).length;
    const slow = outcomes.filter((o) => o.slow).length;
    return failed * 100 >= this.config.failureRateThresholdPercent * outcomes.length || slow * 100 >= this.config.slowCallRateThresholdPercent * outcomes.length;
  }

  private closed(): StateObject {
    const seen: { atMs: number; failed: boolean; slow: boolean }[] = [];
    return {
      name: "CLOSED",
      tick: () => {},
      acquire: () => "granted",
      report: (now, failed, slow) => {
        seen.push({ atMs: now, failed, slow });
        const window = this.config.window;
        while (seen.length > 0 && (window.kind === "count" ? seen.length > window.calls : now - seen[0].atMs >= window.durationMs)) seen.shift();
        if (seen.length >= this.config.minimumCalls && this.tripped(seen)) this.become(this.open(now), now);
      },
    };
  }

  private open(openedAtMs: number): StateObject {
    const wakeAtMs = openedAtMs + this.config.openWaitMs;
    return {
      name: "OPEN",
      tick: (now) => {
        if (now >= wakeAtMs) this.become(this.halfOpen(), now);
      },
      acquire: (now) => ({ permitted: false, state: "OPEN", retryAfterMs: wakeAtMs - now }),
      report: () => {},
    };
  }

  private halfOpen(): StateObject {
    let granted = 0;
    const probes: { failed: boolean; slow: boolean }[] = [];
    return {
      name: "HALF_OPEN",
      tick: () => {},
      acquire: () => {
        if (granted >= this.config.halfOpenPermits) return { permitted: false, state: "HALF_OPEN", retryAfterMs: this.config.openWaitMs };
        granted++;
        return "granted";
      },
      report: (now, failed, slow) => {
        probes.push({ failed, slow });
        if (probes.length === this.config.halfOpenPermits) this.become(this.tripped(probes) ? this.open(now) : this.closed(), now);
      },
    };
  }
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`invalid breaker config: ${message}`);
}
