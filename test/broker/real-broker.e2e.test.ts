/**
 * The chapter's services for real, end to end: `npm run services --solutions` (user, order and
 * payment services as processes, through Redis Streams on 127.0.0.1, and the notification worker,
 * which sends the receipts the user service puts on a RabbitMQ queue), orders placed by the same
 * driver as `npm run orders`, the payment service, the order service and the notification worker
 * killed with SIGKILL midway and restarted by the supervisor. Every order must end PAID or
 * CANCELLED, none charged twice, none lost, each with exactly one receipt. Real time, so every wait
 * is bounded; free ports, and a namespace of its own (Redis keys, RabbitMQ queues) deleted afterwards.
 */
import { expect } from "chai";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_RABBIT_URL, RABBIT_START_HINT, rabbitProblem, readyMessages } from "../../src/live/rabbit-queue";
import { REDIS_START_HINT, redisProblem } from "../../src/live/redis-log";
import { startServicesProcess, type ServicesProcess } from "../../src/live/services-process";
import { DEFAULT_REDIS_URL, type ServiceId } from "../../src/live/shop-layout";
import { formatSummary } from "../../src/live/shop-summary";
import { DEFAULT_TRAFFIC, driveOrders } from "../../src/live/shop-traffic";
import { requireOrSkip } from "../support/requirements";

const ORDERS = 240;
/** Kill -9 this service when this many orders were acknowledged. */
const KILLS: { at: number; service: ServiceId }[] = [
  { at: 50, service: "payments" },
  { at: 120, service: "orders" },
  { at: 170, service: "notifications" },
];

describe("live: the chapter's services through Redis Streams and RabbitMQ, killed with -9 midway", function () {
  this.timeout(120_000);
  let services: ServicesProcess | undefined;
  let output = "";
  const namespace = `e2e-${process.pid}-${Date.now().toString(36)}`;

  after(async () => {
    await services?.stop();
  });

  it("settles every order exactly once: none charged twice, none lost, one receipt each", async function () {
    requireOrSkip(this, "Redis", await redisProblem(DEFAULT_REDIS_URL), REDIS_START_HINT);
    requireOrSkip(this, "RabbitMQ", await rabbitProblem(DEFAULT_RABBIT_URL), RABBIT_START_HINT);
    const startedMs = Date.now();
    services = await startServicesProcess({
      solutions: true,
      redisUrl: DEFAULT_REDIS_URL,
      rabbitUrl: DEFAULT_RABBIT_URL,
      namespace,
      startTimeoutMs: 60_000,
      onOutput: (line) => (output += `${line}\n`),
    });
    const running = services;
    const startMs = Date.now() - startedMs;
    const killed: { service: ServiceId; pid: number }[] = [];
    const { summary } = await driveOrders(running.file(), {
      ...DEFAULT_TRAFFIC,
      count: ORDERS,
      timeoutMs: 60_000,
      onAcknowledged: (acknowledged) => {
        for (const kill of KILLS.filter((k) => k.at === acknowledged)) {
          const pid = running.file().pids[kill.service] as number;
          process.kill(pid, "SIGKILL");
          killed.push({ service: kill.service, pid });
        }
      },
    });
    const report = `${formatSummary(summary, 0)}\nservices said:\n${output}`;
    console.log(`      (services up in ${(startMs / 1000).toFixed(1)} s, whole run ${((Date.now() - startedMs) / 1000).toFixed(1)} s)`);
    expect(killed.map((k) => k.service), report).to.deep.equal(KILLS.map((k) => k.service));
    for (const { service } of killed) expect(output, report).to.include(`${service} was killed (SIGKILL)`);
    const restarted = running.file().pids;
    for (const { service, pid } of killed) expect(restarted[service], `${service} runs again under a new pid`).to.not.equal(pid);
    expect(summary.placed, report).to.equal(ORDERS);
    expect(summary.pending, report).to.equal(0);
    expect(summary.chargedTwice, report).to.equal(0);
    expect(summary.lost, report).to.equal(0);
    expect(summary.receiptsMissing, report).to.equal(0);
    expect(summary.receiptsTwice, report).to.equal(0);
    expect(summary.paid + summary.cancelled, report).to.equal(ORDERS);
    expect(summary.cancelled, "dave runs out of money: some orders are declined").to.be.greaterThan(0);
    expect(existsSync(join(running.dir, "payments.jsonl")), "the payment service's journal").to.equal(true);
    await running.stop();
    services = undefined;
    expect(await readyMessages(DEFAULT_RABBIT_URL, `${namespace}.receipts`), "the run's queues are deleted").to.equal(undefined);
    expect(await readyMessages(DEFAULT_RABBIT_URL, `${namespace}.receipts.dlq`)).to.equal(undefined);
  });
});

