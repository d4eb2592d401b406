/**
 * The chapter's "RabbitMQ vs Kafka" guide on one workload, for notebook 14: twelve messages for
 * three customers (four each, numbered), three consumers, and the same fault in both runs (one
 * consumer crashes while it holds work). Course-owned demo code: it runs before you write anything.
 *
 * On the queue, each message goes to whichever consumer has room (competing consumers, prefetch
 * 1), is removed only when acked, and a crashed consumer's unacked message goes to another: no
 * message lost, but a customer's messages are spread over consumers, handled side by side, and
 * one comes late. On the log, a customer's messages are in one partition, which one consumer of
 * the group reads in order; the crash moves the partition to another member, which starts at the
 * committed offset: the order per key holds, and what was read but not committed is read again.
 *
 * Then the three delivery semantics on the payment side, with the same power cuts:
 * at most once (commit, then charge), at least once (charge, then commit) and effectively once
 * (at least once plus an idempotent consumer: the course's reference is not here; the notebook
 * runs yours).
 */
import type { Json, NodeContext, NodeId } from "../contracts/node";
import { BrokerNode } from "../broker/broker";
import type { BrokerClient, ConsumedRecord, Delivery } from "../broker/client";
import { DEFAULT_CLIENT_OPTIONS } from "../broker/client";
import { ServiceNode, type BrokerService } from "../broker/host";
import { ShopWorld } from "../broker/shop";
import { LogRecorder } from "../broker/recorder";
import { BROKER, LEDGER_KEY, ORDERS_TOPIC, PAYMENT_GROUP, orderPlacedId, parseOrderPlaced, settle, type PaymentLedger, type PaymentServiceApi, type PaymentServiceConfig, type PaymentServiceConstructor } from "../contracts/messaging";
import { Simulation } from "../sim";
import { NaivePaymentService } from "./messaging-naive";

/** Three customers whose keys fall in three different partitions of three. */
export const CUSTOMERS = ["alice", "dave", "ivan"];
export const CONSUMERS = ["c1", "c2", "c3"];
const WORK_MS = 30;

/** One message handled: by whom, when it started and ended, which customer's, which of theirs. */
export interface Handled {
  consumer: NodeId;
  customer: string;
  seq: number;
  startMs: number;
  endMs: number;
  deliveries: number;
}

export interface SideBySide {
  semantics: "queue" | "log";
  handled: Handled[];
  sim: Simulation;
  /** Customers whose messages were handled (finished) out of their order, with the order seen. */
  outOfOrder: { customer: string; seqs: number[] }[];
}

type Work = { customer: string; seq: number };
type Done = { type: "done"; id: number };

/** A consumer that takes WORK_MS per message (a timer), then acks or commits. */
class Worker implements BrokerService<Json, Done> {
  private readonly held = new Map<number, { work: Work; startMs: number; deliveries: number; finish: () => void }>();
  private next = 0;
  constructor(
    private readonly ctx: NodeContext<Json, Done>,
    private readonly broker: BrokerClient,
    private readonly semantics: "queue" | "log",
    private readonly handled: Handled[],
  ) {}
  onStart(): void {
    if (this.semantics === "queue") this.broker.consume("work", 1, (d: Delivery) => this.take(d.body as Work, d.deliveries, () => this.broker.ack(d)));
    else this.broker.subscribe("workers", ["work"], (r: ConsumedRecord) => this.take(r.value as Work, r.deliveries, () => this.broker.commit(r), r));
  }
  onMessage(): void {}
  onTimer({ id }: Done): void {
    const job = this.held.get(id);
    if (!job) return;
    this.held.delete(id);
    this.handled.push({ consumer: this.ctx.id, customer: job.work.customer, seq: job.work.seq, startMs: job.startMs, endMs: this.ctx.now(), deliveries: job.deliveries });
    job.finish();
  }
  private take(work: Work, deliveries: number, finish: () => void, record?: ConsumedRecord): void {
    const id = ++this.next;
    // On the log a member works through its partition one record at a time, as a Kafka consumer's poll loop does.
    const after = record ? () => { finish(); this.broker.resume(record); } : finish;
    if (record) this.broker.pause(record);
    this.held.set(id, { work, startMs: this.ctx.now(), deliveries, finish: after });
    this.ctx.setTimer(WORK_MS, { type: "done", id });
  }
}

