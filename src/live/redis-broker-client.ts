/**
 * `BrokerClient` for real: the same calls the simulated plumbing offers, on a `RedisLog` (Redis
 * Streams). The service's classes cannot tell the difference; what differs is underneath:
 *  - every callback into the service (a produce confirmation, a record) runs through `run`, the
 *    real-time host's handler runner, so it runs to completion and a throw stops the node;
 *  - a produce is retried until Redis answers (at least once: a retry after a lost reply appends
 *    twice, as a Kafka producer without idempotence does);
 *  - each partition is polled by its own loop: the member's pending entries first (after a start,
 *    a restart or a seek back: Redis redelivers what was never XACKed), then new ones;
 *  - a commit XACKs every offset from the last commit up to the record (Kafka commits a position,
 *    Redis acknowledges entries one by one).
 * One member per group: the member name is the service's id, stable across restarts, so a
 * restarted process finds its predecessor's pending entries under its own name (no rebalance).
 * The queue calls go to `queues` (RabbitMQ, rabbit-queue.ts), when the service was given one.
 */
import type { Json } from "../contracts/node";
import type { BrokerClient, ConsumedRecord, Delivery } from "../broker/client";
import { tpName, type LogRecord, type TopicPartition } from "../broker/protocol";
import type { QueueSide } from "./rabbit-queue";
import type { FetchFrom, RedisLog } from "./redis-log";

export interface RedisClientOptions {
  /** Wait this long between polls of a partition that had nothing new. */
  pollMs: number;
  /** Wait this long before trying a produce, fetch or commit again after Redis failed it. */
  retryMs: number;
  /** Records per fetch. */
  maxRecords: number;
}

export const DEFAULT_REDIS_CLIENT_OPTIONS: RedisClientOptions = { pollMs: 50, retryMs: 200, maxRecords: 100 };

/** The real-time host's runner: `handler` runs as one event of the node, to completion. */
export type HandlerRunner = (event: string, handler: () => void) => void;

type PartitionState = {
  tp: TopicPartition;
  /** The next offset to hand to the service. */
  position: number;
  /** Whether entries from `position` on may be pending for this member (read those before new ones). */
  pendingAhead: boolean;
  /** Everything below this is committed (XACKed); undefined until the first record tells where the group stands. */
  committed: number | undefined;
  pausedUntilMs: number;
  deliveries: Map<number, number>;
  /** Bumped by every seek back, so a batch in hand stops at one. */
  seeks: number;
  /** Ends the loop's wait between polls: a resumed partition goes on at once, not a poll later. */
  wake: (() => void) | undefined;
};

