/**
 * Shared by the Raft tests: a simulated cluster around the graded RaftNode, run with the
 * safety properties checked after every event, and failures turned into words with context.
 */
import type { RaftNodeConstructor, RaftPeer, StartResult } from "../../../src/contracts/raft";
import type { NodeId } from "../../../src/contracts/node";
import { RaftCluster, RaftTestFailure, type RaftClusterOptions } from "../../../src/harness/raft";
import { fail, type TestContext } from "../../api";

/** Build a cluster of the graded RaftNode for this run's seed, run `body`, explain any failure. */
export function raftScenario(ctx: TestContext, options: Omit<RaftClusterOptions, "seed">, body: (cluster: RaftCluster) => void): void {
  const cluster = new RaftCluster(ctx.exported<RaftNodeConstructor>("RaftNode"), { ...options, seed: ctx.seed });
  try {
    body(cluster);
  } catch (error) {
    if (!(error instanceof RaftTestFailure)) throw error;
    ctx.note(cluster.sim.describe());
    fail(error.message, `at t=${Math.round(cluster.sim.now)}ms: ${cluster.describeStates(cluster.servers)}`);
  }
}

/** `count` distinct servers drawn from `from` with the run's randomness. */
export function pickServers(ctx: TestContext, from: readonly NodeId[], count: number): NodeId[] {
  return ctx.rng.shuffle(from).slice(0, count);
}

/** The server after `id` in the cluster's order, wrapping around (MIT's (leader + 1) % n). */
export function nextServer(cluster: RaftCluster, id: NodeId, steps = 1): NodeId {
  const i = cluster.servers.indexOf(id);
  return cluster.servers[(i + steps) % cluster.servers.length];
}

/** Submit `command` to `id` directly (no waiting); returns the index it would have. */
export function startOn(cluster: RaftCluster, id: NodeId, command: string | number): StartResult {
  return cluster.sim.call<RaftPeer, StartResult>(id, `start(${JSON.stringify(command)})`, (node) => node.start(command));
}

/** The election timeout's upper bound of the default configuration, for waits. */
export const ELECTION_TIMEOUT_MAX_MS = 300;
