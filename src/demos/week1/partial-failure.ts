/**
 * Partial failure: the chapter's `result = remoteService.processOrder(order)` that times out.
 * A demo for notebook 01, not an exercise.
 *
 * A client (c1) asks the order service (n1) to process one order and waits `timeoutMs` for the
 * answer. Each scenario breaks one thing: the request is lost, the service is down, the order
 * is processed but the reply is lost, or the reply is only slow. The client sees the same
 * timeout in every one of them; only the service's own state says what happened.
 *
 * With `retriesMax`, the client sends the order again after each timeout. Whether a retry
 * creates a second order depends on the API: "POST" makes a new order per request (the
 * chapter's POST /api/orders), "PUT" names the order by the client's id, so a repeat finds the
 * order it already made (PUT /api/orders/<uuid>, section 14.4's idempotency key).
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { Simulation } from "../../sim/simulation";
import type { TraceEvent } from "../../sim/trace";

export type OrderMessage =
  | { type: "ProcessOrder"; orderId: string; item: string; attempt: number }
  | { type: "OrderProcessed"; orderId: string; attempt: number };

type ClientTimer = { type: "give-up"; attempt: number };

export type StoredOrder = { orderId: string; item: string };

export interface OrderServiceOptions {
  /** "POST": every request is a new order. "PUT": the client's orderId names the order. */
  api: "POST" | "PUT";
}

/** The order service. Its orders live in stable storage: a crash does not forget them. */
export class OrderService implements ProtocolNode<OrderMessage, never> {
  constructor(
    private readonly ctx: NodeContext<OrderMessage, never>,
    private readonly options: OrderServiceOptions = { api: "POST" },
  ) {}

  onStart(): void {}

  onMessage(from: NodeId, msg: OrderMessage): void {
    if (msg.type !== "ProcessOrder") return;
    const orders = this.ctx.storage.get<StoredOrder[]>("orders") ?? [];
    const orderId = this.options.api === "PUT" ? msg.orderId : `order-${orders.length + 1}`;
    if (!orders.some((order) => order.orderId === orderId)) {
      orders.push({ orderId, item: msg.item });
      this.ctx.storage.put("orders", orders); // stored before the reply, as a disk would be
      this.ctx.annotate({ orders: orders.length });
      this.ctx.log(`stored ${orderId}`);
    }
    this.ctx.send(from, { type: "OrderProcessed", orderId, attempt: msg.attempt });
  }

  onTimer(): void {}
}

export interface OrderClientOptions {
  orderId: string;
  item: string;
  timeoutMs: number;
  /** Attempts after the first one (0: give up after one timeout). */
  retriesMax: number;
}

/** What the client saw of one attempt. "late": an answer after the client had given up on it. */
export interface AttemptOutcome {
  attempt: number;
  result: "processed" | "timeout" | "late";
  atMs: number;
}

/** The caller of processOrder: one request, a timeout, and optionally retries. */
export class OrderClient implements ProtocolNode<OrderMessage, ClientTimer> {
  readonly outcomes: AttemptOutcome[] = [];
  private attempt = 0;
  /** The attempt the client still waits for; undefined once answered or given up. */
  private waitingFor: number | undefined;

  constructor(
    private readonly ctx: NodeContext<OrderMessage, ClientTimer>,
    private readonly options: OrderClientOptions,
  ) {}

  onStart(): void {
    this.send();
  }

  onMessage(_from: NodeId, msg: OrderMessage): void {
    if (msg.type !== "OrderProcessed") return;
    // An answer to an attempt the client already gave up on changes nothing: it has moved on.
    const result = msg.attempt === this.waitingFor ? "processed" : "late";
    if (result === "processed") this.waitingFor = undefined;
    this.ctx.log(result === "processed" ? "order processed" : "too late: ignored");
    this.outcomes.push({ attempt: msg.attempt, result, atMs: this.ctx.now() });
  }

  onTimer(timer: ClientTimer): void {
    if (timer.attempt !== this.waitingFor) return;
    this.waitingFor = undefined;
    this.ctx.log("timeout");
    this.outcomes.push({ attempt: timer.attempt, result: "timeout", atMs: this.ctx.now() });
    if (this.attempt <= this.options.retriesMax) this.send();
  }

  private send(): void {
    this.attempt++;
    this.waitingFor = this.attempt;
    const { orderId, item, timeoutMs } = this.options;
    this.ctx.send("n1", { type: "ProcessOrder", orderId, item, attempt: this.attempt });
    this.ctx.setTimer(timeoutMs, { type: "give-up", attempt: this.attempt });
  }
}

export type TimeoutScenario = "request lost" | "service down" | "reply lost" | "reply slow";

/** How each scenario breaks the run, before anything is sent. */
const STAGING: Record<TimeoutScenario, (sim: Simulation) => void> = {
  "request lost": (sim) => sim.configureNetwork({ dropRate: 1 }),
  "service down": (sim) => sim.crash("n1"),
  "reply lost": (sim) => sim.cutOneWay("n1", "c1"),
  "reply slow": (sim) => sim.setSlow("n1", 80),
};

export const TIMEOUT_SCENARIOS = Object.keys(STAGING) as TimeoutScenario[];

export interface PartialFailureOptions {
  seed: number;
  timeoutMs?: number;
  retriesMax?: number;
  api?: "POST" | "PUT";
  /** Reconnect everything at this time (e.g. so that a retry gets through). */
  healAtMs?: number;
  runMs?: number;
}

export interface PartialFailureRun {
  scenario: TimeoutScenario;
  /** What the client saw, attempt by attempt. */
  clientSaw: AttemptOutcome[];
  /** The orders the service stored (read from its stable storage, also when it is down). */
  orders: StoredOrder[];
  serviceUp: boolean;
  events: TraceEvent[];
}

/** One client, one order service, one broken thing. */
export function runPartialFailure(scenario: TimeoutScenario, options: PartialFailureOptions): PartialFailureRun {
  const sim = new Simulation({ seed: options.seed, network: { delay: { kind: "uniform", msMin: 10, msMax: 20 } } });
  const api = options.api ?? "POST";
  sim.addServers(1, (ctx) => new OrderService(ctx, { api }));
  const clientOptions = { orderId: "7f3c9a2e", item: "one keyboard", timeoutMs: options.timeoutMs ?? 100, retriesMax: options.retriesMax ?? 0 };
  sim.addNode("c1", (ctx) => new OrderClient(ctx, clientOptions));
  STAGING[scenario](sim);
  if (options.healAtMs !== undefined) sim.at(options.healAtMs, "heal", () => healEverything(sim));
  sim.runFor(options.runMs ?? 300);
  return {
    scenario,
    clientSaw: sim.node<OrderClient>("c1")?.outcomes ?? [],
    orders: sim.storage("n1").get<StoredOrder[]>("orders") ?? [],
    serviceUp: sim.isUp("n1"),
    events: sim.trace.events,
  };
}

/** Undo whatever a scenario broke: links, loss, slowness, the crashed service. */
function healEverything(sim: Simulation): void {
  sim.heal();
  sim.configureNetwork({ dropRate: 0 });
  sim.setSlow("n1", 0);
  sim.restart("n1");
}
