/**
 * Faults as data, and nemesis schedules: timed lists of faults, Jepsen style.
 *
 * A schedule is plain data, so it can be printed with the run's parameters, stored beside a
 * failing seed, shrunk, and replayed exactly. `randomNemesis` derives one from the seed.
 */
import type { NodeId } from "../contracts/node";
import { strobeClock } from "./clock-strobe";
import type { NetworkConfig } from "./network";
import { Rng } from "./random";
import type { Simulation } from "./simulation";

export type Fault =
  | { kind: "partition"; spec: string }
  | { kind: "isolate"; node: NodeId }
  | { kind: "one-way"; from: NodeId; to: NodeId }
  | { kind: "bridge" }
  | { kind: "majority-ring" }
  | { kind: "heal" }
  | { kind: "crash"; node: NodeId }
  | { kind: "restart"; node: NodeId }
  | { kind: "pause"; node: NodeId }
  | { kind: "resume"; node: NodeId }
  | { kind: "clock"; node: NodeId; jumpMs: number; driftRate: number }
  | { kind: "strobe"; node: NodeId; deltaMs: number; periodMs: number; durationMs: number }
  | { kind: "slow"; node: NodeId; extraDelayMs: number }
  | { kind: "network"; change: Partial<Pick<NetworkConfig, "dropRate" | "duplicateRate" | "delay">> };

export type FaultKind = Fault["kind"];

export interface ScheduledFault {
  atMs: number;
  fault: Fault;
}

export type Nemesis = ScheduledFault[];

/** Apply one fault to the simulation now. */
export function applyFault(sim: Simulation, fault: Fault): void {
  switch (fault.kind) {
    case "partition":
      return sim.partition(fault.spec);
    case "isolate":
      return sim.isolate(fault.node);
    case "one-way":
      return sim.cutOneWay(fault.from, fault.to);
    case "bridge":
      return sim.bridge();
    case "majority-ring":
      return sim.majorityRing();
    case "heal":
      return sim.heal();
    case "crash":
      return sim.crash(fault.node);
    case "restart":
      return sim.restart(fault.node);
    case "pause":
      return sim.pause(fault.node);
    case "resume":
      return sim.resume(fault.node);
    case "clock":
      return sim.setClock(fault.node, fault.jumpMs, fault.driftRate);
    case "strobe":
      return strobeClock(sim, fault.node, fault);
    case "slow":
      return sim.setSlow(fault.node, fault.extraDelayMs);
    case "network":
      return sim.configureNetwork(fault.change);
  }
}

/** Schedule every fault of `nemesis` on the simulation's agenda. */
export function scheduleNemesis(sim: Simulation, nemesis: Nemesis): void {
  for (const { atMs, fault } of nemesis) sim.at(atMs, describeFault(fault), () => applyFault(sim, fault));
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case "partition":
      return `partition ${fault.spec}`;
    case "isolate":
      return `isolate ${fault.node}`;
    case "one-way":
      return `cut ${fault.from}->${fault.to}`;
    case "bridge":
    case "majority-ring":
    case "heal":
      return fault.kind;
    case "crash":
    case "restart":
    case "pause":
    case "resume":
      return `${fault.kind} ${fault.node}`;
    case "clock":
      return `clock ${fault.node} jump ${fault.jumpMs}ms drift ${fault.driftRate}`;
    case "strobe":
      return `strobe ${fault.node} by ${fault.deltaMs}ms every ${fault.periodMs}ms for ${fault.durationMs}ms`;
    case "slow":
      return `slow ${fault.node} +${fault.extraDelayMs}ms`;
    case "network":
      return `network ${JSON.stringify(fault.change)}`;
  }
}

/** One line per fault: "t=1200ms partition 1,2|3,4,5". */
export function formatNemesis(nemesis: Nemesis): string {
  return nemesis.length === 0 ? "no faults" : nemesis.map(({ atMs, fault }) => `t=${atMs}ms ${describeFault(fault)}`).join("\n");
}

export interface RandomNemesisOptions {
  servers: readonly NodeId[];
  /** Faults start after this (let the cluster settle first). */
  startMs: number;
  /** No new fault after this; everything is healed at this time. */
  endMs: number;
  /** Time between two nemesis actions, drawn uniformly from this range. */
  intervalMsMin: number;
  intervalMsMax: number;
  /** Which faults to draw from. */
  kinds: readonly FaultKind[];
  /**
   * Never more servers down at once than this (default: a minority, so progress stays possible).
   * 0 (the default for one or two servers) turns every drawn crash into no action.
   */
  crashedMax?: number;
}

/** A network cut needs two servers at least: with fewer, a drawn cut is no action. */
const CUT_SERVERS_MIN = 2;

/**
 * A random schedule that alternates trouble and recovery: each action either starts a fault
 * (when things are calm) or undoes the current one, and at `endMs` everything is healed and
 * every crashed server restarted, so liveness can be required afterwards.
 */
