/**
 * Week 3, breaker: hidden tests. One directed test per rule of breaker.rules.md (a fixed script
 * that breaks when that rule alone is broken), then randomized runs judged by the breaker-trace
 * checker: random scripts on a manual clock, and simulated callers against a flaky dependency.
 */
import type { BreakerRules } from "../../../src/check/breaker-trace";
import type { Admission, BreakerTransition, CircuitBreakerConfig, Permission } from "../../../src/contracts/resilience";
import type { Rng } from "../../../src/sim";
import { check, checkEqual, checkThrows, says, show, type GradedTest, type TestContext } from "../../api";
import { BreakerRig, breakerClass, breakerRig, SMALL_RULES } from "./breaker-helpers";
import { flakyDependencyRun } from "./breaker-simulated";

function rejection(admission: Admission): object {
  return admission.permitted ? { permitted: true } : { permitted: false, state: admission.state, retryAfterMs: admission.retryAfterMs };
}

/** Whether `fn` threw, and what. */
function thrownBy(fn: () => unknown): { threw: boolean; error?: unknown } {
  try {
    fn();
    return { threw: false };
  } catch (error) {
    return { threw: true, error };
  }
}

/** Open the rig's breaker with failures (its window must be a count window). */
function openIt(rig: BreakerRig): void {
  rig.run("F".repeat(rig.rules.minimumCalls));
  rig.expectState("OPEN", says({ en: `${rig.rules.minimumCalls} failures in a row are a 100% failure rate`, ko: `연속 실패 ${rig.rules.minimumCalls}회는 실패율 100%다` }));
}

