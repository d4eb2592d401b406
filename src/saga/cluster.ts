/**
 * The saga's world on the simulator, for tests and notebooks: the order service running an
 * orchestrator class (yours, the reference, or a demo), the course's payment and stock services
 * with their fault knobs, and shoppers placing orders. It records what the participants did
 * (`records`) and every status the order service showed (`statusChanges`, read after every
 * event), and hands both to the checkers as a `SagaRun`.
 *
 *   const world = new SagaWorld(SagaOrchestrator, { seed: 1, funds: { alice: 100 }, stock: { widget: 3 } });
 *   world.placeOrders([{ orderId: "o1", customer: "alice", amount: 30, item: "widget", quantity: 1 }]);
 *   world.runUntilEnded(10_000);
 *   checkSagas(world.run());
 */
import type { NodeId } from "../contracts/node";
import {
  DEFAULT_SAGA_CONFIG,
  ORDER_SERVICE,
  PAYMENT_SERVICE,
  STOCK_SERVICE,
  type Order,
  type OrderStatus,
  type OrderStatusReply,
  type SagaConfig,
  type SagaOrchestratorApi,
  type SagaOrchestratorConstructor,
} from "../contracts/saga";
import type { SagaRun, StatusReport } from "../check/saga-invariants";
import { Simulation, type NetworkConfig } from "../sim";
import { FaultBook, type ParticipantFault } from "./faults";
import { STATE_KEY, type ParticipantState } from "./participant";
import { PaymentService, paymentPending, paymentTotals, type PaymentLedger } from "./payment";
import type { ParticipantRecord } from "./records";
import { Shopper } from "./shopper";
import { StockService, stockPending, stockTotals, type StockLedger } from "./stock";

export interface SagaWorldOptions {
  seed: number;
  config?: Partial<SagaConfig>;
  network?: Partial<NetworkConfig>;
  /** Each customer's balance at the payment service (default: alice and bob, 1000 each). */
  funds?: { [customer: string]: number };
  /** Goods on the shelf at the stock service (default: 10 widgets). */
  stock?: { [item: string]: number };
  faults?: { payment?: ParticipantFault[]; stock?: ParticipantFault[] };
  trace?: boolean;
}

export interface PlaceOptions {
  /** When the first order is placed (ms from now, default 0), and the gap between two orders (default 0). */
  atMs?: number;
  spacingMs?: number;
  resendMs?: number;
  pollMs?: number;
}

const FINAL: readonly (string | undefined)[] = ["APPROVED", "REJECTED"];

export class SagaWorld {
  readonly sim: Simulation;
  readonly config: SagaConfig;
  /** Every command the participants handled, in order (their ground truth). */
  readonly records: ParticipantRecord[] = [];
  /** Every status the order service showed, as read from inspect() after each event. */
  readonly statusChanges: StatusReport[] = [];
  readonly orders = new Map<string, Order>();
  readonly shoppers: NodeId[] = [];
  private readonly recordHooks: ((record: ParticipantRecord) => void)[] = [];
  private readonly lastStatus = new Map<string, OrderStatus | "UNKNOWN">();
  private readonly initialTotals: { [participant: string]: { [unit: string]: number } };

  constructor(Orchestrator: SagaOrchestratorConstructor, options: SagaWorldOptions) {
    this.sim = new Simulation({ seed: options.seed, network: options.network, trace: options.trace ?? true });
    this.config = { ...DEFAULT_SAGA_CONFIG, ...options.config };
    const funds = options.funds ?? { alice: 1000, bob: 1000 };
    const goods = options.stock ?? { widget: 10 };
    const participantOptions = (faults: ParticipantFault[] | undefined) => ({
      faults: new FaultBook(faults ?? []),
      observe: (record: ParticipantRecord) => this.observe(record),
      requestCrash: (id: NodeId, restartAfterMs: number) => this.crashFor(id, restartAfterMs, "a crash fault"),
    });
    const paymentOptions = participantOptions(options.faults?.payment);
    const stockOptions = participantOptions(options.faults?.stock);
    this.sim.addNode(ORDER_SERVICE, (ctx) => new Orchestrator(ctx, this.config), "server");
    this.sim.addNode(PAYMENT_SERVICE, (ctx) => new PaymentService(ctx, funds, paymentOptions), "server");
    this.sim.addNode(STOCK_SERVICE, (ctx) => new StockService(ctx, goods, stockOptions), "server");
    this.initialTotals = {
      [PAYMENT_SERVICE]: { money: Object.values(funds).reduce((a, b) => a + b, 0) },
      [STOCK_SERVICE]: { ...goods },
    };
    this.sim.afterEachEvent(() => this.watchStatuses());
  }

  /** A shopper that places `orders` (one after another, `spacingMs` apart) and resends until each is final. */
  placeOrders(orders: Order[], options: PlaceOptions = {}): NodeId {
    const id = `c${this.shoppers.length + 1}`;
    const at = options.atMs ?? 0;
    for (const order of orders) this.orders.set(order.orderId, order);
    const scheduled = orders.map((order, i) => ({ order, atMs: at + i * (options.spacingMs ?? 0) }));
    this.sim.addNode(id, (ctx) => new Shopper(ctx, { service: ORDER_SERVICE, orders: scheduled, resendMs: options.resendMs, pollMs: options.pollMs }), "client");
    this.shoppers.push(id);
    return id;
  }

