/**
 * The queue side of `BrokerClient` for real: RabbitMQ over AMQP 0-9-1 (amqplib), with the
 * simulated broker's promises (src/broker/client.ts) kept:
 *  - `enqueue` publishes on a confirm channel with the message id as AMQP `messageId`, persistent,
 *    and resends until RabbitMQ confirms (at least once: a resend after a lost confirm stores the
 *    message twice); `onConfirm` runs once, at the first confirm;
 *  - `consume(queue, prefetch)` is `basic.qos(prefetch)` + `basic.consume` with manual acks;
 *    `ack` and `nack(requeue)` are `basic.ack` and `basic.reject`;
 *  - every queue is a quorum queue whose delivery limit and dead-letter routing to `<queue>.dlq`
 *    give the simulator's `maxDeliveries` (docs/ARCHITECTURE.md maps each call and where the
 *    semantics differ).
 * Queue `q` is `<namespace>.q` on RabbitMQ, so a run's queues can be told apart and deleted.
 * Every callback into the service (a confirm, a delivery) runs through the host's handler runner:
 * one handler event, run to completion. One connection and one confirm channel carry everything;
 * when either closes (RabbitMQ restarted, a channel error), the client opens new ones after
 * `retryMs`, declares the queues again, consumes again and resends what was not confirmed.
 * Deliveries of the closed channel go back to their queue at RabbitMQ: an ack for one is dropped.
 * Nothing connects until the first enqueue or consume, so a service without queues opens no
 * connection.
 */
import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from "amqplib";
import type { Json } from "../contracts/node";
import type { BrokerClient, Delivery } from "../broker/client";
import { deadLetterQueue } from "../broker/protocol";
import type { HandlerRunner } from "./redis-broker-client";

/** Each queue's maximum deliveries, fixed when the services start (the simulated broker's `queues`). */
export type QueueLayout = { [queue: string]: { maxDeliveries: number } };

/** The queue calls of `BrokerClient`, with the life cycle the host drives. */
export type QueueSide = Pick<BrokerClient, "enqueue" | "consume" | "ack" | "nack"> & { connect(): void; close(): Promise<void> };

export interface RabbitQueueOptions {
  /** Wait this long before reconnecting, or resending a publish RabbitMQ refused (basic.nack). */
  retryMs: number;
}

export const DEFAULT_RABBIT_OPTIONS: RabbitQueueOptions = { retryMs: 200 };
export const DEFAULT_RABBIT_URL = "amqp://guest:guest@127.0.0.1:5672";

/** A connection and its one confirm channel; `consuming`: the queues this channel has a consumer on. */
type Session = { model: ChannelModel; channel: ConfirmChannel; consuming: Set<string> };
type Publish = { queue: string; messageId: string; body: Json; onConfirm?: () => void };

export class RabbitQueue implements QueueSide {
  private readonly publishes = new Map<number, Publish>();
  private publishCount = 0;
  private readonly consumers = new Map<string, { prefetch: number; onDelivery: (delivery: Delivery) => void }>();
  /** The channel each delivery came on, and its message: acks go there, or nowhere once it closed. */
  private readonly deliveries = new WeakMap<Delivery, { session: Session; message: ConsumeMessage }>();
  private session: Session | undefined;
  private opening = false;
  private open = false;
  private closed = false;
  private failing = false;

  constructor(
    private readonly url: string,
    readonly namespace: string,
    readonly queues: QueueLayout,
    private readonly run: HandlerRunner,
    private readonly report: (line: string) => void,
    private readonly options: RabbitQueueOptions = DEFAULT_RABBIT_OPTIONS,
  ) {}

  /** The host calls it once the node is up: no callback arrives before. */
  connect(): void {
    this.open = true;
    if (this.publishes.size > 0 || this.consumers.size > 0) this.ensureSession();
  }

