/**
 * `npm run chaos -- --live` end to end: the reference services started as real processes (their
 * own free loopback ports and namespace in Redis and RabbitMQ, removed by the command afterwards),
 * real orders, and the order service killed with SIGKILL (probability 1: the kill is certain) and
 * restarted by the supervisor. No accepted order may be lost or charged twice, the report must be
 * written and the run's Redis keys and RabbitMQ queues removed. The hypothesis's tolerances are timings that a loaded machine can miss
 * (a restart under load has taken 11.5 s): the run reports them, this test does not assert them
 * (speed is `npm run bench`'s business), so "held" and "deviated" both pass, a crash or a vacuous
 * run does not. Real time, so every wait is bounded.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { DEFAULT_RABBIT_URL, RABBIT_START_HINT, rabbitProblem, readyMessages } from "../../src/live/rabbit-queue";
import { REDIS_START_HINT, redisProblem } from "../../src/live/redis-log";
import { DEFAULT_REDIS_URL } from "../../src/live/shop-layout";
import { requireOrSkip } from "../support/requirements";

const ROOT = join(__dirname, "..", "..");
/** One kill at 5 s; the rollbacks at 10 s leave it 5 s to come back before "after" is judged. */
const ARGS = ["--live", "--solutions", "--duration=20s", "--interval=5s", "--kill-probability=1", "--target-services=order-service", "--seed=7"];

describe("npm run chaos -- --live: the reference services killed for real", function () {
  this.timeout(120_000);
  let out: string | undefined;

  after(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("kills the order service, and no order is lost or charged twice", async function () {
    requireOrSkip(this, "Redis", await redisProblem(DEFAULT_REDIS_URL), REDIS_START_HINT);
    requireOrSkip(this, "RabbitMQ", await rabbitProblem(DEFAULT_RABBIT_URL), RABBIT_START_HINT);
    out = mkdtempSync(join(tmpdir(), "chaos-live-"));
    const command = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "chaos.ts"), ...ARGS, `--out=${out}`], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    command.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    command.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => command.once("exit", resolve));

    expect(code, output).to.be.oneOf([0, 1]);
    expect(output, "the kill happened, and the supervisor restarted the service").to.match(/order-service killed \(SIGKILL to pid \d+\)[\s\S]*order-service answers again/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { outcome: string; integrity: { lost: string[]; chargedTwice: object; ok: boolean }; recoveries: unknown[] };
    expect(results.outcome, output).to.be.oneOf(["held", "deviated"]);
    expect(results.recoveries, output).to.have.length(1);
    expect(results.integrity.lost, output).to.deep.equal([]);
    expect(results.integrity.chargedTwice, output).to.deep.equal({});
    expect(existsSync(join(out, "report.html")), "the report page").to.equal(true);
    const namespace = /namespace (chaos-[\w-]+)/.exec(output)?.[1];
    expect(namespace, output).to.be.a("string");
    const redis = new Redis(DEFAULT_REDIS_URL);
    const left = await redis.keys(`${namespace}:*`).finally(() => redis.disconnect());
    expect(left, "the run's Redis keys are removed").to.deep.equal([]);
    expect(await readyMessages(DEFAULT_RABBIT_URL, `${namespace}.receipts`), "the run's RabbitMQ queue is removed").to.equal(undefined);
  });
});
