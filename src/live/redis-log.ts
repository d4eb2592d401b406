/**
 * A partitioned log in Kafka's words on Redis Streams: what the real-time services' broker client
 * (redis-broker-client.ts) stands on. One stream per partition, `<namespace>:<topic>:<partition>`;
 * a record's offset is its stream entry id's sequence minus one (entries are added as `0-*`, so
 * Redis numbers them 0-1, 0-2, ... atomically: offsets 0, 1, ... as in Kafka). A Kafka consumer
 * group is a Redis consumer group created on every partition's stream; the group's committed
 * offset is implicit: every entry below the first one still pending (delivered, not XACKed).
 * docs/ARCHITECTURE.md maps each call to Kafka's and to the Redis command it sends.
 */
import { Redis } from "ioredis";
import type { Json } from "../contracts/node";
import { partitionOf, type LogRecord, type TopicPartition } from "../broker/protocol";

/** Each topic's partition count, fixed when the services start (Kafka: the topic's configuration). */
export type TopicLayout = { [topic: string]: { partitions: number } };

/** Where a fetch reads: entries this member was handed before and has not committed (from an offset on), or new ones. */
export type FetchFrom = { pendingFrom: number } | "new";

type StreamReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

export class RedisLog {
  constructor(
    private readonly redis: Redis,
    readonly namespace: string,
    readonly topics: TopicLayout,
  ) {}

  /** Every partition of `topic`. */
  partitions(topic: string): TopicPartition[] {
    const layout = this.topics[topic];
    if (!layout) throw new Error(`no topic "${topic}" (topics: ${Object.keys(this.topics).join(", ")})`);
    return Array.from({ length: layout.partitions }, (_, partition) => ({ topic, partition }));
  }

  /** Kafka's ProduceRequest with acks: XADD to the key's partition; resolves with where it landed. */
  async produce(topic: string, key: string, value: Json): Promise<{ partition: number; offset: number }> {
    const partition = partitionOf(key, this.partitions(topic).length);
    const id = await this.redis.xadd(this.stream({ topic, partition }), "0-*", "key", key, "value", JSON.stringify(value));
    return { partition, offset: offsetOf(id as string) };
  }

  /** The group exists on the partition (XGROUP CREATE ... 0 MKSTREAM): a new group reads from offset 0 (auto.offset.reset=earliest). */
  async joinGroup(group: string, tp: TopicPartition): Promise<void> {
    try {
      await this.redis.xgroup("CREATE", this.stream(tp), group, "0", "MKSTREAM");
    } catch (error) {
      if (!/BUSYGROUP/.test((error as Error).message)) throw error;
    }
  }

  /** Kafka's fetch for a group member (XREADGROUP): up to `maxRecords` records, in offset order. */
  async fetch(group: string, member: string, tp: TopicPartition, from: FetchFrom, maxRecords: number): Promise<LogRecord[]> {
    // Reading "0-<offset>" returns this member's pending entries after that id, that is from `offset` on.
    const start = from === "new" ? ">" : `0-${from.pendingFrom}`;
    const reply = (await this.redis.xreadgroup("GROUP", group, member, "COUNT", maxRecords, "STREAMS", this.stream(tp), start)) as StreamReply;
    return (reply?.[0]?.[1] ?? []).map(([id, fields]) => this.record(tp, id, fields));
  }

  /** Kafka's offset commit of `toOffset` (the next offset to read): XACK every offset in [fromOffset, toOffset). */
  async commit(group: string, tp: TopicPartition, fromOffset: number, toOffset: number): Promise<void> {
    if (toOffset <= fromOffset) return;
    const ids = Array.from({ length: toOffset - fromOffset }, (_, i) => idOf(fromOffset + i));
    await this.redis.xack(this.stream(tp), group, ...ids);
  }

  /** Every record of a partition (XRANGE), for summaries and tests. */
  async records(tp: TopicPartition): Promise<LogRecord[]> {
    const entries = (await this.redis.xrange(this.stream(tp), "-", "+")) as [string, string[]][];
    return entries.map(([id, fields]) => this.record(tp, id, fields));
  }

  /** Delete every stream of this namespace (its records, groups and pending entries). */
  async drop(): Promise<void> {
    const keys = Object.keys(this.topics).flatMap((topic) => this.partitions(topic).map((tp) => this.stream(tp)));
    await this.redis.del(...keys);
  }

  private stream(tp: TopicPartition): string {
    return `${this.namespace}:${tp.topic}:${tp.partition}`;
  }

  private record(tp: TopicPartition, id: string, fields: string[]): LogRecord {
    const field = (name: string) => fields[fields.indexOf(name) + 1];
    let value: Json;
    try {
      value = JSON.parse(field("value")) as Json;
    } catch {
      value = field("value") ?? null; // not JSON: a poison record, handed on as it is
    }
    return { topic: tp.topic, partition: tp.partition, offset: offsetOf(id), key: field("key") ?? "", value };
  }
}

/** How to get Redis where it is missing (the devcontainer's compose file runs it). */
export const REDIS_START_HINT = "start it with `redis-server --daemonize yes` (Debian: apt-get install redis-server; Codespaces: the devcontainer runs it)";

/** Why Redis at `url` cannot be used, or undefined when it answers PING. */
export async function redisProblem(url: string): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `no answer at ${url}: ${(error as Error).message}`;
  } finally {
    redis.disconnect();
  }
}

/** "0-5" -> offset 4. */
function offsetOf(id: string): number {
  const offset = Number(id.split("-")[1]) - 1;
  if (!id.startsWith("0-") || !Number.isInteger(offset) || offset < 0) throw new Error(`stream entry id ${id} was not written by RedisLog (ids are 0-<offset + 1>)`);
  return offset;
}

function idOf(offset: number): string {
  return `0-${offset + 1}`;
}
