/**
 * The simulated broker's wire protocol, in Kafka's vocabulary for the log (topic, partition, key,
 * offset, consumer group, generation, commit = the next offset to read) and in AMQP's for the
 * queue (queue, delivery tag, prefetch, ack, nack, dead-letter queue). Every message is plain
 * JSON, as on a real network. Services never speak it themselves: they use a `BrokerClient`
 * (src/broker/client.ts), which the host builds for them.
 */
import type { Json } from "../contracts/node";

/** A record of a partitioned log, as a consumer reads it. */
export interface LogRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: Json;
}

/** A topic's partition: "orders/2". */
export interface TopicPartition {
  topic: string;
  partition: number;
}

export function tpName(tp: TopicPartition): string {
  return `${tp.topic}/${tp.partition}`;
}

/** What the broker knows at boot: its topics (with their partition counts) and its queues. */
export interface BrokerConfig {
  topics: { [topic: string]: { partitions: number } };
  queues: { [queue: string]: { maxDeliveries: number } };
  /** A group member or queue consumer not heard from for this long is gone (Kafka's session.timeout.ms). */
  sessionTimeoutMs: number;
}

export const DEFAULT_BROKER_CONFIG: BrokerConfig = {
  topics: {},
  queues: {},
  sessionTimeoutMs: 300,
};

/** The name of a queue's dead-letter queue (RabbitMQ: a queue bound to its dead-letter exchange). */
export function deadLetterQueue(queue: string): string {
  return `${queue}.dlq`;
}

// ---------------------------------------------------------------- the log (Kafka)

/** ProduceRequest: append `value` under `key`; the partition is hash(key) mod partitions. */
export interface Produce {
  type: "Produce";
  requestId: string;
  topic: string;
  key: string;
  value: Json;
}
/** ProduceResponse: where the record landed. The record is durable when this leaves the broker. */
export interface Produced {
  type: "Produced";
  requestId: string;
  topic: string;
  partition: number;
  offset: number;
}
/** JoinGroup (and, sent again every heartbeat interval, Heartbeat): the member is the sending node. */
export interface JoinGroup {
  type: "JoinGroup";
  group: string;
  topics: string[];
  generation: number;
}
/** SyncGroup's answer: this member's partitions for `generation`, with each one's committed offset. */
export interface Assignment {
  type: "Assignment";
  group: string;
  generation: number;
  partitions: { topic: string; partition: number; committed: number }[];
}
/** FetchRequest: up to `maxRecords` records of one partition from `offset` on. */
export interface Fetch {
  type: "Fetch";
  topic: string;
  partition: number;
  offset: number;
  maxRecords: number;
}
/** FetchResponse: the records from `offset`, and the log end offset (the next offset to be written). */
export interface Records {
  type: "Records";
  topic: string;
  partition: number;
  offset: number;
  records: LogRecord[];
  endOffset: number;
}
/** OffsetCommit: `offset` is the next offset the group will read. Fenced by the generation. */
export interface Commit {
  type: "Commit";
  requestId: string;
  group: string;
  generation: number;
  topic: string;
  partition: number;
  offset: number;
}
/** OffsetCommit's answer; `ok: false` is Kafka's CommitFailedException (a rebalance happened). */
export interface Committed {
  type: "Committed";
  requestId: string;
  ok: boolean;
  reason?: string;
}

// ---------------------------------------------------------------- the queue (AMQP)

/** basic.publish to a durable queue, with publisher confirms. */
export interface Enqueue {
  type: "Enqueue";
  requestId: string;
  queue: string;
  messageId: string;
  body: Json;
}
/** The publisher confirm: the message is stored. */
export interface Enqueued {
  type: "Enqueued";
  requestId: string;
  queue: string;
}
/** basic.consume with basic.qos(prefetch); sent again as a heartbeat. */
export interface Subscribe {
  type: "Subscribe";
  queue: string;
  prefetch: number;
}
/** basic.deliver: `deliveries` counts this delivery too (RabbitMQ's x-delivery-count + 1). */
export interface Deliver {
  type: "Deliver";
  queue: string;
  deliveryTag: number;
  messageId: string;
  body: Json;
  deliveries: number;
  redelivered: boolean;
}
/** basic.ack */
export interface Ack {
  type: "Ack";
  queue: string;
  deliveryTag: number;
}
/** basic.nack: `requeue` puts it back (or dead-letters it after the queue's maxDeliveries). */
export interface Nack {
  type: "Nack";
  queue: string;
  deliveryTag: number;
  requeue: boolean;
}

export type ToBroker = Produce | JoinGroup | Fetch | Commit | Enqueue | Subscribe | Ack | Nack;
export type FromBroker = Produced | Assignment | Records | Committed | Enqueued | Deliver;

const FROM_BROKER = new Set(["Produced", "Assignment", "Records", "Committed", "Enqueued", "Deliver"]);

export function isFromBroker(msg: unknown): msg is FromBroker {
  return typeof msg === "object" && msg !== null && FROM_BROKER.has((msg as { type?: string }).type ?? "");
}

/** The partition of `key` among `partitions`: FNV-1a, stable across runs and hosts (Kafka: murmur2). */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
