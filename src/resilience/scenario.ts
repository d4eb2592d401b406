/**
 * One flaky dependency ("n1") and its callers ("c1", "c2", ...) on the simulator: the stage of
 * every resilience demo and simulated test.
 *
 *   const run = runResilience({ seed: 7, phases, callers: [{ everyMs: 50, operations: 200, attemptTimeoutMs: 500, breaker }], runMs: 20_000 });
 *   run.caller("c1").operations; run.dependency.arrivals; run.sim.trace
 */
import type { NetworkConfig } from "../sim/network";
import { Simulation } from "../sim/simulation";
import { CallerNode, type CallerOptions } from "./caller";
import { FlakyDependency, type HealthPhase } from "./dependency";

export interface ResilienceScenario {
  seed: number;
  phases: readonly HealthPhase[];
  callers: readonly CallerOptions[];
  /** How long to run, in virtual ms. */
  runMs: number;
  /** Default: 1 to 3 ms per message, no loss, so what happens is the dependency's doing. */
  network?: Partial<NetworkConfig>;
  /**
   * Give every caller's breaker and retry policy the simulation's true time, a monotonic clock
   * (what `performance.now()` is to a process), instead of the node's own clock, which a
   * fault may step (default false).
   */
  monotonicClocks?: boolean;
  /** Schedule faults before the run, e.g. `(sim) => sim.at(10_000, "NTP step", () => sim.setClock("c1", -60_000))`. */
  faults?: (sim: Simulation) => void;
}

export interface ResilienceRun {
  sim: Simulation;
  dependency: FlakyDependency;
  callers: CallerNode[];
  caller(id: string): CallerNode;
}

export function runResilience(scenario: ResilienceScenario): ResilienceRun {
  const sim = new Simulation({ seed: scenario.seed, network: scenario.network ?? { delay: { kind: "uniform", msMin: 1, msMax: 3 } } });
  sim.addServers(1, (ctx) => new FlakyDependency(ctx, scenario.phases));
  const trueTime = { now: () => sim.now };
  scenario.callers.forEach((options, i) => sim.addNode(`c${i + 1}`, (ctx) => new CallerNode(ctx, scenario.monotonicClocks ? { clock: trueTime, ...options } : options)));
  scenario.faults?.(sim);
  sim.runFor(scenario.runMs);
  const caller = (id: string) => sim.node<CallerNode>(id) as CallerNode;
  return { sim, dependency: sim.node<FlakyDependency>("n1") as FlakyDependency, callers: scenario.callers.map((_, i) => caller(`c${i + 1}`)), caller };
}
