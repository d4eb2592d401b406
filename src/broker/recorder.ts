/**
 * Records what the simulated clients saw (every acknowledged produce, every record handed to a
 * consumer, every queue delivery) and turns it, with the broker's log at the end, into the log
 * checker's history.
 */
import type { Simulation } from "../sim";
import type { LogHistory } from "../check/log-checker";
import type { BrokerNode } from "./broker";
import type { ClientObserver, ConsumedRecord, Delivery } from "./client";
import type { NodeId } from "../contracts/node";

export class LogRecorder implements ClientObserver {
  readonly sends: LogHistory["sends"] = [];
  readonly polls: LogHistory["polls"] = [];
  readonly consumed: { node: NodeId; record: ConsumedRecord; t: number }[] = [];
  readonly deliveries: { node: NodeId; delivery: Delivery; t: number }[] = [];

  produced(event: Parameters<NonNullable<ClientObserver["produced"]>>[0]): void {
    this.sends.push({ topicPartition: `${event.topic}/${event.partition}`, offset: event.offset, value: JSON.stringify(event.value), t: event.t });
  }

  polled(event: Parameters<NonNullable<ClientObserver["polled"]>>[0]): void {
    const { record } = event;
    this.consumed.push({ node: event.node, record, t: event.t });
    this.polls.push({ consumer: event.node, session: event.session, topicPartition: `${record.topic}/${record.partition}`, offset: record.offset, value: JSON.stringify(record.value), t: event.t });
  }

  delivered(event: { node: NodeId; delivery: Delivery; t: number }): void {
    this.deliveries.push(event);
  }

  /** The history for `checkLog`: what was recorded, and the partitions of `topics` as the broker holds them now. */
  history(sim: Simulation, broker: NodeId, topics: { [topic: string]: { partitions: number } }): LogHistory {
    const log: LogHistory["log"] = {};
    const node = sim.node<BrokerNode>(broker);
    for (const [topic, { partitions }] of Object.entries(topics)) {
      for (let partition = 0; partition < partitions; partition++) {
        log[`${topic}/${partition}`] = node ? node.records({ topic, partition }).map((r) => JSON.stringify(r.value)) : [];
      }
    }
    return { sends: [...this.sends], polls: [...this.polls], log };
  }
}
