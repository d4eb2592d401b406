/** Week 3, retry: visible tests (the contract's rules on small examples). */
import type { GradedTest } from "../../api";
import { retryRig, UNAVAILABLE, TIMEOUT } from "./retry-helpers";

export const tests: GradedTest[] = [
  {
    name: "backoff-doubles",
    rules: ["exponential-backoff"],
    points: 3,
    visibility: "visible",
    description: "without jitter a GET failing with 503 waits 100, 200, 400, 800 ms, then gives up after its 5th attempt",
    run(ctx) {
      const attempts = retryRig(ctx).begin();
      for (const delayMs of [100, 200, 400, 800]) attempts.retries("exponential-backoff", UNAVAILABLE, delayMs, "baseDelayMs 100 doubles at every retry");
      attempts.givesUp("max-attempts", UNAVAILABLE, "attempts-exhausted", "maxAttempts = 5 attempts in all have failed");
    },
  },
  {
    name: "full-jitter-example",
    rules: ["full-jitter"],
    points: 2,
    visibility: "visible",
    description: "full jitter waits random() * exp(n): with random() returning 0.5 then 0.25, the delays are 50 and 50 ms",
    run(ctx) {
      const attempts = retryRig(ctx, { jitter: "full" }, [0.5, 0.25]).begin();
      attempts.retries("full-jitter", TIMEOUT, 50, "0.5 * 100");
      attempts.retries("full-jitter", TIMEOUT, 50, "0.25 * 200");
    },
  },
  {
    name: "never-retries-a-404",
    rules: ["no-4xx-retry"],
    points: 2,
    visibility: "visible",
    description: "a 404 is not retried: asking again for what does not exist gives the same answer",
    run(ctx) {
      retryRig(ctx).begin().givesUp("no-4xx-retry", { kind: "status", status: 404 }, "not-retryable", "a 4xx says the request itself is wrong");
    },
  },
  {
    name: "post-needs-a-key",
    rules: ["non-idempotent-needs-key"],
    points: 2,
    visibility: "visible",
    description: "a POST that timed out is retried only with an idempotency key",
    run(ctx) {
      const rig = retryRig(ctx);
      rig.begin({ method: "POST" }).givesUp("non-idempotent-needs-key", TIMEOUT, "not-idempotent", "the first POST may have happened; a second could charge the card twice");
      rig.begin({ method: "POST", idempotencyKey: "pay-7f3c" }).retries("idempotency-key", TIMEOUT, 100, "with a key the server recognises the repeat");
    },
  },
  {
    name: "stops-at-the-deadline",
    rules: ["deadline"],
    points: 2,
    visibility: "visible",
    description: "with a 1000 ms deadline, a retry that would start at or after it is not made",
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 });
      const attempts = rig.begin();
      rig.clock.advance(850);
      attempts.retries("deadline", UNAVAILABLE, 100, "850 + 100 = 950 ms is before the deadline at 1000 ms");
      rig.clock.advance(100);
      attempts.givesUp("deadline", UNAVAILABLE, "deadline", "950 + 200 = 1150 ms is past the deadline at 1000 ms");
    },
  },
];
