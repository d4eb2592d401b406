/**
 * Week 3, breaker: hidden tests. One directed test per rule of breaker.rules.md (a fixed script
 * that breaks when that rule alone is broken), then randomized runs judged by the breaker-trace
 * checker: random scripts on a manual clock, and simulated callers against a flaky dependency.
 */
import type { BreakerRules } from "../../../src/check/breaker-trace";
import type { Admission, BreakerTransition, CircuitBreakerConfig, Permission } from "../../../src/contracts/resilience";
import type { Rng } from "../../../src/sim";
import { check, checkEqual, checkThrows, show, type GradedTest, type TestContext } from "../../api";
import { BreakerRig, breakerClass, breakerRig, SMALL_RULES } from "./breaker-helpers";
import { flakyDependencyRun } from "./breaker-simulated";

function rejection(admission: Admission): object {
  return admission.permitted ? { permitted: true } : { permitted: false, state: admission.state, retryAfterMs: admission.retryAfterMs };
}

/** Open the rig's breaker with failures (its window must be a count window). */
function openIt(rig: BreakerRig): void {
  rig.run("F".repeat(rig.rules.minimumCalls));
  rig.expectState("OPEN", `${rig.rules.minimumCalls} failures in a row are a 100% failure rate`);
}

export const tests: GradedTest[] = [
  {
    name: "opens-exactly-at-the-threshold",
    rules: ["opens-at-threshold"],
    points: 3,
    visibility: "hidden",
    description: "the breaker opens when the failure rate is AT the threshold (>=), not only above it",
    run(ctx) {
      const rig = breakerRig(ctx, { failureRateThresholdPercent: 30 });
      rig.run("SSSSSSSFF");
      rig.expectState("CLOSED", "9 calls are fewer than minimumCalls = 10");
      rig.run("F");
      rig.expectState("OPEN", "3 failures in 10 calls is 30%, exactly the 30% threshold");
      const quarter = breakerRig(ctx, { window: { kind: "count", calls: 8 }, minimumCalls: 8, failureRateThresholdPercent: 25 });
      quarter.run("SSSSSSFF");
      quarter.expectState("OPEN", "2 failures in 8 calls is 25%, exactly the 25% threshold");
    },
  },
  {
    name: "closed-permits-every-call",
    rules: ["closed-permits"],
    points: 2,
    visibility: "hidden",
    description: "a CLOSED breaker permits every call, failures included, as long as it stays closed",
    run(ctx) {
      const rig = breakerRig(ctx, { failureRateThresholdPercent: 60 });
      rig.run("SFSFSFSFSSFSFSFSFSSF");
      rig.expectState("CLOSED", "no window of the last 10 calls reached 60% failures");
      check(rig.recorder.steps.every((step) => step.kind !== "acquire" || step.admission.permitted), "every tryAcquire() of a CLOSED breaker must be permitted");
    },
  },
  {
    name: "stays-closed-below-the-threshold",
    rules: ["stays-closed-below-threshold"],
    points: 2,
    visibility: "hidden",
    description: "a failure rate below the threshold keeps the breaker closed: 4 failures in 10 calls at 50%",
    run(ctx) {
      const rig = breakerRig(ctx);
      rig.run("SFSFSFSFSS");
      rig.expectState("CLOSED", "4 failures in 10 calls is 40%, below 50%");
      rig.run("F");
      rig.expectState("OPEN", "the last 10 calls (F S F S F S F S S F) hold 5 failures: 50%");
    },
  },
  {
    name: "successes-do-not-reset-failures",
    rules: ["opens-at-threshold"],
    points: 3,
    visibility: "hidden",
    description: "4 failures in 5 calls open a breaker with a 5-call window at 50%: a success in between resets nothing (the chapter's consecutive count does)",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 5 }, minimumCalls: 5 });
      rig.run("FSFFF");
      rig.expectState("OPEN", "4 failures in the last 5 calls is 80%, over the 50% threshold; the success between them does not reset the count");
    },
  },
  {
    name: "never-before-the-minimum",
    rules: ["minimum-calls"],
    points: 3,
    visibility: "hidden",
    description: "no verdict before minimumCalls outcomes: 4 failures in a row do not open a breaker that needs 5 calls, the 5th does",
    run(ctx) {
      const rig = breakerRig(ctx, { minimumCalls: 5 });
      rig.run("FFFF");
      rig.expectState("CLOSED", "4 outcomes are fewer than minimumCalls = 5, whatever their failure rate");
      rig.run("F");
      rig.expectState("OPEN", "5 failures in 5 calls, and 5 >= minimumCalls");
      const timed = breakerRig(ctx, { window: { kind: "time", durationMs: 1_000 }, minimumCalls: 3 });
      timed.run("FF");
      timed.expectState("CLOSED", "a time window with 2 outcomes has fewer than minimumCalls = 3");
      timed.run("F");
      timed.expectState("OPEN", "3 failures in the last 1000 ms, and 3 >= minimumCalls");
    },
  },
  {
    name: "count-window-slides",
    rules: ["sliding-window"],
    points: 3,
    visibility: "hidden",
    description: "a count window judges only the last N outcomes: with a 3-call window, S S S F F opens at the 5th call (2 of the last 3), though 2 of 5 overall is only 40%",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 3 }, minimumCalls: 3 });
      rig.run("SSSF");
      rig.expectState("CLOSED", "the last 3 calls hold 1 failure (33%)");
      rig.run("F");
      rig.expectState("OPEN", "the last 3 calls (S, F, F) hold 2 failures: 67%, over 50%");
    },
  },
  {
    name: "time-window-slides",
    rules: ["sliding-window"],
    points: 3,
    visibility: "hidden",
    description: "a time window judges the outcomes of the last durationMs: old failures slide out, and one reported exactly durationMs ago is out",
    run(ctx) {
      const time = { window: { kind: "time" as const, durationMs: 100 }, minimumCalls: 3 };
      const rig = breakerRig(ctx, time);
      rig.run("FF");
      rig.clock.advance(200);
      rig.run("SSF");
      rig.expectState("CLOSED", "the two failures slid out 200 ms ago; the window holds S, S, F (33%)");
      rig.run("F");
      rig.expectState("OPEN", "the window holds S, S, F, F: 50%");
      const inside = breakerRig(ctx, { window: { kind: "time", durationMs: 100 }, minimumCalls: 2 });
      inside.run("F"); // reported at t=1
      inside.clock.advance(98);
      inside.run("F"); // reported at t=100: the first is 99 ms old, still in
      inside.expectState("OPEN", "the first failure was reported 99 ms before the second, inside the 100 ms window");
      const edge = breakerRig(ctx, { window: { kind: "time", durationMs: 100 }, minimumCalls: 2 });
      edge.run("F"); // reported at t=1
      edge.clock.advance(99);
      edge.run("F"); // reported at t=101: the first is exactly 100 ms old, out
      edge.expectState("CLOSED", "the first failure was reported exactly 100 ms before the second: it has left the window (now - t < durationMs), so the window holds 1 outcome");
    },
  },
  {
    name: "slow-calls-open-it",
    rules: ["slow-calls"],
    points: 3,
    visibility: "hidden",
    description: "calls that succeed but take longer than slowCallDurationMs open the breaker at the slow call rate threshold",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, slowCallRateThresholdPercent: 50 });
      rig.run("LSL");
      rig.expectState("CLOSED", "3 calls are fewer than minimumCalls = 4");
      rig.run("S");
      rig.expectState("OPEN", "2 of the 4 calls took 101 ms, over slowCallDurationMs = 100: a 50% slow call rate, at the 50% threshold, even though every call succeeded");
      const mixed = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, slowCallRateThresholdPercent: 50 });
      mixed.run("XSSL");
      mixed.expectState("OPEN", "a slow failure is slow too: 2 slow calls of 4 is 50%");
    },
  },
  {
    name: "slow-means-longer-than-the-threshold",
    rules: ["slow-calls"],
    points: 2,
    visibility: "hidden",
    description: "a call taking exactly slowCallDurationMs is not slow; one taking a millisecond more is",
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
      rig.expectState("CLOSED", "4 calls of exactly 100 ms are not slow (slow means longer than slowCallDurationMs = 100)");
      timed(101);
      timed(101);
      rig.expectState("OPEN", "2 of the last 4 calls took 101 ms: a 50% slow call rate");
    },
  },
  {
    name: "open-rejects-with-the-time-left",
    rules: ["open-rejects"],
    points: 3,
    visibility: "hidden",
    description: "OPEN rejects every call with state OPEN and retryAfterMs = the time left of openWaitMs",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig); // opened at t=4
      for (const [advanceMs, left] of [[1, 999], [499, 500], [499, 1]]) {
        rig.clock.advance(advanceMs);
        const admission = rig.acquire();
        rig.verify();
        checkEqual(rejection(admission), { permitted: false, state: "OPEN", retryAfterMs: left }, `tryAcquire() at t=${rig.clock.now()} ms, ${1_000 - left} ms after opening (openWaitMs 1000)`);
      }
    },
  },
  {
    name: "open-lasts-open-wait",
    rules: ["open-wait"],
    points: 3,
    visibility: "hidden",
    description: "the breaker moves to HALF_OPEN at the first tryAcquire() or state() once openWaitMs has passed, not before",
    run(ctx) {
      const rules = { window: { kind: "count" as const, calls: 4 }, minimumCalls: 4 };
      const byState = breakerRig(ctx, rules);
      openIt(byState);
      byState.clock.advance(999);
      byState.expectState("OPEN", "999 ms of the 1000 ms wait have passed");
      byState.clock.advance(1);
      byState.expectState("HALF_OPEN", "exactly openWaitMs = 1000 ms have passed: state() moves the breaker to HALF_OPEN");
      const byAcquire = breakerRig(ctx, rules);
      openIt(byAcquire);
      byAcquire.clock.advance(1_000);
      byAcquire.permit();
      byAcquire.expectState("HALF_OPEN", "tryAcquire() after the wait moved the breaker to HALF_OPEN and admitted the first probe");
    },
  },
  {
    name: "never-skips-half-open",
    rules: ["legal-transitions"],
    points: 2,
    visibility: "hidden",
    description: "after the open wait the breaker goes to HALF_OPEN, never straight back to CLOSED",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig);
      rig.clock.advance(1_000);
      rig.permit();
      rig.expectState("HALF_OPEN", "the wait is over: the breaker probes before it trusts the dependency again");
      const published = rig.recorder.steps.flatMap((step) => step.transitions.map((t) => `${t.from} -> ${t.to}`));
      checkEqual(published, ["CLOSED -> OPEN", "OPEN -> HALF_OPEN"], "rule legal-transitions: the transitions published so far");
    },
  },
  {
    name: "half-open-admits-exactly-n",
    rules: ["half-open-permits"],
    points: 4,
    visibility: "hidden",
    description: "HALF_OPEN admits exactly halfOpenPermits probes and rejects the next with retryAfterMs = openWaitMs, even after some probes reported",
    run(ctx) {
      for (const permits of [1, 3]) {
        const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, halfOpenPermits: permits });
        openIt(rig);
        rig.clock.advance(1_000);
        const probes = Array.from({ length: permits }, () => rig.permit());
        if (permits > 1) rig.report(probes[0], false);
        const next = rig.acquire();
        rig.verify();
        checkEqual(rejection(next), { permitted: false, state: "HALF_OPEN", retryAfterMs: 1_000 }, `tryAcquire() for call ${permits + 1} in HALF_OPEN with halfOpenPermits = ${permits}`);
      }
    },
  },
  {
    name: "half-open-waits-for-every-probe",
    rules: ["half-open-waits-for-probes"],
    points: 4,
    visibility: "hidden",
    description: "one successful probe does not close the breaker: it decides when all halfOpenPermits probes have reported (the chapter's closes on the first success)",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig);
      rig.clock.advance(1_000);
      const [a, b, c] = [rig.permit(), rig.permit(), rig.permit()];
      rig.report(a, false);
      rig.expectState("HALF_OPEN", "1 of 3 probes has reported");
      rig.report(b, true);
      rig.expectState("HALF_OPEN", "2 of 3 probes have reported");
      rig.report(c, false);
      rig.expectState("CLOSED", "all 3 probes reported, 1 failed: 33%, below 50%");
    },
  },
  {
    name: "failed-probes-reopen-it",
    rules: ["half-open-reopens"],
    points: 3,
    visibility: "hidden",
    description: "probes at or above the threshold open the breaker again, with a fresh openWaitMs from that moment",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, halfOpenPermits: 2 });
      openIt(rig);
      rig.clock.advance(1_000);
      rig.run("FS");
      rig.expectState("OPEN", "1 of the 2 probes failed: 50%, at the 50% threshold");
      rig.clock.advance(10);
      const admission = rig.acquire();
      rig.verify();
      checkEqual(rejection(admission), { permitted: false, state: "OPEN", retryAfterMs: 990 }, "tryAcquire() 10 ms after the probes reopened the breaker");
    },
  },
  {
    name: "closing-starts-a-fresh-window",
    rules: ["fresh-window-after-close"],
    points: 3,
    visibility: "hidden",
    description: "after HALF_OPEN -> CLOSED the window is empty: the failures that opened the breaker count no more",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      openIt(rig);
      rig.clock.advance(1_000);
      rig.run("SSS");
      rig.expectState("CLOSED", "3 successful probes");
      rig.run("FSF");
      rig.expectState("CLOSED", "the window holds 3 outcomes since closing, fewer than minimumCalls = 4");
      rig.run("S");
      rig.expectState("OPEN", "the 4 outcomes since closing are F, S, F, S: 50%");
    },
  },
  {
    name: "stale-outcomes-are-ignored",
    rules: ["stale-outcomes"],
    points: 4,
    visibility: "hidden",
    description: "a call permitted before the last transition changes nothing when it reports: not the OPEN breaker, not the probes' count, not a fresh window",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4 });
      const early = [rig.permit(), rig.permit(), rig.permit(), rig.permit(), rig.permit(), rig.permit(), rig.permit()];
      rig.clock.advance(1);
      early.slice(0, 4).forEach((permission) => rig.report(permission, true));
      rig.expectState("OPEN", "4 of 4 outcomes failed");
      rig.report(early[4], true);
      rig.expectState("OPEN", "a late failure changes nothing while OPEN");
      rig.clock.advance(1_000);
      const probes = [rig.permit(), rig.permit(), rig.permit()];
      rig.report(early[5], false);
      rig.report(probes[0], false);
      rig.report(probes[1], false);
      rig.expectState("HALF_OPEN", "2 of the 3 probes have reported; the success of a call permitted while CLOSED is not a probe");
      rig.report(probes[2], false);
      rig.expectState("CLOSED", "all 3 probes succeeded");
      rig.run("FFS");
      rig.report(early[6], true);
      rig.expectState("CLOSED", "3 current outcomes (F, F, S) are fewer than minimumCalls; the late failure of a call permitted two periods ago does not count");
    },
  },
  {
    name: "publishes-every-transition",
    rules: ["publishes-transitions"],
    points: 3,
    visibility: "hidden",
    description: "every transition is published once through onTransition, with the injected clock's time",
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
      checkEqual(published, expected, "the transitions published through config.onTransition");
    },
  },
  {
    name: "uses-the-injected-clock",
    rules: ["injected-clock"],
    points: 2,
    visibility: "hidden",
    description: "time is config.clock.now(): a 60 s open wait ends when the injected clock says so, and permissions carry its time",
    run(ctx) {
      const rig = breakerRig(ctx, { window: { kind: "count", calls: 4 }, minimumCalls: 4, openWaitMs: 60_000 });
      openIt(rig);
      rig.clock.advance(60_000);
      rig.expectState("HALF_OPEN", "the injected clock moved 60 s past the opening (a breaker reading Date.now() would still wait for real time)");
      const probe = rig.permit();
      checkEqual(probe.startedAtMs, rig.clock.now(), "the probe's permission.startedAtMs (the injected clock's time)");
    },
  },
  {
    name: "refuses-bad-configs",
    rules: ["config-validation"],
    points: 2,
    visibility: "hidden",
    description: "the constructor throws a RangeError for a config it could never honour",
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
        ["openWaitMs = -1", { openWaitMs: -1 }],
        ["a count window of 5 calls with minimumCalls = 6", { window: { kind: "count", calls: 5 }, minimumCalls: 6 }],
      ];
      for (const [what, change] of bad) {
        const error = checkThrows(() => new Breaker({ ...SMALL_RULES, clock, ...change }), `rule config-validation: new CircuitBreaker({ ...config, ${what} })`);
        check(error instanceof RangeError, () => `rule config-validation: new CircuitBreaker({ ...config, ${what} }) threw ${show(String(error))}; the contract asks for a RangeError`);
      }
    },
  },
  {
    name: "random-scripts",
    rules: ["closed-permits", "opens-at-threshold", "stays-closed-below-threshold", "minimum-calls", "sliding-window", "slow-calls", "open-rejects", "open-wait", "half-open-permits", "half-open-waits-for-probes", "half-open-closes", "half-open-reopens", "fresh-window-after-close", "stale-outcomes", "legal-transitions", "publishes-transitions", "injected-clock", "config-validation"],
    points: 5,
    visibility: "hidden",
    description: "random configs (count and time windows) and random interleavings of calls, reports, waits and state() calls follow every rule, step by step",
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
