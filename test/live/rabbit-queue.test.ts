/**
 * The queue side of the live broker client on a real RabbitMQ (127.0.0.1:5672, guest/guest):
 * publisher confirms, the prefetch bound, redelivery of what a closed consumer held, dead-lettering
 * after the delivery limit, and the run's queues deleted. Each test has a namespace of its own,
 * deleted afterwards; every wait is bounded.
 */
import { expect } from "chai";
import { connect, type Channel } from "amqplib";
import type { Json } from "../../src/contracts/node";
import type { Delivery } from "../../src/broker/client";
import { DEFAULT_RABBIT_URL, dropQueues, RABBIT_START_HINT, RabbitQueue, rabbitProblem, readyMessages, type QueueLayout } from "../../src/live/rabbit-queue";
import { requireOrSkip } from "../support/requirements";

const LAYOUT: QueueLayout = { jobs: { maxDeliveries: 3 } };
const WAIT_MS = 5_000;

describe("live: the RabbitMQ queue of the broker client", function () {
  this.timeout(30_000);
  let namespace = "";
  let opened: RabbitQueue[] = [];

  beforeEach(async function () {
    requireOrSkip(this, "RabbitMQ", await rabbitProblem(DEFAULT_RABBIT_URL), RABBIT_START_HINT);
    namespace = `test-${process.pid}-${Date.now().toString(36)}`;
    opened = [];
  });

  afterEach(async () => {
    await Promise.all(opened.map((queue) => queue.close()));
    if (namespace) await dropQueues(DEFAULT_RABBIT_URL, namespace, LAYOUT);
  });

  /** A client whose callbacks run at once (the host's runner runs each as one handler event). */
  function client(layout: QueueLayout = LAYOUT): RabbitQueue {
    const queue = new RabbitQueue(DEFAULT_RABBIT_URL, namespace, layout, (_event, handler) => handler(), () => undefined);
    queue.connect();
    opened.push(queue);
    return queue;
  }

  /** Enqueue messages m0, m1, ... (body i) and wait for every confirm. */
  async function enqueued(count: number): Promise<void> {
    const producer = client();
    let confirmed = 0;
    for (let i = 0; i < count; i++) producer.enqueue("jobs", `m${i}`, i, () => confirmed++);
    await until(() => confirmed === count);
  }

  function consumeAll(queue: RabbitQueue, prefetch: number): Delivery[] {
    const got: Delivery[] = [];
    queue.consume("jobs", prefetch, (delivery) => got.push(delivery));
    return got;
  }

  it("enqueue: each confirm arrives once, and the messages come with their ids and bodies", async () => {
    const producer = client();
    const confirms: string[] = [];
    for (let i = 0; i < 5; i++) producer.enqueue("jobs", `m${i}`, { n: i }, () => confirms.push(`m${i}`));
    await until(() => confirms.length === 5);
    const got = consumeAll(client(), 10);
    await until(() => got.length === 5);
    await sleep(200); // nothing more comes
    expect([...confirms].sort()).to.deep.equal(["m0", "m1", "m2", "m3", "m4"]);
    expect(got.map((d) => [d.messageId, d.body, d.deliveries])).to.deep.equal([0, 1, 2, 3, 4].map((i) => [`m${i}`, { n: i } as Json, 1]));
  });

  it("consume: at most `prefetch` unacknowledged at a time; an ack lets the next one through", async () => {
    await enqueued(6);
    const consumer = client();
    const got = consumeAll(consumer, 2);
    await until(() => got.length === 2);
    await sleep(300);
    expect(got.length, "held at the prefetch").to.equal(2);
    consumer.ack(got[0]);
    await until(() => got.length === 3);
    await sleep(300);
    expect(got.map((d) => d.messageId)).to.deep.equal(["m0", "m1", "m2"]);
  });

  it("a consumer that goes away without acking: its messages come to another, one delivery higher", async () => {
    await enqueued(3);
    const first = client();
    const held = consumeAll(first, 10);
    await until(() => held.length === 3);
    first.ack(held[0]);
    await sleep(100);
    await first.close(); // the channel closes with m1 and m2 unacked
    const got = consumeAll(client(), 10);
    await until(() => got.length === 2);
    expect(got.map((d) => [d.messageId, d.deliveries])).to.deep.equal([["m1", 2], ["m2", 2]]);
    first.ack(held[1]); // too late: dropped, not a channel error
  });

  it("nack with requeue until maxDeliveries, then <queue>.dlq; nack without requeue dead-letters at once", async () => {
    const queue = client();
    let confirmed = 0;
    queue.enqueue("jobs", "poison", "x", () => confirmed++);
    queue.enqueue("jobs", "rejected", "y", () => confirmed++);
    await until(() => confirmed === 2);
    const seen: [string, number][] = [];
    queue.consume("jobs", 1, (delivery) => {
      seen.push([delivery.messageId, delivery.deliveries]);
      queue.nack(delivery, delivery.messageId === "poison");
    });
    await until(async () => (await count(`${namespace}.jobs.dlq`)) === 2);
    expect(seen.filter(([id]) => id === "poison").map(([, n]) => n), "maxDeliveries 3").to.deep.equal([1, 2, 3]);
    expect(seen.filter(([id]) => id === "rejected").map(([, n]) => n)).to.deep.equal([1]);
    expect(await count(`${namespace}.jobs`)).to.equal(0);
  });

  it("dropQueues deletes the namespace's queues and dead-letter queues", async () => {
    const queue = client();
    let confirmed = false;
    queue.enqueue("jobs", "m", 1, () => (confirmed = true));
    await until(() => confirmed);
    expect(await count(`${namespace}.jobs`)).to.equal(1);
    await queue.close();
    await dropQueues(DEFAULT_RABBIT_URL, namespace, LAYOUT);
    expect(await count(`${namespace}.jobs`)).to.equal(undefined);
    expect(await count(`${namespace}.jobs.dlq`)).to.equal(undefined);
  });

  it("recovers: retries while RabbitMQ refuses the queue's declaration, and consumes again after RabbitMQ cancelled its consumer", async () => {
    // A queue of that name with other arguments: RabbitMQ closes the channel of every declaration that differs.
    await withChannel((channel) => channel.assertQueue(`${namespace}.jobs`, { durable: true }));
    const reports: string[] = [];
    const queue = new RabbitQueue(DEFAULT_RABBIT_URL, namespace, LAYOUT, (_event, handler) => handler(), (line) => reports.push(line), { retryMs: 50 });
    opened.push(queue);
    queue.connect();
    const got = consumeAll(queue, 10);
    let confirmed = false;
    queue.enqueue("jobs", "m0", 0, () => (confirmed = true));
    await until(() => reports.length > 0);
    expect(reports[0]).to.match(/RabbitMQ at amqp:\/\/127\.0\.0\.1:5672 failed \(.*PRECONDITION_FAILED.*\); retrying every 50 ms/);
    await withChannel((channel) => channel.deleteQueue(`${namespace}.jobs`));
    await until(() => confirmed && got.length === 1);
    expect(reports).to.include("RabbitMQ answers again");
    // Deleting the queue cancels the consumer: the client opens a new connection, declares it again and consumes.
    await withChannel((channel) => channel.deleteQueue(`${namespace}.jobs`));
    await until(() => reports.some((line) => /cancelled the consumer/.test(line)));
    queue.enqueue("jobs", "m1", 1);
    await until(() => got.length === 2);
    expect(got.map((d) => d.messageId)).to.deep.equal(["m0", "m1"]);
    queue.ack(got[0]); // a delivery of the closed channel: dropped
    queue.ack(got[1]);
    await sleep(100);
    expect(await count(`${namespace}.jobs`)).to.equal(0);
  });

  it("refuses a queue it was not told about", () => {
    expect(() => client().enqueue("other", "m", 1)).to.throw(/no queue "other" \(queues: jobs\)/);
  });
});

/** Run `use` on a channel of a connection of its own, as another program would. */
async function withChannel(use: (channel: Channel) => Promise<unknown>): Promise<void> {
  const model = await connect(DEFAULT_RABBIT_URL);
  try {
    await use(await model.createChannel());
  } finally {
    await model.close();
  }
}

function count(name: string): Promise<number | undefined> {
  return readyMessages(DEFAULT_RABBIT_URL, name);
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadlineMs = Date.now() + WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadlineMs) throw new Error(`not within ${WAIT_MS} ms`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
