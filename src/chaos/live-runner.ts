/**
 * A chaos experiment against the real services (`npm run chaos -- --live`): the same experiment,
 * shoppers, buckets, hypothesis and integrity check as the simulated runner (runner.ts), with real
 * inputs. The shoppers are the simulator's `ShopperNode` on the real-time host, ordering straight
 * from the order service (the live user service is a directory with no breaker in front of the
 * orders). Each kill of the method is a SIGKILL of the service's current process at its time; the
 * supervisor (`npm run services`) restarts it, so a kill's window lasts from the signal until the
 * new process answers: measured, not chosen. The seed decides which kills happen and when they
 * are due; the timings around them are the machine's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ORDER_SERVICE, type OrderStatus, type PlaceOrder } from "../contracts/messaging";
import type { NodeContext } from "../contracts/node";
import { LiveNode } from "../live/host";
import { restarted, sleep, type ServicesProcess } from "../live/services-process";
import { LIVE_CUSTOMERS, SHOPPER, type ServiceId } from "../live/shop-layout";
import { ledger, orderStatuses } from "../live/shop-traffic";
import { bucketize } from "./buckets";
import { describeFault, SERVICE_NODES, type Fault, type ServiceName } from "./experiment";
import type { FaultWindowRecord } from "./faults";
import { faultPeriods, judgeExperiment } from "./hypothesis";
import { checkIntegrity } from "./integrity";
import type { ChaosRun, ChaosRunSettings } from "./runner";
import { ShopperNode, type RequestRecord } from "./traffic";

export interface LiveChaosOptions extends ChaosRunSettings {
  services: ServicesProcess;
  /** A killed service not answering again within this long ends its window there (it did not recover). */
  restartTimeoutMs: number;
  /** Each kill and restart, as it happens. */
  onEvent: (line: string) => void;
}

/** One amount for every order, as on the simulator: a double charge then counts whole orders. */
const AMOUNT_CENTS = 100;
/** How often the order service's statuses are read to time settlements (their resolution). */
const SETTLE_POLL_MS = 250;

