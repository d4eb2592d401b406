/**
 * Runs of the consistency demos, each returning the clients' history for the checkers and what
 * the replicas hold at the end: the leader-follower store of the chapter's August with four ways
 * to route reads, and the multi-leader store with its two conflict rules. Notebook 03 calls these
 * so its cells stay short; every run has an explicit seed, and the same seed gives the same run.
 *
 * Clients are c1, c2, ... in the order of their scripts. `randomWorkload` draws scripts with a
 * unique value for every write (the causal and session checkers need that) and final reads after
 * a quiet period (the convergence check needs those).
 */
import type { Json, NodeId } from "../../contracts/node";
import type { History } from "../../check/history";
import { HistoryRecorder } from "../../check/history-recorder";
import type { KvInput } from "../../check/models";
import { Rng } from "../../sim/random";
import { Simulation } from "../../sim/simulation";
import { ConsistencyClient, type ConsistencyClientOptions, type Step } from "./consistency-client";
import { LEADER, LeaderFollowerStore } from "./consistency-leader-follower";
import { MultiLeaderStore, type ConflictRule } from "./consistency-multi-leader";

/** Where the leader-follower store's clients send their reads. */
export type ReadRoute = "leader" | "any-follower" | "sticky-follower" | "session";

export interface DemoRun {
  history: History;
  sim: Simulation;
  /** What each replica that is up holds at the end. */
  replicas: { name: string; values: Record<string, Json> }[];
}

interface CommonOptions {
  seed: number;
  /** Default 2000 and 5000: the chapter's lag. */
  replicationLagMsMin?: number;
  replicationLagMsMax?: number;
  /** How long a client waits for an answer (default 1000 ms). */
  timeoutMs?: number;
  /** Faults and other actions to schedule before the run starts (sim.at(...)). */
  setup?: (sim: Simulation) => void;
}

export interface LeaderFollowerRunOptions extends CommonOptions {
  reads: ReadRoute;
  scripts: Step[][];
}

export interface MultiLeaderRunOptions extends CommonOptions {
  conflictRule: ConflictRule;
  /** Each client's replica, where it both writes and reads. */
  clients: { home: NodeId; script: Step[] }[];
}

const FOLLOWERS = ["n2", "n3"];

export function runLeaderFollower(options: LeaderFollowerRunOptions): DemoRun {
  const lag = lagOf(options);
  const sim = new Simulation({ seed: options.seed });
  sim.addServers(3, (ctx) => new LeaderFollowerStore(ctx, lag));
  const route = (index: number) => routeOf(options.reads, FOLLOWERS[index % FOLLOWERS.length]);
  return runClients(sim, options, options.scripts.map((script, index) => ({ script, writeTo: LEADER, ...route(index) })));
}

export function runMultiLeader(options: MultiLeaderRunOptions): DemoRun {
  const sim = new Simulation({ seed: options.seed });
  const servers = [...new Set(options.clients.map((client) => client.home))].length;
  sim.addServers(Math.max(2, servers), (ctx) => new MultiLeaderStore(ctx, { conflictRule: options.conflictRule, ...lagOf(options) }));
  return runClients(sim, options, options.clients.map(({ home, script }) => ({ script, writeTo: home, readFrom: home, sessionToken: false })));
}

function routeOf(reads: ReadRoute, ownFollower: NodeId): Pick<ConsistencyClientOptions, "readFrom" | "sessionToken"> {
  switch (reads) {
    case "leader":
      return { readFrom: LEADER, sessionToken: false };
    case "any-follower":
      return { readFrom: FOLLOWERS, sessionToken: false };
    case "sticky-follower":
      return { readFrom: ownFollower, sessionToken: false };
    case "session":
      return { readFrom: ownFollower, sessionToken: true };
  }
}

function lagOf(options: CommonOptions): { replicationLagMsMin: number; replicationLagMsMax: number } {
  return { replicationLagMsMin: options.replicationLagMsMin ?? 2000, replicationLagMsMax: options.replicationLagMsMax ?? 5000 };
}

type ClientPlan = Omit<ConsistencyClientOptions, "recorder" | "timeoutMs">;

/** Add the clients, run until they are done, let replication settle, and read the replicas. */
function runClients(sim: Simulation, options: CommonOptions, plans: ClientPlan[]): DemoRun {
  const recorder = new HistoryRecorder<KvInput, Json>();
  const clients = plans.map((plan, index) => sim.addNode(`c${index + 1}`, (ctx) => new ConsistencyClient(ctx, { ...plan, recorder, timeoutMs: options.timeoutMs ?? 1000 })).id);
  options.setup?.(sim);
  sim.runUntil(() => clients.every((id) => sim.node<ConsistencyClient>(id)?.done === true), { timeoutMs: 600_000 });
  sim.runFor(lagOf(options).replicationLagMsMax + 100);
  const replicas = sim.servers.filter((id) => sim.isUp(id)).map((id) => ({ name: id, values: sim.node<LeaderFollowerStore | MultiLeaderStore>(id)?.values ?? {} }));
  return { history: recorder.history() as History, sim, replicas };
}

export interface WorkloadOptions {
  clients: number;
  /** Operations per client, before the final reads. */
  operations: number;
  keys: readonly string[];
  /** Share of writes (default 0.5). */
  putRate?: number;
  /** Pause between two operations, uniform in [0, thinkMsMax] (default 300). */
  thinkMsMax?: number;
  /** After its operations each client waits this long, then reads every key once (default: no final reads). */
  finalReadsAfterMs?: number;
}

/** Random scripts; every write writes a value of its own ("c2:3": client c2's third write). */
export function randomWorkload(seed: number, options: WorkloadOptions): Step[][] {
  const rng = Rng.derive(seed, "workload");
  return Array.from({ length: options.clients }, (_, index) => {
    const steps: Step[] = [];
    let writes = 0;
    for (let k = 0; k < options.operations; k++) {
      const key = rng.pick(options.keys);
      steps.push(rng.chance(options.putRate ?? 0.5) ? { f: "put", key, value: `c${index + 1}:${++writes}` } : { f: "get", key });
      steps.push({ f: "pause", ms: rng.int(0, options.thinkMsMax ?? 300) });
    }
    if (options.finalReadsAfterMs !== undefined) steps.push({ f: "pause", ms: options.finalReadsAfterMs }, ...options.keys.map((key): Step => ({ f: "get", key })));
    return steps;
  });
}
