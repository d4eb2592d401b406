/**
 * Faults for a world with a broker, as nemesis actions (Jepsen style): crash and restart the
 * broker or a service, cut a service off from the broker (both ways), force a consumer group to
 * rebalance, make the broker append the next produce twice (a producer's retry after a lost ack),
 * and hand every unacknowledged queue message out again (a dropped connection).
 */
import type { NodeId } from "../contracts/node";
import type { Rng, Simulation } from "../sim";
import type { BrokerNode } from "./broker";

export type BrokerFault =
  | { kind: "crash"; node: NodeId; downMs: number }
  | { kind: "cut"; node: NodeId; ms: number }
  | { kind: "rebalance"; group: string }
  | { kind: "duplicate-produce"; count: number }
  | { kind: "requeue-unacked"; queue: string };

export interface ScheduledBrokerFault {
  atMs: number;
  fault: BrokerFault;
}

export function describeBrokerFault(fault: BrokerFault, broker: NodeId): string {
  switch (fault.kind) {
    case "crash":
      return `crash ${fault.node}, restart it ${fault.downMs} ms later`;
    case "cut":
      return `cut ${fault.node} off from ${broker} for ${fault.ms} ms`;
    case "rebalance":
      return `force group ${fault.group} to rebalance`;
    case "duplicate-produce":
      return `the next ${fault.count} produce(s) land twice`;
    case "requeue-unacked":
      return `every unacknowledged message of ${fault.queue} goes back to the queue`;
  }
}

/** Schedule every fault on the simulator; each is noted in the trace. */
export function scheduleBrokerFaults(sim: Simulation, broker: NodeId, faults: readonly ScheduledBrokerFault[]): void {
  for (const { atMs, fault } of faults) {
    sim.at(atMs, describeBrokerFault(fault, broker), () => {
      sim.fault(describeBrokerFault(fault, broker));
      applyBrokerFault(sim, broker, fault);
    });
  }
}

export function applyBrokerFault(sim: Simulation, broker: NodeId, fault: BrokerFault): void {
  const onBroker = (label: string, action: (node: BrokerNode) => void): void => {
    if (sim.isUp(broker)) sim.call<BrokerNode, void>(broker, label, action);
  };
  switch (fault.kind) {
    case "crash":
      sim.crash(fault.node);
      sim.after(fault.downMs, `restart ${fault.node}`, () => sim.restart(fault.node));
      return;
    case "cut":
      sim.cutOneWay(fault.node, broker);
      sim.cutOneWay(broker, fault.node);
      sim.after(fault.ms, `reconnect ${fault.node} and ${broker}`, () => sim.heal());
      return;
    case "rebalance":
      return onBroker(`rebalance ${fault.group}`, (node) => node.rebalance(fault.group));
    case "duplicate-produce":
      return onBroker("duplicate produces", (node) => node.duplicateProduces(fault.count));
    case "requeue-unacked":
      return onBroker(`requeue ${fault.queue}`, (node) => node.requeueUnacked(fault.queue));
  }
}

export interface RandomBrokerFaultsOptions {
  /** Nodes that may crash (the broker among them, if it may). */
  nodes: readonly NodeId[];
  /** Services that may be cut off from the broker. */
  services: readonly NodeId[];
  groups: readonly string[];
  queues?: readonly string[];
  startMs: number;
  endMs: number;
  intervalMsMin: number;
  intervalMsMax: number;
}

/** Random faults between startMs and endMs, drawn from `rng`; every crash and cut is over by endMs. */
export function randomBrokerFaults(rng: Rng, options: RandomBrokerFaultsOptions): ScheduledBrokerFault[] {
  const faults: ScheduledBrokerFault[] = [];
  for (let at = options.startMs + rng.int(0, options.intervalMsMax); at < options.endMs; at += rng.int(options.intervalMsMin, options.intervalMsMax)) {
    const room = Math.max(1, options.endMs - at);
    const kinds: BrokerFault["kind"][] = ["crash", "cut", "rebalance", "duplicate-produce", ...(options.queues?.length ? (["requeue-unacked"] as const) : [])];
    const kind = rng.pick(kinds);
    const fault: BrokerFault =
      kind === "crash"
        ? { kind, node: rng.pick(options.nodes), downMs: Math.min(room, rng.int(20, 300)) }
        : kind === "cut"
          ? { kind, node: rng.pick(options.services), ms: Math.min(room, rng.int(50, 400)) }
          : kind === "rebalance"
            ? { kind, group: rng.pick(options.groups) }
            : kind === "duplicate-produce"
              ? { kind, count: rng.int(1, 3) }
              : { kind, queue: rng.pick(options.queues ?? []) };
    faults.push({ atMs: at, fault });
  }
  return faults;
}

export function formatBrokerFaults(faults: readonly ScheduledBrokerFault[], broker: NodeId): string {
  return faults.map(({ atMs, fault }) => `t=${atMs}ms ${describeBrokerFault(fault, broker)}`).join("\n");
}
