/**
 * Liveness: "something good eventually happens". Safety can be checked after every event;
 * liveness needs a deadline and a fair chance. TigerBeetle's simulator runs faults for a while,
 * then heals everything and requires progress within a bound: a system that is still stuck
 * once the network is whole and every server is back has a real bug, not bad luck.
 */
import type { NodeId } from "../contracts/node";
import { SimulationError } from "./errors";
import { formatNemesis, scheduleNemesis, type Nemesis } from "./nemesis";
import type { NetworkConfig } from "./network";
import type { Simulation } from "./simulation";
import { formatMs } from "./trace";

/** Progress did not happen in time. The message says what was awaited and for how long. */
export class LivenessError extends SimulationError {
  constructor(message: string) {
    super(message);
    this.name = "LivenessError";
  }
}

/**
 * Run until `predicate` holds, or throw a LivenessError that says `what` did not happen within
 * `timeoutMs`. Returns the virtual time at which it held.
 */
export function eventually(sim: Simulation, what: string, predicate: () => boolean, timeoutMs: number): number {
  const startMs = sim.now;
  const { reached, atMs } = sim.runUntil(predicate, { timeoutMs });
  if (!reached) {
    throw new LivenessError(`${what} did not happen within ${timeoutMs}ms (waited from t=${formatMs(startMs)}ms to t=${formatMs(atMs)}ms)`);
  }
  return atMs;
}

/** Undo every fault: reconnect the network, restart crashed nodes, resume paused ones, make slow nodes fast. */
export function healAll(sim: Simulation, network?: Partial<NetworkConfig>): void {
  sim.heal();
  for (const id of sim.nodeIds) {
    if (!sim.isUp(id)) sim.restart(id);
    if (sim.isPaused(id)) sim.resume(id);
    if (sim.record(id).extraDelayMs > 0) sim.setSlow(id, 0);
  }
  if (network) sim.configureNetwork(network);
}

export interface LivenessModeOptions {
  nemesis: Nemesis;
  /** Faults run until this virtual time; then everything is healed. */
  healAtMs: number;
  /** After healing, progress must happen within this much virtual time. */
  recoverWithinMs: number;
  /** What progress means, in words ("a leader is elected and commits a new entry"). */
  what: string;
  /** Called once after healing (e.g. to submit a fresh command). */
  afterHeal?: () => void;
  progress: () => boolean;
  /** Network settings to restore at heal time (e.g. no loss). */
  network?: Partial<NetworkConfig>;
}

/** Run the nemesis until `healAtMs`, heal everything, then require progress. */
export function runWithFaultsThenHeal(sim: Simulation, options: LivenessModeOptions): number {
  scheduleNemesis(sim, options.nemesis);
  sim.runUntilTime(options.healAtMs);
  healAll(sim, options.network);
  options.afterHeal?.();
  try {
    return eventually(sim, options.what, options.progress, options.recoverWithinMs);
  } catch (error) {
    if (!(error instanceof LivenessError)) throw error;
    throw new LivenessError(`${error.message}, after healing every fault at t=${options.healAtMs}ms. Faults were:\n${formatNemesis(options.nemesis)}`);
  }
}

/** Ids of the nodes currently up, in order. */
export function upNodes(sim: Simulation): NodeId[] {
  return sim.nodeIds.filter((id) => sim.isUp(id));
}