  shopper(id: NodeId): Shopper {
    return this.sim.node<Shopper>(id) as Shopper;
  }

  /** Call `hook` with every record a participant makes from now on. */
  onRecord(hook: (record: ParticipantRecord) => void): void {
    this.recordHooks.push(hook);
  }

  /**
   * A scripted crash at a chosen instant: the first time a participant makes a record matching
   * `when`, crash `node` right then (before anything else happens) and restart it `restartAfterMs` later.
   */
  crashWhen(node: NodeId, when: (record: ParticipantRecord) => boolean, restartAfterMs: number, label: string): void {
    let done = false;
    this.onRecord((record) => {
      if (done || !when(record)) return;
      done = true;
      this.crashFor(node, restartAfterMs, label);
    });
  }

  /** The order's status as the order service last showed it (undefined: never recorded; UNKNOWN: forgotten). */
  status(orderId: string): OrderStatus | "UNKNOWN" | undefined {
    return this.lastStatus.get(orderId);
  }

  /** True when every placed order has shown a final status. */
  allEnded(): boolean {
    return [...this.orders.keys()].every((id) => FINAL.includes(this.lastStatus.get(id)));
  }

  /** Run until every order has ended (or `timeoutMs` passed), then `settleMs` more for stragglers. */
  runUntilEnded(timeoutMs: number, settleMs = 1_000): boolean {
    const { reached } = this.sim.runUntil(() => this.allEnded(), { timeoutMs });
    this.sim.runFor(settleMs);
    return reached;
  }

  paymentState(): ParticipantState<PaymentLedger> {
    return this.sim.storage(PAYMENT_SERVICE).get(STATE_KEY) as unknown as ParticipantState<PaymentLedger>;
  }

  stockState(): ParticipantState<StockLedger> {
    return this.sim.storage(STOCK_SERVICE).get(STATE_KEY) as unknown as ParticipantState<StockLedger>;
  }

  /** Everything the checkers need about this run. */
  run(): SagaRun {
    const payment = this.paymentState();
    const stock = this.stockState();
    const answers = this.answers();
    return {
      steps: this.config.steps,
      orders: [...this.orders.values()],
      finalStatus: (orderId) => this.lastStatus.get(orderId),
      statusReports: [...this.statusChanges, ...answers].sort((a, b) => a.t - b.t),
      records: this.records,
      totals: [
        { participant: PAYMENT_SERVICE, initial: this.initialTotals[PAYMENT_SERVICE], now: payment ? paymentTotals(payment) : this.initialTotals[PAYMENT_SERVICE] },
        { participant: STOCK_SERVICE, initial: this.initialTotals[STOCK_SERVICE], now: stock ? stockTotals(stock) : this.initialTotals[STOCK_SERVICE] },
      ],
      pending: (orderId) => [...(payment ? paymentPending(payment, orderId) : []), ...(stock ? stockPending(stock, orderId) : [])],
    };
  }

  /**
   * Every status the order service answered a client, at the time it sent the answer (the
   * network may deliver answers out of order; what the service said, and when, is what counts).
   */
  private answers(): StatusReport[] {
    return this.sim.trace
      .ofKind("send")
      .filter((e) => e.from === ORDER_SERVICE && (e.msg as { type?: string } | null)?.type === "OrderStatus")
      .map((e) => {
        const reply = e.msg as unknown as OrderStatusReply;
        return { t: e.t, orderId: reply.orderId, status: reply.status, source: `${ORDER_SERVICE}' answers to clients` };
      });
  }

  private observe(record: ParticipantRecord): void {
    this.records.push(record);
    for (const hook of this.recordHooks) hook(record);
  }

  private crashFor(node: NodeId, restartAfterMs: number, label: string): void {
    this.sim.after(0, `${label}: crash ${node}`, () => this.sim.crash(node));
    this.sim.after(restartAfterMs, `${label}: restart ${node}`, () => this.sim.restart(node));
  }

  private watchStatuses(): void {
    if (!this.sim.isUp(ORDER_SERVICE)) return;
    const node = this.sim.node<SagaOrchestratorApi>(ORDER_SERVICE);
    if (node === undefined) return;
    const statuses: { [orderId: string]: OrderStatus | "UNKNOWN" } = { ...node.inspect() };
    for (const orderId of this.lastStatus.keys()) statuses[orderId] ??= "UNKNOWN"; // recorded once, forgotten since
    for (const orderId of Object.keys(statuses)) {
      const status = statuses[orderId];
      if (this.lastStatus.get(orderId) === status) continue;
      this.lastStatus.set(orderId, status);
      this.statusChanges.push({ t: this.sim.now, orderId, status, source: `${ORDER_SERVICE}.inspect()` });
    }
  }
}
