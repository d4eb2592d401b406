/**
 * The chapter's command as a method: `chaos-monkey --interval=10m --kill-probability=0.1
 * --target-services="user-service,order-service"`. Every interval, each target (a service, or a
 * Raft server) is killed with the given probability, and restarted `downMs` later (as Kubernetes
 * restarts a crashed pod). The seed decides every kill.
 */
import { Rng } from "../sim/random";
import { describeFault, ROLLBACKS, SHOP_HYPOTHESIS, type Action, type ChaosExperiment, type SteadyStateHypothesis } from "./experiment";

export interface ChaosMonkeyOptions {
  intervalMs: number;
  killProbability: number;
  /** Shop services, or Raft servers (see `Fault`). */
  targets: readonly string[];
  /** The first round is one interval after this (the steady state is observed before it). */
  fromMs: number;
  /** No kill starts at or after this. */
  untilMs: number;
  /** How long a killed service stays down before it is restarted, or "supervisor": real processes, restarted when their supervisor does. */
  downMs: number | "supervisor";
}

export function chaosMonkeyMethod(seed: number, options: ChaosMonkeyOptions): Action[] {
  const rng = Rng.derive(seed, "chaos-monkey");
  const method: Action[] = [];
  for (let atMs = options.fromMs + options.intervalMs; atMs < options.untilMs; atMs += options.intervalMs) {
    for (const target of options.targets) {
      // One draw per target per round, whether or not it hits, so a target's fate depends on the seed alone.
      if (!rng.chance(options.killProbability)) continue;
      // Under a supervisor the window is measured when the kill happens (live-runner.ts); until then it is 0.
      const downMs = options.downMs === "supervisor" ? 0 : options.downMs;
      const fault = { kind: "kill" as const, target, atMs, durationMs: Math.min(downMs, options.untilMs - atMs) };
      method.push({ type: "action", name: describeFault(fault), fault });
    }
  }
  return method;
}

/** The chapter's experiment: the target's hypothesis (the shop's by default), the monkey's kills, every rollback. */
export function chaosMonkeyExperiment(seed: number, options: ChaosMonkeyOptions, hypothesis: SteadyStateHypothesis = SHOP_HYPOTHESIS): ChaosExperiment {
  const percent = Math.round(options.killProbability * 1_000) / 10;
  return {
    title: `Chaos Monkey: ${options.targets.join(", ")}`,
    description: `every ${options.intervalMs / 1_000} s, kill each of ${options.targets.join(", ")} with probability ${percent}%; ${options.downMs === "supervisor" ? "its supervisor restarts a killed service" : `a killed target is restarted after ${options.downMs / 1_000} s`}`,
    steadyStateHypothesis: hypothesis,
    method: chaosMonkeyMethod(seed, options),
    rollbacks: ROLLBACKS,
  };
}