  /** Close the connection: unconfirmed publishes and unacked deliveries are dropped, as a process exit drops them. */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    await session?.model.close().catch(() => undefined);
  }

  enqueue(queue: string, messageId: string, body: Json, onConfirm?: () => void): void {
    this.layoutOf(queue);
    const key = ++this.publishCount;
    this.publishes.set(key, { queue, messageId, body, onConfirm });
    if (this.session) this.publish(this.session, key);
    else this.ensureSession();
  }

  consume(queue: string, prefetch: number, onDelivery: (delivery: Delivery) => void): void {
    this.layoutOf(queue);
    this.consumers.set(queue, { prefetch, onDelivery });
    if (this.session) void this.startConsumer(this.session, queue);
    else this.ensureSession();
  }

  ack(delivery: Delivery): void {
    this.settle(delivery, (channel, message) => channel.ack(message));
  }

  /** basic.reject, AMQP's nack of one message: RabbitMQ 4.3 and later count a reject towards the delivery limit, a basic.nack not. */
  nack(delivery: Delivery, requeue: boolean): void {
    this.settle(delivery, (channel, message) => channel.reject(message, requeue));
  }

  /** `queue`'s name on RabbitMQ. */
  nameOf(queue: string): string {
    return `${this.namespace}.${queue}`;
  }

  private layoutOf(queue: string): { maxDeliveries: number } {
    const layout = this.queues[queue];
    if (!layout) throw new Error(`no queue "${queue}" (queues: ${Object.keys(this.queues).join(", ")})`);
    return layout;
  }

  /** Settle a delivery once, on the channel it came on; a closed channel already gave it back to the queue. */
  private settle(delivery: Delivery, how: (channel: ConfirmChannel, message: ConsumeMessage) => void): void {
    const held = this.deliveries.get(delivery);
    // A second ack of one delivery tag would be a channel error (PRECONDITION_FAILED): settle each once.
    this.deliveries.delete(delivery);
    if (held && held.session === this.session) how(held.session.channel, held.message);
  }

  private ensureSession(): void {
    if (!this.open || this.closed || this.session || this.opening) return;
    this.opening = true;
    void this.openSession().finally(() => (this.opening = false));
  }

  /** Connect, declare every queue, consume, resend what was not confirmed; on failure, again after retryMs. */
  private async openSession(): Promise<void> {
    while (!this.closed) {
      let model: ChannelModel | undefined;
      try {
        model = await connect(this.url);
        const channel = await model.createConfirmChannel();
        const session: Session = { model, channel, consuming: new Set() };
        model.on("error", () => undefined); // the close that follows says it
        channel.on("error", () => undefined);
        model.on("close", () => this.lost(session, "the connection closed"));
        channel.on("close", () => this.lost(session, "the channel closed"));
        await declareQueues(channel, this.namespace, this.queues);
        if (this.closed) return void (await model.close().catch(() => undefined));
        this.session = session;
        if (this.failing) this.report("RabbitMQ answers again");
        this.failing = false;
        for (const queue of this.consumers.keys()) await this.startConsumer(session, queue);
        for (const key of this.publishes.keys()) this.publish(session, key);
        return;
      } catch (error) {
        await model?.close().catch(() => undefined);
        if (!this.failing) this.report(`RabbitMQ at ${withoutCredentials(this.url)} failed (${(error as Error).message}); retrying every ${this.options.retryMs} ms`);
        this.failing = true;
        await sleep(this.options.retryMs);
      }
    }
  }

  /** The session broke: drop it and open another after retryMs (its deliveries are back in their queues). */
  private lost(session: Session, why: string): void {
    if (this.session !== session) return;
    this.session = undefined;
    if (this.closed) return;
    this.report(`${why}; reconnecting in ${this.options.retryMs} ms`);
    this.failing = true;
    void session.model.close().catch(() => undefined);
    setTimeout(() => this.ensureSession(), this.options.retryMs);
  }

  private publish(session: Session, key: number): void {
    const publish = this.publishes.get(key);
    if (!publish) return;
    const content = Buffer.from(JSON.stringify(publish.body));
    const properties = { messageId: publish.messageId, persistent: true, contentType: "application/json" };
    try {
      session.channel.publish("", this.nameOf(publish.queue), content, properties, (error: unknown) => {
        if (!error) return this.confirmed(key);
        // basic.nack: RabbitMQ could not store it. A closed channel fails every callback too; the next session resends those.
        if (this.session === session) setTimeout(() => this.session === session && this.publish(session, key), this.options.retryMs);
      });
    } catch {
      // The channel closed under us: the next session resends it.
    }
  }

  private confirmed(key: number): void {
    const publish = this.publishes.get(key);
    if (!publish) return; // confirmed before, on an earlier attempt
    this.publishes.delete(key);
    if (publish.onConfirm) this.run("enqueue confirmed", publish.onConfirm);
  }

  private async startConsumer(session: Session, queue: string): Promise<void> {
    const consumer = this.consumers.get(queue);
    if (!consumer || session.consuming.has(queue)) return; // a second consume of a queue only changes its handler
    session.consuming.add(queue);
    try {
      // basic.qos without global applies to the consumers this channel starts after it: one prefetch per queue.
      await session.channel.prefetch(consumer.prefetch);
      await session.channel.consume(this.nameOf(queue), (message) => {
        if (message === null) return this.lost(session, `RabbitMQ cancelled the consumer of ${this.nameOf(queue)}`);
        this.delivered(session, queue, message);
      });
    } catch {
      // The channel closed meanwhile: the next session consumes again.
    }
  }

  private delivered(session: Session, queue: string, message: ConsumeMessage): void {
    const returns = message.properties.headers?.["x-delivery-count"];
    const delivery: Delivery = {
      queue,
      deliveryTag: message.fields.deliveryTag,
      messageId: String(message.properties.messageId ?? ""),
      body: parseBody(message.content),
      deliveries: (typeof returns === "number" ? returns : 0) + 1,
    };
    this.deliveries.set(delivery, { session, message });
    this.run("delivery", () => this.consumers.get(queue)?.onDelivery(delivery));
  }
}

