/**
 * Runs a chaos experiment on the simulator against the week-3 shop: the chapter's user-service
 * (a front door with a circuit breaker) before the order and payment services on the simulated
 * broker (`ShopWorld`), open-loop shoppers, the method's faults and the rollbacks. One seed
 * decides everything: the network, the services' timers and, through the method, every fault.
 *
 *   const experiment = chaosMonkeyExperiment(seed, { ... });
 *   const run = runChaos({ ...DEFAULT_CHAOS_RUN, seed, experiment, services });
 *   run.verdict.held; run.integrity.lost; run.verdict.recoveries
 */
import type { NodeId } from "../contracts/node";
import { ORDER_SERVICE, type OrderServiceConstructor, type PaymentServiceConstructor } from "../contracts/messaging";
import type { BreakerState, BreakerTransition } from "../contracts/resilience";
import { ShopWorld } from "../broker/shop";
import { bucketize, type Bucket } from "./buckets";
import { SERVICE_NODES, type ChaosExperiment, type ServiceName } from "./experiment";
import { FaultPlayer, type FaultWindowRecord } from "./faults";
import { faultPeriods, judgeExperiment, type FaultPeriod, type HypothesisVerdict } from "./hypothesis";
import { checkIntegrity, type Integrity } from "./integrity";
import { killerOf } from "./kill";
import type { LeaderlessSpan } from "./leaderless";
import type { CommandIntegrity } from "./raft-integrity";
import { ShopperNode, type RequestRecord, type TimedRequest } from "./traffic";
import { UserServiceNode, type BreakerFactory } from "./user-service";

/** The classes that run: each service's, and the user-service's breaker (none: no breaker). */
export interface ShopServices {
  orderService: OrderServiceConstructor;
  paymentService: PaymentServiceConstructor;
  breaker?: BreakerFactory;
}

export interface ChaosRunOptions {
  seed: number;
  experiment: ChaosExperiment;
  services: ShopServices;
  /** Shoppers send orders until then (virtual ms); the buckets cover [0, durationMs). */
  durationMs: number;
  /** The rollbacks run here; the hypothesis must hold in every bucket from here on ("after"). */
  rollbackAtMs: number;
  bucketMs: number;
  ratePerS: number;
  /** The user-service gives up on the order service after this long (a failure for its breaker). */
  gatewayTimeoutMs: number;
  /** A shopper gives up on an order it heard nothing about after this long. */
  shopperTimeoutMs: number;
  /** After the traffic, wait at most this long for every accepted order to settle. */
  drainMsMax: number;
}

export const DEFAULT_CHAOS_RUN: Omit<ChaosRunOptions, "seed" | "experiment" | "services"> = {
  durationMs: 120_000,
  rollbackAtMs: 100_000,
  bucketMs: 1_000,
  ratePerS: 20,
  gatewayTimeoutMs: 500,
  shopperTimeoutMs: 1_000,
  drainMsMax: 30_000,
};

/** What a run was played with, whether on the simulator or against real processes (live-runner.ts). */
export type ChaosRunSettings = Omit<ChaosRunOptions, "services" | "gatewayTimeoutMs">;

/**
 * A run against the shop (the default types) or against the Raft cluster (raft-runner.ts:
 * `ChaosRun<CommandIntegrity, CommandRecord>`); the summary, the pictures and the page take either.
 */
export interface ChaosRun<I extends Integrity | CommandIntegrity = Integrity, R extends TimedRequest = RequestRecord> {
  options: ChaosRunSettings;
  /** virtual: the simulator's time (a seed replays it all); real: processes on loopback, wall-clock time. */
  clock: "virtual" | "real";
  requests: R[];
  buckets: Bucket[];
  windows: FaultWindowRecord[];
  periods: FaultPeriod[];
  verdict: HypothesisVerdict;
  integrity: I;
  /** The user-service's breaker: every state change (a restarted service starts CLOSED); null without one. */
  breaker: BreakerTransition[] | null;
  /** Raft runs: the spans without a leader after the first election (leaderless.ts), sampled every sampleMs; null for the shop. */
  leaderless: { spans: LeaderlessSpan[]; sampleMs: number } | null;
  /** Time (virtual or since the traffic began) at the end of the drain. */
  endMs: number;
}

export type AnyChaosRun = ChaosRun<Integrity | CommandIntegrity, TimedRequest>;

/** A run against the shop: orders, a breaker, settlements. */
export function isShopRun(run: AnyChaosRun): run is ChaosRun {
  return run.integrity.kind === "orders";
}

