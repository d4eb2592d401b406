/**
 * The chapter's order and payment services on the simulated broker, for tests and notebooks:
 * the broker, the order service (any class: yours, the reference, a demo), one or more payment
 * service instances in one consumer group sharing one database (any class), shoppers placing
 * orders, feeders writing raw records to the orders topic, power cuts at a chosen write, and a
 * recorder of everything the clients saw for the log checker.
 *
 *   const shop = new ShopWorld({ seed: 1, orderService: OrderService, paymentService: PaymentService });
 *   shop.placeOrders([{ orderId: "o1", customer: "alice", amount: 30 }]);
 *   shop.runUntilSettled(5_000);
 *   shop.statuses();                  // { o1: "PAID" }
 */
import type { Json, NodeId, ProtocolNode } from "../contracts/node";
import {
  BROKER,
  DEAD_LETTER_TOPIC,
  DEFAULT_ORDER_CONFIG,
  DEFAULT_PAYMENT_CONFIG,
  LEDGER_KEY,
  ORDER_SERVICE,
  ORDERS_TOPIC,
  PAYMENT_SERVICE,
  PAYMENTS_TOPIC,
  type OrderServiceApi,
  type OrderServiceConfig,
  type OrderServiceConstructor,
  type OrderStatus,
  type PaymentLedger,
  type PaymentServiceConfig,
  type PaymentServiceConstructor,
  type PlaceOrder,
} from "../contracts/messaging";
import { Simulation, type NetworkConfig } from "../sim";
import { MemoryStorage } from "../sim/storage";
import { BrokerNode } from "./broker";
import { DEFAULT_CLIENT_OPTIONS, type SimClientOptions } from "./client";
import { ServiceNode } from "./host";
import { PowerSwitch, type PowerCutPlan } from "./power";
import type { BrokerConfig, LogRecord } from "./protocol";
import { LogRecorder } from "./recorder";

export type ShopOrder = Omit<PlaceOrder, "type">;

export interface ShopWorldOptions {
  seed: number;
  orderService?: OrderServiceConstructor;
  paymentService?: PaymentServiceConstructor;
  /** Payment service instances in the consumer group (default 1: node "payments"; more: "payments-1", ...). */
  paymentInstances?: number;
  orderConfig?: Partial<OrderServiceConfig>;
  paymentConfig?: Partial<PaymentServiceConfig>;
  /** Partitions of the orders and payments topics (default 3). */
  partitions?: number;
  network?: Partial<NetworkConfig>;
  client?: Partial<SimClientOptions>;
  /** A power cut planned for a service node. */
  powerCuts?: { [node: NodeId]: PowerCutPlan };
  trace?: boolean;
}

export const DEFAULT_FUNDS = { alice: 1_000, bob: 1_000, carol: 1_000 };

export class ShopWorld {
  readonly sim: Simulation;
  readonly recorder = new LogRecorder();
  readonly brokerConfig: BrokerConfig;
  readonly paymentConfig: PaymentServiceConfig;
  readonly orderConfig: OrderServiceConfig;
  readonly paymentNodes: NodeId[] = [];
  /** Every order a shopper placed, and the replies it got. */
  readonly placed: ShopOrder[] = [];
  readonly replies: { t: number; orderId: string; status: string }[] = [];
  private readonly switches = new Map<NodeId, PowerSwitch>();
  private readonly paymentsDb = new MemoryStorage("the payment service's database");
  private shoppers = 0;

  constructor(options: ShopWorldOptions) {
    const partitions = options.partitions ?? 3;
    this.sim = new Simulation({ seed: options.seed, network: { delay: { kind: "uniform", msMin: 1, msMax: 10 }, ...options.network }, trace: options.trace });
    this.brokerConfig = {
      topics: { [ORDERS_TOPIC]: { partitions }, [PAYMENTS_TOPIC]: { partitions }, [DEAD_LETTER_TOPIC]: { partitions: 1 } },
      queues: {},
      sessionTimeoutMs: 300,
    };
    this.orderConfig = { ...DEFAULT_ORDER_CONFIG, ...options.orderConfig };
    this.paymentConfig = { ...DEFAULT_PAYMENT_CONFIG, funds: DEFAULT_FUNDS, ...options.paymentConfig };
    const client = { ...DEFAULT_CLIENT_OPTIONS, ...options.client };
    this.sim.addNode(BROKER, (ctx) => new BrokerNode(ctx, this.brokerConfig), "server");
    const serviceNode = (id: NodeId, shared: boolean, make: (ctx: any, broker: any) => any) => {
      const power = new PowerSwitch(this.sim, id, options.powerCuts?.[id], shared ? this.paymentsDb : undefined);
      this.switches.set(id, power);
      this.sim.addNode(id, (ctx) => new ServiceNode(power.wrap(ctx), BROKER, make, client, this.recorder), "server");
    };
    const OrderClass = options.orderService;
    if (OrderClass) serviceNode(ORDER_SERVICE, false, (ctx, broker) => new OrderClass(ctx, broker, this.orderConfig));
    const PaymentClass = options.paymentService;
    const instances = options.paymentInstances ?? 1;
    for (let i = 1; PaymentClass && i <= instances; i++) {
      const id = instances === 1 ? PAYMENT_SERVICE : `${PAYMENT_SERVICE}-${i}`;
      this.paymentNodes.push(id);
      serviceNode(id, true, (ctx, broker) => new PaymentClass(ctx, broker, this.paymentConfig));
    }
  }

