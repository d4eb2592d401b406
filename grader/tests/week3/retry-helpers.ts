/**
 * A test rig for the retry exercise: the learner's RetryPolicy on a manual clock and a scripted
 * random source, and checks whose failures name the rule broken and the call that broke it.
 */
import type { CallFailure, GiveUpReason, RetryCall, RetryConfig, RetryDecision, RetryPolicyApi, RetrySession } from "../../../src/contracts/resilience";
import { ManualClock, scriptedRandom, type ScriptedRandom } from "../../../src/resilience/manual-clock";
import { fail, show, type TestContext } from "../../api";

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
  expect(rule: string, failure: CallFailure, expected: RetryDecision, why: string): RetryDecision {
    this.failed++;
    const what = `onFailure(${describeFailure(failure)}) after attempt ${this.failed} of ${describeCall(this.call)} at t=${this.rig.clock.now()} ms`;
    const actual = this.session.onFailure(failure);
    if (!sameDecision(actual, expected)) fail(`rule ${rule}: ${what} returned ${show(actual)}, expected ${show(expected)}: ${why}`, `config: ${describeSettings(this.rig.settings)}`);
    return actual;
  }

  /** Retry after this failure with `delayMs` (attempt number failed + 2 next). */
  retries(rule: string, failure: CallFailure, delayMs: number, why: string): void {
    this.expect(rule, failure, { retry: true, delayMs, attempt: this.failed + 2 }, why);
  }

  givesUp(rule: string, failure: CallFailure, reason: GiveUpReason, why: string): void {
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

export function describeCall(call: RetryCall): string {
  return call.idempotencyKey !== undefined ? `a ${call.method} with idempotencyKey ${show(call.idempotencyKey)}` : `a ${call.method}`;
}

export function describeSettings(settings: RetrySettings): string {
  return `maxAttempts ${settings.maxAttempts}, baseDelayMs ${settings.baseDelayMs}, maxDelayMs ${settings.maxDelayMs}, multiplier ${settings.multiplier}, jitter "${settings.jitter}", deadlineMs ${settings.deadlineMs}`;
}
