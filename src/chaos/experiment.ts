/**
 * A chaos experiment in the Chaos Toolkit's shape, as a typed object: a title, a steady-state
 * hypothesis (probes, each with a tolerance), a method (faults on a schedule) and rollbacks
 * (what puts everything back when the method is over). The runner (`runner.ts`) plays it on the
 * simulator; `chaos-monkey.ts` writes a method the way the chapter's command does.
 *
 * Chaos Toolkit checks the hypothesis before the method and after it; here it is checked in
 * every time bucket, so that the time it takes to hold again after each fault can be measured.
 */
import type { NodeId } from "../contracts/node";
import { BROKER, ORDER_SERVICE, PAYMENT_SERVICE } from "../contracts/messaging";

/** The chapter's service names, and the simulator node that runs each. */
export const SERVICE_NODES = {
  "user-service": "users",
  "order-service": ORDER_SERVICE,
  "payment-service": PAYMENT_SERVICE,
  broker: BROKER,
} as const satisfies Record<string, NodeId>;

export type ServiceName = keyof typeof SERVICE_NODES;

export function isServiceName(name: string): name is ServiceName {
  return Object.prototype.hasOwnProperty.call(SERVICE_NODES, name);
}

/** What a probe reads from one time bucket (see `measure.ts`). */
export type Metric = "throughputPerS" | "errorRatePercent" | "latencyP99Ms" | "settleP99Ms";

/** Inclusive bounds; a probe whose metric has no value in a bucket (nothing succeeded) fails. */
export interface Tolerance {
  min?: number;
  max?: number;
}

export interface Probe {
  name: string;
  metric: Metric;
  tolerance: Tolerance;
}

export interface SteadyStateHypothesis {
  title: string;
  probes: Probe[];
}

/**
 * A fault on the schedule, in virtual ms. Its target is a shop service (SERVICE_NODES) or, on the
 * Raft target, a server (n1, n2, ...) or "leader", resolved when the fault starts. `kill` crashes the service's node (its memory is gone,
 * its storage stays) and restarts it `durationMs` later, as an orchestrator would; `partition`
 * cuts it off from every other node; `slow` adds `extraDelayMs` to every message it sends or
 * receives.
 */
export type Fault =
  | { kind: "kill"; target: string; atMs: number; durationMs: number }
  | { kind: "partition"; target: string; atMs: number; durationMs: number }
  | { kind: "slow"; target: string; atMs: number; durationMs: number; extraDelayMs: number };

export interface Action {
  type: "action";
  name: string;
  fault: Fault;
}

/** Everything a fault may have left behind: restart what is down, heal cuts, make slow nodes fast. */
export interface Rollback {
  type: "action";
  name: string;
  undo: "restart-all" | "heal-network" | "unslow-all";
}

export interface ChaosExperiment {
  title: string;
  description: string;
  steadyStateHypothesis: SteadyStateHypothesis;
  method: Action[];
  rollbacks: Rollback[];
}

export const ROLLBACKS: Rollback[] = [
  { type: "action", name: "restart every service that is down", undo: "restart-all" },
  { type: "action", name: "heal every partition", undo: "heal-network" },
  { type: "action", name: "make every slow node fast again", undo: "unslow-all" },
];

/** The orders the shop takes while healthy: the course's hypothesis for the week-3 services. */
export const SHOP_HYPOTHESIS: SteadyStateHypothesis = {
  title: "the shop keeps taking and settling orders",
  probes: [
    { name: "most orders are accepted", metric: "errorRatePercent", tolerance: { max: 5 } },
    { name: "accepted orders per second", metric: "throughputPerS", tolerance: { min: 15 } },
    { name: "an order is accepted quickly", metric: "latencyP99Ms", tolerance: { max: 250 } },
    { name: "an accepted order is paid or cancelled soon", metric: "settleP99Ms", tolerance: { max: 1_500 } },
  ],
};

/**
 * The week-1 cluster's hypothesis: clients' commands keep committing (acknowledged once applied by
 * the leader). Recovery time is then the time from a fault's end until a leader commits at the
 * steady rate again.
 */
export const RAFT_HYPOTHESIS: SteadyStateHypothesis = {
  title: "the cluster keeps committing commands",
  probes: [
    { name: "most commands are committed", metric: "errorRatePercent", tolerance: { max: 5 } },
    { name: "committed commands per second", metric: "throughputPerS", tolerance: { min: 15 } },
    // The first commands wait for the first election (timeouts of 150-300 ms, then a vote).
    { name: "a command commits quickly", metric: "latencyP99Ms", tolerance: { max: 500 } },
  ],
};

/** The window during which a fault acts: from its start to its end, or the rollback if sooner. */
export function faultWindow(fault: Fault, rollbackAtMs: number): { fromMs: number; toMs: number } {
  return { fromMs: fault.atMs, toMs: Math.min(fault.atMs + fault.durationMs, rollbackAtMs) };
}

export function describeFault(fault: Fault): string {
  const seconds = `${fault.durationMs / 1_000} s`;
  if (fault.kind === "kill") return `kill ${fault.target} for ${seconds}`;
  if (fault.kind === "partition") return `partition ${fault.target} for ${seconds}`;
  return `slow ${fault.target} (+${fault.extraDelayMs} ms a message) for ${seconds}`;
}
