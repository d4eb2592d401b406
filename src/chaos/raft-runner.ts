/**
 * Runs a chaos experiment on the simulator against the week-1 Raft cluster: N servers, each a
 * RaftNode (the reference or yours) with the client protocol of raft-server.ts and a power switch
 * (a kill lands right after its next storage write: kill.ts), open-loop clients proposing
 * commands, the method's faults and the rollbacks. Targets are servers by id, or "leader":
 * whichever server leads when the fault starts. Then the same buckets, hypothesis and recovery
 * times as the shop's runs, and the commands' integrity on every server up at the end.
 *
 *   const run = runRaftChaos({ ...DEFAULT_CHAOS_RUN, seed, experiment, Raft, servers: 5 });
 *   run.verdict.held; run.integrity.lost; run.verdict.recoveries; run.leaderless
 */
import type { Json, NodeId } from "../contracts/node";
import type { RaftNodeConstructor } from "../contracts/raft";
import { PowerSwitch } from "../broker/power";
import { Simulation } from "../sim";
import { bucketize } from "./buckets";
import { FaultPlayer } from "./faults";
import { faultPeriods, judgeExperiment } from "./hypothesis";
import { killerOf } from "./kill";
import { LeaderlessTracker } from "./leaderless";
import { RaftClientNode, type CommandRecord } from "./raft-clients";
import { checkCommandIntegrity, type CommandIntegrity } from "./raft-integrity";
import { RaftServerNode } from "./raft-server";
import type { ChaosRun, ChaosRunSettings } from "./runner";

export interface RaftChaosOptions extends ChaosRunSettings {
  Raft: RaftNodeConstructor;
  servers: number;
}

/** The target that names whichever server leads when the fault starts. */
export const LEADER_TARGET = "leader";
/** How often the drain looks whether every acknowledged command reached every server. */
const DRAIN_POLL_MS = 100;
/**
 * How often the cluster is looked at for a leader during the traffic: fine beside election
 * timeouts of 150-300 ms. Looking runs no event, so it changes nothing in the run.
 */
const LEADER_SAMPLE_MS = 10;

export function runRaftChaos(options: RaftChaosOptions): ChaosRun<CommandIntegrity, CommandRecord> {
  const { Raft, ...settings } = options;
  const sim = new Simulation({ seed: options.seed, trace: false, eventsMax: 50_000_000 });
  const switches = new Map<NodeId, PowerSwitch>();
  const switchOf = (id: NodeId) => switches.get(id) ?? switches.set(id, new PowerSwitch(sim, id, undefined)).get(id)!;
  const servers = sim.addServers(options.servers, (ctx) => new RaftServerNode(switchOf(ctx.id).wrap(ctx), Raft));
  const node = (id: NodeId) => (sim.isUp(id) ? sim.node<RaftServerNode>(id) : undefined);
  const records: CommandRecord[] = [];
  sim.addNode("client", (ctx) => new RaftClientNode(ctx, servers, { ratePerS: options.ratePerS, untilMs: options.durationMs, timeoutMs: options.shopperTimeoutMs }, records), "client");
  const leader = (): NodeId | undefined => {
    const leaders = servers.map((id) => ({ id, state: node(id)?.raft.getState() })).filter((s) => s.state?.isLeader);
    return leaders.sort((a, b) => (b.state?.term ?? 0) - (a.state?.term ?? 0))[0]?.id;
  };
  const nodeOf = (target: string) => (target === LEADER_TARGET ? leader() : servers.includes(target) ? target : undefined);
  const player = new FaultPlayer(sim, nodeOf, killerOf(sim, (id) => switches.get(id)), () => undefined);
  const windows = player.schedule(options.experiment.method, options.experiment.rollbacks, options.rollbackAtMs);
  const tracker = new LeaderlessTracker();
  while (sim.now < options.durationMs) {
    sim.runUntilTime(Math.min(options.durationMs, sim.now + LEADER_SAMPLE_MS));
    tracker.observe(sim.now, servers.map((id) => node(id)?.raft.getState()));
  }
  const acknowledged = () => records.filter((r) => r.outcome === "ok").map((r) => r.id);
  const committedLogs = () => new Map(servers.flatMap((id): [NodeId, Json[]][] => {
    const snapshot = node(id)?.raft.inspect();
    return snapshot ? [[id, snapshot.log.slice(0, snapshot.commitIndex).map((entry) => entry.command)]] : [];
  }));
  // Drain: open commands end, and every server catches up with every acknowledged command (or the time is up).
  const deadline = sim.now + options.drainMsMax;
  const caughtUp = () => records.every((r) => r.outcome !== null) && checkCommandIntegrity(acknowledged(), committedLogs()).lost.length === 0;
  while (sim.now < deadline && !caughtUp()) sim.runFor(DRAIN_POLL_MS);
  const buckets = bucketize(records, options.bucketMs, options.durationMs);
  const periods = faultPeriods(windows);
  return {
    options: settings,
    clock: "virtual",
    requests: records,
    buckets,
    windows,
    periods,
    verdict: judgeExperiment(options.experiment.steadyStateHypothesis, buckets, periods, options.rollbackAtMs, options.durationMs),
    integrity: checkCommandIntegrity(acknowledged(), committedLogs()),
    breaker: null,
    leaderless: { spans: tracker.finish(options.durationMs), sampleMs: LEADER_SAMPLE_MS },
    endMs: sim.now,
  };
}
