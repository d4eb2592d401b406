/**
 * Fair variant: resilience4j's bookkeeping. The count window is a fixed ring buffer with running
 * totals of failures and slow calls (O(1) per outcome); the time window is a queue read from a
 * moving head; the half-open probes are four counters; and each state period is a fresh token
 * object that permissions carry, so staleness is identity, not a number. Same contract.
 */
import type { Admission, BreakerState, CircuitBreakerApi, CircuitBreakerConfig, Permission } from "../../../../src/contracts/resilience";

type Token = { readonly period: true };

interface Ticket extends Permission {
  readonly token: Token;
}

interface Entry {
  atMs: number;
  failed: boolean;
  slow: boolean;
}

export class CircuitBreaker implements CircuitBreakerApi {
  private mode: BreakerState = "CLOSED";
  private token: Token = { period: true };
  private openedAtMs = 0;
  // CLOSED, count window: ring buffer and totals
  private ring: (Entry | undefined)[] = [];
  private ringNext = 0;
  // CLOSED, time window: queue with a head index
  private queue: Entry[] = [];
  private head = 0;
  private calls = 0;
  private failures = 0;
  private slows = 0;
  // HALF_OPEN
  private granted = 0;

  constructor(private readonly config: CircuitBreakerConfig) {
    const w = config.window;
    const bad =
      (w.kind === "count" ? !(Number.isInteger(w.calls) && w.calls >= 1) || w.calls < config.minimumCalls : !(w.durationMs > 0)) ||
      !(Number.isInteger(config.minimumCalls) && config.minimumCalls >= 1) ||
      !(Number.isInteger(config.halfOpenPermits) && config.halfOpenPermits >= 1) ||
      !(config.failureRateThresholdPercent > 0 && config.failureRateThresholdPercent <= 100) ||
      !(config.slowCallRateThresholdPercent > 0 && config.slowCallRateThresholdPercent <= 100) ||
      !(config.slowCallDurationMs >= 0) ||
      !(config.openWaitMs >= 0);
    if (bad) throw new RangeError("CircuitBreaker: invalid config");
    this.clearWindow();
  }

  state(): BreakerState {
    this.refresh(this.config.clock.now());
    return this.mode;
  }

  tryAcquire(): Admission {
    const now = this.config.clock.now();
    this.refresh(now);
    if (this.mode === "OPEN") return { permitted: false, state: "OPEN", retryAfterMs: this.openedAtMs + this.config.openWaitMs - now };
    if (this.mode === "HALF_OPEN" && this.granted === this.config.halfOpenPermits) return { permitted: false, state: "HALF_OPEN", retryAfterMs: this.config.openWaitMs };
    if (this.mode === "HALF_OPEN") this.granted++;
    const ticket: Ticket = { permitted: true, startedAtMs: now, token: this.token };
    return ticket;
  }

  onSuccess(permission: Permission): void {
    this.outcome(permission, false);
  }

  onFailure(permission: Permission): void {
    this.outcome(permission, true);
  }

  private outcome(permission: Permission, failed: boolean): void {
    if ((permission as Ticket).token !== this.token) return;
    const now = this.config.clock.now();
    const entry = { atMs: now, failed, slow: now - permission.startedAtMs > this.config.slowCallDurationMs };
    this.add(entry);
    if (this.mode === "CLOSED") {
      this.expire(now);
      if (this.calls >= this.config.minimumCalls && this.overLimit()) this.go("OPEN", now);
    } else if (this.mode === "HALF_OPEN" && this.calls === this.config.halfOpenPermits) {
      this.go(this.overLimit() ? "OPEN" : "CLOSED", now);
    }
  }

  private add(entry: Entry): void {
    const w = this.config.window;
    if (this.mode === "CLOSED" && w.kind === "count") {
      const leaving = this.ring[this.ringNext];
      if (leaving) this.count(leaving, -1);
      this.ring[this.ringNext] = entry;
      this.ringNext = (this.ringNext + 1) % w.calls;
    } else if (this.mode === "CLOSED") {
      this.queue.push(entry);
    }
    this.count(entry, +1);
  }

  private expire(now: number): void {
    const w = this.config.window;
    if (w.kind !== "time") return;
    while (this.head < this.queue.length && now - this.queue[this.head].atMs >= w.durationMs) this.count(this.queue[this.head++], -1);
  }

  private count(entry: Entry, sign: 1 | -1): void {
    this.calls += sign;
    if (entry.failed) this.failures += sign;
    if (entry.slow) this.slows += sign;
  }

  private overLimit(): boolean {
    return this.failures * 100 >= this.config.failureRateThresholdPercent * this.calls || this.slows * 100 >= this.config.slowCallRateThresholdPercent * this.calls;
  }

  private refresh(now: number): void {
    if (this.mode === "OPEN" && now - this.openedAtMs >= this.config.openWaitMs) this.go("HALF_OPEN", now);
  }

  private go(to: BreakerState, now: number): void {
    const from = this.mode;
    this.mode = to;
    this.token = { period: true };
    this.granted = 0;
    this.clearWindow();
    if (to === "OPEN") this.openedAtMs = now;
    this.config.onTransition?.({ from, to, atMs: now });
  }

  private clearWindow(): void {
    const w = this.config.window;
    this.ring = w.kind === "count" ? new Array<Entry | undefined>(w.calls).fill(undefined) : [];
    this.ringNext = 0;
    this.queue = [];
    this.head = 0;
    this.calls = this.failures = this.slows = 0;
  }
}
