/**
 * What a service uses to talk to a broker: `BrokerClient`, in Kafka's words for the log (produce,
 * subscribe as a member of a consumer group, commit the next offset to read) and AMQP's for the
 * queue (enqueue with a publisher confirm, consume with a prefetch, ack, nack).
 *
 * The course provides the plumbing, the host builds the client: on the simulator it is
 * `SimBrokerClient` (messages to the broker node, timers for heartbeats, polls and resends); for
 * real it is `RedisBrokerClient` (src/live/redis-broker-client.ts: the log on Redis Streams, the
 * queue on RabbitMQ through src/live/rabbit-queue.ts). Either way every callback (an ack, a record,
 * a delivery) runs to completion like any other handler of the service.
 *
 * Promises of the plumbing, whatever the host:
 *  - `produce` and `enqueue` are at least once: the request is resent until the broker confirms
 *    it, and the callback runs once, when the first confirmation arrives. A resend may append the
 *    record twice. A crash forgets what was not confirmed yet: resending it is the service's job.
 *  - `commit` is resent until the broker answers; it may refuse it (the group rebalanced meanwhile:
 *    the partition's next owner starts from the last commit that was accepted). A commit for a
 *    partition this member no longer reads, or at or below an offset already committed in this
 *    generation (a late callback), is dropped: commits never move a partition's offset back.
 *  - `subscribe`: each record of the partitions assigned to this member is handed to `onRecord`
 *    in offset order, starting at the group's committed offset when the partition is assigned
 *    (after a start, a restart or a rebalance). Reading on does not commit: only `commit` does.
 *  - `pause(record)` stops the partition after that record until `resume(record)`; a rebalance
 *    or a restart forgets the pause (the partition starts again at the committed offset).
 *  - `retry(record, ms)` rewinds the partition to that record and pauses it for `ms` (Kafka's seek
 *    and pause): the record comes again with `deliveries` one higher. `deliveries` counts the
 *    deliveries of that offset to this member since it was assigned the partition.
 */
import type { Json, NodeContext, NodeId } from "../contracts/node";
import type { Deliver, FromBroker, LogRecord, Records, ToBroker } from "./protocol";
import { tpName } from "./protocol";

/** A record as the consumer hands it to the service. */
export interface ConsumedRecord extends LogRecord {
  /** How many times this offset has been handed to this member since it got the partition (1 the first time). */
  deliveries: number;
}

/** A queue message as the consumer hands it to the service. */
export interface Delivery {
  queue: string;
  deliveryTag: number;
  messageId: string;
  body: Json;
  /** 1 on the first delivery; RabbitMQ's x-delivery-count + 1. */
  deliveries: number;
}

export interface BrokerClient {
  /** Append `value` under `key` to `topic`; `onAck` runs when the broker confirms (once). */
  produce(topic: string, key: string, value: Json, onAck?: (partition: number, offset: number) => void): void;
  /** Join `group` and read `topics`: `onRecord` gets every record of the partitions this member is assigned. */
  subscribe(group: string, topics: string[], onRecord: (record: ConsumedRecord) => void): void;
  /** Commit `record.offset + 1` as the group's next offset to read in the record's partition. */
  commit(record: LogRecord): void;
  /** Read `record` again after `afterMs`, without committing it (seek back, pause). */
  retry(record: LogRecord, afterMs: number): void;
  /** Hand out no more records of `record`'s partition until `resume` (Kafka's pause), e.g. while its result is being published. */
  pause(record: LogRecord): void;
  /** Go on with the records after `record` in its partition. */
  resume(record: LogRecord): void;
  /** Put a message on a durable queue; `onConfirm` runs when it is stored (once). */
  enqueue(queue: string, messageId: string, body: Json, onConfirm?: () => void): void;
  /** Consume `queue` with at most `prefetch` unacknowledged messages at a time. */
  consume(queue: string, prefetch: number, onDelivery: (delivery: Delivery) => void): void;
  ack(delivery: Delivery): void;
  /** `requeue`: deliver it again (or dead-letter it after the queue's maximum deliveries); otherwise dead-letter it now. */
  nack(delivery: Delivery, requeue: boolean): void;
}

/** What the simulated client reports to a world that records a run for the log checker. */
export interface ClientObserver {
  produced?(event: { node: NodeId; topic: string; key: string; value: Json; partition: number; offset: number; t: number }): void;
  polled?(event: { node: NodeId; session: string; record: ConsumedRecord; t: number }): void;
  delivered?(event: { node: NodeId; delivery: Delivery; t: number }): void;
}

export interface SimClientOptions {
  /** Resend an unconfirmed produce or enqueue after this long. */
  resendMs: number;
  /** Look for new records this often. */
  pollMs: number;
  /** Send a heartbeat (JoinGroup / Subscribe again) this often; keep it well under the broker's session timeout. */
  heartbeatMs: number;
  /** Records per fetch. */
  maxRecords: number;
}

