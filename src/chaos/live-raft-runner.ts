/**
 * The Raft chaos experiment against real processes (`npm run chaos -- --live --target raft`): the
 * simulated runner's (raft-runner.ts) clients, buckets, hypothesis and integrity check, with real
 * inputs. Each server is its own process on a free loopback port (scripts/live-chaos-raft-node.ts:
 * the same RaftServerNode, with a storage file); the clients are the simulator's RaftClientNode on
 * the real-time host in this process, so their timeouts are wall-clock ones. Each kill of the method
 * is a SIGKILL of the server's process group at its time, and the same command again on the same
 * storage `durationMs` later; its window lasts until the new process answers (measured, not chosen).
 * After the traffic, the committed log of every server that answers is read over /status.
 *
 * The seed decides which kills happen and when they are due; the machine decides the timing
 * (elections, which command lands where), so a run does not replay.
 */
import { join } from "node:path";
import type { Json, NodeContext, NodeId } from "../contracts/node";
import { awaitLeader, LiveNodesFailed } from "../jepsen/live-bank-test";
import { formatPortMap } from "../live/cluster-file";
import { LiveNode } from "../live/host";
import { fetchJson } from "../live/http";
import { NodeProcesses } from "../live/node-processes";
import { freePorts } from "../live/ports";
import { sleep } from "../live/services-process";
import { deriveSeed } from "../sim";
import { bucketize } from "./buckets";
import { describeFault, type Fault } from "./experiment";
import type { FaultWindowRecord } from "./faults";
import { faultPeriods, judgeExperiment } from "./hypothesis";
import { RaftClientNode, type CommandRecord } from "./raft-clients";
import { LeaderlessTracker } from "./leaderless";
import { checkCommandIntegrity, type CommandIntegrity } from "./raft-integrity";
import { LEADER_TARGET } from "./raft-runner";
import type { ChaosRun, ChaosRunSettings } from "./runner";

export interface LiveRaftChaosOptions extends ChaosRunSettings {
  servers: number;
  /** Run the learner's week-1 RaftNode rather than the reference. */
  ownRaft: boolean;
  /** A restarted server not answering within this long ends its window there (it did not recover). */
  restartTimeoutMs: number;
  /** The cluster's start, each kill and restart, as they happen. */
  onEvent: (line: string) => void;
  /** Every line the server processes print. */
  onOutput: (line: string) => void;
}

const CLIENT = "client";
/** How often a restarted server and, after the traffic, the committed logs are polled. */
const POLL_MS = 100;
const STATUS_TIMEOUT_MS = 1_000;

interface ServerStatus {
  term?: number;
  is_leader?: boolean;
  committed?: Json[];
}