const CUSTOMERS = ["alice", "bob", "carol", "dave", "erin"];
const AMOUNT = 10;
/** Enough for every order of a long run: a declined order would hide a double charge. */
const FUNDS_EACH = 10_000_000;
/** How often the order service's statuses are read to time settlements (their resolution). */
const SETTLE_POLL_MS = 100;
const USER_SERVICE = SERVICE_NODES["user-service"];

export function runChaos(options: ChaosRunOptions): ChaosRun {
  const funds = Object.fromEntries(CUSTOMERS.map((c) => [c, FUNDS_EACH]));
  const shop = new ShopWorld({ seed: options.seed, orderService: options.services.orderService, paymentService: options.services.paymentService, paymentConfig: { funds }, trace: false });
  const { sim } = shop;
  const transitions: BreakerTransition[] = [];
  const record = (t: BreakerTransition) => transitions.push(t);
  sim.addNode(USER_SERVICE, (ctx) => new UserServiceNode(ctx, options.gatewayTimeoutMs, options.services.breaker, record), "server");
  const requests: RequestRecord[] = [];
  const traffic = { ratePerS: options.ratePerS, untilMs: options.durationMs, timeoutMs: options.shopperTimeoutMs, customers: CUSTOMERS, amount: AMOUNT };
  sim.addNode("shoppers", (ctx) => new ShopperNode(ctx, USER_SERVICE, traffic, requests), "client");
  const powered = new Set([ORDER_SERVICE, ...shop.paymentNodes]);
  const kill = killerOf(sim, (node) => (powered.has(node) ? shop.power(node) : undefined));
  const player = new FaultPlayer(sim, (target) => SERVICE_NODES[target as ServiceName], kill, (node) => onRestart(node, sim.now, transitions));
  const windows = player.schedule(options.experiment.method, options.experiment.rollbacks, options.rollbackAtMs);
  const timeSettlements = settlementTimer(shop, requests);
  for (let t = SETTLE_POLL_MS; t < options.durationMs + options.drainMsMax; t += SETTLE_POLL_MS) sim.at(t, "read the order statuses", timeSettlements);
  sim.runUntilTime(options.durationMs);
  drain(shop, requests, options.drainMsMax);
  const buckets = bucketize(requests, options.bucketMs, options.durationMs);
  const periods = faultPeriods(windows);
  const verdict = judgeExperiment(options.experiment.steadyStateHypothesis, buckets, periods, options.rollbackAtMs, options.durationMs);
  const integrity = checkIntegrity(requests, shop.statuses(), shop.ledger(), funds, AMOUNT);
  return { options, clock: "virtual", requests, buckets, windows, periods, verdict, integrity, breaker: options.services.breaker ? transitions : null, leaderless: null, endMs: sim.now };
}

/** A restarted user-service has a fresh breaker: CLOSED, whatever the old one was. */
function onRestart(node: NodeId, nowMs: number, transitions: BreakerTransition[]): void {
  const last: BreakerState = transitions[transitions.length - 1]?.to ?? "CLOSED";
  if (node === USER_SERVICE && last !== "CLOSED") transitions.push({ from: last, to: "CLOSED", atMs: nowMs });
}

/** Marks accepted orders settled when the order service is first seen holding them PAID or CANCELLED. */
function settlementTimer(shop: ShopWorld, requests: RequestRecord[]): () => void {
  // Orders before `checkedUpTo` are settled or were not accepted: no need to look at them again.
  let checkedUpTo = 0;
  return () => {
    const statuses = shop.statuses();
    if (!statuses) return;
    for (let i = checkedUpTo; i < requests.length; i++) {
      const r = requests[i];
      const status = statuses[r.orderId];
      if (r.settledMs === null && r.outcome === "ok" && (status === "PAID" || status === "CANCELLED")) r.settledMs = shop.sim.now;
      const open = r.outcome === null || (r.outcome === "ok" && r.settledMs === null);
      if (!open && i === checkedUpTo) checkedUpTo++;
    }
  };
}

/** Runs on until every order has its answer and every accepted one is settled, or `drainMsMax` passed. */
function drain(shop: ShopWorld, requests: readonly RequestRecord[], drainMsMax: number): void {
  const deadline = shop.sim.now + drainMsMax;
  const done = () => {
    const statuses = shop.statuses();
    if (!statuses || requests.some((r) => r.outcome === null)) return false;
    return Object.values(statuses).every((s) => s !== "PENDING") && requests.every((r) => r.outcome !== "ok" || r.settledMs !== null);
  };
  while (shop.sim.now < deadline && !done()) shop.sim.runFor(SETTLE_POLL_MS);
}