  /** The power switch of a service node (arm a cut, read its write count). */
  power(node: NodeId): PowerSwitch {
    const power = this.switches.get(node);
    if (!power) throw new Error(`no service node ${node}`);
    return power;
  }

  /** A shopper places these orders, `spacingMs` apart from `atMs` on, resending each until answered. */
  placeOrders(orders: ShopOrder[], options: { atMs?: number; spacingMs?: number; resendMs?: number } = {}): NodeId {
    const id = `shopper-${++this.shoppers}`;
    this.placed.push(...orders);
    const start = this.sim.now + (options.atMs ?? 0);
    this.sim.addNode(id, (ctx) => new Shopper(ctx, orders, start, options.spacingMs ?? 0, options.resendMs ?? 150, this.replies), "client");
    return id;
  }

  /** A producer with no service behind it writes these records to `topic` (poison, duplicates, old schemas). */
  feed(records: { key: string; value: Json }[], options: { atMs?: number; spacingMs?: number; topic?: string } = {}): void {
    const topic = options.topic ?? ORDERS_TOPIC;
    const id = `feeder-${++this.shoppers}`;
    const start = this.sim.now + (options.atMs ?? 0);
    this.sim.addNode(
      id,
      (ctx) =>
        new ServiceNode(ctx, BROKER, (c, broker) => ({
          onStart: () => records.forEach((_, i) => c.setTimer(start - this.sim.now + i * (options.spacingMs ?? 0), { i })),
          onMessage: () => undefined,
          onTimer: ({ i }: { i: number }) => broker.produce(topic, records[i].key, records[i].value),
        }), DEFAULT_CLIENT_OPTIONS, this.recorder),
      "client",
    );
  }

  /** The order service's statuses (undefined while it is down). */
  statuses(): { [orderId: string]: OrderStatus } | undefined {
    return this.sim.node<ServiceNode<OrderServiceApi>>(ORDER_SERVICE)?.service.inspect();
  }

  /** The payment service's ledger as stored (its funds before anything was charged). */
  ledger(): PaymentLedger {
    return this.paymentsDb.get<PaymentLedger>(LEDGER_KEY) ?? { balances: { ...this.paymentConfig.funds }, processed: {} };
  }

  /** The records of a topic, partition by partition. */
  topic(topic: string): LogRecord[] {
    const broker = this.sim.node<BrokerNode>(BROKER);
    const partitions = this.brokerConfig.topics[topic]?.partitions ?? 0;
    return broker ? Array.from({ length: partitions }, (_, partition) => broker.records({ topic, partition })).flat() : [];
  }

  /** Every placed order ended PAID or CANCELLED at the order service. */
  settled(): boolean {
    const statuses = this.statuses();
    return statuses !== undefined && this.placed.every((o) => statuses[o.orderId] === "PAID" || statuses[o.orderId] === "CANCELLED");
  }

  runUntilSettled(timeoutMs: number): boolean {
    return this.sim.runUntil(() => this.settled(), { timeoutMs }).reached;
  }
}

type ShopperTimer = { type: "place"; i: number };

class Shopper implements ProtocolNode<any, ShopperTimer> {
  private readonly answered = new Set<string>();
  constructor(
    private readonly ctx: import("../contracts/node").NodeContext<any, ShopperTimer>,
    private readonly orders: ShopOrder[],
    private readonly startMs: number,
    private readonly spacingMs: number,
    private readonly resendMs: number,
    private readonly replies: { t: number; orderId: string; status: string }[],
  ) {}
  onStart(): void {
    this.orders.forEach((_, i) => this.ctx.setTimer(Math.max(0, this.startMs - this.ctx.now()) + i * this.spacingMs, { type: "place", i }));
  }
  onTimer({ i }: ShopperTimer): void {
    const order = this.orders[i];
    if (this.answered.has(order.orderId)) return;
    this.ctx.send(ORDER_SERVICE, { type: "PlaceOrder", ...order });
    this.ctx.setTimer(this.resendMs, { type: "place", i });
  }
  onMessage(_from: NodeId, msg: { type: string; orderId: string; status: string }): void {
    if (msg.type !== "OrderReply") return;
    this.answered.add(msg.orderId);
    this.replies.push({ t: this.ctx.now(), orderId: msg.orderId, status: msg.status });
  }
}
