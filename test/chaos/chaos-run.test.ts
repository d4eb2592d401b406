/**
 * The chaos runner on the simulator and `npm run chaos`: the Chaos Monkey's kills are decided by
 * the seed alone, the same seed replays the same run, the reference services lose and duplicate
 * nothing under kills, partitions and a slow broker while the breaker opens and closes again,
 * the startup's naive payment service is caught charging twice, and the command exits 0 on the
 * reference, 3 on a target --live cannot kill (the broker). Runs are short (30 s of virtual time) to stay quick.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { breakerOf } from "../../src/chaos/breakers";
import { chaosMonkeyMethod } from "../../src/chaos/chaos-monkey";
import { ROLLBACKS, SHOP_HYPOTHESIS, type ChaosExperiment, type Fault } from "../../src/chaos/experiment";
import { DEFAULT_CHAOS_RUN, runChaos, type ShopServices } from "../../src/chaos/runner";
import { sumOf } from "../../src/chaos/integrity";
import { errorRateChart, latencyChart } from "../../src/chaos/views";
import { NaiveOrderService, NaivePaymentService } from "../../src/demos/messaging-naive";
import { CircuitBreaker } from "../../solutions/week3/circuit-breaker";
import { OrderService } from "../../solutions/week3/outbox";
import { PaymentService } from "../../solutions/week3/payment-consumer";
import { expectCleanLabels, expectNiceTicks, tickValues } from "../viz/layout";

const ROOT = join(__dirname, "..", "..");
const REFERENCE: ShopServices = { orderService: OrderService, paymentService: PaymentService, breaker: breakerOf(CircuitBreaker) };
const SHORT = { ...DEFAULT_CHAOS_RUN, durationMs: 30_000, rollbackAtMs: 25_000 };

function experiment(faults: Fault[]): ChaosExperiment {
  return { title: "test", description: "test", steadyStateHypothesis: SHOP_HYPOTHESIS, method: faults.map((fault) => ({ type: "action", name: fault.kind, fault })), rollbacks: ROLLBACKS };
}

const EVERY_FAULT = experiment([
  { kind: "kill", target: "order-service", atMs: 5_000, durationMs: 2_000 },
  { kind: "kill", target: "payment-service", atMs: 10_000, durationMs: 2_000 },
  { kind: "partition", target: "order-service", atMs: 15_000, durationMs: 2_000 },
  { kind: "slow", target: "broker", atMs: 20_000, durationMs: 2_000, extraDelayMs: 300 },
]);

describe("chaos: the runner on the simulated shop", function () {
  this.timeout(120_000);

  it("the Chaos Monkey's kills come from the seed alone, one round per interval, inside the method's time", () => {
    const options = { intervalMs: 10_000, killProbability: 0.3, targets: ["user-service", "order-service"] as const, fromMs: 0, untilMs: 100_000, downMs: 3_000 };
    const plan = chaosMonkeyMethod(7, options);
    expect(chaosMonkeyMethod(7, options)).to.deep.equal(plan);
    expect(chaosMonkeyMethod(8, options)).to.not.deep.equal(plan);
    for (const { fault } of plan) expect(fault.atMs % 10_000 === 0 && fault.atMs > 0 && fault.atMs < 100_000).to.equal(true);
    expect(chaosMonkeyMethod(7, { ...options, killProbability: 0 })).to.deep.equal([]);
  });

  it("the reference loses and duplicates nothing under every fault kind; the breaker opens and closes; the same seed replays the run", () => {
    const run = runChaos({ ...SHORT, seed: 3, experiment: EVERY_FAULT, services: REFERENCE });
    expect(run.integrity.ok, JSON.stringify(run.integrity).slice(0, 300)).to.equal(true);
    expect(run.integrity.accepted).to.be.greaterThan(500);
    expect(run.verdict.before && run.verdict.after).to.equal(true);
    expect(run.verdict.recoveries).to.have.length(4);
    expect(run.breaker?.map((t) => t.to)).to.include.members(["OPEN", "HALF_OPEN", "CLOSED"]);
    const again = runChaos({ ...SHORT, seed: 3, experiment: EVERY_FAULT, services: REFERENCE });
    expect(JSON.stringify([again.requests, again.breaker, again.verdict])).to.equal(JSON.stringify([run.requests, run.breaker, run.verdict]));
  });

  it("the startup's naive payment service, killed in the middle of a charge, charges an order twice", () => {
    const kill = experiment([{ kind: "kill", target: "payment-service", atMs: 5_000, durationMs: 2_000 }]);
    const run = runChaos({ ...SHORT, seed: 4, experiment: kill, services: { orderService: NaiveOrderService, paymentService: NaivePaymentService } });
    expect(sumOf(run.integrity.chargedTwice)).to.be.greaterThan(0);
    expect(run.integrity.ok).to.equal(false);
    expect(run.breaker).to.equal(null);
  });

  it("the pictures keep the layout rules: labels inside and apart, nice ticks", () => {
    const run = runChaos({ ...SHORT, durationMs: 12_000, rollbackAtMs: 10_000, seed: 5, experiment: experiment([{ kind: "kill", target: "order-service", atMs: 4_000, durationMs: 2_000 }]), services: REFERENCE });
    for (const [what, svg] of [["latency", latencyChart(run)], ["error rate", errorRateChart(run)]]) {
      expectCleanLabels(svg, what);
      expectNiceTicks(tickValues(svg, "tick-x"), { what: `${what}: time` });
    }
  });

  it("npm run chaos: the chapter's flags on the reference exit 0 with the report and the replay command; --live refuses the broker as a target (exit 3)", () => {
    const out = mkdtempSync(join(tmpdir(), "chaos-"));
    try {
      const chaos = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "scripts", "run.js"), join(ROOT, "scripts", "chaos.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      const started = Date.now();
      const ok = chaos("--interval=10s", "--kill-probability=0.5", "--target-services=user-service,order-service", "--duration=30s", "--seed=7", "--solutions", `--out=${out}`);
      console.log(`      (npm run chaos, 30 s simulated: ${((Date.now() - started) / 1_000).toFixed(1)} s)`);
      expect(ok.status, ok.stdout + ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/lost 0/);
      expect(ok.stdout).to.match(/charged twice: 0/);
      expect(ok.stdout).to.match(/replay: npm run chaos -- .*--seed=7/);
      expect(existsSync(join(out, "report.html"))).to.equal(true);
      expect(JSON.parse(readFileSync(join(out, "results.json"), "utf8")).outcome).to.equal("held");
      const live = chaos("--live", "--target-services=broker");
      expect(live.status).to.equal(3);
      expect(live.stderr).to.match(/--live: the brokers are Redis and RabbitMQ/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
