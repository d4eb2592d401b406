/**
 * The chapter's services for real, end to end: `npm run services --solutions` (user, order and
 * payment services as processes, through Redis Streams on 127.0.0.1), orders placed by the same
 * driver as `npm run orders`, the payment service and then the order service killed with SIGKILL
 * midway and restarted by the supervisor. Every order must end PAID or CANCELLED, none charged
 * twice, none lost. Real time, so every wait is bounded; free ports, and a Redis namespace of its
 * own that is deleted afterwards.
 */
import { expect } from "chai";
import { existsSync } from "node:fs";
import { join } from "node:path";
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
];

describe("live: the chapter's services through Redis Streams, killed with -9 midway", function () {
  this.timeout(120_000);
  let services: ServicesProcess | undefined;
  let output = "";

  after(async () => {
    await services?.stop();
  });

  it("settles every order exactly once: none charged twice, none lost", async function () {
    requireOrSkip(this, "Redis", await redisProblem(DEFAULT_REDIS_URL), REDIS_START_HINT);
    services = await startServicesProcess({
      solutions: true,
      redisUrl: DEFAULT_REDIS_URL,
      namespace: `e2e-${process.pid}-${Date.now().toString(36)}`,
      startTimeoutMs: 60_000,
      onOutput: (line) => (output += `${line}\n`),
    });
    const running = services;
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
    expect(killed.map((k) => k.service), report).to.deep.equal(KILLS.map((k) => k.service));
    for (const { service } of killed) expect(output, report).to.include(`${service} was killed (SIGKILL)`);
    const restarted = running.file().pids;
    for (const { service, pid } of killed) expect(restarted[service], `${service} runs again under a new pid`).to.not.equal(pid);
    expect(summary.placed, report).to.equal(ORDERS);
    expect(summary.pending, report).to.equal(0);
    expect(summary.chargedTwice, report).to.equal(0);
    expect(summary.lost, report).to.equal(0);
    expect(summary.paid + summary.cancelled, report).to.equal(ORDERS);
    expect(summary.cancelled, "dave runs out of money: some orders are declined").to.be.greaterThan(0);
    expect(existsSync(join(running.dir, "payments.jsonl")), "the payment service's journal").to.equal(true);
  });
});