export function randomNemesis(seed: number, options: RandomNemesisOptions): Nemesis {
  const rng = Rng.derive(seed, "nemesis");
  const { servers } = options;
  if (servers.length === 0) throw new RangeError("randomNemesis: servers is empty; a schedule needs at least one server");
  if (options.kinds.length === 0) throw new RangeError("randomNemesis: kinds is empty; name at least one fault kind to draw from");
  const crashedMax = options.crashedMax ?? Math.floor((servers.length - 1) / 2);
  const nemesis: Nemesis = [];
  const crashed = new Set<NodeId>();
  const slow = new Set<NodeId>();
  const paused = new Set<NodeId>();
  let networkCut = false;
  let lossy = false;
  let atMs = options.startMs;
  const add = (fault: Fault) => nemesis.push({ atMs, fault });
  for (;;) {
    atMs += Math.round(rng.between(options.intervalMsMin, options.intervalMsMax));
    if (atMs >= options.endMs) break;
    const kind = rng.pick(options.kinds);
    const up = servers.filter((id) => !crashed.has(id));
    switch (kind) {
      case "crash":
        if (crashed.size < crashedMax) {
          const victim = rng.pick(up);
          crashed.add(victim);
          add({ kind: "crash", node: victim });
        } else if (crashed.size > 0) {
          const back = rng.pick([...crashed]);
          crashed.delete(back);
          add({ kind: "restart", node: back });
        }
        break;
      case "restart":
        if (crashed.size > 0) {
          const back = rng.pick([...crashed]);
          crashed.delete(back);
          add({ kind: "restart", node: back });
        }
        break;
      case "partition":
      case "isolate":
      case "one-way":
      case "bridge":
      case "majority-ring":
        if (networkCut) {
          add({ kind: "heal" });
          networkCut = false;
        } else if (servers.length >= CUT_SERVERS_MIN) {
          add(randomCut(kind, servers, rng));
          networkCut = true;
        }
        break;
      case "heal":
        if (networkCut) add({ kind: "heal" });
        networkCut = false;
        break;
      case "clock":
        add({ kind: "clock", node: rng.pick(servers), jumpMs: Math.round(rng.between(-500, 500)), driftRate: Math.round(rng.between(-50, 50)) / 1000 });
        break;
      case "strobe":
        add({ kind: "strobe", node: rng.pick(servers), deltaMs: Math.round(rng.between(-500, 500)), periodMs: rng.int(5, 20), durationMs: Math.round(rng.between(options.intervalMsMin, options.intervalMsMax)) });
        break;
      case "pause":
      case "resume":
        // One paused server at a time (like crashes, pauses take servers away from a majority).
        if (paused.size > 0) {
          const back = [...paused][0];
          paused.clear();
          add({ kind: "resume", node: back });
        } else if (kind === "pause") {
          const victim = rng.pick(up);
          paused.add(victim);
          add({ kind: "pause", node: victim });
        }
        break;
      case "slow": {
        const node = rng.pick(servers);
        const extraDelayMs = slow.has(node) ? 0 : Math.round(rng.between(20, 200));
        if (extraDelayMs === 0) slow.delete(node);
        else slow.add(node);
        add({ kind: "slow", node, extraDelayMs });
        break;
      }
      case "network":
        add({ kind: "network", change: lossy ? { dropRate: 0, duplicateRate: 0 } : { dropRate: 0.2, duplicateRate: 0.1 } });
        lossy = !lossy;
        break;
    }
  }
  atMs = options.endMs;
  if (networkCut) add({ kind: "heal" });
  for (const node of [...crashed].sort()) add({ kind: "restart", node });
  for (const node of paused) add({ kind: "resume", node });
  for (const node of [...slow].sort()) add({ kind: "slow", node, extraDelayMs: 0 });
  if (lossy) add({ kind: "network", change: { dropRate: 0, duplicateRate: 0 } });
  return nemesis;
}

function randomCut(kind: "partition" | "isolate" | "one-way" | "bridge" | "majority-ring", servers: readonly NodeId[], rng: Rng): Fault {
  switch (kind) {
    case "partition": {
      const shuffled = rng.shuffle(servers);
      const minority = rng.int(1, Math.floor(servers.length / 2));
      const short = (ids: NodeId[]) => ids.sort(byServerNumber).map((id) => id.replace(/^n/, "")).join(",");
      return { kind: "partition", spec: `${short(shuffled.slice(0, minority))}|${short(shuffled.slice(minority))}` };
    }
    case "isolate":
      return { kind: "isolate", node: rng.pick(servers) };
    case "one-way": {
      const [from, to] = rng.shuffle(servers);
      return { kind: "one-way", from, to };
    }
    case "bridge":
    case "majority-ring":
      return { kind };
  }
}

function byServerNumber(a: NodeId, b: NodeId): number {
  return Number(a.slice(1)) - Number(b.slice(1)) || a.localeCompare(b);
}