export const tests: GradedTest[] = [
  {
    name: "opens-exactly-at-the-threshold",
    rules: ["opens-at-threshold"],
    points: 3,
    visibility: "hidden",
    description: "the breaker opens when the failure rate is AT the threshold (>=), not only above it",
    descriptionIn: { ko: "breaker는 실패율이 임계값을 넘을 때만이 아니라 임계값과 같을 때(>=)도 열린다" },
    run(ctx) {
      const rig = breakerRig(ctx, { failureRateThresholdPercent: 30 });
      rig.run("SSSSSSSFF");
      rig.expectState("CLOSED", says({ en: "9 calls are fewer than minimumCalls = 10", ko: "호출 9회는 minimumCalls = 10보다 적다" }));
      rig.run("F");
      rig.expectState("OPEN", says({ en: "3 failures in 10 calls is 30%, exactly the 30% threshold", ko: "호출 10회 중 실패 3회는 30%로, 임계값 30%와 정확히 같다" }));
      const quarter = breakerRig(ctx, { window: { kind: "count", calls: 8 }, minimumCalls: 8, failureRateThresholdPercent: 25 });
      quarter.run("SSSSSSFF");
      quarter.expectState("OPEN", says({ en: "2 failures in 8 calls is 25%, exactly the 25% threshold", ko: "호출 8회 중 실패 2회는 25%로, 임계값 25%와 정확히 같다" }));
    },
  },
  {
    name: "closed-permits-every-call",
    rules: ["closed-permits"],
    points: 2,
    visibility: "hidden",
    description: "a CLOSED breaker permits every call, failures included, as long as it stays closed",
    descriptionIn: { ko: "CLOSED인 breaker는 닫혀 있는 동안 실패한 호출까지 포함해 모든 호출을 허용한다" },
    run(ctx) {
      const rig = breakerRig(ctx, { failureRateThresholdPercent: 60 });
      rig.run("SFSFSFSFSSFSFSFSFSSF");
      rig.expectState("CLOSED", says({ en: "no window of the last 10 calls reached 60% failures", ko: "최근 호출 10회의 어느 윈도우도 실패율 60%에 닿지 않았다" }));
      check(rig.recorder.steps.every((step) => step.kind !== "acquire" || step.admission.permitted), says({ en: "every tryAcquire() of a CLOSED breaker must be permitted", ko: "CLOSED인 breaker의 tryAcquire()는 모두 허용되어야 합니다" }));
    },
  },
  {
    name: "stays-closed-below-the-threshold",
    rules: ["stays-closed-below-threshold"],
    points: 2,
    visibility: "hidden",
    description: "a failure rate below the threshold keeps the breaker closed: 4 failures in 10 calls at 50%",
    descriptionIn: { ko: "실패율이 임계값보다 낮으면 breaker는 닫힌 채로 있다: 임계값 50%에서 호출 10회 중 실패 4회" },
    run(ctx) {
      const rig = breakerRig(ctx);
      rig.run("SFSFSFSFSS");
      rig.expectState("CLOSED", says({ en: "4 failures in 10 calls is 40%, below 50%", ko: "호출 10회 중 실패 4회는 40%로, 50%보다 낮다" }));
      rig.run("F");
      rig.expectState("OPEN", says({ en: "the last 10 calls (F S F S F S F S S F) hold 5 failures: 50%", ko: "최근 호출 10회(F S F S F S F S S F)에 실패가 5회 있다: 50%" }));
    },
  },
  {
    name: "successes-do-not-reset-failures",
    rules: ["opens-at-threshold"],
    points: 3,
    visibility: "hidden",
    description: "4 failures in 5 calls open a breaker with a 5-call window at 50%: a success in between resets nothing (the chapter's consecutive count does)",
    descriptionIn: { ko: "윈도우 5회, 임계값 50%인 breaker는 호출 5회 중 실패 4회에 열린다: 중간의 성공이 아무것도 초기화하지 않는다 (장에 나온 연속 실패 카운트는 초기화한다)" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 5 }, minimumCalls: 5 });
      rig.run("FSFFF");
      rig.expectState("OPEN", says({ en: "4 failures in the last 5 calls is 80%, over the 50% threshold; the success between them does not reset the count", ko: "최근 호출 5회 중 실패 4회는 80%로 임계값 50%를 넘는다. 그 사이의 성공이 카운트를 초기화하지 않는다" }));
    },
  },
  {
    name: "never-before-the-minimum",
    rules: ["minimum-calls"],
    points: 3,
    visibility: "hidden",
    description: "no verdict before minimumCalls outcomes: 4 failures in a row do not open a breaker that needs 5 calls, the 5th does",
    descriptionIn: { ko: "결과가 minimumCalls개 모이기 전에는 판정하지 않는다: 호출 5회가 필요한 breaker는 연속 실패 4회에는 열리지 않고 5번째에 열린다" },
    run(ctx) {
      const rig = breakerRig(ctx, { minimumCalls: 5 });
      rig.run("FFFF");
      rig.expectState("CLOSED", says({ en: "4 outcomes are fewer than minimumCalls = 5, whatever their failure rate", ko: "결과 4개는 실패율이 얼마든 minimumCalls = 5보다 적다" }));
      rig.run("F");
      rig.expectState("OPEN", says({ en: "5 failures in 5 calls, and 5 >= minimumCalls", ko: "호출 5회 중 실패 5회이고 5 >= minimumCalls다" }));
      const timed = breakerRig(ctx, { window: { kind: "time", durationMs: 1_000 }, minimumCalls: 3 });
      timed.run("FF");
      timed.expectState("CLOSED", says({ en: "a time window with 2 outcomes has fewer than minimumCalls = 3", ko: "결과가 2개인 time 윈도우는 minimumCalls = 3보다 적다" }));
      timed.run("F");
      timed.expectState("OPEN", says({ en: "3 failures in the last 1000 ms, and 3 >= minimumCalls", ko: "최근 1000 ms 동안 실패 3회이고 3 >= minimumCalls다" }));
    },
  },
  {
    name: "count-window-slides",
    rules: ["sliding-window"],
    points: 3,
    visibility: "hidden",
    description: "a count window judges only the last N outcomes: with a 3-call window, S S S F F opens at the 5th call (2 of the last 3), though 2 of 5 overall is only 40%",
    descriptionIn: { ko: "count 윈도우는 최근 N개의 결과만 본다: 윈도우가 3회면 S S S F F는 5번째 호출에서 열린다 (최근 3회 중 2회). 전체로는 5회 중 2회, 40%일 뿐이지만" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 3 }, minimumCalls: 3 });
      rig.run("SSSF");
      rig.expectState("CLOSED", says({ en: "the last 3 calls hold 1 failure (33%)", ko: "최근 호출 3회에 실패가 1회 있다 (33%)" }));
      rig.run("F");
      rig.expectState("OPEN", says({ en: "the last 3 calls (S, F, F) hold 2 failures: 67%, over 50%", ko: "최근 호출 3회(S, F, F)에 실패가 2회 있다: 67%로 50%를 넘는다" }));
    },
  },
  {
    name: "time-window-slides",
    rules: ["sliding-window"],
    points: 3,
    visibility: "hidden",
    description: "a time window judges the outcomes of the last durationMs: old failures slide out, and one reported exactly durationMs ago is out",
    descriptionIn: { ko: "time 윈도우는 최근 durationMs 동안의 결과를 본다: 오래된 실패는 윈도우 밖으로 밀려나고, 정확히 durationMs 전에 보고된 결과도 밖이다" },
    run(ctx) {
      const time = { window: { kind: "time" as const, durationMs: 100 }, minimumCalls: 3 };
      const rig = breakerRig(ctx, time);
      rig.run("FF");
      rig.clock.advance(200);
      rig.run("SSF");
      rig.expectState("CLOSED", says({ en: "the two failures slid out 200 ms ago; the window holds S, S, F (33%)", ko: "두 실패는 200 ms 전에 윈도우 밖으로 밀려났다. 윈도우에는 S, S, F가 있다 (33%)" }));
      rig.run("F");
      rig.expectState("OPEN", says({ en: "the window holds S, S, F, F: 50%", ko: "윈도우에 S, S, F, F가 있다: 50%" }));
      const inside = breakerRig(ctx, { window: { kind: "time", durationMs: 100 }, minimumCalls: 2 });
      inside.run("F"); // reported at t=1
      inside.clock.advance(98);
      inside.run("F"); // reported at t=100: the first is 99 ms old, still in
      inside.expectState("OPEN", says({ en: "the first failure was reported 99 ms before the second, inside the 100 ms window", ko: "첫 실패는 두 번째보다 99 ms 먼저 보고되어 100 ms 윈도우 안에 있다" }));
      const edge = breakerRig(ctx, { window: { kind: "time", durationMs: 100 }, minimumCalls: 2 });
      edge.run("F"); // reported at t=1
      edge.clock.advance(99);
      edge.run("F"); // reported at t=101: the first is exactly 100 ms old, out
      edge.expectState("CLOSED", says({ en: "the first failure was reported exactly 100 ms before the second: it has left the window (now - t < durationMs), so the window holds 1 outcome", ko: "첫 실패는 두 번째보다 정확히 100 ms 먼저 보고되어 윈도우를 벗어났다 (now - t < durationMs). 윈도우에는 결과가 1개뿐이다" }));
    },
  },
  {
    name: "slow-calls-open-it",
    rules: ["slow-calls"],
    points: 3,
    visibility: "hidden",
    description: "calls that succeed but take longer than slowCallDurationMs open the breaker at the slow call rate threshold",
    descriptionIn: { ko: "성공했지만 slowCallDurationMs보다 오래 걸린 호출이 느린 호출 비율 임계값에 닿으면 breaker가 열린다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, slowCallRateThresholdPercent: 50 });
      rig.run("LSL");
      rig.expectState("CLOSED", says({ en: "3 calls are fewer than minimumCalls = 4", ko: "호출 3회는 minimumCalls = 4보다 적다" }));
      rig.run("S");
      rig.expectState("OPEN", says({ en: "2 of the 4 calls took 101 ms, over slowCallDurationMs = 100: a 50% slow call rate, at the 50% threshold, even though every call succeeded", ko: "호출 4회 중 2회가 101 ms 걸려 slowCallDurationMs = 100을 넘었다: 모든 호출이 성공했어도 느린 호출 비율 50%로 임계값 50%에 닿는다" }));
      const mixed = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, slowCallRateThresholdPercent: 50 });
      mixed.run("XSSL");
      mixed.expectState("OPEN", says({ en: "a slow failure is slow too: 2 slow calls of 4 is 50%", ko: "느린 실패도 느린 호출이다: 4회 중 느린 호출 2회는 50%다" }));
    },
  },
  {
    name: "slow-means-longer-than-the-threshold",
    rules: ["slow-calls"],
    points: 2,
    visibility: "hidden",
    description: "a call taking exactly slowCallDurationMs is not slow; one taking a millisecond more is",
    descriptionIn: { ko: "정확히 slowCallDurationMs만큼 걸린 호출은 느린 호출이 아니고, 1 ms 더 걸린 호출은 느린 호출이다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, slowCallRateThresholdPercent: 50 });
      const timed = (ms: number) => {
        const permission = rig.permit();
        rig.clock.advance(ms);
        rig.report(permission, false);
      };
      timed(100);
      timed(100);
      timed(100);
      timed(100);
      rig.expectState("CLOSED", says({ en: "4 calls of exactly 100 ms are not slow (slow means longer than slowCallDurationMs = 100)", ko: "정확히 100 ms 걸린 호출 4회는 느린 호출이 아니다 (느린 호출은 slowCallDurationMs = 100보다 오래 걸린 호출이다)" }));
      timed(101);
      timed(101);
      rig.expectState("OPEN", says({ en: "2 of the last 4 calls took 101 ms: a 50% slow call rate", ko: "최근 호출 4회 중 2회가 101 ms 걸렸다: 느린 호출 비율 50%" }));
    },
  },
  {
    name: "open-rejects-with-the-time-left",
    rules: ["open-rejects"],
    points: 3,
    visibility: "hidden",
    description: "OPEN rejects every call with state OPEN and retryAfterMs = the time left of openWaitMs",
    descriptionIn: { ko: "OPEN은 모든 호출을 state OPEN과 retryAfterMs = openWaitMs의 남은 시간으로 거절한다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig); // opened at t=4
      for (const [advanceMs, left] of [[1, 999], [499, 500], [499, 1]]) {
        rig.clock.advance(advanceMs);
        const admission = rig.acquire();
        rig.verify();
        checkEqual(rejection(admission), { permitted: false, state: "OPEN", retryAfterMs: left }, says({ en: `tryAcquire() at t=${rig.clock.now()} ms, ${1_000 - left} ms after opening (openWaitMs 1000)`, ko: `t=${rig.clock.now()} ms, 열린 지 ${1_000 - left} ms 뒤의 tryAcquire() (openWaitMs 1000)` }));
      }
    },
  },
  {
    name: "open-lasts-open-wait",
    rules: ["open-wait"],
    points: 3,
    visibility: "hidden",
    description: "the breaker moves to HALF_OPEN at the first tryAcquire() or state() once openWaitMs has passed, not before",
    descriptionIn: { ko: "openWaitMs가 지난 뒤 첫 tryAcquire()나 state()에서 HALF_OPEN으로 넘어가고, 그 전에는 넘어가지 않는다" },
    run(ctx) {
      const rules = { window: { kind: "count" as const, calls: 4 }, minimumCalls: 4 };
      const byState = breakerRig(ctx, rules);
      openIt(byState);
      byState.clock.advance(999);
      byState.expectState("OPEN", says({ en: "999 ms of the 1000 ms wait have passed", ko: "1000 ms 대기 중 999 ms가 지났다" }));
      byState.clock.advance(1);
      byState.expectState("HALF_OPEN", says({ en: "exactly openWaitMs = 1000 ms have passed: state() moves the breaker to HALF_OPEN", ko: "정확히 openWaitMs = 1000 ms가 지났다: state()가 breaker를 HALF_OPEN으로 옮긴다" }));
      const byAcquire = breakerRig(ctx, rules);
      openIt(byAcquire);
      byAcquire.clock.advance(1_000);
      byAcquire.permit();
      byAcquire.expectState("HALF_OPEN", says({ en: "tryAcquire() after the wait moved the breaker to HALF_OPEN and admitted the first probe", ko: "대기 뒤의 tryAcquire()가 breaker를 HALF_OPEN으로 옮기고 첫 probe를 허용했다" }));
    },
  },
  {
    name: "never-skips-half-open",
    rules: ["legal-transitions"],
    points: 2,
    visibility: "hidden",
    description: "after the open wait the breaker goes to HALF_OPEN, never straight back to CLOSED",
    descriptionIn: { ko: "open 대기가 끝나면 breaker는 HALF_OPEN으로 가며, 곧바로 CLOSED로 돌아가지 않는다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig);
      rig.clock.advance(1_000);
      rig.permit();
      rig.expectState("HALF_OPEN", says({ en: "the wait is over: the breaker probes before it trusts the dependency again", ko: "대기가 끝났다: breaker는 의존 서비스를 다시 믿기 전에 probe를 보낸다" }));
      const published = rig.recorder.steps.flatMap((step) => step.transitions.map((t) => `${t.from} -> ${t.to}`));
      checkEqual(published, ["CLOSED -> OPEN", "OPEN -> HALF_OPEN"], says({ en: "rule legal-transitions: the transitions published so far", ko: "규칙 legal-transitions: 지금까지 발행된 전이" }));
    },
  },
  {
    name: "half-open-admits-exactly-n",
    rules: ["half-open-permits"],
    points: 4,
    visibility: "hidden",
    description: "HALF_OPEN admits exactly halfOpenPermits probes and rejects the next with retryAfterMs = openWaitMs, even after some probes reported",
    descriptionIn: { ko: "HALF_OPEN은 정확히 halfOpenPermits개의 probe만 허용하고 다음 호출은 retryAfterMs = openWaitMs로 거절한다. 일부 probe가 결과를 보고한 뒤에도 마찬가지다" },
    run(ctx) {
      for (const permits of [1, 3]) {
        const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, halfOpenPermits: permits });
        openIt(rig);
        rig.clock.advance(1_000);
        const probes = Array.from({ length: permits }, () => rig.permit());
        if (permits > 1) rig.report(probes[0], false);
        const next = rig.acquire();
        rig.verify();
        checkEqual(rejection(next), { permitted: false, state: "HALF_OPEN", retryAfterMs: 1_000 }, says({ en: `tryAcquire() for call ${permits + 1} in HALF_OPEN with halfOpenPermits = ${permits}`, ko: `halfOpenPermits = ${permits}인 HALF_OPEN에서 ${permits + 1}번째 호출의 tryAcquire()` }));
      }
    },
  },
  {
    name: "half-open-waits-for-every-probe",
    rules: ["half-open-waits-for-probes"],
    points: 4,
    visibility: "hidden",
    description: "one successful probe does not close the breaker: it decides when all halfOpenPermits probes have reported (the chapter's closes on the first success)",
    descriptionIn: { ko: "probe 하나가 성공했다고 breaker가 닫히지는 않는다: halfOpenPermits개의 probe가 모두 보고해야 판정한다 (장의 구현은 첫 성공에 닫힌다)" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig);
      rig.clock.advance(1_000);
      const [a, b, c] = [rig.permit(), rig.permit(), rig.permit()];
      rig.report(a, false);
      rig.expectState("HALF_OPEN", says({ en: "1 of 3 probes has reported", ko: "probe 3개 중 1개가 보고했다" }));
      rig.report(b, true);
      rig.expectState("HALF_OPEN", says({ en: "2 of 3 probes have reported", ko: "probe 3개 중 2개가 보고했다" }));
      rig.report(c, false);
      rig.expectState("CLOSED", says({ en: "all 3 probes reported, 1 failed: 33%, below 50%", ko: "probe 3개가 모두 보고했고 1개가 실패했다: 33%로 50%보다 낮다" }));
    },
  },
  {
    name: "failed-probes-reopen-it",
    rules: ["half-open-reopens"],
    points: 3,
    visibility: "hidden",
    description: "probes at or above the threshold open the breaker again, with a fresh openWaitMs from that moment",
    descriptionIn: { ko: "probe의 실패율이 임계값 이상이면 breaker가 다시 열리고, 그 순간부터 openWaitMs를 새로 기다린다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, halfOpenPermits: 2 });
      openIt(rig);
      rig.clock.advance(1_000);
      rig.run("FS");
      rig.expectState("OPEN", says({ en: "1 of the 2 probes failed: 50%, at the 50% threshold", ko: "probe 2개 중 1개가 실패했다: 50%로 임계값 50%에 닿았다" }));
      rig.clock.advance(10);
      const admission = rig.acquire();
      rig.verify();
      checkEqual(rejection(admission), { permitted: false, state: "OPEN", retryAfterMs: 990 }, says({ en: "tryAcquire() 10 ms after the probes reopened the breaker", ko: "probe가 breaker를 다시 연 지 10 ms 뒤의 tryAcquire()" }));
    },
  },
  {
    name: "closing-starts-a-fresh-window",
    rules: ["fresh-window-after-close"],
    points: 3,
    visibility: "hidden",
    description: "after HALF_OPEN -> CLOSED the window is empty: the failures that opened the breaker count no more",
    descriptionIn: { ko: "HALF_OPEN -> CLOSED 뒤에는 윈도우가 비어 있다: breaker를 열었던 실패는 더 이상 세지 않는다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig);
      rig.clock.advance(1_000);
      rig.run("SSS");
      rig.expectState("CLOSED", says({ en: "3 successful probes", ko: "probe 3개가 성공했다" }));
      rig.run("FSF");
      rig.expectState("CLOSED", says({ en: "the window holds 3 outcomes since closing, fewer than minimumCalls = 4", ko: "닫힌 뒤 윈도우에 결과가 3개 있다. minimumCalls = 4보다 적다" }));
      rig.run("S");
      rig.expectState("OPEN", says({ en: "the 4 outcomes since closing are F, S, F, S: 50%", ko: "닫힌 뒤의 결과 4개는 F, S, F, S다: 50%" }));
    },
  },
  {
    name: "stale-outcomes-are-ignored",
    rules: ["stale-outcomes"],
    points: 4,
    visibility: "hidden",
    description: "a call permitted before the last transition changes nothing when it reports: not the OPEN breaker, not the probes' count, not a fresh window",
    descriptionIn: { ko: "마지막 전이 전에 허가받은 호출은 결과를 보고해도 아무것도 바꾸지 않는다: OPEN인 breaker도, probe 수도, 새 윈도우도" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      const early = [rig.permit(), rig.permit(), rig.permit(), rig.permit(), rig.permit(), rig.permit(), rig.permit()];
      rig.clock.advance(1);
      early.slice(0, 4).forEach((permission) => rig.report(permission, true));
      rig.expectState("OPEN", says({ en: "4 of 4 outcomes failed", ko: "결과 4개가 모두 실패했다" }));
      rig.report(early[4], true);
      rig.expectState("OPEN", says({ en: "a late failure changes nothing while OPEN", ko: "OPEN인 동안 늦게 온 실패는 아무것도 바꾸지 않는다" }));
      rig.clock.advance(1_000);
      const probes = [rig.permit(), rig.permit(), rig.permit()];
      rig.report(early[5], false);
      rig.report(probes[0], false);
      rig.report(probes[1], false);
      rig.expectState("HALF_OPEN", says({ en: "2 of the 3 probes have reported; the success of a call permitted while CLOSED is not a probe", ko: "probe 3개 중 2개가 보고했다. CLOSED일 때 허가받은 호출의 성공은 probe가 아니다" }));
      rig.report(probes[2], false);
      rig.expectState("CLOSED", says({ en: "all 3 probes succeeded", ko: "probe 3개가 모두 성공했다" }));
      rig.run("FFS");
      rig.report(early[6], true);
      rig.expectState("CLOSED", says({ en: "3 current outcomes (F, F, S) are fewer than minimumCalls; the late failure of a call permitted two periods ago does not count", ko: "현재 결과 3개(F, F, S)는 minimumCalls보다 적다. 두 기간 전에 허가받은 호출이 늦게 보고한 실패는 세지 않는다" }));
    },
  },
  {
    name: "publishes-every-transition",
    rules: ["publishes-transitions"],
    points: 3,
    visibility: "hidden",
    description: "every transition is published once through onTransition, with the injected clock's time",
    descriptionIn: { ko: "모든 전이는 주입된 시계의 시각과 함께 onTransition으로 한 번씩 발행된다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, halfOpenPermits: 1 });
      rig.run("FFFF"); // opens at t=4
      rig.clock.advance(1_000);
      rig.run("F"); // HALF_OPEN at 1004, probe fails at 1005: OPEN
      rig.clock.advance(1_000);
      rig.run("S"); // HALF_OPEN at 2005, probe succeeds at 2006: CLOSED
      rig.verify();
      const published: BreakerTransition[] = rig.recorder.steps.flatMap((step) => step.transitions);
      const expected: BreakerTransition[] = [
        { from: "CLOSED", to: "OPEN", atMs: 4 },
        { from: "OPEN", to: "HALF_OPEN", atMs: 1_004 },
        { from: "HALF_OPEN", to: "OPEN", atMs: 1_005 },
        { from: "OPEN", to: "HALF_OPEN", atMs: 2_005 },
        { from: "HALF_OPEN", to: "CLOSED", atMs: 2_006 },
      ];
      checkEqual(published, expected, says({ en: "the transitions published through config.onTransition", ko: "config.onTransition으로 발행된 전이" }));
    },
  },
  {
    name: "uses-the-injected-clock",
    rules: ["injected-clock"],
    points: 2,
    visibility: "hidden",
    description: "time is config.clock.now(): a 60 s open wait ends when the injected clock says so, and permissions carry its time",
    descriptionIn: { ko: "시간은 config.clock.now()다: 60 s의 open 대기는 주입된 시계가 그렇다고 할 때 끝나고, 허가에는 그 시계의 시각이 담긴다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, openWaitMs: 60_000 });
      openIt(rig);
      rig.clock.advance(60_000);
      rig.expectState("HALF_OPEN", says({ en: "the injected clock moved 60 s past the opening (a breaker reading Date.now() would still wait for real time)", ko: "주입된 시계가 열린 시점에서 60 s 지났다 (Date.now()를 읽는 breaker라면 아직 실제 시간을 기다리고 있을 것이다)" }));
      const probe = rig.permit();
      checkEqual(probe.startedAtMs, rig.clock.now(), says({ en: "the probe's permission.startedAtMs (the injected clock's time)", ko: "probe의 permission.startedAtMs (주입된 시계의 시각)" }));
    },
  },
  {
    name: "refuses-bad-configs",
    rules: ["config-validation"],
    points: 2,
    visibility: "hidden",
    description: "the constructor throws a RangeError for a config it could never honour, and accepts one at the edge of the contract's ranges (1 call, 0 ms, 100%)",
    descriptionIn: { ko: "지킬 수 없는 config를 받으면 생성자가 RangeError를 던지고, 계약이 허용하는 범위의 경계에 있는 config(호출 1회, 0 ms, 100%)는 받아들인다" },
    run(ctx) {
      const Breaker = breakerClass(ctx);
      const valid = breakerRig(ctx);
      valid.permit(); // a working breaker first, so a stub says "not implemented" here
      const clock = valid.clock;
      const bad: [string, Partial<CircuitBreakerConfig>][] = [
        ["window.calls = 0", { window: { kind: "count", calls: 0 }, minimumCalls: 1 }],
        ["window.durationMs = 0", { window: { kind: "time", durationMs: 0 } }],
        ["minimumCalls = 0", { minimumCalls: 0 }],
        ["halfOpenPermits = 0", { halfOpenPermits: 0 }],
        ["failureRateThresholdPercent = 0", { failureRateThresholdPercent: 0 }],
        ["failureRateThresholdPercent = 101", { failureRateThresholdPercent: 101 }],
        ["slowCallRateThresholdPercent = 0", { slowCallRateThresholdPercent: 0 }],
        ["slowCallRateThresholdPercent = 101", { slowCallRateThresholdPercent: 101 }],
        ["slowCallDurationMs = -1", { slowCallDurationMs: -1 }],
        ["openWaitMs = -1", { openWaitMs: -1 }],
        ["a count window of 5 calls with minimumCalls = 6", { window: { kind: "count", calls: 5 }, minimumCalls: 6 }],
      ];
      for (const [what, change] of bad) {
        const error = checkThrows(() => new Breaker({ ...SMALL_RULES, clock, ...change }), says({ en: `rule config-validation: new CircuitBreaker({ ...config, ${what} })`, ko: `규칙 config-validation: new CircuitBreaker({ ...config, ${what} })` }));
        check(error instanceof RangeError, () => says({ en: `rule config-validation: new CircuitBreaker({ ...config, ${what} }) threw ${show(String(error))}; the contract asks for a RangeError`, ko: `규칙 config-validation: new CircuitBreaker({ ...config, ${what} })에서 ${show(String(error))} 예외가 발생했습니다. 계약은 RangeError를 요구합니다` }));
      }
      const edges: [string, Partial<CircuitBreakerConfig>][] = [
        ["a count window of 1 call with minimumCalls = 1", { window: { kind: "count", calls: 1 }, minimumCalls: 1 }],
        ["halfOpenPermits = 1", { halfOpenPermits: 1 }],
        ["both thresholds at 100%", { failureRateThresholdPercent: 100, slowCallRateThresholdPercent: 100 }],
        ["slowCallDurationMs = 0", { slowCallDurationMs: 0 }],
        ["openWaitMs = 0", { openWaitMs: 0 }],
      ];
      for (const [what, change] of edges) {
        const refusal = thrownBy(() => new Breaker({ ...SMALL_RULES, clock, ...change }));
        check(!refusal.threw, () => says({ en: `rule config-validation: new CircuitBreaker({ ...config, ${what} }) threw ${show(String(refusal.error))}; the contract allows this config (it refuses only values past these edges)`, ko: `규칙 config-validation: new CircuitBreaker({ ...config, ${what} })에서 ${show(String(refusal.error))} 예외가 발생했습니다. 계약은 이 config를 허용합니다 (이 경계를 넘는 값만 거절한다)` }));
      }
    },
  },
  {
    name: "random-scripts",
    rules: ["closed-permits", "opens-at-threshold", "stays-closed-below-threshold", "minimum-calls", "sliding-window", "slow-calls", "open-rejects", "open-wait", "half-open-permits", "half-open-waits-for-probes", "half-open-closes", "half-open-reopens", "fresh-window-after-close", "stale-outcomes", "legal-transitions", "publishes-transitions", "injected-clock", "config-validation"],
    points: 5,
    visibility: "hidden",
    description: "random configs (count and time windows) and random interleavings of calls, reports, waits and state() calls follow every rule, step by step",
    descriptionIn: { ko: "무작위 config(count와 time 윈도우)와 호출, 결과 보고, 대기, state() 호출의 무작위 순서에서 모든 단계가 모든 규칙을 지킨다" },
    seeds: 10,
    run(ctx) {
      for (let round = 0; round < 6; round++) {
        const rig = new BreakerRig(breakerClass(ctx), randomRules(ctx.rng));
        ctx.attachOnFailure(`round ${round + 1}: the breaker's states and calls`, () => rig.picture());
        randomScript(ctx, rig, 300);
        rig.verify();
      }
    },
  },
  {
    name: "flaky-dependency",
    rules: ["closed-permits", "opens-at-threshold", "stays-closed-below-threshold", "minimum-calls", "sliding-window", "slow-calls", "open-rejects", "open-wait", "half-open-permits", "half-open-waits-for-probes", "half-open-closes", "half-open-reopens", "fresh-window-after-close", "stale-outcomes", "legal-transitions", "publishes-transitions", "injected-clock", "config-validation"],
    points: 5,
    visibility: "hidden",
    description: "simulated callers protect their calls with your breaker against a dependency that fails, slows down and recovers; every step follows the rules",
    descriptionIn: { ko: "시뮬레이션된 호출자들이 실패하고 느려졌다가 회복하는 의존 서비스에 대한 호출을 여러분의 breaker로 보호한다: 모든 단계가 규칙을 지킨다" },
    seeds: 10,
    run(ctx) {
      flakyDependencyRun(ctx, breakerClass(ctx), randomRules(ctx.rng, { slowCallDurationMs: 60 }));
    },
  },
];

