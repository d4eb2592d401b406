/**
 * The chapter's services for real, end to end: `npm run services --solutions` (user, order and
 * payment services as processes, through Redis Streams on 127.0.0.1), orders placed by the same
 * driver as `npm run orders`, the payment service and then the order service killed with SIGKILL
 * midway and restarted by the supervisor. Every order must end PAID or CANCELLED, none charged
 * twice, none lost. Real time, so every wait is bounded; free ports, and a Redis namespace of its
 * own that is deleted afterwards.
 */
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { fetchJson, freePorts } from "../../src/live";
import { REDIS_START_HINT, RedisLog, redisProblem } from "../../src/live/redis-log";
import { DEFAULT_REDIS_URL, LIVE_TOPICS, SERVICES, readServicesFile, type ServiceId } from "../../src/live/shop-layout";
import { formatSummary } from "../../src/live/shop-summary";
import { DEFAULT_TRAFFIC, driveOrders } from "../../src/live/shop-traffic";
import { requireOrSkip } from "../support/requirements";

const ROOT = join(__dirname, "..", "..");
const ORDERS = 240;
/** Kill -9 this service when this many orders were acknowledged. */
const KILLS: { at: number; service: ServiceId }[] = [
  { at: 50, service: "payments" },
  { at: 120, service: "orders" },
];

describe("live: the chapter's services through Redis Streams, killed with -9 midway", function () {
  this.timeout(120_000);
  const namespace = `e2e-${process.pid}-${Date.now().toString(36)}`;
  let supervisor: ChildProcess | undefined;
  let dir: string | undefined;
  let output = "";

  after(async () => {
    if (supervisor && supervisor.exitCode === null) {
      const exited = new Promise((resolve) => supervisor!.once("exit", resolve));
      supervisor.kill("SIGTERM");
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (supervisor) {
      const redis = new Redis(DEFAULT_REDIS_URL);
      await new RedisLog(redis, namespace, LIVE_TOPICS).drop();
      redis.disconnect();
    }
  });

  it("settles every order exactly once: none charged twice, none lost", async function () {
    requireOrSkip(this, "Redis", await redisProblem(DEFAULT_REDIS_URL), REDIS_START_HINT);
    const ports = await freePorts(4);
    dir = mkdtempSync(join(tmpdir(), "live-services-"));
    supervisor = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "services.ts"), "--solutions", "--quiet", "--ports", ports.join(","), "--dir", dir, "--namespace", namespace], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    supervisor.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    supervisor.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor("every service answers GET /status", async () => {
      const answers = await Promise.all(ports.slice(0, SERVICES.length).map((port) => fetchJson(port, "GET", "/status", undefined, 1_000).then(() => true, () => false)));
      return answers.every(Boolean);
    }, 60_000);

    const servicesDir = dir;
    const killed: { service: ServiceId; pid: number }[] = [];
    const { summary } = await driveOrders(readServicesFile(servicesDir), {
      ...DEFAULT_TRAFFIC,
      count: ORDERS,
      timeoutMs: 60_000,
      onAcknowledged: (acknowledged) => {
        for (const kill of KILLS.filter((k) => k.at === acknowledged)) {
          const pid = readServicesFile(servicesDir).pids[kill.service] as number;
          process.kill(pid, "SIGKILL");
          killed.push({ service: kill.service, pid });
        }
      },
    });
    const report = `${formatSummary(summary, 0)}\nservices said:\n${output}`;
    expect(killed.map((k) => k.service), report).to.deep.equal(KILLS.map((k) => k.service));
    for (const { service } of killed) expect(output, report).to.include(`${service} was killed (SIGKILL)`);
    const restarted = readServicesFile(servicesDir).pids;
    for (const { service, pid } of killed) expect(restarted[service], `${service} runs again under a new pid`).to.not.equal(pid);
    expect(summary.placed, report).to.equal(ORDERS);
    expect(summary.pending, report).to.equal(0);
    expect(summary.chargedTwice, report).to.equal(0);
    expect(summary.lost, report).to.equal(0);
    expect(summary.paid + summary.cancelled, report).to.equal(ORDERS);
    expect(summary.cancelled, "dave runs out of money: some orders are declined").to.be.greaterThan(0);
    expect(existsSync(join(servicesDir, "payments.jsonl")), "the payment service's journal").to.equal(true);
  });
});

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
