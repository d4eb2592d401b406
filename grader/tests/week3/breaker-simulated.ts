/**
 * The breaker in its natural habitat: simulated callers (src/resilience/caller.ts) protect their
 * calls with the learner's breaker against a dependency that is healthy, then fails, slows
 * down, hangs and recovers (src/resilience/dependency.ts). Each caller's breaker is recorded
 * and judged by the breaker-trace checker.
 */
import { checkBreakerTrace, describeBreakerTrace, type BreakerRules } from "../../../src/check/breaker-trace";
import type { HealthPhase } from "../../../src/resilience/dependency";
import { callsOfSteps, recording, transitionsOfSteps } from "../../../src/resilience/breaker-recorder";
import { runResilience } from "../../../src/resilience/scenario";
import { breakerTimeline } from "../../../src/viz/breaker-timeline";
import { fail, says, type TestContext } from "../../api";
import { breakerFailure, describeRules, type BreakerConstructor } from "./breaker-helpers";

const CALLERS = 2;
const RUN_MS = 6_000;

export function flakyDependencyRun(ctx: TestContext, Breaker: BreakerConstructor, rules: BreakerRules): void {
  const phases = randomPhases(ctx);
  const { factory: breaker, recorders } = recording((clock, onTransition) => new Breaker({ ...rules, clock, onTransition }));
  const caller = { everyMs: ctx.rng.int(3, 8), operations: 2_000, attemptTimeoutMs: 100, breaker };
  ctx.note(`dependency: ${phases.map((p) => `${p.name} from ${p.fromMs} ms`).join(", ")}; breaker: ${describeRules(rules)}`);
  ctx.attachOnFailure("c1's breaker against the flaky dependency", () => {
    const steps = recorders[0]?.steps ?? [];
    return breakerTimeline({ title: "c1: dependency health, breaker state, calls", health: phases, transitions: transitionsOfSteps(steps), calls: callsOfSteps(steps, rules.slowCallDurationMs) });
  });
  runResilience({ seed: ctx.seed, phases, runMs: RUN_MS, callers: Array.from({ length: CALLERS }, () => caller) });
  recorders.forEach((recorder, i) => {
    const result = checkBreakerTrace(rules, recorder.steps, recorder.strayTransitions);
    if (result.verdict === "ILLEGAL") {
      const found = breakerFailure(result);
      fail(says({ en: `caller c${i + 1}: ${found.en}`, ko: `호출자 c${i + 1}: ${found.ko}` }));
    }
    if (result.verdict === "UNKNOWN") ctx.note(`caller c${i + 1}: ${describeBreakerTrace(result)} (inconclusive, no points lost)`);
  });
}

/** Healthy, then failing, slow, hung and healthy again, at times and rates drawn from the seed. */
function randomPhases(ctx: TestContext): HealthPhase[] {
  const rng = ctx.rng;
  const at = [0, 1, 2, 3, 4].map((i) => i * 1_000 + (i === 0 ? 0 : rng.int(-200, 200)));
  return [
    { fromMs: at[0], name: "healthy", failureRate: rng.pick([0, 0.05]), latencyMsMin: 2, latencyMsMax: 20 },
    { fromMs: at[1], name: "failing", failureRate: rng.pick([0.5, 0.8, 1]), latencyMsMin: 2, latencyMsMax: 20 },
    { fromMs: at[2], name: "slow", failureRate: 0, latencyMsMin: 70, latencyMsMax: 95 },
    { fromMs: at[3], name: "down", failureRate: 0, latencyMsMin: 0, latencyMsMax: 0, unresponsive: true },
    { fromMs: at[4], name: "healthy", failureRate: 0, latencyMsMin: 2, latencyMsMax: 20 },
  ];
}