/** The workload on a queue or a log, with consumer c2 crashing at 70 ms (back at 400 ms). */
export function sideBySide(semantics: "queue" | "log", seed = 7): SideBySide {
  // A fixed delay: one producer's requests arrive in the order it sent them, as on one TCP connection.
  const sim = new Simulation({ seed, network: { delay: { kind: "fixed", ms: 2 } } });
  const handled: Handled[] = [];
  sim.addNode(BROKER, (ctx) => new BrokerNode(ctx, { topics: { work: { partitions: 3 } }, queues: { work: { maxDeliveries: 5 } }, sessionTimeoutMs: 150 }), "server");
  for (const id of CONSUMERS) sim.addNode(id, (ctx) => new ServiceNode(ctx, BROKER, (c, b) => new Worker(c, b, semantics, handled)), "server");
  const producer = (ctx: NodeContext<any, any>, broker: BrokerClient): BrokerService<Json, { i: number }> => ({
    onStart: () => ctx.setTimer(20, { i: 0 }),
    onMessage: () => undefined,
    onTimer: () => {
      for (let seq = 1; seq <= 4; seq++) {
        for (const customer of CUSTOMERS) {
          if (semantics === "queue") broker.enqueue("work", `${customer}-${seq}`, { customer, seq });
          else broker.produce("work", customer, { customer, seq });
        }
      }
    },
  });
  sim.addNode("producer", (ctx) => new ServiceNode(ctx, BROKER, producer, { ...DEFAULT_CLIENT_OPTIONS, resendMs: 1_000 }), "client");
  sim.at(70, "crash c2 while it holds work", () => sim.crash("c2"));
  sim.at(400, "restart c2", () => sim.restart("c2"));
  sim.runFor(800);
  const outOfOrder: SideBySide["outOfOrder"] = [];
  for (const customer of CUSTOMERS) {
    const seqs = handled.filter((h) => h.customer === customer).sort((a, b) => a.endMs - b.endMs).map((h) => h.seq);
    if (seqs.some((s, i) => i > 0 && s < seqs[i - 1])) outOfOrder.push({ customer, seqs });
  }
  return { semantics, handled, sim, outOfOrder };
}

// ---------------------------------------------------------------- delivery semantics

/** At most once: commit first, then charge (no dedup). */
export class AtMostOncePayments implements PaymentServiceApi {
  constructor(
    private readonly ctx: NodeContext<Json, Json>,
    private readonly broker: BrokerClient,
    private readonly config: PaymentServiceConfig,
  ) {}
  onStart(): void {
    this.broker.subscribe(PAYMENT_GROUP, [ORDERS_TOPIC], (record) => {
      this.broker.commit(record);
      const event = parseOrderPlaced(record.value);
      if (typeof event === "string") return;
      const ledger = this.ctx.storage.get<PaymentLedger>(LEDGER_KEY) ?? { balances: { ...this.config.funds }, processed: {} };
      if (settle(ledger, event) === "paid") ledger.balances[event.customer] -= event.amount;
      ledger.processed[event.eventId] = "paid";
      this.ctx.storage.put(LEDGER_KEY, ledger as unknown as Json);
    });
  }
  onMessage(): void {}
  onTimer(): void {}
}

export interface SemanticsResult {
  name: string;
  /** How many orders were charged 0, 1, 2... times. */
  charged: { [times: number]: number };
  orders: number;
}

/**
 * Ten orders of 10 each (one per customer), fed straight to the orders topic, one every 30 ms,
 * while the payment service loses power twice: during its 4th write (the write is lost) and right
 * after a later one (the write is kept, nothing after it in that handler happens). How often was
 * each order charged? Read from each customer's balance.
 */
export function deliverySemantics(name: string, PaymentClass: PaymentServiceConstructor, seed = 3): SemanticsResult {
  const customers = Array.from({ length: 10 }, (_, i) => `customer${i + 1}`);
  const funds = Object.fromEntries(customers.map((c) => [c, 100]));
  const shop = new ShopWorld({ seed, paymentService: PaymentClass, paymentConfig: { funds }, powerCuts: { payments: { write: 4, lose: true, downMs: 40 } } });
  shop.sim.at(200, "arm the second power cut", () => shop.power("payments").arm({ write: shop.power("payments").writeCount + 2, lose: false, downMs: 40 }));
  shop.feed(customers.map((customer, i) => ({ key: `o${i + 1}`, value: { type: "OrderPlaced", eventId: orderPlacedId(`o${i + 1}`), orderId: `o${i + 1}`, customer, amount: 10 } })), { atMs: 10, spacingMs: 30 });
  shop.sim.runFor(2_000);
  const charged: { [times: number]: number } = {};
  const ledger = shop.ledger();
  for (const customer of customers) {
    const times = (100 - (ledger.balances[customer] ?? 100)) / 10;
    charged[times] = (charged[times] ?? 0) + 1;
  }
  return { name, charged, orders: customers.length };
}

/** The naive at-least-once payment service (charge on every delivery) and the at-most-once one. */
export const NAIVE_SEMANTICS: { name: string; PaymentClass: PaymentServiceConstructor }[] = [
  { name: "at most once (commit, then charge)", PaymentClass: AtMostOncePayments },
  { name: "at least once (charge, then commit)", PaymentClass: NaivePaymentService },
];

/** A recorder, re-exported so notebook cells build histories without reaching into src/broker. */
export { LogRecorder };
