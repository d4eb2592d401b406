/** Week 3, retry: visible tests (the contract's rules on small examples). */
import { says, type GradedTest } from "../../api";
import { retryRig, UNAVAILABLE, TIMEOUT } from "./retry-helpers";

export const tests: GradedTest[] = [
  {
    name: "backoff-doubles",
    rules: ["exponential-backoff"],
    points: 3,
    visibility: "visible",
    description: "without jitter a GET failing with 503 waits 100, 200, 400, 800 ms, then gives up after its 5th attempt",
    descriptionIn: { ko: "jitter 없이 503으로 실패하는 GET은 100, 200, 400, 800 ms를 기다리고, 5번째 시도가 실패하면 포기한다" },
    run(ctx) {
      const attempts = retryRig(ctx).begin();
      for (const delayMs of [100, 200, 400, 800]) attempts.retries("exponential-backoff", UNAVAILABLE, delayMs, says({ en: "baseDelayMs 100 doubles at every retry", ko: "baseDelayMs 100이 재시도마다 두 배가 된다" }));
      attempts.givesUp("max-attempts", UNAVAILABLE, "attempts-exhausted", says({ en: "maxAttempts = 5 attempts in all have failed", ko: "전체 maxAttempts = 5번의 시도가 모두 실패했다" }));
    },
  },
  {
    name: "full-jitter-example",
    rules: ["full-jitter"],
    points: 2,
    visibility: "visible",
    description: "full jitter waits random() * exp(n): with random() returning 0.5 then 0.25, the delays are 50 and 50 ms",
    descriptionIn: { ko: "full jitter는 random() * exp(n)만큼 기다린다: random()이 0.5, 0.25를 반환하면 지연은 50 ms와 50 ms다" },
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
    descriptionIn: { ko: "404는 재시도하지 않는다: 없는 것을 다시 요청해도 같은 답이 온다" },
    run(ctx) {
      retryRig(ctx).begin().givesUp("no-4xx-retry", { kind: "status", status: 404 }, "not-retryable", says({ en: "a 4xx says the request itself is wrong", ko: "4xx는 요청 자체가 잘못되었다는 뜻이다" }));
    },
  },
  {
    name: "post-needs-a-key",
    rules: ["non-idempotent-needs-key"],
    points: 2,
    visibility: "visible",
    description: "a POST that timed out is retried only with an idempotency key",
    descriptionIn: { ko: "타임아웃된 POST는 idempotency key가 있을 때만 재시도한다" },
    run(ctx) {
      const rig = retryRig(ctx);
      rig.begin({ method: "POST" }).givesUp("non-idempotent-needs-key", TIMEOUT, "not-idempotent", says({ en: "the first POST may have happened; a second could charge the card twice", ko: "첫 POST가 이미 처리되었을 수 있다. 한 번 더 보내면 카드가 두 번 결제될 수 있다" }));
      rig.begin({ method: "POST", idempotencyKey: "pay-7f3c" }).retries("idempotency-key", TIMEOUT, 100, says({ en: "with a key the server recognises the repeat", ko: "key가 있으면 서버가 반복 요청을 알아본다" }));
    },
  },
  {
    name: "stops-at-the-deadline",
    rules: ["deadline"],
    points: 2,
    visibility: "visible",
    description: "with a 1000 ms deadline, a retry that would start at or after it is not made",
    descriptionIn: { ko: "deadline이 1000 ms이면, 그 시각이나 그 뒤에 시작할 재시도는 하지 않는다" },
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 });
      const attempts = rig.begin();
      rig.clock.advance(850);
      attempts.retries("deadline", UNAVAILABLE, 100, says({ en: "850 + 100 = 950 ms is before the deadline at 1000 ms", ko: "850 + 100 = 950 ms는 deadline인 1000 ms보다 앞이다" }));
      rig.clock.advance(100);
      attempts.givesUp("deadline", UNAVAILABLE, "deadline", says({ en: "950 + 200 = 1150 ms is past the deadline at 1000 ms", ko: "950 + 200 = 1150 ms는 deadline인 1000 ms를 넘는다" }));
    },
  },
];