export async function runChaosLive(options: LiveChaosOptions): Promise<ChaosRun> {
  const { services, experiment } = options;
  const funds = (await ledger(services.file(), Date.now() + options.restartTimeoutMs)).balances;
  const requests: RequestRecord[] = [];
  const traffic = { ratePerS: options.ratePerS, untilMs: options.durationMs, timeoutMs: options.shopperTimeoutMs, customers: Object.keys(LIVE_CUSTOMERS), amount: AMOUNT_CENTS };
  const storageDir = mkdtempSync(join(tmpdir(), "chaos-shopper-"));
  const startMs = Date.now();
  const sinceStart = () => Date.now() - startMs;
  const shopper = await LiveNode.start({
    id: SHOPPER,
    ports: services.file().ports,
    // The shopper's clock starts with the traffic, so its records line up with the buckets and the kills.
    factory: (ctx: NodeContext<PlaceOrder, any>) => new ShopperNode({ ...ctx, now: sinceStart }, ORDER_SERVICE, traffic, requests),
    storagePath: join(storageDir, "shopper.json"),
    seed: options.seed,
    log: () => undefined,
  });
  try {
    const killer = new Killer(services, options, sinceStart);
    for (const { fault } of experiment.method) setTimeout(() => killer.kill(fault), fault.atMs - sinceStart());
    const settlements = settlementPoller(services, requests, sinceStart);
    await sleep(options.durationMs - sinceStart());
    const deadlineMs = Date.now() + options.drainMsMax;
    while (Date.now() < deadlineMs && !settlements.drained()) await sleep(SETTLE_POLL_MS);
    settlements.stop();
    const windows = await killer.windows();
    const statuses = await orderStatuses(services.file()).catch(() => undefined);
    const after = await ledger(services.file(), Date.now() + options.restartTimeoutMs);
    const buckets = bucketize(requests, options.bucketMs, options.durationMs);
    const periods = faultPeriods(windows);
    const { seed, durationMs, rollbackAtMs, bucketMs, ratePerS, shopperTimeoutMs, drainMsMax } = options;
    return {
      options: { seed, experiment, durationMs, rollbackAtMs, bucketMs, ratePerS, shopperTimeoutMs, drainMsMax },
      clock: "real",
      requests,
      buckets,
      windows,
      periods,
      verdict: judgeExperiment(experiment.steadyStateHypothesis, buckets, periods, options.rollbackAtMs, options.durationMs),
      integrity: checkIntegrity(requests, statuses, after, funds, AMOUNT_CENTS),
      breaker: null,
      leaderless: null,
      endMs: sinceStart(),
    };
  } finally {
    await shopper.stop();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

/** SIGKILLs services and times each until its restart answers; a target still down is killed once it is back. */
class Killer {
  private readonly pending: Promise<FaultWindowRecord | undefined>[] = [];
  private readonly latest = new Map<ServiceId, Promise<unknown>>();

  constructor(
    private readonly services: ServicesProcess,
    private readonly options: LiveChaosOptions,
    private readonly sinceStart: () => number,
  ) {}

  kill(fault: Fault): void {
    const id = SERVICE_NODES[fault.target as ServiceName] as ServiceId; // --live runs the shop only
    const window = (this.latest.get(id) ?? Promise.resolve()).then(() => this.killNow(fault, id));
    this.latest.set(id, window);
    this.pending.push(window);
  }

  async windows(): Promise<FaultWindowRecord[]> {
    return (await Promise.all(this.pending)).filter((w): w is FaultWindowRecord => w !== undefined).sort((a, b) => a.fromMs - b.fromMs);
  }

  private async killNow(fault: Fault, id: ServiceId): Promise<FaultWindowRecord | undefined> {
    const pid = this.services.file().pids[id];
    const fromMs = this.sinceStart();
    if (pid === undefined || fromMs >= this.options.rollbackAtMs) return undefined;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      return undefined; // it died on its own a moment ago (services.json still names it): nothing left to kill
    }
    this.options.onEvent(`${(fromMs / 1_000).toFixed(1)} s: ${fault.target} killed (SIGKILL to pid ${pid})`);
    const back = await restarted(this.services, id, pid, this.options.restartTimeoutMs);
    const toMs = this.sinceStart();
    this.options.onEvent(`${(toMs / 1_000).toFixed(1)} s: ${fault.target} ${back ? "answers again (restarted by the supervisor)" : `is still down after ${this.options.restartTimeoutMs / 1_000} s`}`);
    // Tenths of a second in the fault's name: the polling that sees the restart is no finer.
    const measured = { ...fault, atMs: fromMs, durationMs: Math.round((toMs - fromMs) / 100) * 100 };
    return { fromMs, toMs, what: describeFault(measured), fault: measured };
  }
}

/** Reads the order service's statuses every SETTLE_POLL_MS and marks accepted orders settled when first seen PAID or CANCELLED. */
function settlementPoller(services: ServicesProcess, requests: readonly RequestRecord[], sinceStart: () => number): { drained(): boolean; stop(): void } {
  let statuses: { [orderId: string]: OrderStatus } | undefined;
  let stopped = false;
  void (async () => {
    while (!stopped) {
      // A killed order service does not answer: its orders are settled when it is back.
      statuses = await orderStatuses(services.file()).catch(() => statuses);
      const nowMs = sinceStart();
      for (const r of requests) {
        const status = statuses?.[r.orderId];
        if (r.settledMs === null && r.outcome === "ok" && (status === "PAID" || status === "CANCELLED")) r.settledMs = nowMs;
      }
      await sleep(SETTLE_POLL_MS);
    }
  })();
  return {
    drained: () => statuses !== undefined && requests.every((r) => r.outcome !== null && (r.outcome !== "ok" || r.settledMs !== null)) && Object.values(statuses).every((s) => s !== "PENDING"),
    stop: () => {
      stopped = true;
    },
  };
}
