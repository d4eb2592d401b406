/**
 * Four runs that break the chapter's circuit breaker on the simulator, for notebook 11. Each is
 * a flaky dependency on a schedule and one caller (c1) sending it a call every few ms through a
 * breaker. The breaker is a parameter: the chapter's (`chapterBreaker`) to see the flaw, yours
 * (`new CircuitBreaker({...})` from exercises/week3) to see the same run handled.
 *
 *   four-in-five        the dependency fails 4 calls of every 5 for a minute
 *   half-open-stampede  it goes down, then limps back, slow and failing 70% of calls
 *   slow-dependency     it answers every call, after 8 s
 *   clock-step          it is down for 25 s, and c1's clock is stepped back 60 s meanwhile
 */
import type { BreakerFactory, CallerNode, CallerOptions } from "../../resilience/caller";
import type { HealthPhase } from "../../resilience/dependency";
import { runResilience, type ResilienceRun } from "../../resilience/scenario";
import { arrivalsPerBucket, breakerTransitionsIn, callsOfCaller, inFlightPerBucket } from "../../resilience/views";
import type { Simulation } from "../../sim/simulation";
import { breakerTimeline } from "../../viz/breaker-timeline";
import type { LoadPanel } from "../../viz/load-over-time";
import { ChapterCircuitBreaker } from "./chapter-breaker";

export type BreakerScenarioName = "four-in-five" | "half-open-stampede" | "slow-dependency" | "clock-step";

interface BreakerScenario {
  title: string;
  phases: HealthPhase[];
  caller: Omit<CallerOptions, "breaker">;
  runMs: number;
  /** Calls slower than this are drawn as slow (the dependency's slow phase). */
  slowMs?: number;
  faults?: (sim: Simulation) => void;
}

const QUICK = { latencyMsMin: 20, latencyMsMax: 60 };

const SCENARIOS: Record<BreakerScenarioName, BreakerScenario> = {
  "four-in-five": {
    title: "the dependency fails 4 calls of every 5 from 5 s to 65 s",
    phases: [
      { fromMs: 0, name: "healthy", failureRate: 0, ...QUICK },
      { fromMs: 5_000, name: "failing", failureRate: 0.8, pattern: "FFFFS", ...QUICK },
      { fromMs: 65_000, name: "healthy", failureRate: 0, ...QUICK },
    ],
    caller: { everyMs: 100, operations: 800, attemptTimeoutMs: 1_000 },
    runMs: 80_000,
  },
  "half-open-stampede": {
    title: "the dependency is down from 5 s, then limps back from 30 s: slow (1 s) and still failing 70% of calls",
    phases: [
      { fromMs: 0, name: "healthy", failureRate: 0, ...QUICK },
      { fromMs: 5_000, name: "down", failureRate: 1, ...QUICK },
      { fromMs: 30_000, name: "recovering", failureRate: 0.7, latencyMsMin: 800, latencyMsMax: 1_200 },
    ],
    caller: { everyMs: 20, operations: 5_000, attemptTimeoutMs: 2_000 },
    runMs: 100_000,
  },
  "slow-dependency": {
    title: "the dependency answers every call, but after 8 s, from 5 s to 45 s",
    phases: [
      { fromMs: 0, name: "healthy", failureRate: 0, ...QUICK },
      { fromMs: 5_000, name: "slow", failureRate: 0, latencyMsMin: 7_900, latencyMsMax: 8_100 },
      { fromMs: 45_000, name: "healthy", failureRate: 0, ...QUICK },
    ],
    caller: { everyMs: 100, operations: 700, attemptTimeoutMs: 10_000 },
    runMs: 70_000,
    slowMs: 2_000,
  },
  "clock-step": {
    title: "the dependency is down from 5 s to 30 s; at 10 s an NTP correction steps c1's clock back 60 s",
    phases: [
      { fromMs: 0, name: "healthy", failureRate: 0, ...QUICK },
      { fromMs: 5_000, name: "down", failureRate: 1, ...QUICK },
      { fromMs: 30_000, name: "healthy", failureRate: 0, ...QUICK },
    ],
    caller: { everyMs: 100, operations: 1_500, attemptTimeoutMs: 1_000 },
    runMs: 150_000,
    faults: (sim) => sim.at(10_000, "NTP steps c1's clock back 60 s", () => sim.setClock("c1", -60_000)),
  },
};

export const BREAKER_SCENARIOS = Object.keys(SCENARIOS) as BreakerScenarioName[];

/** The chapter's breaker for `runBreakerScenario`: its own fixed settings (5 failures, 60 s), its own clock. */
export const chapterBreaker: BreakerFactory = (_clock, onTransition) => new ChapterCircuitBreaker(onTransition);

/** The chapter's breaker reading the injected clock instead of the wall clock: its other flaws, without that one. */
export const chapterBreakerOnInjectedClock: BreakerFactory = (clock, onTransition) => new ChapterCircuitBreaker(onTransition, () => clock.now());

export interface BreakerScenarioRun {
  name: BreakerScenarioName;
  title: string;
  run: ResilienceRun;
  caller: CallerNode;
  /** Dependency health, breaker state and every call, over the whole run. */
  timeline(title?: string): string;
  /** Requests reaching the dependency per second: what the breaker spared it, or did not. */
  loadPanel(title: string): LoadPanel;
  /** The most calls c1 had waiting at once, per second. */
  inFlightPanel(title: string): LoadPanel;
  summary(): { calls: number; failed: number; rejected: number; opened: number };
}

export const LOAD_BUCKET_MS = 1_000;

/** Run one scenario with the given breaker (the simulation's seed decides latencies and chance). */
export function runBreakerScenario(name: BreakerScenarioName, breaker: BreakerFactory, seed = 1): BreakerScenarioRun {
  const scenario = SCENARIOS[name];
  const run = runResilience({ seed, phases: scenario.phases, runMs: scenario.runMs, monotonicClocks: true, faults: scenario.faults, callers: [{ ...scenario.caller, breaker }] });
  const caller = run.caller("c1");
  const transitions = () => breakerTransitionsIn(run.sim.trace.events, "c1");
  const attempts = () => caller.operations.flatMap((op) => op.attempts);
  return {
    name,
    title: scenario.title,
    run,
    caller,
    timeline: (title) => breakerTimeline({ title: title ?? scenario.title, health: scenario.phases, transitions: transitions(), calls: callsOfCaller(caller, scenario.slowMs), toMs: scenario.runMs }),
    loadPanel: (title) => {
      const load = arrivalsPerBucket(run.dependency.arrivals, LOAD_BUCKET_MS, scenario.runMs);
      return { title, series: [{ name: "answered", values: load.served, color: "#3ebd93" }, { name: "failed", values: load.failed, color: "#d64545" }] };
    },
    inFlightPanel: (title) => ({ title, series: [{ name: "in flight", values: inFlightPerBucket(caller, LOAD_BUCKET_MS, scenario.runMs), color: "#e8833a" }] }),
    summary: () => ({
      calls: attempts().length,
      failed: attempts().filter((a) => a.result === "error" || a.result === "timeout").length,
      rejected: attempts().filter((a) => a.result === "rejected").length,
      opened: transitions().filter((t) => t.to === "OPEN").length,
    }),
  };
}
