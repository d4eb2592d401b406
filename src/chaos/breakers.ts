/**
 * The user-service's breaker: a week-3 `CircuitBreaker` class (yours or the reference) with the
 * settings the chaos runs use, or the chapter's breaker (notebook 11's flawed one). The settings
 * fit 20 orders a second: ten calls are enough for a verdict, and after a second open the breaker
 * tries three probes.
 */
import type { CircuitBreakerApi, CircuitBreakerConfig } from "../contracts/resilience";
import { ChapterCircuitBreaker } from "../demos/week3/chapter-breaker";
import type { BreakerFactory } from "./user-service";

export type CircuitBreakerConstructor = new (config: CircuitBreakerConfig) => CircuitBreakerApi;

export const CHAOS_BREAKER_SETTINGS = {
  window: { kind: "count", calls: 20 },
  minimumCalls: 10,
  failureRateThresholdPercent: 50,
  slowCallRateThresholdPercent: 100,
  slowCallDurationMs: 400,
  openWaitMs: 1_000,
  halfOpenPermits: 3,
} as const satisfies Omit<CircuitBreakerConfig, "clock">;

export function breakerOf(BreakerClass: CircuitBreakerConstructor): BreakerFactory {
  return (clock, onTransition) => new BreakerClass({ ...CHAOS_BREAKER_SETTINGS, clock, onTransition });
}

/** The chapter's breaker: five failures in a row open it, for 60 s. */
export const chapterBreaker: BreakerFactory = (clock, onTransition) => new ChapterCircuitBreaker(onTransition, () => clock.now());
