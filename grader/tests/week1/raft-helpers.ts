/**
 * Shared by the Raft tests: a simulated cluster around the graded RaftNode, run with the
 * safety properties checked after every event, and failures turned into words with context.
 */
import type { RaftNodeConstructor, RaftPeer, StartResult } from "../../../src/contracts/raft";
import type { NodeId } from "../../../src/contracts/node";
import { RaftCluster, RaftTestFailure, type RaftClusterOptions } from "../../../src/harness/raft";
import { spaceTimeDiagram } from "../../../src/viz/space-time";
import { stateTimeline } from "../../../src/viz/state-timeline";
import { fail, type TestContext } from "../../api";
import { findingTexts } from "../../i18n/messages";

/** How much of the run before a failure the space-time diagram shows: a few election timeouts. */
const PICTURE_WINDOW_MS = 1_000;

/** Build a cluster of the graded RaftNode for this run's seed, run `body`, explain any failure. */
export function raftScenario(ctx: TestContext, options: Omit<RaftClusterOptions, "seed">, body: (cluster: RaftCluster) => void): void {
  const cluster = new RaftCluster(ctx.exported<RaftNodeConstructor>("RaftNode"), { ...options, seed: ctx.seed });
  const events = () => cluster.sim.trace.events;
  ctx.attachOnFailure("every server's role and term over the whole run", () => stateTimeline(events(), { toMs: cluster.sim.now }));
  ctx.attachOnFailure(`messages in the last ${PICTURE_WINDOW_MS} ms before the failure`, () =>
    spaceTimeDiagram(events(), { fromMs: Math.max(0, cluster.sim.now - PICTURE_WINDOW_MS), toMs: cluster.sim.now, nodes: cluster.servers }),
  );
  try {
    body(cluster);
  } catch (error) {
    if (!(error instanceof RaftTestFailure)) throw error;
    ctx.note(cluster.sim.describe());
    fail(findingTexts(error.finding), `at t=${Math.round(cluster.sim.now)}ms: ${cluster.describeStates(cluster.servers)}`);
  }
}

/** `count` distinct servers drawn from `from` with the run's randomness. */
export function pickServers(ctx: TestContext, from: readonly NodeId[], count: number): NodeId[] {
  return ctx.rng.shuffle(from).slice(0, count);
}

/** One server other than `leader`, drawn from the test's seed. */
export function pickOtherThan(ctx: TestContext, cluster: RaftCluster, leader: NodeId): NodeId {
  return pickServers(ctx, cluster.servers.filter((id) => id !== leader), 1)[0];
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

/**
 * Why the term moved on although nothing failed, in words: who first went past `term`, and
 * whether the leader had been sending it anything (a missing heartbeat) or had (a follower that
 * ignores its leader).
 */
export function whyTermChanged(cluster: RaftCluster, leader: NodeId, term: number, sinceMs: number): string {
  const events = cluster.sim.trace.events;
  const moved = events.find((e) => e.kind === "annotate" && e.t >= sinceMs && e.node !== leader && typeof e.state.term === "number" && e.state.term > term);
  if (!moved || moved.kind !== "annotate") return `the term moved past ${term}`;
  const lastSend = events.filter((e) => e.kind === "send" && e.from === leader && e.to === moved.node && e.t <= moved.t).pop();
  const heardAt = lastSend?.t ?? sinceMs;
  const quietMs = Math.round(moved.t - heardAt);
  return quietMs > 2 * HEARTBEAT_MS
    ? `${moved.node} started an election at t=${moved.t}ms: the leader ${leader} had sent it nothing for ${quietMs} ms (since t=${heardAt}ms); a leader sends heartbeats every heartbeatMs (${HEARTBEAT_MS} ms) while idle`
    : `${moved.node} started an election at t=${moved.t}ms although the leader ${leader} had sent it a message ${quietMs} ms before (t=${heardAt}ms): a follower restarts its election timer whenever it hears from the current leader`;
}

/** The leader's heartbeat interval of the default configuration. */
export const HEARTBEAT_MS = 50;
