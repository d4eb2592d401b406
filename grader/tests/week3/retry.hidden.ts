/**
 * Week 3, retry: hidden tests. One directed test per rule of retry.rules.md, then randomized
 * ones: random failure sequences against the contract's model, synchronized clients whose
 * retries must spread out, and a simulated retry storm against a recovering dependency.
 */
import type { CallFailure, GiveUpReason, HttpMethod, Jitter, RetryCall, RetryConfig, RetryDecision } from "../../../src/contracts/resilience";
import { ManualClock, scriptedRandom } from "../../../src/resilience/manual-clock";
import { Rng } from "../../../src/sim";
import { check, checkEqual, checkThrows, fail, says, show, type GradedTest, type TestContext } from "../../api";
import { RetryModel } from "./hidden/retry-oracle";
import { describeCall, describeFailure, describeSettings, GET, PLAIN, retryClass, retryRig, TIMEOUT, UNAVAILABLE, type RetrySettings } from "./retry-helpers";
import { retryStormRun } from "./retry-simulated";

const RETRYABLE: CallFailure[] = [TIMEOUT, { kind: "network" }, ...[408, 429, 500, 502, 503, 504].map((status): CallFailure => ({ kind: "status", status }))];
const NOT_RETRYABLE = [400, 401, 403, 404, 409, 422, 501];