function randomRules(rng: Rng, fixed: Partial<BreakerRules> = {}): BreakerRules {
  const window: BreakerRules["window"] = rng.chance(0.5) ? { kind: "count", calls: rng.int(2, 12) } : { kind: "time", durationMs: rng.int(40, 400) };
  const minimumCalls = window.kind === "count" ? rng.int(1, window.calls) : rng.int(1, 8);
  return {
    window,
    minimumCalls,
    failureRateThresholdPercent: rng.pick([25, 33.4, 50, 60, 100]),
    slowCallRateThresholdPercent: rng.pick([30, 50, 100]),
    slowCallDurationMs: rng.int(5, 30),
    openWaitMs: rng.pick([0, rng.int(20, 300)]),
    halfOpenPermits: rng.int(1, 4),
    ...fixed,
  };
}

/** Calls, reports (in any order, some late), waits and state() calls, drawn from the seed. */
function randomScript(ctx: TestContext, rig: BreakerRig, steps: number): void {
  const outstanding: Permission[] = [];
  for (let i = 0; i < steps; i++) {
    rig.clock.advance(ctx.rng.pick([0, 1, 2, 5, 10, 40]));
    const roll = ctx.rng.next();
    if (roll < 0.45) {
      const admission = rig.acquire();
      if (admission.permitted) outstanding.push(admission);
    } else if (roll < 0.9 && outstanding.length > 0) {
      const [permission] = outstanding.splice(ctx.rng.int(0, outstanding.length - 1), 1);
      rig.report(permission, ctx.rng.chance(0.55));
    } else {
      rig.state();
    }
  }
}
