/**
 * `npm run orders`'s traffic: a shopper node on the real-time host (the order service answers it
 * over HTTP like any peer) asks the user service for the customers, places orders with at most
 * `window` unanswered at a time, resending each until the order service answers (a killed order
 * service loses the messages sent meanwhile), then waits until every order is PAID or CANCELLED
 * and has its receipt, and sums up against the payment service's ledger and the notification
 * worker's mailboxes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Json, NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import { ORDER_SERVICE, PAYMENT_SERVICE, type OrderReply, type OrderStatus, type PaymentLedger } from "../contracts/messaging";
import { NOTIFICATION_SERVICE } from "../broker/notification-worker";
import { USER_SERVICE, type UserProfile, type UsersReply } from "../broker/user-service";
import { LiveNode } from "./host";
import { fetchJson } from "./http";
import { LIVE_CUSTOMERS, SHOPPER, liveFunds, type ServicesFile } from "./shop-layout";
import { receiptsArrived, summarizeOrders, type Mailboxes, type OrdersSummary, type PlacedOrder } from "./shop-summary";

export interface TrafficOptions {
  count: number;
  /** At most this many orders sent and not answered yet. */
  window: number;
  /** Send an unanswered PlaceOrder (or GetUsers) again after this long. */
  resendMs: number;
  /** Give up waiting for answers and settlements after this long. */
  timeoutMs: number;
  /** Hears how many orders were acknowledged so far, after each one (a test kills a service midway). */
  onAcknowledged?: (acknowledged: number) => void;
}

export const DEFAULT_TRAFFIC: TrafficOptions = { count: 1000, window: 50, resendMs: 1_000, timeoutMs: 60_000 };

/** How often the driver asks the order service whether everything is settled (and the notification worker for the receipts). */
const SETTLE_POLL_MS = 250;
/** How often the shopper node looks for orders to send. */
const TICK_MS = 10;