export const tests: GradedTest[] = [
  {
    name: "retries-retryable-failures",
    rules: ["retryable-failures"],
    points: 2,
    visibility: "hidden",
    description: "a timeout, a network error and statuses 408, 429, 500, 502, 503, 504 are retried",
    descriptionIn: { ko: "타임아웃, 네트워크 오류, 상태 코드 408, 429, 500, 502, 503, 504는 재시도한다" },
    run(ctx) {
      const rig = retryRig(ctx);
      for (const failure of RETRYABLE) rig.begin().retries("retryable-failures", failure, 100, says({ en: `${describeFailure(failure)} may succeed on a second try`, ko: `${describeFailure(failure)} 실패는 두 번째 시도에서 성공할 수 있다` }));
    },
  },
  {
    name: "never-retries-4xx",
    rules: ["no-4xx-retry"],
    points: 3,
    visibility: "hidden",
    description: "400, 401, 403, 404, 409, 422 and 501 are never retried, whatever the method",
    descriptionIn: { ko: "400, 401, 403, 404, 409, 422, 501은 메서드가 무엇이든 재시도하지 않는다" },
    run(ctx) {
      const rig = retryRig(ctx);
      for (const status of NOT_RETRYABLE) {
        for (const call of [GET, { method: "PUT" as const }, { method: "POST" as const, idempotencyKey: "k1" }]) {
          rig.begin(call).givesUp("no-4xx-retry", { kind: "status", status }, "not-retryable", says({ en: `status ${status} says the request itself is wrong; repeating it gets the same answer`, ko: `상태 코드 ${status}: 요청 자체가 잘못되었다는 뜻이다. 다시 보내도 같은 답이 온다` }));
        }
      }
    },
  },
  {
    name: "never-retries-post-without-key",
    rules: ["non-idempotent-needs-key"],
    points: 3,
    visibility: "hidden",
    description: "a POST or PATCH without an idempotency key is never retried, not even after a timeout",
    descriptionIn: { ko: "idempotency key가 없는 POST나 PATCH는 타임아웃 뒤에도 재시도하지 않는다" },
    run(ctx) {
      const rig = retryRig(ctx);
      for (const method of ["POST", "PATCH"] as const) {
        for (const failure of [TIMEOUT, UNAVAILABLE, { kind: "network" } as CallFailure]) {
          rig.begin({ method }).givesUp("non-idempotent-needs-key", failure, "not-idempotent", says({ en: `the first ${method} may have been done; a retry could do it twice`, ko: `첫 ${method} 요청이 이미 처리되었을 수 있다. 재시도하면 두 번 처리될 수 있다` }));
        }
        rig.begin({ method, idempotencyKey: "" }).givesUp("non-idempotent-needs-key", TIMEOUT, "not-idempotent", says({ en: "an empty key identifies nothing", ko: "빈 key는 아무것도 식별하지 못한다" }));
      }
    },
  },
  {
    name: "idempotency-key-makes-post-retryable",
    rules: ["idempotency-key"],
    points: 2,
    visibility: "hidden",
    description: "a POST or PATCH with an idempotency key is retried like a GET",
    descriptionIn: { ko: "idempotency key가 있는 POST나 PATCH는 GET처럼 재시도한다" },
    run(ctx) {
      const rig = retryRig(ctx);
      for (const method of ["POST", "PATCH"] as const) {
        const attempts = rig.begin({ method, idempotencyKey: "charge-42" });
        attempts.retries("idempotency-key", TIMEOUT, 100, says({ en: "the server dedupes repeats of the same key", ko: "서버가 같은 key의 반복 요청을 중복 제거한다" }));
        attempts.retries("idempotency-key", UNAVAILABLE, 200, says({ en: "the server dedupes repeats of the same key", ko: "서버가 같은 key의 반복 요청을 중복 제거한다" }));
      }
    },
  },
  {
    name: "idempotent-methods",
    rules: ["idempotent-methods"],
    points: 2,
    visibility: "hidden",
    description: "GET, HEAD, PUT and DELETE are idempotent and retried without a key",
    descriptionIn: { ko: "GET, HEAD, PUT, DELETE는 멱등이라 key 없이도 재시도한다" },
    run(ctx) {
      const rig = retryRig(ctx);
      for (const method of ["GET", "HEAD", "PUT", "DELETE"] as const) rig.begin({ method }).retries("idempotent-methods", TIMEOUT, 100, says({ en: `${method} is idempotent (RFC 9110): doing it twice is doing it once`, ko: `${method} 메서드는 멱등이다 (RFC 9110): 두 번 해도 한 번 한 것과 같다` }));
    },
  },
  {
    name: "stops-after-max-attempts",
    rules: ["max-attempts"],
    points: 3,
    visibility: "hidden",
    description: "maxAttempts counts every attempt, the first included: 3 means at most two retries, 1 means none",
    descriptionIn: { ko: "maxAttempts는 첫 시도를 포함한 모든 시도를 센다: 3이면 재시도는 많아야 두 번, 1이면 재시도하지 않는다" },
    run(ctx) {
      const three = retryRig(ctx, { maxAttempts: 3 }).begin();
      three.retries("max-attempts", UNAVAILABLE, 100, says({ en: "1 of 3 attempts made", ko: "3번 중 1번 시도했다" }));
      three.retries("max-attempts", UNAVAILABLE, 200, says({ en: "2 of 3 attempts made", ko: "3번 중 2번 시도했다" }));
      three.givesUp("max-attempts", UNAVAILABLE, "attempts-exhausted", says({ en: "3 of 3 attempts made", ko: "3번을 모두 시도했다" }));
      retryRig(ctx, { maxAttempts: 1 }).begin().givesUp("max-attempts", UNAVAILABLE, "attempts-exhausted", says({ en: "maxAttempts = 1 allows no retry", ko: "maxAttempts = 1이면 재시도하지 않는다" }));
    },
  },
  {
    name: "exponential-backoff",
    rules: ["exponential-backoff"],
    points: 3,
    visibility: "hidden",
    description: "without jitter, retry n waits baseDelayMs * multiplier^(n-1)",
    descriptionIn: { ko: "jitter가 없으면 n번째 재시도는 baseDelayMs * multiplier^(n-1)만큼 기다린다" },
    run(ctx) {
      const doubling = retryRig(ctx, { maxAttempts: 6 }).begin();
      for (const delayMs of [100, 200, 400, 800, 1_600]) doubling.retries("exponential-backoff", UNAVAILABLE, delayMs, "100 * 2^(n-1)");
      const tripling = retryRig(ctx, { baseDelayMs: 40, multiplier: 3 }).begin();
      for (const delayMs of [40, 120, 360, 1_080]) tripling.retries("exponential-backoff", TIMEOUT, delayMs, "40 * 3^(n-1)");
    },
  },
  {
    name: "caps-the-delay",
    rules: ["delay-cap"],
    points: 2,
    visibility: "hidden",
    description: "no delay exceeds maxDelayMs",
    descriptionIn: { ko: "어떤 지연도 maxDelayMs를 넘지 않는다" },
    run(ctx) {
      const attempts = retryRig(ctx, { maxAttempts: 8, maxDelayMs: 500 }).begin();
      for (const delayMs of [100, 200, 400, 500, 500, 500]) attempts.retries("delay-cap", UNAVAILABLE, delayMs, "min(500, 100 * 2^(n-1))");
    },
  },
  {
    name: "full-jitter",
    rules: ["full-jitter"],
    points: 3,
    visibility: "hidden",
    description: "full jitter waits random() * min(maxDelayMs, baseDelayMs * multiplier^(n-1)): the cap applies before the random factor",
    descriptionIn: { ko: "full jitter는 random() * min(maxDelayMs, baseDelayMs * multiplier^(n-1))만큼 기다린다: 상한은 무작위 계수를 곱하기 전에 적용한다" },
    run(ctx) {
      const attempts = retryRig(ctx, { jitter: "full", maxAttempts: 8, maxDelayMs: 500 }, [0.5, 0.25, 0.9, 0.9, 0.9, 0.1]).begin();
      const expected = [0.5 * 100, 0.25 * 200, 0.9 * 400, 0.9 * 500, 0.9 * 500, 0.1 * 500];
      for (const delayMs of expected) attempts.retries("full-jitter", UNAVAILABLE, delayMs, says({ en: "random() times the capped exponential delay", ko: "상한을 적용한 지수 지연에 random()을 곱한 값" }));
    },
  },
  {
    name: "decorrelated-jitter",
    rules: ["decorrelated-jitter"],
    points: 2,
    visibility: "hidden",
    description: "decorrelated jitter waits min(maxDelayMs, baseDelayMs + random() * (3 * previous - baseDelayMs))",
    descriptionIn: { ko: "decorrelated jitter는 min(maxDelayMs, baseDelayMs + random() * (3 * previous - baseDelayMs))만큼 기다린다" },
    run(ctx) {
      const attempts = retryRig(ctx, { jitter: "decorrelated", maxAttempts: 6, maxDelayMs: 1_000 }, [0.5, 0.5, 0.9, 0]).begin();
      // previous: 100 -> 200 -> 350 -> min(1000, 100 + 0.9 * 950) = 955 -> 100
      for (const delayMs of [200, 350, 955, 100]) attempts.retries("decorrelated-jitter", UNAVAILABLE, delayMs, says({ en: "AWS's decorrelated jitter, from the previous delay", ko: "AWS의 decorrelated jitter, 직전 지연에서 계산" }));
    },
  },
  {
    name: "one-draw-per-delay",
    rules: ["one-draw-per-delay"],
    points: 2,
    visibility: "hidden",
    description: "each jittered delay draws random() exactly once, a delay without jitter never, and a refusal under rules 1-3 never",
    descriptionIn: { ko: "jitter가 있는 지연마다 random()을 정확히 한 번 호출하고, jitter 없는 지연과 규칙 1-3에 따른 거절에서는 호출하지 않는다" },
    run(ctx) {
      for (const [jitter, perRetry] of [["none", 0], ["full", 1], ["decorrelated", 1]] as [Jitter, number][]) {
        const rig = retryRig(ctx, { jitter, maxAttempts: 3 });
        const attempts = rig.begin();
        const decisions = [attempts.session.onFailure(UNAVAILABLE), attempts.session.onFailure(UNAVAILABLE), attempts.session.onFailure(UNAVAILABLE)];
        check(decisions[2]?.retry === false, () => says({ en: `rule max-attempts: the 3rd onFailure with maxAttempts = 3 returned ${show(decisions[2])}`, ko: `규칙 max-attempts: maxAttempts = 3일 때 3번째 onFailure의 반환값이 ${show(decisions[2])}입니다` }));
        checkEqual(rig.random.draws, 2 * perRetry, says({ en: `rule one-draw-per-delay: the number of random() draws for 2 retries and 1 refusal with jitter "${jitter}"`, ko: `규칙 one-draw-per-delay: jitter "${jitter}"에서 재시도 2번과 거절 1번에 random()을 호출한 횟수` }));
        rig.begin({ method: "POST" }).session.onFailure(TIMEOUT);
        rig.begin().session.onFailure({ kind: "status", status: 404 });
        checkEqual(rig.random.draws, 2 * perRetry, says({ en: `rule one-draw-per-delay: the number of random() draws after also refusing a POST without a key and a 404 (jitter "${jitter}")`, ko: `규칙 one-draw-per-delay: key 없는 POST와 404까지 거절한 뒤 random()을 호출한 횟수 (jitter "${jitter}")` }));
      }
    },
  },
  {
    name: "honours-retry-after",
    rules: ["retry-after"],
    points: 2,
    visibility: "hidden",
    description: "a failure carrying retryAfterMs (429, 503 with Retry-After) waits at least that long",
    descriptionIn: { ko: "retryAfterMs가 담긴 실패(Retry-After가 붙은 429, 503)는 적어도 그만큼 기다린다" },
    run(ctx) {
      const attempts = retryRig(ctx).begin();
      attempts.retries("retry-after", { kind: "status", status: 429, retryAfterMs: 5_000 }, 5_000, says({ en: "the server asked for 5000 ms, more than the 100 ms backoff", ko: "서버가 100 ms backoff보다 긴 5000 ms를 요청했다" }));
      attempts.retries("retry-after", { kind: "status", status: 503, retryAfterMs: 50 }, 200, says({ en: "the 200 ms backoff is already longer than the 50 ms asked for", ko: "200 ms backoff가 이미 요청한 50 ms보다 길다" }));
    },
  },
  {
    name: "never-past-the-deadline",
    rules: ["deadline"],
    points: 4,
    visibility: "hidden",
    description: "a retry that would start at or after begin() + deadlineMs is not made; the deadline counts from begin(), not from the last attempt",
    descriptionIn: { ko: "begin() + deadlineMs와 같거나 그 뒤에 시작할 재시도는 하지 않는다. deadline은 마지막 시도가 아니라 begin()부터 센다" },
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 });
      rig.clock.advance(500);
      const attempts = rig.begin(); // deadline at 1500
      rig.clock.advance(800);
      attempts.retries("deadline", UNAVAILABLE, 100, says({ en: "1300 + 100 = 1400 ms is before the deadline at 1500 ms", ko: "1300 + 100 = 1400 ms는 deadline인 1500 ms보다 앞이다" }));
      rig.clock.advance(100);
      attempts.givesUp("deadline", UNAVAILABLE, "deadline", says({ en: "1400 + 200 = 1600 ms is past the deadline at 1500 ms, counted from begin() at 500 ms", ko: "1400 + 200 = 1600 ms는 500 ms의 begin()부터 센 deadline인 1500 ms를 넘는다" }));
      const edge = rig.begin(); // at 1400: deadline at 2400
      rig.clock.advance(900);
      edge.givesUp("deadline", UNAVAILABLE, "deadline", says({ en: "2300 + 100 = 2400 ms is exactly the deadline: a retry then would have no time left", ko: "2300 + 100 = 2400 ms는 정확히 deadline이다: 그때 재시도하면 남은 시간이 없다" }));
      const told = rig.begin(); // at 2300: deadline at 3300
      told.givesUp("deadline", { kind: "status", status: 503, retryAfterMs: 1_000 }, "deadline", says({ en: "the server asked for 1000 ms, which ends at the deadline", ko: "서버가 요청한 1000 ms가 deadline에서 끝난다" }));
    },
  },
  {
    name: "remaining-ms",
    rules: ["remaining-ms"],
    points: 2,
    visibility: "hidden",
    description: "remainingMs() is the time left before the deadline, and 0 once it has passed",
    descriptionIn: { ko: "remainingMs()는 deadline까지 남은 시간이고, deadline이 지나면 0이다" },
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 }, [0.5], 200);
      const session = rig.begin().session;
      for (const [advanceMs, left] of [[0, 1_000], [250, 750], [750, 0], [500, 0]]) {
        rig.clock.advance(advanceMs);
        checkEqual(session.remainingMs(), left, says({ en: `rule remaining-ms: remainingMs() at t=${rig.clock.now()} ms for a session begun at 200 ms with deadlineMs 1000`, ko: `규칙 remaining-ms: 200 ms에 deadlineMs 1000으로 시작한 세션의 t=${rig.clock.now()} ms에서 remainingMs()` }));
      }
    },
  },
  {
    name: "checks-in-order",
    rules: ["check-order"],
    points: 2,
    visibility: "hidden",
    description: "when several rules refuse, the first in the contract's order names the reason: not-retryable, not-idempotent, attempts-exhausted, deadline",
    descriptionIn: { ko: "여러 규칙이 함께 거절하면 계약에 적힌 순서의 첫 규칙이 이유가 된다: not-retryable, not-idempotent, attempts-exhausted, deadline" },
    run(ctx) {
      const rig = retryRig(ctx, { maxAttempts: 1, deadlineMs: 50 });
      rig.begin({ method: "POST" }).givesUp("check-order", { kind: "status", status: 404 }, "not-retryable", says({ en: "a 404 is refused first, before asking whether a POST may be repeated", ko: "POST를 반복해도 되는지 묻기 전에 404부터 거절한다" }));
      rig.begin({ method: "POST" }).givesUp("check-order", UNAVAILABLE, "not-idempotent", says({ en: "a POST without a key is refused before counting attempts", ko: "시도 횟수를 세기 전에 key 없는 POST를 거절한다" }));
      rig.begin().givesUp("check-order", UNAVAILABLE, "attempts-exhausted", says({ en: "the attempts ran out before the 100 ms delay is compared with the 50 ms deadline", ko: "100 ms 지연을 50 ms deadline과 비교하기 전에 시도 횟수가 바닥났다" }));
    },
  },
  {
    name: "uses-the-injected-clock",
    rules: ["injected-clock"],
    points: 2,
    visibility: "hidden",
    description: "deadlines are measured on config.clock: a session begun at 5 s on the injected clock ends at 5 s + deadlineMs",
    descriptionIn: { ko: "deadline은 config.clock으로 잰다: 주입된 시계로 5 s에 시작한 세션은 5 s + deadlineMs에 끝난다" },
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 }, [0.5], 5_000);
      const attempts = rig.begin();
      checkEqual(attempts.session.remainingMs(), 1_000, says({ en: "rule injected-clock: remainingMs() right after begin() (config.clock.now(), not Date.now())", ko: "규칙 injected-clock: begin() 직후의 remainingMs() (Date.now()가 아니라 config.clock.now())" }));
      rig.clock.advance(850);
      attempts.retries("injected-clock", UNAVAILABLE, 100, says({ en: "5850 + 100 ms on the injected clock is before the deadline at 6000 ms", ko: "주입된 시계로 5850 + 100 ms는 deadline인 6000 ms보다 앞이다" }));
      rig.clock.advance(100);
      attempts.givesUp("injected-clock", UNAVAILABLE, "deadline", says({ en: "5950 + 200 ms on the injected clock is past the deadline at 6000 ms", ko: "주입된 시계로 5950 + 200 ms는 deadline인 6000 ms를 넘는다" }));
    },
  },
  {
    name: "refuses-bad-configs",
    rules: ["config-validation"],
    points: 2,
    visibility: "hidden",
    description: "the constructor throws a RangeError for a config it could never honour",
    descriptionIn: { ko: "지킬 수 없는 config를 받으면 생성자가 RangeError를 던진다" },
    run(ctx) {
      const Policy = retryClass(ctx);
      retryRig(ctx).begin().session.onFailure(UNAVAILABLE); // a working policy first, so a stub says "not implemented" here
      const clock = new ManualClock();
      const random = scriptedRandom([0.5]);
      const bad: [string, Partial<RetryConfig>][] = [
        ["maxAttempts = 0", { maxAttempts: 0 }],
        ["maxAttempts = 2.5", { maxAttempts: 2.5 }],
        ["baseDelayMs = -1", { baseDelayMs: -1 }],
        ["maxDelayMs = 50 below baseDelayMs = 100", { maxDelayMs: 50 }],
        ["multiplier = 0.5", { multiplier: 0.5 }],
        ["deadlineMs = 0", { deadlineMs: 0 }],
      ];
      for (const [what, change] of bad) {
        const error = checkThrows(() => new Policy({ ...PLAIN, clock, random, ...change }), says({ en: `rule config-validation: new RetryPolicy({ ...config, ${what} })`, ko: `규칙 config-validation: new RetryPolicy({ ...config, ${what} })` }));
        check(error instanceof RangeError, () => says({ en: `rule config-validation: new RetryPolicy({ ...config, ${what} }) threw ${show(String(error))}; the contract asks for a RangeError`, ko: `규칙 config-validation: new RetryPolicy({ ...config, ${what} })에서 ${show(String(error))} 예외가 발생했습니다. 계약은 RangeError를 요구합니다` }));
      }
    },
  },
  {
    name: "random-sequences",
    rules: ["retryable-failures", "no-4xx-retry", "idempotent-methods", "non-idempotent-needs-key", "idempotency-key", "max-attempts", "exponential-backoff", "delay-cap", "full-jitter", "decorrelated-jitter", "one-draw-per-delay", "retry-after", "deadline", "remaining-ms", "check-order", "injected-clock", "config-validation", "spread-under-synchrony"],
    points: 5,
    visibility: "hidden",
    description: "random configs, calls and failure sequences at random times: every decision, every remainingMs() and every random() draw as the contract says",
    descriptionIn: { ko: "무작위 config, 호출, 실패 순서를 무작위 시각에 넣는다: 모든 결정, 모든 remainingMs(), 모든 random() 호출이 계약대로다" },
    seeds: 10,
    run(ctx) {
      for (let round = 0; round < 40; round++) randomSequence(ctx);
    },
  },
  {
    name: "synchronized-clients-spread",
    rules: ["spread-under-synchrony"],
    points: 4,
    visibility: "hidden",
    description: "200 clients that fail at the same instant, each with its own random source, do not retry together: jitter spreads every wave of retries",
    descriptionIn: { ko: "같은 순간에 실패한 클라이언트 200개는 각자 자기 무작위 소스가 있어서 함께 재시도하지 않는다: jitter가 재시도의 파도를 매번 흩뜨린다" },
    seeds: 10,
    run(ctx) {
      for (const jitter of ["full", "decorrelated"] as const) synchronizedClients(ctx, jitter);
    },
  },
  {
    name: "retry-storm",
    rules: ["retryable-failures", "no-4xx-retry", "idempotent-methods", "non-idempotent-needs-key", "idempotency-key", "max-attempts", "exponential-backoff", "delay-cap", "full-jitter", "decorrelated-jitter", "one-draw-per-delay", "retry-after", "deadline", "remaining-ms", "check-order", "injected-clock", "config-validation", "spread-under-synchrony"],
    points: 5,
    visibility: "hidden",
    description: "simulated clients using your policy against a dependency that is down, refuses, then recovers slowly: no attempt after a deadline, none after a 4xx, and spread-out retries",
    descriptionIn: { ko: "여러분의 정책을 쓰는 시뮬레이션된 클라이언트들이 다운되었다가, 요청을 거절하다가, 천천히 회복하는 의존 서비스를 호출한다: deadline 뒤의 시도도, 4xx 뒤의 시도도 없고, 재시도는 흩어진다" },
    seeds: 10,
    run(ctx) {
      retryStormRun(ctx, retryClass(ctx));
    },
  },
];

