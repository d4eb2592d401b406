/**
 * Week 3, retry: hidden tests. One directed test per rule of retry.rules.md, then randomized
 * ones: random failure sequences against the contract's model, synchronized clients whose
 * retries must spread out, and a simulated retry storm against a recovering dependency.
 */
import type { CallFailure, GiveUpReason, HttpMethod, Jitter, RetryCall, RetryConfig, RetryDecision } from "../../../src/contracts/resilience";
import { ManualClock, scriptedRandom } from "../../../src/resilience/manual-clock";
import { Rng } from "../../../src/sim";
import { check, checkEqual, checkThrows, fail, show, type GradedTest, type TestContext } from "../../api";
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
    run(ctx) {
      const rig = retryRig(ctx);
      for (const failure of RETRYABLE) rig.begin().retries("retryable-failures", failure, 100, `${describeFailure(failure)} may succeed on a second try`);
    },
  },
  {
    name: "never-retries-4xx",
    rules: ["no-4xx-retry"],
    points: 3,
    visibility: "hidden",
    description: "400, 401, 403, 404, 409, 422 and 501 are never retried, whatever the method",
    run(ctx) {
      const rig = retryRig(ctx);
      for (const status of NOT_RETRYABLE) {
        for (const call of [GET, { method: "PUT" as const }, { method: "POST" as const, idempotencyKey: "k1" }]) {
          rig.begin(call).givesUp("no-4xx-retry", { kind: "status", status }, "not-retryable", `status ${status} says the request itself is wrong; repeating it gets the same answer`);
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
    run(ctx) {
      const rig = retryRig(ctx);
      for (const method of ["POST", "PATCH"] as const) {
        for (const failure of [TIMEOUT, UNAVAILABLE, { kind: "network" } as CallFailure]) {
          rig.begin({ method }).givesUp("non-idempotent-needs-key", failure, "not-idempotent", `the first ${method} may have been done; a retry could do it twice`);
        }
        rig.begin({ method, idempotencyKey: "" }).givesUp("non-idempotent-needs-key", TIMEOUT, "not-idempotent", "an empty key identifies nothing");
      }
    },
  },
  {
    name: "idempotency-key-makes-post-retryable",
    rules: ["idempotency-key"],
    points: 2,
    visibility: "hidden",
    description: "a POST or PATCH with an idempotency key is retried like a GET",
    run(ctx) {
      const rig = retryRig(ctx);
      for (const method of ["POST", "PATCH"] as const) {
        const attempts = rig.begin({ method, idempotencyKey: "charge-42" });
        attempts.retries("idempotency-key", TIMEOUT, 100, "the server dedupes repeats of the same key");
        attempts.retries("idempotency-key", UNAVAILABLE, 200, "the server dedupes repeats of the same key");
      }
    },
  },
  {
    name: "idempotent-methods",
    rules: ["idempotent-methods"],
    points: 2,
    visibility: "hidden",
    description: "GET, HEAD, PUT and DELETE are idempotent and retried without a key",
    run(ctx) {
      const rig = retryRig(ctx);
      for (const method of ["GET", "HEAD", "PUT", "DELETE"] as const) rig.begin({ method }).retries("idempotent-methods", TIMEOUT, 100, `${method} is idempotent (RFC 9110): doing it twice is doing it once`);
    },
  },
  {
    name: "stops-after-max-attempts",
    rules: ["max-attempts"],
    points: 3,
    visibility: "hidden",
    description: "maxAttempts counts every attempt, the first included: 3 means at most two retries, 1 means none",
    run(ctx) {
      const three = retryRig(ctx, { maxAttempts: 3 }).begin();
      three.retries("max-attempts", UNAVAILABLE, 100, "1 of 3 attempts made");
      three.retries("max-attempts", UNAVAILABLE, 200, "2 of 3 attempts made");
      three.givesUp("max-attempts", UNAVAILABLE, "attempts-exhausted", "3 of 3 attempts made");
      retryRig(ctx, { maxAttempts: 1 }).begin().givesUp("max-attempts", UNAVAILABLE, "attempts-exhausted", "maxAttempts = 1 allows no retry");
    },
  },
  {
    name: "exponential-backoff",
    rules: ["exponential-backoff"],
    points: 3,
    visibility: "hidden",
    description: "without jitter, retry n waits baseDelayMs * multiplier^(n-1)",
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
    run(ctx) {
      const attempts = retryRig(ctx, { jitter: "full", maxAttempts: 8, maxDelayMs: 500 }, [0.5, 0.25, 0.9, 0.9, 0.9, 0.1]).begin();
      const expected = [0.5 * 100, 0.25 * 200, 0.9 * 400, 0.9 * 500, 0.9 * 500, 0.1 * 500];
      for (const delayMs of expected) attempts.retries("full-jitter", UNAVAILABLE, delayMs, "random() times the capped exponential delay");
    },
  },
  {
    name: "decorrelated-jitter",
    rules: ["decorrelated-jitter"],
    points: 2,
    visibility: "hidden",
    description: "decorrelated jitter waits min(maxDelayMs, baseDelayMs + random() * (3 * previous - baseDelayMs))",
    run(ctx) {
      const attempts = retryRig(ctx, { jitter: "decorrelated", maxAttempts: 6, maxDelayMs: 1_000 }, [0.5, 0.5, 0.9, 0]).begin();
      // previous: 100 -> 200 -> 350 -> min(1000, 100 + 0.9 * 950) = 955 -> 100
      for (const delayMs of [200, 350, 955, 100]) attempts.retries("decorrelated-jitter", UNAVAILABLE, delayMs, "AWS's decorrelated jitter, from the previous delay");
    },
  },
  {
    name: "one-draw-per-delay",
    rules: ["one-draw-per-delay"],
    points: 2,
    visibility: "hidden",
    description: "each jittered delay draws random() exactly once, a delay without jitter never, and a refusal under rules 1-3 never",
    run(ctx) {
      for (const [jitter, perRetry] of [["none", 0], ["full", 1], ["decorrelated", 1]] as [Jitter, number][]) {
        const rig = retryRig(ctx, { jitter, maxAttempts: 3 });
        const attempts = rig.begin();
        const decisions = [attempts.session.onFailure(UNAVAILABLE), attempts.session.onFailure(UNAVAILABLE), attempts.session.onFailure(UNAVAILABLE)];
        check(decisions[2]?.retry === false, () => `rule max-attempts: the 3rd onFailure with maxAttempts = 3 returned ${show(decisions[2])}`);
        checkEqual(rig.random.draws, 2 * perRetry, `rule one-draw-per-delay: the number of random() draws for 2 retries and 1 refusal with jitter "${jitter}"`);
        rig.begin({ method: "POST" }).session.onFailure(TIMEOUT);
        rig.begin().session.onFailure({ kind: "status", status: 404 });
        checkEqual(rig.random.draws, 2 * perRetry, `rule one-draw-per-delay: the number of random() draws after also refusing a POST without a key and a 404 (jitter "${jitter}")`);
      }
    },
  },
  {
    name: "honours-retry-after",
    rules: ["retry-after"],
    points: 2,
    visibility: "hidden",
    description: "a failure carrying retryAfterMs (429, 503 with Retry-After) waits at least that long",
    run(ctx) {
      const attempts = retryRig(ctx).begin();
      attempts.retries("retry-after", { kind: "status", status: 429, retryAfterMs: 5_000 }, 5_000, "the server asked for 5000 ms, more than the 100 ms backoff");
      attempts.retries("retry-after", { kind: "status", status: 503, retryAfterMs: 50 }, 200, "the 200 ms backoff is already longer than the 50 ms asked for");
    },
  },
  {
    name: "never-past-the-deadline",
    rules: ["deadline"],
    points: 4,
    visibility: "hidden",
    description: "a retry that would start at or after begin() + deadlineMs is not made; the deadline counts from begin(), not from the last attempt",
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 });
      rig.clock.advance(500);
      const attempts = rig.begin(); // deadline at 1500
      rig.clock.advance(800);
      attempts.retries("deadline", UNAVAILABLE, 100, "1300 + 100 = 1400 ms is before the deadline at 1500 ms");
      rig.clock.advance(100);
      attempts.givesUp("deadline", UNAVAILABLE, "deadline", "1400 + 200 = 1600 ms is past the deadline at 1500 ms, counted from begin() at 500 ms");
      const edge = rig.begin(); // at 1400: deadline at 2400
      rig.clock.advance(900);
      edge.givesUp("deadline", UNAVAILABLE, "deadline", "2300 + 100 = 2400 ms is exactly the deadline: a retry then would have no time left");
      const told = rig.begin(); // at 2300: deadline at 3300
      told.givesUp("deadline", { kind: "status", status: 503, retryAfterMs: 1_000 }, "deadline", "the server asked for 1000 ms, which ends at the deadline");
    },
  },
  {
    name: "remaining-ms",
    rules: ["remaining-ms"],
    points: 2,
    visibility: "hidden",
    description: "remainingMs() is the time left before the deadline, and 0 once it has passed",
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 }, [0.5], 200);
      const session = rig.begin().session;
      for (const [advanceMs, left] of [[0, 1_000], [250, 750], [750, 0], [500, 0]]) {
        rig.clock.advance(advanceMs);
        checkEqual(session.remainingMs(), left, `rule remaining-ms: remainingMs() at t=${rig.clock.now()} ms for a session begun at 200 ms with deadlineMs 1000`);
      }
    },
  },
  {
    name: "checks-in-order",
    rules: ["check-order"],
    points: 2,
    visibility: "hidden",
    description: "when several rules refuse, the first in the contract's order names the reason: not-retryable, not-idempotent, attempts-exhausted, deadline",
    run(ctx) {
      const rig = retryRig(ctx, { maxAttempts: 1, deadlineMs: 50 });
      rig.begin({ method: "POST" }).givesUp("check-order", { kind: "status", status: 404 }, "not-retryable", "a 404 is refused first, before asking whether a POST may be repeated");
      rig.begin({ method: "POST" }).givesUp("check-order", UNAVAILABLE, "not-idempotent", "a POST without a key is refused before counting attempts");
      rig.begin().givesUp("check-order", UNAVAILABLE, "attempts-exhausted", "the attempts ran out before the 100 ms delay is compared with the 50 ms deadline");
    },
  },
  {
    name: "uses-the-injected-clock",
    rules: ["injected-clock"],
    points: 2,
    visibility: "hidden",
    description: "deadlines are measured on config.clock: a session begun at 5 s on the injected clock ends at 5 s + deadlineMs",
    run(ctx) {
      const rig = retryRig(ctx, { deadlineMs: 1_000 }, [0.5], 5_000);
      const attempts = rig.begin();
      checkEqual(attempts.session.remainingMs(), 1_000, "rule injected-clock: remainingMs() right after begin() (config.clock.now(), not Date.now())");
      rig.clock.advance(850);
      attempts.retries("injected-clock", UNAVAILABLE, 100, "5850 + 100 ms on the injected clock is before the deadline at 6000 ms");
      rig.clock.advance(100);
      attempts.givesUp("injected-clock", UNAVAILABLE, "deadline", "5950 + 200 ms on the injected clock is past the deadline at 6000 ms");
    },
  },
  {
    name: "refuses-bad-configs",
    rules: ["config-validation"],
    points: 2,
    visibility: "hidden",
    description: "the constructor throws a RangeError for a config it could never honour",
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
        const error = checkThrows(() => new Policy({ ...PLAIN, clock, random, ...change }), `rule config-validation: new RetryPolicy({ ...config, ${what} })`);
        check(error instanceof RangeError, () => `rule config-validation: new RetryPolicy({ ...config, ${what} }) threw ${show(String(error))}; the contract asks for a RangeError`);
      }
    },
  },
  {
    name: "random-sequences",
    rules: ["retryable-failures", "no-4xx-retry", "idempotent-methods", "non-idempotent-needs-key", "idempotency-key", "max-attempts", "exponential-backoff", "delay-cap", "full-jitter", "decorrelated-jitter", "one-draw-per-delay", "retry-after", "deadline", "remaining-ms", "check-order", "injected-clock", "config-validation", "spread-under-synchrony"],
    points: 5,
    visibility: "hidden",
    description: "random configs, calls and failure sequences at random times: every decision, every remainingMs() and every random() draw as the contract says",
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
  const context = () => `${describeCall(call)} begun at t=${beganAtMs} ms with ${describeSettings(settings)} (random() returns ${randoms.slice(0, 4).map((r) => r.toFixed(3)).join(", ")}, ...)`;
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    clock.advance(rng.pick([0, 1, 20, 200, 1_000]));
    checkEqual(session.remainingMs(), model.remainingMs(clock.now()), `rule remaining-ms: remainingMs() at t=${clock.now()} ms for ${context()}`);
    const failure = randomFailure(rng);
    const expected = model.onFailure(failure, clock.now());
    const actual = session.onFailure(failure);
    const same = actual.retry === expected.retry && (expected.retry ? actual.retry && Math.abs(actual.delayMs - expected.delayMs) < 1e-6 && actual.attempt === expected.attempt : !actual.retry && actual.reason === expected.reason);
    if (!same) fail(`rule ${ruleOf(expected, actual, failure, settings)}: onFailure(${describeFailure(failure)}) after attempt ${attempt} at t=${clock.now()} ms returned ${show(actual)}, expected ${show(expected)}`, `for ${context()}`);
    checkEqual(random.draws, model.draws, `rule one-draw-per-delay: random() draws after attempt ${attempt}'s failure, for ${context()}`);
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
      if (!decision.retry) return fail(`rule retryable-failures: a GET failing with 503 at attempt ${wave} gave up (${show(decision)}) with maxAttempts 6 and a minute's deadline`);
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
        `rule spread-under-synchrony: ${CLIENTS} clients with jitter "${jitter}" failed at the same instants, and ${most} of them retry (wave ${wave}) within the same ${bucketMs} ms ` +
        `(t=${bucket * bucketMs}..${(bucket + 1) * bucketMs} ms; all retries span ${Math.round(spanMs)} ms): synchronized retries hit a recovering service all at once`,
    );
    clients.forEach((client, i) => client.clock.advance(retryAt[i] - client.clock.now()));
  }
}
