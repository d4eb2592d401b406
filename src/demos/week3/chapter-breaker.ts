/**
 * The chapter's `CircuitBreaker` (section 14.4), translated line by line from its Java, flaws
 * and all: a demo for notebook 11, not an exercise. Only its shape changes: the Java `call()`
 * runs the call in the middle, which a simulated caller cannot do (its answer comes later, in
 * another handler), so the part before `supplier.get()` is `tryAcquire()` and the Java's
 * `onSuccess`/`onFailure` stay as they are. It also tells a listener when its state changes, so
 * pictures can draw it; the chapter's class tells no one.
 *
 * What notebook 11 breaks on the simulator:
 *   - `onSuccess` zeroes `failureCount`: it counts CONSECUTIVE failures, so a dependency failing
 *     4 calls in 5 never trips it;
 *   - HALF_OPEN lets every caller through, and a single success closes it (`onSuccess` sets
 *     CLOSED from any state, even OPEN, when a late call succeeds);
 *   - it has no notion of a slow call: a dependency that takes 8 s to say "OK" never trips it;
 *   - it reads the wall clock (`System.currentTimeMillis()`, here `Date.now()`, which the
 *     simulator turns into the node's own clock): a clock step keeps it open too long, and a test
 *     cannot move its time.
 */
import type { Admission, BreakerState, BreakerTransition, CircuitBreakerApi } from "../../contracts/resilience";

export class ChapterCircuitBreaker implements CircuitBreakerApi {
  private current: BreakerState = "CLOSED";
  private failureCount = 0;
  private lastFailureTime = 0;
  private readonly failureThreshold = 5;
  private readonly timeout = 60_000; // 60 s

  constructor(
    private readonly onTransition?: (transition: BreakerTransition) => void,
    /** The chapter's System.currentTimeMillis(). Pass another clock only to look past that flaw. */
    private readonly currentTimeMillis: () => number = () => Date.now(),
  ) {}

  state(): BreakerState {
    return this.current;
  }

  /** The first half of the chapter's `call()`: everything before `supplier.get()`. */
  tryAcquire(): Admission {
    if (this.current === "OPEN") {
      if (this.currentTimeMillis() - this.lastFailureTime > this.timeout) {
        this.setState("HALF_OPEN");
        this.failureCount = 0;
      } else {
        // The Java throws new RuntimeException("Circuit breaker is OPEN"); when to come back is
        // what its own fields imply (it says nothing itself).
        return { permitted: false, state: "OPEN", retryAfterMs: this.lastFailureTime + this.timeout - this.currentTimeMillis() };
      }
    }
    return { permitted: true, startedAtMs: this.currentTimeMillis() };
  }

  onSuccess(): void {
    this.failureCount = 0;
    this.setState("CLOSED");
  }

  onFailure(): void {
    this.failureCount++;
    this.lastFailureTime = this.currentTimeMillis();
    if (this.failureCount >= this.failureThreshold) this.setState("OPEN");
  }

  /** Not in the chapter: `state = X`, plus telling the pictures. */
  private setState(to: BreakerState): void {
    const from = this.current;
    this.current = to;
    if (from !== to) this.onTransition?.({ from, to, atMs: this.currentTimeMillis() });
  }
}