const METHODS: HttpMethod[] = ["GET", "HEAD", "PUT", "DELETE", "POST", "PATCH"];

function randomSettings(rng: Rng): RetrySettings {
  const baseDelayMs = rng.pick([0, 10, 50, 100]);
  return {
    maxAttempts: rng.int(1, 7),
    baseDelayMs,
    maxDelayMs: baseDelayMs + rng.pick([0, 100, 1_000, 10_000]),
    multiplier: rng.pick([1, 1.5, 2, 3]),
    jitter: rng.pick(["none", "full", "decorrelated"] as const),
    deadlineMs: rng.pick([50, 500, 2_000, 60_000]),
  };
}

function randomFailure(rng: Rng): CallFailure {
  const roll = rng.next();
  if (roll < 0.2) return TIMEOUT;
  if (roll < 0.3) return { kind: "network" };
  const status = rng.pick([400, 404, 408, 409, 429, 500, 501, 502, 503, 503, 503, 504]);
  return rng.chance(0.2) ? { kind: "status", status, retryAfterMs: rng.int(0, 3_000) } : { kind: "status", status };
}

function randomSequence(ctx: TestContext): void {
  const rng = ctx.rng;
  const settings = randomSettings(rng);
  const call: RetryCall = rng.chance(0.3) ? { method: rng.pick(METHODS), idempotencyKey: `key-${rng.int(1, 99)}` } : { method: rng.pick(METHODS) };
  const randoms = Array.from({ length: 16 }, () => rng.next());
  const clock = new ManualClock(rng.int(0, 10_000));
  const random = scriptedRandom(randoms);
  const session = new (retryClass(ctx))({ ...settings, clock, random }).begin(call);
  const model = new RetryModel(settings, call, clock.now(), randoms);
  const beganAtMs = clock.now();
  const draws = `${randoms.slice(0, 4).map((r) => r.toFixed(3)).join(", ")}, ...`;
  const context = says({
    en: `${describeCall(call).en} begun at t=${beganAtMs} ms with ${describeSettings(settings)} (random() returns ${draws})`,
    ko: `t=${beganAtMs} ms에 ${describeSettings(settings)} 설정으로 시작한 ${describeCall(call).ko} (random()이 반환하는 값: ${draws})`,
  });
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    clock.advance(rng.pick([0, 1, 20, 200, 1_000]));
    checkEqual(session.remainingMs(), model.remainingMs(clock.now()), says({ en: `rule remaining-ms: remainingMs() at t=${clock.now()} ms for ${context.en}`, ko: `규칙 remaining-ms: ${context.ko}의 t=${clock.now()} ms에서 remainingMs()` }));
    const failure = randomFailure(rng);
    const expected = model.onFailure(failure, clock.now());
    const actual = session.onFailure(failure);
    const same = actual.retry === expected.retry && (expected.retry ? actual.retry && Math.abs(actual.delayMs - expected.delayMs) < 1e-6 && actual.attempt === expected.attempt : !actual.retry && actual.reason === expected.reason);
    if (!same) {
      const rule = ruleOf(expected, actual, failure, settings);
      fail(
        says({
          en: `rule ${rule}: onFailure(${describeFailure(failure)}) after attempt ${attempt} at t=${clock.now()} ms returned ${show(actual)}, expected ${show(expected)}`,
          ko: `규칙 ${rule}: ${attempt}번째 시도가 실패한 뒤 t=${clock.now()} ms에 onFailure(${describeFailure(failure)})의 반환값이 ${show(actual)}입니다. 기댓값은 ${show(expected)}입니다`,
        }),
        `for ${context.en}`,
      );
    }
    checkEqual(random.draws, model.draws, says({ en: `rule one-draw-per-delay: random() draws after attempt ${attempt}'s failure, for ${context.en}`, ko: `규칙 one-draw-per-delay: ${context.ko}에서 ${attempt}번째 시도가 실패한 뒤 random()을 호출한 횟수` }));
    if (!expected.retry) return;
    clock.advance(expected.delayMs);
  }
}