export async function driveOrders(services: ServicesFile, options: TrafficOptions): Promise<{ summary: OrdersSummary; seconds: number }> {
  const startedMs = Date.now();
  const deadlineMs = startedMs + options.timeoutMs;
  const before = await ledger(services, deadlineMs);
  const storageDir = mkdtempSync(join(tmpdir(), "shopper-"));
  const shopper = new Shopper(options, `o-${startedMs.toString(36)}`);
  const host = await LiveNode.start({ id: SHOPPER, ports: services.ports, factory: (ctx) => shopper.attach(ctx), storagePath: join(storageDir, "shopper.json"), seed: 1, log: () => undefined });
  try {
    await until(() => shopper.done(), deadlineMs, TICK_MS);
    let statuses = await orderStatuses(services);
    while (Date.now() < deadlineMs && [...shopper.acknowledged].some((id) => statuses[id] === "PENDING" || statuses[id] === undefined)) {
      await sleep(SETTLE_POLL_MS);
      statuses = await orderStatuses(services).catch(() => statuses); // the order service may be restarting
    }
    const settled = (orderId: string) => shopper.acknowledged.has(orderId) && (statuses[orderId] === "PAID" || statuses[orderId] === "CANCELLED");
    let mailboxes = await sentReceipts(services).catch((): Mailboxes => ({}));
    while (Date.now() < deadlineMs && !receiptsArrived(shopper.orders, settled, mailboxes)) {
      await sleep(SETTLE_POLL_MS);
      mailboxes = await sentReceipts(services).catch(() => mailboxes); // the notification worker may be restarting
    }
    const summary = summarizeOrders(shopper.orders, shopper.acknowledged, statuses, before, await ledger(services, deadlineMs), mailboxes);
    return { summary, seconds: (Date.now() - startedMs) / 1000 };
  } finally {
    await host.stop();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

type ShopperTimer = { type: "tick" };

/** Places the orders: a node, so the order service can answer it. */
class Shopper implements ProtocolNode<Json, ShopperTimer> {
  readonly orders: PlacedOrder[] = [];
  private readonly byId = new Map<string, PlacedOrder>();
  readonly acknowledged = new Set<string>();
  private readonly sentAtMs = new Map<string, number>();
  private users: UserProfile[] | undefined;
  private usersAskedMs = -Infinity;
  private next = 0;
  private ctx!: NodeContext<Json, ShopperTimer>;

  constructor(
    private readonly options: TrafficOptions,
    private readonly prefix: string,
  ) {}

  attach(ctx: NodeContext<Json, ShopperTimer>): this {
    this.ctx = ctx;
    return this;
  }

  done(): boolean {
    return this.users !== undefined && this.acknowledged.size === this.options.count;
  }

  onStart(): void {
    this.ctx.setTimer(0, { type: "tick" });
  }

  onMessage(_from: NodeId, msg: Json): void {
    const reply = msg as unknown as UsersReply | OrderReply;
    if (reply?.type === "UsersReply" && !this.users) this.placeFor(reply.users);
    if (reply?.type === "OrderReply" && reply.status !== "UNKNOWN" && this.sentAtMs.delete(reply.orderId)) {
      this.acknowledged.add(reply.orderId);
      this.options.onAcknowledged?.(this.acknowledged.size);
    }
  }

  onTimer(): void {
    const now = this.ctx.now();
    if (!this.users && now - this.usersAskedMs >= this.options.resendMs) {
      this.usersAskedMs = now;
      this.ctx.send(USER_SERVICE, { type: "GetUsers" });
    }
    for (const [orderId, sentMs] of this.sentAtMs) {
      if (now - sentMs >= this.options.resendMs) this.send(orderId, now);
    }
    while (this.users && this.next < this.orders.length && this.sentAtMs.size < this.options.window) this.send(this.orders[this.next++].orderId, now);
    if (!this.done()) this.ctx.setTimer(TICK_MS, { type: "tick" });
  }

  /** The orders, round robin over the customers, each at the customer's own amount. */
  private placeFor(users: UserProfile[]): void {
    if (users.length === 0) throw new Error("the user service knows no customers");
    this.users = users;
    for (let i = 0; i < this.options.count; i++) {
      const customer = users[i % users.length].name;
      const order = { orderId: `${this.prefix}-${i}`, customer, amount: LIVE_CUSTOMERS[customer]?.orderCents ?? 100 };
      this.orders.push(order);
      this.byId.set(order.orderId, order);
    }
  }

  private send(orderId: string, now: number): void {
    this.sentAtMs.set(orderId, now);
    this.ctx.send(ORDER_SERVICE, { type: "PlaceOrder", ...(this.byId.get(orderId) as PlacedOrder) });
  }
}

/** The order service's statuses of every order it holds. */
export function orderStatuses(services: ServicesFile): Promise<{ [orderId: string]: OrderStatus }> {
  return statusField(services, ORDER_SERVICE, "statuses");
}

/** The notification worker's mailboxes: the receipts it sent, per customer. */
export function sentReceipts(services: ServicesFile): Promise<Mailboxes> {
  return statusField(services, NOTIFICATION_SERVICE, "mailboxes");
}

/** The payment service's ledger as stored (its first boot's, before it stored one); waits while it restarts. */
export async function ledger(services: ServicesFile, deadlineMs: number): Promise<PaymentLedger> {
  for (;;) {
    try {
      const stored = await statusField<PaymentLedger | null>(services, PAYMENT_SERVICE, "ledger");
      return stored ?? { balances: liveFunds(), processed: {} };
    } catch (error) {
      if (!/ECONNREFUSED/.test((error as Error).message) || Date.now() > deadlineMs) throw error;
      await sleep(SETTLE_POLL_MS);
    }
  }
}

/** One field of a service's GET /status. */
async function statusField<T>(services: ServicesFile, node: NodeId, field: string): Promise<T> {
  return ((await fetchJson(services.ports[node], "GET", "/status", undefined, 5_000)) as unknown as { [field: string]: T })[field];
}

async function until(condition: () => boolean, deadlineMs: number, pollMs: number): Promise<void> {
  while (!condition() && Date.now() < deadlineMs) await sleep(pollMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