/**
 * Each queue as a quorum queue whose messages go to `<queue>.dlq` (a quorum queue too) after
 * `maxDeliveries`: RabbitMQ's delivery limit counts failed deliveries (a reject with requeue, a
 * channel closed with the message unacked), and dead-letters a message that failed more than
 * `x-delivery-limit` times, so the limit is maxDeliveries - 1. At-least-once dead-lettering (which needs
 * reject-publish overflow) keeps a message until the dead-letter queue confirms it.
 */
async function declareQueues(channel: ConfirmChannel, namespace: string, queues: QueueLayout): Promise<void> {
  for (const [queue, { maxDeliveries }] of Object.entries(queues)) {
    const name = `${namespace}.${queue}`;
    await channel.assertQueue(deadLetterQueue(name), { durable: true, arguments: { "x-queue-type": "quorum" } });
    await channel.assertQueue(name, {
      durable: true,
      arguments: {
        "x-queue-type": "quorum",
        "x-delivery-limit": maxDeliveries - 1,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": deadLetterQueue(name),
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
      },
    });
  }
}

/** Delete the namespace's queues and their dead-letter queues (messages and all). */
export async function dropQueues(url: string, namespace: string, queues: QueueLayout): Promise<void> {
  const model = await connect(url);
  try {
    const channel = await model.createChannel();
    for (const queue of Object.keys(queues)) {
      await channel.deleteQueue(`${namespace}.${queue}`);
      await channel.deleteQueue(deadLetterQueue(`${namespace}.${queue}`));
    }
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** The messages ready in the RabbitMQ queue `name` (its name on RabbitMQ), or undefined when there is no such queue: for tests. */
export async function readyMessages(url: string, name: string): Promise<number | undefined> {
  const model = await connect(url);
  model.on("error", () => undefined);
  try {
    const channel = await model.createChannel();
    channel.on("error", () => undefined); // a missing queue closes the channel with NOT_FOUND
    return (await channel.checkQueue(name)).messageCount;
  } catch (error) {
    if (/NOT_FOUND/.test((error as Error).message)) return undefined;
    throw error;
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** How to get RabbitMQ where it is missing (the devcontainer's compose file runs it). */
export const RABBIT_START_HINT = "start it with `rabbitmq-server -detached` (Debian: apt-get install rabbitmq-server; Codespaces: the devcontainer runs it)";

/** Why RabbitMQ at `url` cannot be used, or undefined when it accepts a connection and a channel. */
export async function rabbitProblem(url: string): Promise<string | undefined> {
  let model: ChannelModel | undefined;
  try {
    model = await connect(url, { timeout: 2_000 });
    model.on("error", () => undefined);
    await model.createChannel();
    return undefined;
  } catch (error) {
    return `at ${withoutCredentials(url)}: ${(error as Error).message}`; // no answer, or one that refuses the login: the error says which
  } finally {
    await model?.close().catch(() => undefined);
  }
}

/** "amqp://guest:guest@127.0.0.1:5672" -> "amqp://127.0.0.1:5672", for messages. */
export function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}

/** The body as the service sent it, or the raw text when it is not JSON (a poison message, handed on as it is). */
function parseBody(content: Buffer): Json {
  const text = content.toString("utf8");
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
