/**
 * The retry contract as a model, for the randomized hidden tests: what a session must decide at
 * each failure and how many random numbers it must have drawn by then. Hidden: it is an answer.
 */
import type { CallFailure, RetryCall, RetryDecision } from "../../../../src/contracts/resilience";
import type { RetrySettings } from "../retry-helpers";

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

export class RetryModel {
  failed = 0;
  draws = 0;
  private previousMs: number;

  constructor(
    private readonly settings: RetrySettings,
    private readonly call: RetryCall,
    private readonly beginMs: number,
    private readonly randoms: readonly number[],
  ) {
    this.previousMs = settings.baseDelayMs;
  }

  onFailure(failure: CallFailure, nowMs: number): RetryDecision {
    this.failed++;
    if (failure.kind === "status" && !RETRYABLE.has(failure.status)) return { retry: false, reason: "not-retryable" };
    if (!IDEMPOTENT.has(this.call.method) && !this.call.idempotencyKey) return { retry: false, reason: "not-idempotent" };
    if (this.failed >= this.settings.maxAttempts) return { retry: false, reason: "attempts-exhausted" };
    const delayMs = Math.max(this.backoff(), failure.kind === "status" ? (failure.retryAfterMs ?? 0) : 0);
    this.previousMs = delayMs;
    if (nowMs + delayMs >= this.beginMs + this.settings.deadlineMs) return { retry: false, reason: "deadline" };
    return { retry: true, delayMs, attempt: this.failed + 1 };
  }

  remainingMs(nowMs: number): number {
    return Math.max(0, this.beginMs + this.settings.deadlineMs - nowMs);
  }

  private backoff(): number {
    const { baseDelayMs, maxDelayMs, multiplier, jitter } = this.settings;
    if (jitter === "decorrelated") return Math.min(maxDelayMs, baseDelayMs + this.draw() * (3 * this.previousMs - baseDelayMs));
    const exponential = Math.min(maxDelayMs, baseDelayMs * multiplier ** (this.failed - 1));
    return jitter === "full" ? this.draw() * exponential : exponential;
  }

  private draw(): number {
    return this.randoms[Math.min(this.draws++, this.randoms.length - 1)];
  }
}