export const DEFAULT_CLIENT_OPTIONS: SimClientOptions = { resendMs: 60, pollMs: 10, heartbeatMs: 80, maxRecords: 10 };

/** The plumbing's timers; a service's own timers must not use this type. */
export type ClientTimer = { type: "broker-client"; what: "resend" | "poll" | "heartbeat" };

export function isClientTimer(timer: unknown): timer is ClientTimer {
  return typeof timer === "object" && timer !== null && (timer as { type?: string }).type === "broker-client";
}

type Pending = { msg: ToBroker; sentMs: number; onAck: (reply: FromBroker) => void };
type PartitionState = { position: number; committed: number; fetching: boolean; fetchedMs: number; pausedUntilMs: number; deliveries: Map<number, number>; seeks: number };

/** The broker client of a simulated service: it speaks src/broker/protocol.ts to the broker node. */
export class SimBrokerClient implements BrokerClient {
  private readonly pending = new Map<string, Pending>();
  private readonly nonce: string;
  private requests = 0;
  private group: { name: string; topics: string[]; onRecord: (record: ConsumedRecord) => void; generation: number } | undefined;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly queues = new Map<string, { prefetch: number; onDelivery: (delivery: Delivery) => void }>();
  private started = false;

  constructor(
    private readonly ctx: NodeContext<any, any>,
    private readonly broker: NodeId,
    private readonly options: SimClientOptions = DEFAULT_CLIENT_OPTIONS,
    private readonly observer: ClientObserver = {},
  ) {
    this.nonce = Math.floor(ctx.random() * 36 ** 6).toString(36);
  }

  produce(topic: string, key: string, value: Json, onAck?: (partition: number, offset: number) => void): void {
    this.request({ type: "Produce", requestId: this.nextRequestId(), topic, key, value }, (reply) => {
      if (reply.type !== "Produced") return;
      this.observer.produced?.({ node: this.ctx.id, topic, key, value, partition: reply.partition, offset: reply.offset, t: this.ctx.now() });
      onAck?.(reply.partition, reply.offset);
    });
  }

  subscribe(group: string, topics: string[], onRecord: (record: ConsumedRecord) => void): void {
    this.group = { name: group, topics, onRecord, generation: -1 };
    this.heartbeat();
    this.ensureTimers();
  }

  commit(record: LogRecord): void {
    if (!this.group) throw new Error("commit() before subscribe()");
    const state = this.partitions.get(tpName(record));
    // Not ours any more (the broker would refuse it), or at or below what this generation already
    // committed: a late callback of an earlier generation must not move the group's offset back.
    if (!state || record.offset + 1 <= state.committed) return;
    state.committed = record.offset + 1;
    const { name, generation } = this.group;
    const commit = { type: "Commit" as const, requestId: this.nextRequestId(), group: name, generation, topic: record.topic, partition: record.partition, offset: record.offset + 1 };
    this.request(commit, (reply) => {
      if (reply.type === "Committed" && !reply.ok) this.ctx.log(`commit of ${tpName(record)} offset ${commit.offset} refused: ${reply.reason}`);
    });
  }

  retry(record: LogRecord, afterMs: number): void {
    const state = this.partitions.get(tpName(record));
    if (!state) return; // the partition was taken away meanwhile: its next owner reads it from the committed offset
    state.position = record.offset;
    state.pausedUntilMs = this.ctx.now() + afterMs;
    state.fetching = false;
    state.seeks++;
  }

  pause(record: LogRecord): void {
    const state = this.partitions.get(tpName(record));
    if (!state) return;
    state.pausedUntilMs = Infinity;
    state.fetching = false;
  }

  resume(record: LogRecord): void {
    const state = this.partitions.get(tpName(record));
    if (state && state.pausedUntilMs === Infinity) state.pausedUntilMs = 0;
  }

  enqueue(queue: string, messageId: string, body: Json, onConfirm?: () => void): void {
    this.request({ type: "Enqueue", requestId: this.nextRequestId(), queue, messageId, body }, () => onConfirm?.());
  }

  consume(queue: string, prefetch: number, onDelivery: (delivery: Delivery) => void): void {
    this.queues.set(queue, { prefetch, onDelivery });
    this.heartbeat();
    this.ensureTimers();
  }

  ack(delivery: Delivery): void {
    this.ctx.send(this.broker, { type: "Ack", queue: delivery.queue, deliveryTag: delivery.deliveryTag });
  }

  nack(delivery: Delivery, requeue: boolean): void {
    this.ctx.send(this.broker, { type: "Nack", queue: delivery.queue, deliveryTag: delivery.deliveryTag, requeue });
  }

  /** The partitions this member reads now, with the position of each ("orders/1" -> 4). */
  positions(): { [partition: string]: number } {
    return Object.fromEntries([...this.partitions].map(([tp, s]) => [tp, s.position]));
  }