export async function runRaftChaosLive(options: LiveRaftChaosOptions): Promise<ChaosRun<CommandIntegrity, CommandRecord>> {
  const { experiment } = options;
  const servers = Array.from({ length: options.servers }, (_, i) => `n${i + 1}`);
  const free = await freePorts(servers.length + 1);
  const ports = Object.fromEntries(servers.map((id, i) => [id, free[i]]));
  const clientPorts = { [CLIENT]: free[servers.length] };
  const lastWords = new Map<NodeId, string>();
  let failure: string | undefined;
  const processes = new NodeProcesses({
    dirPrefix: "chaos-raft-live-",
    args: (id, dir) => [
      "scripts/live-chaos-raft-node.ts", "--id", id, "--ports", formatPortMap(ports), "--clients", formatPortMap(clientPorts),
      ...(options.ownRaft ? ["--own-raft"] : []), "--storage", join(dir, `${id}.json`), "--seed", String(deriveSeed(options.seed, `live-${id}`)),
    ],
    onOutput: (line) => {
      const id = /^\[(n\d+)/.exec(line)?.[1];
      if (id && /stopped:|could not start/.test(line)) lastWords.set(id, line);
      options.onOutput(line);
    },
    // Only the monkey stops servers; one that exits by itself crashed, and the run cannot be judged fairly.
    onExit: (id, why) => (failure ??= lastWords.get(id) ?? `${id} exited on its own (${why})`),
  });
  let client: LiveNode<RaftClientNode> | undefined;
  let timers: NodeJS.Timeout[] = [];
  const kills: Promise<FaultWindowRecord | undefined>[] = [];
  try {
    for (const id of servers) processes.start(id);
    const leader = await awaitLeader(ports, () => failure);
    options.onEvent(`${servers.length} servers up on 127.0.0.1:${Object.values(ports).join(",")}, ${leader} leads`);
    const startMs = Date.now();
    const sinceStart = () => Date.now() - startMs;
    const records: CommandRecord[] = [];
    const traffic = { ratePerS: options.ratePerS, untilMs: options.durationMs, timeoutMs: options.shopperTimeoutMs };
    client = await LiveNode.start<RaftClientNode>({
      id: CLIENT,
      ports: { ...clientPorts, ...ports },
      // The client's clock starts with the traffic, so its records line up with the buckets and the kills.
      factory: (ctx: NodeContext<any, any>) => new RaftClientNode({ ...ctx, now: sinceStart }, servers, traffic, records),
      storagePath: join(processes.dir, `${CLIENT}.json`),
      seed: deriveSeed(options.seed, `live-${CLIENT}`),
      log: () => undefined,
    });
    // Servers killed and not yet restarted: a kill due meanwhile (another target, or "leader", naming the same one) finds it down.
    const down = new Set<NodeId>();
    timers = experiment.method.map(({ fault }) =>
      setTimeout(() => {
        kills.push(killAndRestart(fault, { processes, ports, sinceStart, down, ...options }).catch((error: Error) => {
          failure ??= `${describeFault(fault)} failed: ${error.message}`;
          return undefined;
        }));
      }, fault.atMs),
    );
    // Meanwhile, look for a leader at every poll (a status request to every server).
    const tracker = new LeaderlessTracker();
    while (sinceStart() < options.durationMs && !failure) {
      await sleep(POLL_MS);
      const states = await Promise.all(servers.map((id) => status(ports[id])));
      tracker.observe(sinceStart(), states.map((s) => (s?.term === undefined ? undefined : { term: s.term, isLeader: s.is_leader === true })));
    }
    const leaderless = tracker.finish(sinceStart());
    const windows = (await Promise.all(kills)).filter((w): w is FaultWindowRecord => w !== undefined).sort((a, b) => a.fromMs - b.fromMs);
    // Drain: open commands end, and every server catches up with every acknowledged command (or the time is up).
    const acknowledged = () => records.filter((r) => r.outcome === "ok").map((r) => r.id);
    const deadlineMs = Date.now() + options.drainMsMax;
    let integrity = checkCommandIntegrity(acknowledged(), await committedLogs(ports));
    while (Date.now() < deadlineMs && !failure && !(records.every((r) => r.outcome !== null) && integrity.lost.length === 0)) {
      await sleep(POLL_MS);
      integrity = checkCommandIntegrity(acknowledged(), await committedLogs(ports));
    }
    if (failure) throw new LiveNodesFailed(failure);
    const buckets = bucketize(records, options.bucketMs, options.durationMs);
    const periods = faultPeriods(windows);
    const { seed, durationMs, rollbackAtMs, bucketMs, ratePerS, shopperTimeoutMs, drainMsMax } = options;
    return {
      options: { seed, experiment, durationMs, rollbackAtMs, bucketMs, ratePerS, shopperTimeoutMs, drainMsMax },
      clock: "real",
      requests: records,
      buckets,
      windows,
      periods,
      verdict: judgeExperiment(experiment.steadyStateHypothesis, buckets, periods, rollbackAtMs, durationMs),
      integrity,
      breaker: null,
      leaderless: { spans: leaderless, sampleMs: POLL_MS },
      endMs: sinceStart(),
    };
  } finally {
    // Every kill is due before the traffic ends, unless the run stopped early: then none may start any more.
    timers.forEach(clearTimeout);
    await Promise.all(kills);
    await client?.stop();
    await processes.stop();
  }
}

interface KillContext extends LiveRaftChaosOptions {
  processes: NodeProcesses;
  ports: Record<NodeId, number>;
  sinceStart: () => number;
  down: Set<NodeId>;
}

/** SIGKILL the fault's server (or the leader), start it again on its storage `durationMs` later, and time it until it answers. */
async function killAndRestart(fault: Fault, run: KillContext): Promise<FaultWindowRecord | undefined> {
  const id = fault.target === LEADER_TARGET ? await currentLeader(run.ports) : fault.target;
  const fromMs = run.sinceStart();
  if (id === undefined || run.down.has(id) || !run.processes.running(id) || fromMs >= run.rollbackAtMs) return undefined;
  run.down.add(id);
  const pid = run.processes.pid(id);
  await run.processes.kill(id);
  run.onEvent(`${(fromMs / 1_000).toFixed(1)} s: ${id} killed (SIGKILL to process group ${pid})`);
  await sleep(fault.durationMs);
  run.processes.start(id);
  const deadlineMs = Date.now() + run.restartTimeoutMs;
  let back = false;
  while (!back && Date.now() < deadlineMs && run.processes.running(id)) {
    back = (await status(run.ports[id])) !== undefined;
    if (!back) await sleep(POLL_MS);
  }
  run.down.delete(id);
  const toMs = run.sinceStart();
  run.onEvent(`${(toMs / 1_000).toFixed(1)} s: ${id} ${back ? "restarted on its storage, answers again" : `is still down after ${run.restartTimeoutMs / 1_000} s`}`);
  // Tenths of a second in the fault's name: the polling that sees the restart is no finer.
  const measured = { ...fault, target: id, atMs: fromMs, durationMs: Math.round((toMs - fromMs) / 100) * 100 };
  return { fromMs, toMs, what: describeFault(measured), fault: measured };
}

/** The server that leads the highest term among those that answer, if any. */
async function currentLeader(ports: Record<NodeId, number>): Promise<NodeId | undefined> {
  const statuses = await Promise.all(Object.entries(ports).map(async ([id, port]) => ({ id, status: await status(port) })));
  const leaders = statuses.filter((s) => s.status?.is_leader).sort((a, b) => (b.status?.term ?? 0) - (a.status?.term ?? 0));
  return leaders[0]?.id;
}

/** The committed log of every server that answers. */
async function committedLogs(ports: Record<NodeId, number>): Promise<Map<NodeId, Json[]>> {
  const statuses = await Promise.all(Object.entries(ports).map(async ([id, port]) => [id, (await status(port))?.committed] as const));
  return new Map(statuses.filter((s): s is readonly [NodeId, Json[]] => Array.isArray(s[1])).map(([id, log]) => [id, log]));
}

function status(port: number): Promise<ServerStatus | undefined> {
  return fetchJson(port, "GET", "/status", undefined, STATUS_TIMEOUT_MS).then((s) => s as ServerStatus, () => undefined);
}