const GIVE_UP_RULES: Record<GiveUpReason, string> = { "not-retryable": "no-4xx-retry", "not-idempotent": "non-idempotent-needs-key", "attempts-exhausted": "max-attempts", deadline: "deadline" };
const WRONGLY_GIVEN_UP: Record<GiveUpReason, string> = { "not-retryable": "retryable-failures", "not-idempotent": "idempotent-methods", "attempts-exhausted": "max-attempts", deadline: "deadline" };
const JITTER_RULES: Record<Jitter, string> = { none: "exponential-backoff", full: "full-jitter", decorrelated: "decorrelated-jitter" };

/** The rule a wrong decision breaks, judged from what was expected and what came back. */
function ruleOf(expected: RetryDecision, actual: RetryDecision, failure: CallFailure, settings: RetrySettings): string {
  if (expected.retry === false) return GIVE_UP_RULES[expected.reason];
  if (actual?.retry === false) return WRONGLY_GIVEN_UP[actual.reason] ?? "retryable-failures";
  if (actual?.attempt !== expected.attempt) return "max-attempts";
  if (failure.kind === "status" && failure.retryAfterMs === expected.delayMs) return "retry-after";
  return JITTER_RULES[settings.jitter];
}

/** 200 sessions fail together three times; each wave of their retries must be spread out. */
function synchronizedClients(ctx: TestContext, jitter: "full" | "decorrelated"): void {
  const CLIENTS = 200;
  const settings: RetrySettings = { ...PLAIN, jitter, maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 5_000 };
  const Policy = retryClass(ctx);
  const clients = Array.from({ length: CLIENTS }, (_, i) => {
    const clock = new ManualClock();
    const rng = Rng.derive(ctx.seed, `client-${i}`);
    return { clock, session: new Policy({ ...settings, clock, random: () => rng.next() }).begin(GET) };
  });
  for (let wave = 1; wave <= 3; wave++) {
    const retryAt = clients.map((client) => {
      const decision = client.session.onFailure(UNAVAILABLE);
      if (!decision.retry) return fail(says({ en: `rule retryable-failures: a GET failing with 503 at attempt ${wave} gave up (${show(decision)}) with maxAttempts 6 and a minute's deadline`, ko: `규칙 retryable-failures: maxAttempts 6, deadline 1분인데 ${wave}번째 시도에서 503으로 실패한 GET을 포기했습니다 (${show(decision)})` }));
      return client.clock.now() + decision.delayMs;
    });
    const spanMs = Math.max(...retryAt) - Math.min(...retryAt);
    const bucketMs = Math.max(1, (100 * 2 ** (wave - 1)) / 20);
    const counts = new Map<number, number>();
    for (const t of retryAt) counts.set(Math.floor(t / bucketMs), (counts.get(Math.floor(t / bucketMs)) ?? 0) + 1);
    const [bucket, most] = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    check(
      most <= CLIENTS / 5,
      () =>
        says({
          en:
            `rule spread-under-synchrony: ${CLIENTS} clients with jitter "${jitter}" failed at the same instants, and ${most} of them retry (wave ${wave}) within the same ${bucketMs} ms ` +
            `(t=${bucket * bucketMs}..${(bucket + 1) * bucketMs} ms; all retries span ${Math.round(spanMs)} ms): synchronized retries hit a recovering service all at once`,
          ko:
            `규칙 spread-under-synchrony: jitter "${jitter}"인 클라이언트 ${CLIENTS}개가 같은 순간에 실패했고, 그중 ${most}개가 같은 ${bucketMs} ms 안에 재시도합니다 (${wave}번째 파도, ` +
            `t=${bucket * bucketMs}..${(bucket + 1) * bucketMs} ms; 전체 재시도는 ${Math.round(spanMs)} ms에 걸쳐 있음). 동기화된 재시도는 회복 중인 서비스를 한꺼번에 덮칩니다`,
        }),
    );
    clients.forEach((client, i) => client.clock.advance(retryAt[i] - client.clock.now()));
  }
}
