/**
 * The simulated broker: one node that is both a partitioned log (Kafka's semantics) and a set of
 * durable queues (RabbitMQ's), so the same workload can run on both side by side.
 *
 * Durable (in ctx.storage, so a crash and restart of the broker keeps them): every record of every
 * partition, every committed offset, every group's generation, every queued message with its
 * delivery count. Volatile (gone with a broker crash, rebuilt as clients come back): group members
 * and their assignments, queue consumers and what they hold unacknowledged (which goes back to the
 * queue, as when RabbitMQ loses a connection).
 *
 * The log: a record goes to partition hash(key) mod partitions and gets the next offset there;
 * order holds per partition only. A consumer group's members share the partitions (each partition
 * to exactly one member of the current generation); a member that joins, leaves or stops
 * heartbeating causes a rebalance (a new generation). A commit stores the next offset to read and
 * is refused from an older generation or from a member that does not own the partition.
 *
 * The queue: each message goes to one consumer (competing consumers, round robin among those
 * with fewer than `prefetch` unacknowledged), stays until acknowledged, is delivered again when
 * nacked with requeue or when its consumer goes away, and moves to `<queue>.dlq` when it was
 * delivered `maxDeliveries` times without an ack.
 *
 * Faults for a nemesis, called from outside (`sim.call(BROKER, ..., (b) => b.rebalance("g"))`):
 * `rebalance`, `duplicateProduces` (the next appends land twice, as a producer retry after a
 * lost ack does), `dropProduces` (the next requests to a topic are lost), `requeueUnacked` (every unacked message goes back and is delivered again).
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import {
  deadLetterQueue,
  partitionOf,
  type BrokerConfig,
  type Commit,
  type Enqueue,
  type Fetch,
  type FromBroker,
  type JoinGroup,
  type LogRecord,
  type Produce,
  type Subscribe,
  type ToBroker,
  type TopicPartition,
} from "./protocol";

type StoredRecord = { key: string; value: Json };
type QueuedMessage = { seq: number; messageId: string; body: Json; deliveries: number };
type Member = { topics: string[]; lastSeenMs: number };
type QueueConsumer = { prefetch: number; lastSeenMs: number; unacked: Set<number> };
type SweepTimer = { type: "sweep" };

const SEQ_KEY = "queue-seq";

export class BrokerNode implements ProtocolNode<ToBroker | FromBroker, SweepTimer> {
  private readonly logs = new Map<string, StoredRecord[]>();
  private readonly members = new Map<string, Map<NodeId, Member>>();
  private readonly owners = new Map<string, Map<string, NodeId>>();
  private readonly queues = new Map<string, Map<number, QueuedMessage>>();
  private readonly consumers = new Map<string, Map<NodeId, QueueConsumer>>();
  private readonly inFlight = new Map<number, NodeId>();
  private nextSeq = 1;
  private duplicatesLeft = 0;
  private readonly dropsLeft = new Map<string, number>();
  private roundRobin = 0;

  constructor(
    private readonly ctx: NodeContext<ToBroker | FromBroker, SweepTimer>,
    private readonly config: BrokerConfig,
  ) {}

  onStart(): void {
    for (const [topic, { partitions }] of Object.entries(this.config.topics)) {
      for (let p = 0; p < partitions; p++) this.logs.set(`${topic}/${p}`, []);
    }
    for (const queue of Object.keys(this.config.queues)) {
      this.queues.set(queue, new Map());
      this.queues.set(deadLetterQueue(queue), new Map());
    }
    for (const key of this.ctx.storage.keys()) this.load(key);
    this.nextSeq = this.ctx.storage.get<number>(SEQ_KEY) ?? 1;
    this.ctx.setTimer(this.config.sessionTimeoutMs / 3, { type: "sweep" });
  }

  onMessage(from: NodeId, msg: ToBroker | FromBroker): void {
    switch (msg.type) {
      case "Produce":
        return this.produce(from, msg);
      case "JoinGroup":
        return this.join(from, msg);
      case "Fetch":
        return this.fetch(from, msg);
      case "Commit":
        return this.commit(from, msg);
      case "Enqueue":
        return this.enqueue(from, msg);
      case "Subscribe":
        return this.subscribe(from, msg);
      case "Ack":
        return this.settle(from, msg.queue, msg.deliveryTag, "ack");
      case "Nack":
        return this.settle(from, msg.queue, msg.deliveryTag, msg.requeue ? "requeue" : "reject");
      default:
        return;
    }
  }

  onTimer(): void {
    const now = this.ctx.now();
    for (const [group, members] of this.members) {
      const gone = [...members].filter(([, m]) => now - m.lastSeenMs > this.config.sessionTimeoutMs).map(([id]) => id);
      for (const id of gone) members.delete(id);
      if (gone.length > 0) this.reassign(group, `session timeout of ${gone.join(", ")}`);
    }
    for (const [queue, consumers] of this.consumers) {
      for (const [id, consumer] of [...consumers]) {
        if (now - consumer.lastSeenMs <= this.config.sessionTimeoutMs) continue;
        consumers.delete(id);
        this.returnUnacked(queue, consumer);
      }
      this.dispatch(queue);
    }
    this.ctx.setTimer(this.config.sessionTimeoutMs / 3, { type: "sweep" });
  }

  // ---------------------------------------------------------------- faults and inspection

  /** Force a rebalance of `group` now: a new generation, partitions handed out again. */
  rebalance(group: string): void {
    this.reassign(group, "forced by the nemesis");
  }

  /** The next `count` produce requests are appended twice (a producer retry after a lost ack). */
  duplicateProduces(count: number): void {
    this.duplicatesLeft += count;
  }

  /** The next `count` produce requests to `topic` (with `key`, if given) are lost on their way in (never appended, never answered). */
  dropProduces(topic: string, count: number, key?: string): void {
    const which = key === undefined ? topic : `${topic}\u0000${key}`;
    this.dropsLeft.set(which, (this.dropsLeft.get(which) ?? 0) + count);
  }

  /** Every unacknowledged message of `queue` goes back to the queue (a dropped connection). */
  requeueUnacked(queue: string): void {
    for (const consumer of this.consumers.get(queue)?.values() ?? []) this.returnUnacked(queue, consumer);
    this.dispatch(queue);
  }

  /** A partition's records, oldest first. */
  records(tp: TopicPartition): LogRecord[] {
    // Fields one by one: object spread here is slow enough to dominate a run's time.
    const { topic, partition } = tp;
    return (this.logs.get(`${topic}/${partition}`) ?? []).map((r, offset) => ({ topic, partition, offset, key: r.key, value: r.value }));
  }

  /** The group's committed offset for a partition (0 when it never committed). */
  committed(group: string, tp: TopicPartition): number {
    return this.ctx.storage.get<number>(offsetKey(group, tp)) ?? 0;
  }

  /** Records written but not yet committed by the group, per partition ("orders/0" -> 3). */
  lag(group: string, topic: string): { [partition: string]: number } {
    const lag: { [partition: string]: number } = {};
    for (let p = 0; p < (this.config.topics[topic]?.partitions ?? 0); p++) {
      lag[`${topic}/${p}`] = this.records({ topic, partition: p }).length - this.committed(group, { topic, partition: p });
    }
    return lag;
  }

  /** The current generation of a group and who owns which partition. */
  assignment(group: string): { generation: number; owners: { [partition: string]: NodeId } } {
    return { generation: this.generation(group), owners: Object.fromEntries(this.owners.get(group) ?? []) };
  }

  /** The messages of a queue (ready and unacknowledged), oldest first. */
  queued(queue: string): QueuedMessage[] {
    return [...(this.queues.get(queue)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  }

  // ---------------------------------------------------------------- the log

  private produce(from: NodeId, msg: Produce): void {
    const partitions = this.config.topics[msg.topic]?.partitions;
    if (partitions === undefined) return this.ctx.log(`produce to unknown topic ${msg.topic} from ${from} ignored`);
    for (const which of [`${msg.topic}\u0000${msg.key}`, msg.topic]) {
      const drops = this.dropsLeft.get(which) ?? 0;
      if (drops > 0) return void this.dropsLeft.set(which, drops - 1);
    }
    const partition = partitionOf(msg.key, partitions);
    let offset = this.append(msg.topic, partition, { key: msg.key, value: msg.value });
    if (this.duplicatesLeft > 0) {
      this.duplicatesLeft--;
      offset = this.append(msg.topic, partition, { key: msg.key, value: msg.value });
    }
    this.reply(from, { type: "Produced", requestId: msg.requestId, topic: msg.topic, partition, offset });
  }

  private append(topic: string, partition: number, record: StoredRecord): number {
    const log = this.logs.get(`${topic}/${partition}`) as StoredRecord[];
    const offset = log.length;
    this.ctx.storage.put(`log/${topic}/${partition}/${offset}`, record as unknown as Json);
    log.push(record);
    this.annotateSizes();
    return offset;
  }

  private join(from: NodeId, msg: JoinGroup): void {
    const members = this.members.get(msg.group) ?? new Map<NodeId, Member>();
    this.members.set(msg.group, members);
    const known = members.get(from);
    members.set(from, { topics: msg.topics, lastSeenMs: this.ctx.now() });
    if (!known) return this.reassign(msg.group, `${from} joined`);
    if (msg.generation !== this.generation(msg.group)) this.sendAssignment(msg.group, from);
  }

  private reassign(group: string, why: string): void {
    const generation = this.generation(group) + 1;
    this.ctx.storage.put(`gen/${group}`, generation);
    const members = [...(this.members.get(group)?.keys() ?? [])].sort();
    const owners = new Map<string, NodeId>();
    const topics = [...new Set([...(this.members.get(group)?.values() ?? [])].flatMap((m) => m.topics))].sort();
    let i = 0;
    for (const topic of topics) {
      for (let p = 0; p < (this.config.topics[topic]?.partitions ?? 0); p++) {
        const candidates = members.filter((m) => this.members.get(group)?.get(m)?.topics.includes(topic));
        if (candidates.length > 0) owners.set(`${topic}/${p}`, candidates[i++ % candidates.length]);
      }
    }
    this.owners.set(group, owners);
    this.ctx.log(`group ${group} generation ${generation} (${why}): ${[...owners].map(([tp, m]) => `${tp}->${m}`).join(" ") || "no partitions"}`);
    for (const member of members) this.sendAssignment(group, member);
  }

  private sendAssignment(group: string, member: NodeId): void {
    const partitions = [...(this.owners.get(group) ?? [])]
      .filter(([, owner]) => owner === member)
      .map(([name]) => {
        const [topic, p] = splitTp(name);
        return { topic, partition: p, committed: this.committed(group, { topic, partition: p }) };
      });
    this.reply(member, { type: "Assignment", group, generation: this.generation(group), partitions });
  }

  private fetch(from: NodeId, msg: Fetch): void {
    const all = this.records({ topic: msg.topic, partition: msg.partition });
    const records = all.slice(msg.offset, msg.offset + msg.maxRecords);
    this.reply(from, { type: "Records", topic: msg.topic, partition: msg.partition, offset: msg.offset, records, endOffset: all.length });
  }

  private commit(from: NodeId, msg: Commit): void {
    const tp = { topic: msg.topic, partition: msg.partition };
    const owner = this.owners.get(msg.group)?.get(`${msg.topic}/${msg.partition}`);
    const generation = this.generation(msg.group);
    if (msg.generation !== generation || owner !== from) {
      const reason = msg.generation !== generation ? `generation ${msg.generation} is over (now ${generation}): the group rebalanced` : `${msg.topic}/${msg.partition} belongs to ${owner ?? "nobody"}, not ${from}`;
      return this.reply(from, { type: "Committed", requestId: msg.requestId, ok: false, reason });
    }
    this.ctx.storage.put(offsetKey(msg.group, tp), msg.offset);
    this.reply(from, { type: "Committed", requestId: msg.requestId, ok: true });
  }

  private generation(group: string): number {
    return this.ctx.storage.get<number>(`gen/${group}`) ?? 0;
  }

  // ---------------------------------------------------------------- the queue

  private enqueue(from: NodeId, msg: Enqueue): void {
    if (!this.queues.has(msg.queue)) return this.ctx.log(`enqueue to unknown queue ${msg.queue} from ${from} ignored`);
    this.store(msg.queue, { seq: this.nextSeq++, messageId: msg.messageId, body: msg.body, deliveries: 0 });
    this.ctx.storage.put(SEQ_KEY, this.nextSeq);
    this.reply(from, { type: "Enqueued", requestId: msg.requestId, queue: msg.queue });
    this.dispatch(msg.queue);
  }

  private subscribe(from: NodeId, msg: Subscribe): void {
    const consumers = this.consumers.get(msg.queue) ?? new Map<NodeId, QueueConsumer>();
    this.consumers.set(msg.queue, consumers);
    const consumer = consumers.get(from);
    if (consumer) {
      consumer.lastSeenMs = this.ctx.now();
      consumer.prefetch = msg.prefetch;
    } else {
      consumers.set(from, { prefetch: msg.prefetch, lastSeenMs: this.ctx.now(), unacked: new Set() });
    }
    this.dispatch(msg.queue);
  }

  private dispatch(queue: string): void {
    const consumers = [...(this.consumers.get(queue) ?? [])];
    if (consumers.length === 0) return;
    for (const message of this.queued(queue)) {
      if (this.inFlight.has(message.seq)) continue;
      const ready = consumers.filter(([, c]) => c.unacked.size < c.prefetch);
      if (ready.length === 0) return;
      const [id, consumer] = ready[this.roundRobin++ % ready.length];
      message.deliveries++;
      this.store(queue, message);
      consumer.unacked.add(message.seq);
      this.inFlight.set(message.seq, id);
      const { seq, messageId, body, deliveries } = message;
      this.reply(id, { type: "Deliver", queue, deliveryTag: seq, messageId, body, deliveries, redelivered: deliveries > 1 });
    }
  }

  private settle(from: NodeId, queue: string, seq: number, how: "ack" | "requeue" | "reject"): void {
    const consumer = this.consumers.get(queue)?.get(from);
    if (!consumer?.unacked.has(seq)) return; // an ack for a delivery this consumer no longer holds
    consumer.unacked.delete(seq);
    this.inFlight.delete(seq);
    const message = this.queues.get(queue)?.get(seq) as QueuedMessage;
    if (how === "ack") this.remove(queue, seq);
    else if (how === "reject" || message.deliveries >= this.config.queues[queue].maxDeliveries) this.deadLetter(queue, message);
    this.dispatch(queue);
  }

  private returnUnacked(queue: string, consumer: QueueConsumer): void {
    for (const seq of consumer.unacked) {
      this.inFlight.delete(seq);
      const message = this.queues.get(queue)?.get(seq);
      if (message && message.deliveries >= (this.config.queues[queue]?.maxDeliveries ?? Infinity)) this.deadLetter(queue, message);
    }
    consumer.unacked.clear();
  }

  private deadLetter(queue: string, message: QueuedMessage): void {
    this.remove(queue, message.seq);
    this.store(deadLetterQueue(queue), { ...message, seq: this.nextSeq++ });
    this.ctx.storage.put(SEQ_KEY, this.nextSeq);
    this.ctx.log(`message ${message.messageId} dead-lettered to ${deadLetterQueue(queue)} after ${message.deliveries} deliveries`);
  }

  private store(queue: string, message: QueuedMessage): void {
    this.queues.get(queue)?.set(message.seq, message);
    this.ctx.storage.put(`q/${queue}/${message.seq}`, message as unknown as Json);
    this.annotateSizes();
  }

  private remove(queue: string, seq: number): void {
    this.queues.get(queue)?.delete(seq);
    this.ctx.storage.delete(`q/${queue}/${seq}`);
    this.annotateSizes();
  }

  // ---------------------------------------------------------------- plumbing

  private load(key: string): void {
    const parts = key.split("/");
    if (parts[0] === "log") {
      const log = this.logs.get(`${parts[1]}/${parts[2]}`);
      if (log) log[Number(parts[3])] = this.ctx.storage.get<StoredRecord>(key) as StoredRecord;
    } else if (parts[0] === "q") {
      const queue = parts.slice(1, -1).join("/");
      const message = this.ctx.storage.get<QueuedMessage>(key) as QueuedMessage;
      this.queues.get(queue)?.set(message.seq, message);
    }
  }

  private annotateSizes(): void {
    const sizes: { [name: string]: number } = {};
    for (const [tp, log] of this.logs) sizes[tp] = log.length;
    for (const [queue, messages] of this.queues) sizes[queue] = messages.size;
    this.ctx.annotate(sizes);
  }

  private reply(to: NodeId, msg: FromBroker): void {
    this.ctx.send(to, msg);
  }
}

function offsetKey(group: string, tp: TopicPartition): string {
  return `offset/${group}/${tp.topic}/${tp.partition}`;
}

function splitTp(name: string): [string, number] {
  const slash = name.lastIndexOf("/");
  return [name.slice(0, slash), Number(name.slice(slash + 1))];
}
