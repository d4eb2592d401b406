/**
 * A retry policy: exponential backoff with jitter from an injected random source, a maximum
 * number of attempts, an overall deadline, and retries only where they are safe (retryable
 * failures, idempotent calls). Reference solution for week 3.
 */
import type { CallFailure, RetryCall, RetryConfig, RetryDecision, RetryPolicyApi, RetrySession } from "../../src/contracts/resilience";

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE"]);

export class RetryPolicy implements RetryPolicyApi {
  constructor(private readonly config: RetryConfig) {
    validateRetryConfig(config);
  }

  begin(call: RetryCall): RetrySession {
    return new Retries(this.config, call, this.config.clock.now() + this.config.deadlineMs);
  }
}

class Retries implements RetrySession {
  private failedAttempts = 0;
  private previousDelayMs: number;

  constructor(
    private readonly config: RetryConfig,
    private readonly call: RetryCall,
    private readonly deadlineAtMs: number,
  ) {
    this.previousDelayMs = config.baseDelayMs;
  }

  onFailure(failure: CallFailure): RetryDecision {
    this.failedAttempts++;
    if (!isRetryable(failure)) return { retry: false, reason: "not-retryable" };
    if (!IDEMPOTENT_METHODS.has(this.call.method) && !this.call.idempotencyKey) return { retry: false, reason: "not-idempotent" };
    if (this.failedAttempts >= this.config.maxAttempts) return { retry: false, reason: "attempts-exhausted" };
    const delayMs = Math.max(this.backoffMs(this.failedAttempts), failure.kind === "status" ? (failure.retryAfterMs ?? 0) : 0);
    this.previousDelayMs = delayMs;
    if (this.config.clock.now() + delayMs >= this.deadlineAtMs) return { retry: false, reason: "deadline" };
    return { retry: true, delayMs, attempt: this.failedAttempts + 1 };
  }

  remainingMs(): number {
    return Math.max(0, this.deadlineAtMs - this.config.clock.now());
  }

  /** The delay before retry number `retry` (1 before the second attempt), jitter included. */
  private backoffMs(retry: number): number {
    const { baseDelayMs, maxDelayMs, multiplier, jitter, random } = this.config;
    if (jitter === "decorrelated") return Math.min(maxDelayMs, baseDelayMs + random() * (3 * this.previousDelayMs - baseDelayMs));
    const exponential = Math.min(maxDelayMs, baseDelayMs * multiplier ** (retry - 1));
    return jitter === "full" ? random() * exponential : exponential;
  }
}

function isRetryable(failure: CallFailure): boolean {
  return failure.kind !== "status" || RETRYABLE_STATUSES.has(failure.status);
}

function validateRetryConfig(config: RetryConfig): void {
  // Stryker disable StringLiteral: the words of the RangeError thrown below: contracts ask for the error's type, and no test reads its words
  const problems: [boolean, string][] = [
    [!(Number.isInteger(config.maxAttempts) && config.maxAttempts >= 1), "maxAttempts must be an integer >= 1"],
    [!(config.baseDelayMs >= 0), "baseDelayMs must be >= 0"],
    [!(config.maxDelayMs >= config.baseDelayMs), "maxDelayMs must be >= baseDelayMs"],
    [!(config.multiplier >= 1), "multiplier must be >= 1"],
    [!(config.deadlineMs > 0), "deadlineMs must be > 0"],
  ];
  // Stryker restore StringLiteral
  const broken = problems.find(([bad]) => bad);
  if (broken) throw new RangeError(`RetryPolicy: ${broken[1]}`);
}