export class RedisBrokerClient implements BrokerClient {
  private readonly partitions = new Map<string, PartitionState>();
  private group: { name: string; onRecord: (record: ConsumedRecord) => void } | undefined;
  private open = false;
  private closed = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly log: RedisLog,
    /** This member's name in every consumer group: the service's id. */
    private readonly member: string,
    private readonly run: HandlerRunner,
    private readonly report: (line: string) => void,
    private readonly options: RedisClientOptions = DEFAULT_REDIS_CLIENT_OPTIONS,
    /** The queue calls' broker; without it they throw. */
    private readonly queues?: QueueSide,
  ) {}

  /** Start talking to Redis (and RabbitMQ): the host calls it once the node is up, so no callback arrives before. */
  connect(): void {
    this.open = true;
    for (const start of this.waiting.splice(0)) start();
    this.queues?.connect();
  }

  /** Stop every loop; callbacks not delivered yet are dropped, as a process exit drops them. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queues?.close();
  }

  produce(topic: string, key: string, value: Json, onAck?: (partition: number, offset: number) => void): void {
    this.whenOpen(() =>
      void this.retrying(`produce to ${topic}`, () => this.log.produce(topic, key, value)).then((where) => {
        if (where && onAck) this.run("produce confirmed", () => onAck(where.partition, where.offset));
      }),
    );
  }

  subscribe(group: string, topics: string[], onRecord: (record: ConsumedRecord) => void): void {
    this.group = { name: group, onRecord };
    this.partitions.clear();
    for (const tp of topics.flatMap((topic) => this.log.partitions(topic))) {
      const state: PartitionState = { tp, position: 0, pendingAhead: true, committed: undefined, pausedUntilMs: 0, deliveries: new Map(), seeks: 0, wake: undefined };
      this.partitions.set(tpName(tp), state);
      this.whenOpen(() => void this.consumeLoop(group, state));
    }
  }

  commit(record: LogRecord): void {
    const group = this.group;
    if (!group) throw new Error("commit() before subscribe()");
    const state = this.partitions.get(tpName(record));
    if (!state || state.committed === undefined || record.offset + 1 <= state.committed) return; // a late callback: never back
    const from = state.committed;
    state.committed = record.offset + 1;
    void this.retrying(`commit of ${tpName(record)}`, () => this.log.commit(group.name, record, from, record.offset + 1));
  }

  retry(record: LogRecord, afterMs: number): void {
    const state = this.partitions.get(tpName(record));
    if (!state) return;
    state.position = record.offset;
    state.pendingAhead = true;
    state.pausedUntilMs = Date.now() + afterMs;
    state.seeks++;
  }

  pause(record: LogRecord): void {
    const state = this.partitions.get(tpName(record));
    if (state) state.pausedUntilMs = Infinity;
  }

  resume(record: LogRecord): void {
    const state = this.partitions.get(tpName(record));
    if (state && state.pausedUntilMs === Infinity) {
      state.pausedUntilMs = 0;
      state.wake?.();
    }
  }

  enqueue(queue: string, messageId: string, body: Json, onConfirm?: () => void): void {
    this.queueSide().enqueue(queue, messageId, body, onConfirm);
  }

  consume(queue: string, prefetch: number, onDelivery: (delivery: Delivery) => void): void {
    this.queueSide().consume(queue, prefetch, onDelivery);
  }

  ack(delivery: Delivery): void {
    this.queueSide().ack(delivery);
  }

  nack(delivery: Delivery, requeue: boolean): void {
    this.queueSide().nack(delivery, requeue);
  }

  private queueSide(): QueueSide {
    if (!this.queues) throw new Error(`${this.member} was started without a queue broker (RabbitMQ): only the log calls work`);
    return this.queues;
  }

  private whenOpen(start: () => void): void {
    if (this.open) start();
    else this.waiting.push(start);
  }

  /** Poll one partition until closed: fetch, hand the records out in order, wait when idle or paused. */
  private async consumeLoop(group: string, state: PartitionState): Promise<void> {
    await this.retrying(`join ${group} on ${tpName(state.tp)}`, () => this.log.joinGroup(group, state.tp));
    while (!this.closed && this.partitions.get(tpName(state.tp)) === state) {
      const handed = state.pausedUntilMs > Date.now() ? 0 : await this.fetchOnce(group, state);
      if (handed === 0) await this.idle(state);
    }
  }

  /** Wait `pollMs`, or less when the partition is resumed meanwhile. */
  private idle(state: PartitionState): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(() => state.wake?.(), this.options.pollMs);
      state.wake = () => {
        clearTimeout(timer);
        state.wake = undefined;
        done();
      };
    });
  }

  /** One fetch; returns how many records it handed to the service. */
  private async fetchOnce(group: string, state: PartitionState): Promise<number> {
    const from: FetchFrom = state.pendingAhead ? { pendingFrom: state.position } : "new";
    const seeks = state.seeks;
    const records = await this.retrying(`fetch of ${tpName(state.tp)}`, () => this.log.fetch(group, this.member, state.tp, from, this.options.maxRecords));
    if (!records || this.closed || state.seeks !== seeks || state.pausedUntilMs > Date.now()) return 0; // sought or paused meanwhile: fetch again later
    if (records.length === 0 && from !== "new") state.pendingAhead = false;
    // Every offset below the first record this member ever saw is committed: Redis hands out pending entries first.
    if (state.committed === undefined && records.length > 0) state.committed = records[0].offset;
    let handed = 0;
    for (const record of records) {
      if (record.offset < state.position) continue;
      if (this.closed || state.seeks !== seeks || state.pausedUntilMs > Date.now()) {
        state.pendingAhead = true; // the rest of this batch is pending for us now: read it again from `position`
        break;
      }
      const deliveries = (state.deliveries.get(record.offset) ?? 0) + 1;
      state.deliveries.set(record.offset, deliveries);
      state.position = record.offset + 1;
      handed++;
      this.run("record", () => this.group?.onRecord({ ...record, deliveries }));
    }
    return handed;
  }

  /** `attempt` until it succeeds or the client closes (undefined then); each failure is reported once in a row. */
  private async retrying<T>(what: string, attempt: () => Promise<T>): Promise<T | undefined> {
    let reported = false;
    while (!this.closed) {
      try {
        const result = await attempt();
        if (reported) this.report(`${what}: Redis answers again`);
        return result;
      } catch (error) {
        if (!reported) this.report(`${what} failed (${(error as Error).message}); retrying every ${this.options.retryMs} ms`);
        reported = true;
        await sleep(this.options.retryMs);
      }
    }
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
