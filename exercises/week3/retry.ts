/**
 * Week 3, exercise 2: a retry policy (section 14.4, and the chapter's "idempotency" principle).
 *
 * A retry turns a blip into a success, and a thoughtless one turns an outage into a storm: every
 * client retries at the same instants, the recovering service is knocked over again, a refused
 * request is repeated for nothing, a payment is charged twice. The contract is in
 * src/contracts/resilience.ts (types, and every rule in words); in short, at each onFailure:
 *
 *   1. only retryable failures: a timeout, a network error, or status 408, 429, 500, 502, 503,
 *      504; anything else -> { retry: false, reason: "not-retryable" } (never retry a 4xx);
 *   2. only idempotent calls: GET, HEAD, PUT, DELETE, or a call with an idempotencyKey; a POST
 *      or PATCH without a key -> "not-idempotent";
 *   3. at most maxAttempts attempts in all -> "attempts-exhausted";
 *   4. delay before retry n: exp(n) = min(maxDelayMs, baseDelayMs * multiplier^(n-1)), then
 *        "none": exp(n);  "full": random() * exp(n);
 *        "decorrelated": min(maxDelayMs, baseDelayMs + random() * (3 * previous - baseDelayMs)),
 *      exactly one random() per jittered delay, and at least the failure's retryAfterMs;
 *   5. never past the deadline: if now + delay >= begin() + deadlineMs -> "deadline".
 *   remainingMs(): max(0, begin() + deadlineMs - now).
 *   Refuse a bad config with a RangeError. Time is config.clock, chance is config.random.
 *
 * Try it in notebooks/11-failing-well.ipynb; grade it with `npm run grade week3 -- --only retry`.
 */
import { notImplemented } from "../../src/contracts/not-implemented";
import type { RetryCall, RetryConfig, RetryPolicyApi, RetrySession } from "../../src/contracts/resilience";

const FILE = "exercises/week3/retry.ts";

export class RetryPolicy implements RetryPolicyApi {
  /** Keep the config; check it first (a RangeError for a bad one). */
  constructor(private readonly config: RetryConfig) {}

  /**
   * Start one operation now: return a RetrySession (a small class of your own) that counts the
   * failed attempts, remembers the call, the deadline (now + deadlineMs) and, for decorrelated
   * jitter, the previous delay.
   */
  begin(call: RetryCall): RetrySession {
    return notImplemented("RetryPolicy.begin", FILE);
  }
}
