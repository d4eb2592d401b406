/** Week 3, breaker: visible tests (the contract's rules on small examples). */
import { checkEqual, type GradedTest } from "../../api";
import { breakerRig } from "./breaker-helpers";

export const tests: GradedTest[] = [
  {
    name: "opens-at-the-threshold",
    rules: ["opens-at-threshold"],
    points: 3,
    visibility: "visible",
    description: "a window of 4 calls, at least 4 calls, 50%: success, failure, success, failure opens the breaker at the 4th call",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      rig.run("SFS");
      rig.expectState("CLOSED", "3 calls are fewer than minimumCalls = 4");
      rig.run("F");
      rig.expectState("OPEN", "2 failures in 4 calls is 50%, at the 50% threshold");
    },
  },
  {
    name: "open-then-probes",
    rules: ["open-rejects"],
    points: 3,
    visibility: "visible",
    description: "OPEN rejects with the wait's time left; after openWaitMs, HALF_OPEN admits 3 probes and rejects the 4th with retryAfterMs = openWaitMs",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      rig.run("FFFF"); // opens at t=4 ms
      rig.clock.advance(10);
      checkEqual(rig.acquire(), { permitted: false, state: "OPEN", retryAfterMs: 990 }, "tryAcquire() 10 ms after opening (openWaitMs 1000)");
      rig.clock.advance(990);
      for (let probe = 1; probe <= 3; probe++) rig.permit();
      checkEqual(rig.acquire(), { permitted: false, state: "HALF_OPEN", retryAfterMs: 1_000 }, "tryAcquire() for a 4th call in HALF_OPEN (halfOpenPermits 3)");
      rig.expectState("HALF_OPEN", "no probe has reported yet");
    },
  },
  {
    name: "probes-close-it",
    rules: ["half-open-closes"],
    points: 2,
    visibility: "visible",
    description: "three successful probes close the breaker again",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      rig.run("FFFF");
      rig.clock.advance(1_000);
      rig.run("SSS");
      rig.expectState("CLOSED", "all 3 probes succeeded");
    },
  },
];
