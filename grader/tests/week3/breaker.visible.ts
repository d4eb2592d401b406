/** Week 3, breaker: visible tests (the contract's rules on small examples). */
import { checkEqual, says, type GradedTest } from "../../api";
import { breakerRig } from "./breaker-helpers";

export const tests: GradedTest[] = [
  {
    name: "opens-at-the-threshold",
    rules: ["opens-at-threshold"],
    points: 3,
    visibility: "visible",
    description: "a window of 4 calls, at least 4 calls, 50%: success, failure, success, failure opens the breaker at the 4th call",
    descriptionIn: { ko: "윈도우 4회, 최소 호출 4회, 임계값 50%: 성공, 실패, 성공, 실패가 이어지면 4번째 호출에서 breaker가 열린다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      rig.run("SFS");
      rig.expectState("CLOSED", says({ en: "3 calls are fewer than minimumCalls = 4", ko: "호출 3회는 minimumCalls = 4보다 적다" }));
      rig.run("F");
      rig.expectState("OPEN", says({ en: "2 failures in 4 calls is 50%, at the 50% threshold", ko: "호출 4회 중 실패 2회는 50%로, 임계값 50%에 닿았다" }));
    },
  },
  {
    name: "open-then-probes",
    rules: ["open-rejects"],
    points: 3,
    visibility: "visible",
    description: "OPEN rejects with the wait's time left; after openWaitMs, HALF_OPEN admits 3 probes and rejects the 4th with retryAfterMs = openWaitMs",
    descriptionIn: { ko: "OPEN은 남은 대기 시간과 함께 거절한다. openWaitMs가 지나면 HALF_OPEN이 probe 3개를 허용하고 4번째는 retryAfterMs = openWaitMs로 거절한다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      rig.run("FFFF"); // opens at t=4 ms
      rig.clock.advance(10);
      checkEqual(rig.acquire(), { permitted: false, state: "OPEN", retryAfterMs: 990 }, says({ en: "tryAcquire() 10 ms after opening (openWaitMs 1000)", ko: "열린 지 10 ms 뒤의 tryAcquire() (openWaitMs 1000)" }));
      rig.clock.advance(990);
      for (let probe = 1; probe <= 3; probe++) rig.permit();
      checkEqual(rig.acquire(), { permitted: false, state: "HALF_OPEN", retryAfterMs: 1_000 }, says({ en: "tryAcquire() for a 4th call in HALF_OPEN (halfOpenPermits 3)", ko: "HALF_OPEN에서 4번째 호출의 tryAcquire() (halfOpenPermits 3)" }));
      rig.expectState("HALF_OPEN", says({ en: "no probe has reported yet", ko: "아직 결과를 보고한 probe가 없다" }));
    },
  },
  {
    name: "probes-close-it",
    rules: ["half-open-closes"],
    points: 2,
    visibility: "visible",
    description: "three successful probes close the breaker again",
    descriptionIn: { ko: "probe 세 개가 모두 성공하면 breaker가 다시 닫힌다" },
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      rig.run("FFFF");
      rig.clock.advance(1_000);
      rig.run("SSS");
      rig.expectState("CLOSED", says({ en: "all 3 probes succeeded", ko: "probe 3개가 모두 성공했다" }));
    },
  },
];