  /** A message from the broker node. */
  handle(msg: FromBroker): void {
    switch (msg.type) {
      case "Produced":
      case "Enqueued":
      case "Committed": {
        const pending = this.pending.get(msg.requestId);
        this.pending.delete(msg.requestId);
        return pending?.onAck(msg);
      }
      case "Assignment":
        return this.assigned(msg.generation, msg.partitions);
      case "Records":
        return this.records(msg);
      case "Deliver":
        return this.deliver(msg);
    }
  }

  /** One of the plumbing's timers. */
  tick(timer: ClientTimer): void {
    const now = this.ctx.now();
    if (timer.what === "resend") {
      for (const pending of this.pending.values()) {
        if (now - pending.sentMs < this.options.resendMs) continue;
        pending.sentMs = now;
        this.ctx.send(this.broker, pending.msg);
      }
      this.ctx.setTimer(this.options.resendMs / 2, timer);
    } else if (timer.what === "poll") {
      this.poll(now);
      this.ctx.setTimer(this.options.pollMs, timer);
    } else {
      this.heartbeat();
      this.ctx.setTimer(this.options.heartbeatMs, timer);
    }
  }

  private request(msg: ToBroker & { requestId: string }, onAck: (reply: FromBroker) => void): void {
    this.pending.set(msg.requestId, { msg, sentMs: this.ctx.now(), onAck });
    this.ctx.send(this.broker, msg);
    this.ensureTimers();
  }

  private ensureTimers(): void {
    if (this.started) return;
    this.started = true;
    this.ctx.setTimer(this.options.resendMs / 2, { type: "broker-client", what: "resend" });
    this.ctx.setTimer(this.options.pollMs, { type: "broker-client", what: "poll" });
    this.ctx.setTimer(this.options.heartbeatMs, { type: "broker-client", what: "heartbeat" });
  }

  private heartbeat(): void {
    if (this.group) this.ctx.send(this.broker, { type: "JoinGroup", group: this.group.name, topics: this.group.topics, generation: this.group.generation });
    for (const [queue, { prefetch }] of this.queues) this.ctx.send(this.broker, { type: "Subscribe", queue, prefetch });
  }

  private assigned(generation: number, partitions: { topic: string; partition: number; committed: number }[]): void {
    if (!this.group || generation <= this.group.generation) return;
    this.group.generation = generation;
    this.partitions.clear();
    for (const p of partitions) this.partitions.set(tpName(p), { position: p.committed, committed: p.committed, fetching: false, fetchedMs: 0, pausedUntilMs: 0, deliveries: new Map(), seeks: 0 });
    this.ctx.annotate({ generation, partitions: [...this.partitions.keys()].join(" ") });
  }

  private poll(now: number): void {
    for (const [tp, state] of this.partitions) {
      if (state.pausedUntilMs > now) continue;
      if (state.fetching && now - state.fetchedMs < this.options.resendMs) continue;
      const slash = tp.lastIndexOf("/");
      state.fetching = true;
      state.fetchedMs = now;
      this.ctx.send(this.broker, { type: "Fetch", topic: tp.slice(0, slash), partition: Number(tp.slice(slash + 1)), offset: state.position, maxRecords: this.options.maxRecords });
    }
  }

  private records(msg: Records): void {
    const group = this.group;
    const state = this.partitions.get(tpName(msg));
    if (!group || !state || msg.offset !== state.position || state.pausedUntilMs > this.ctx.now()) return; // stale or duplicated
    state.fetching = false;
    const generation = group.generation;
    const seeks = state.seeks;
    for (const record of msg.records) {
      const deliveries = (state.deliveries.get(record.offset) ?? 0) + 1;
      state.deliveries.set(record.offset, deliveries);
      state.position = record.offset + 1;
      const consumed: ConsumedRecord = { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value, deliveries };
      this.observer.polled?.({ node: this.ctx.id, session: `${this.nonce}/g${generation}/s${seeks}`, record: consumed, t: this.ctx.now() });
      group.onRecord(consumed);
      // The handler may have rewound or paused the partition, or the service may have been handed
      // a new generation meanwhile: the rest of this batch is no longer ours to deliver.
      if (group.generation !== generation || this.partitions.get(tpName(msg)) !== state || state.seeks !== seeks || state.pausedUntilMs > this.ctx.now()) return;
    }
  }

  private deliver(msg: Deliver): void {
    const queue = this.queues.get(msg.queue);
    if (!queue) return;
    const delivery: Delivery = { queue: msg.queue, deliveryTag: msg.deliveryTag, messageId: msg.messageId, body: msg.body, deliveries: msg.deliveries };
    this.observer.delivered?.({ node: this.ctx.id, delivery, t: this.ctx.now() });
    queue.onDelivery(delivery);
  }

  private nextRequestId(): string {
    return `${this.ctx.id}-${this.nonce}-${++this.requests}`;
  }
}
