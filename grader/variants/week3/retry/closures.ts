/**
 * Fair variant: no session class. begin() returns an object literal over closures, the jitter
 * kinds are a table of functions, retryability is a status range test with exceptions, and the
 * deadline is kept as "time left" recomputed from the clock. Same contract, different shape.
 */
import type { CallFailure, Jitter, RetryCall, RetryConfig, RetryDecision, RetryPolicyApi, RetrySession } from "../../../../src/contracts/resilience";

type Backoff = (config: RetryConfig, retry: number, previousMs: number) => number;

const BACKOFF: Record<Jitter, Backoff> = {
  none: (c, n) => exponential(c, n),
  full: (c, n) => c.random() * exponential(c, n),
  decorrelated: (c, _n, previousMs) => Math.min(c.maxDelayMs, c.baseDelayMs + c.random() * (3 * previousMs - c.baseDelayMs)),
};

function exponential(config: RetryConfig, retry: number): number {
  return Math.min(config.maxDelayMs, config.baseDelayMs * Math.pow(config.multiplier, retry - 1));
}

function retryable(failure: CallFailure): boolean {
  if (failure.kind === "timeout" || failure.kind === "network") return true;
  const s = failure.status;
  return s === 408 || s === 429 || (s >= 500 && s <= 504 && s !== 501);
}

function idempotent(call: RetryCall): boolean {
  return (call.idempotencyKey !== undefined && call.idempotencyKey.length > 0) || call.method === "GET" || call.method === "HEAD" || call.method === "PUT" || call.method === "DELETE";
}

export class RetryPolicy implements RetryPolicyApi {
  constructor(private readonly config: RetryConfig) {
    const ok = Number.isInteger(config.maxAttempts) && config.maxAttempts > 0 && config.baseDelayMs >= 0 && config.maxDelayMs >= config.baseDelayMs && config.multiplier >= 1 && config.deadlineMs > 0;
    if (!ok) throw new RangeError("RetryPolicy: this config cannot be honoured");
  }

  begin(call: RetryCall): RetrySession {
    const config = this.config;
    const endsAt = config.clock.now() + config.deadlineMs;
    let attempts = 0;
    let previousMs = config.baseDelayMs;
    const left = () => endsAt - config.clock.now();
    return {
      remainingMs: () => (left() > 0 ? left() : 0),
      onFailure: (failure: CallFailure): RetryDecision => {
        attempts += 1;
        if (!retryable(failure)) return { retry: false, reason: "not-retryable" };
        if (!idempotent(call)) return { retry: false, reason: "not-idempotent" };
        if (attempts === config.maxAttempts) return { retry: false, reason: "attempts-exhausted" };
        const asked = failure.kind === "status" && failure.retryAfterMs !== undefined ? failure.retryAfterMs : 0;
        const delayMs = Math.max(asked, BACKOFF[config.jitter](config, attempts, previousMs));
        previousMs = delayMs;
        return delayMs < left() ? { retry: true, delayMs, attempt: attempts + 1 } : { retry: false, reason: "deadline" };
      },
    };
  }
}
