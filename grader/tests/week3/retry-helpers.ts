/**
 * A test rig for the retry exercise: the learner's RetryPolicy on a manual clock and a scripted
 * random source, and checks whose failures name the rule broken and the call that broke it.
 */
import type { CallFailure, GiveUpReason, RetryCall, RetryConfig, RetryDecision, RetryPolicyApi, RetrySession } from "../../../src/contracts/resilience";
import { ManualClock, scriptedRandom, type ScriptedRandom } from "../../../src/resilience/manual-clock";
import { allTexts } from "../../i18n/messages";
import { fail, says, show, type Texts, type TestContext, type Words } from "../../api";

export type RetryConstructor = new (config: RetryConfig) => RetryPolicyApi;

export function retryClass(ctx: TestContext): RetryConstructor {
  return ctx.exported<RetryConstructor>("RetryPolicy");
}

export type RetrySettings = Omit<RetryConfig, "clock" | "random">;

/** 100 ms doubling up to 10 s, five attempts, a minute's deadline, no jitter. */
export const PLAIN: RetrySettings = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, multiplier: 2, jitter: "none", deadlineMs: 60_000 };

export const GET: RetryCall = { method: "GET" };
export const UNAVAILABLE: CallFailure = { kind: "status", status: 503 };
export const TIMEOUT: CallFailure = { kind: "timeout" };

const DELAY_TOLERANCE_MS = 1e-6;

export class RetryRig {
  readonly clock: ManualClock;
  readonly random: ScriptedRandom;
  readonly policy: RetryPolicyApi;

  constructor(
    Policy: RetryConstructor,
    readonly settings: RetrySettings,
    randoms: readonly number[] = [0.5],
    startMs = 0,
  ) {
    this.clock = new ManualClock(startMs);
    this.random = scriptedRandom(randoms);
    this.policy = new Policy({ ...settings, clock: this.clock, random: this.random });
  }

  begin(call: RetryCall = GET): Attempts {
    return new Attempts(this, call, this.policy.begin(call));
  }
}

export function retryRig(ctx: TestContext, settings: Partial<RetrySettings> = {}, randoms?: readonly number[], startMs?: number): RetryRig {
  return new RetryRig(retryClass(ctx), { ...PLAIN, ...settings }, randoms, startMs);
}

/** One operation's session, with its attempts counted so messages can say "attempt 3 of a POST". */
export class Attempts {
  failed = 0;

  constructor(
    private readonly rig: RetryRig,
    readonly call: RetryCall,
    readonly session: RetrySession,
  ) {}

  /** Attempt number `failed + 1` fails with `failure`; the decision must match `expected`. */
  expect(rule: string, failure: CallFailure, expected: RetryDecision, why: Words): RetryDecision {
    this.failed++;
    const call = describeCall(this.call);
    const at = this.rig.clock.now();
    // A formula ("0.5 * 100") reads the same in every language, so it may come as a plain string.
    const reason = typeof why === "string" ? allTexts(why, undefined) : why;
    const actual = this.session.onFailure(failure);
    if (!sameDecision(actual, expected)) {
      fail(
        says({
          en: `rule ${rule}: onFailure(${describeFailure(failure)}) after attempt ${this.failed} of ${call.en} at t=${at} ms returned ${show(actual)}, expected ${show(expected)}: ${reason.en}`,
          ko: `규칙 ${rule}: t=${at} ms에 ${call.ko}의 ${this.failed}번째 시도가 실패한 뒤 onFailure(${describeFailure(failure)})의 반환값이 ${show(actual)}입니다. 기댓값은 ${show(expected)}입니다: ${reason.ko}`,
        }),
        `config: ${describeSettings(this.rig.settings)}`,
      );
    }
    return actual;
  }

  /** Retry after this failure with `delayMs` (attempt number failed + 2 next). */
  retries(rule: string, failure: CallFailure, delayMs: number, why: Words): void {
    this.expect(rule, failure, { retry: true, delayMs, attempt: this.failed + 2 }, why);
  }

  givesUp(rule: string, failure: CallFailure, reason: GiveUpReason, why: Words): void {
    this.expect(rule, failure, { retry: false, reason }, why);
  }
}

function sameDecision(actual: RetryDecision, expected: RetryDecision): boolean {
  if (typeof actual !== "object" || actual === null || actual.retry !== expected.retry) return false;
  if (!expected.retry) return !actual.retry && actual.reason === expected.reason;
  return actual.retry && actual.attempt === expected.attempt && Math.abs(actual.delayMs - expected.delayMs) <= DELAY_TOLERANCE_MS;
}

export function describeFailure(failure: CallFailure): string {
  if (failure.kind !== "status") return `{ kind: "${failure.kind}" }`;
  return `{ kind: "status", status: ${failure.status}${failure.retryAfterMs !== undefined ? `, retryAfterMs: ${failure.retryAfterMs}` : ""} }`;
}

export function describeCall(call: RetryCall): Texts {
  return call.idempotencyKey !== undefined
    ? says({ en: `a ${call.method} with idempotencyKey ${show(call.idempotencyKey)}`, ko: `idempotencyKey가 ${show(call.idempotencyKey)}인 ${call.method} 요청` })
    : says({ en: `a ${call.method}`, ko: `${call.method} 요청` });
}

export function describeSettings(settings: RetrySettings): string {
  return `maxAttempts ${settings.maxAttempts}, baseDelayMs ${settings.baseDelayMs}, maxDelayMs ${settings.maxDelayMs}, multiplier ${settings.multiplier}, jitter "${settings.jitter}", deadlineMs ${settings.deadlineMs}`;
}
