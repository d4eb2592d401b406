/**
 * Building blocks of the outbox and payment tests: the shop world around the graded class (the
 * other service is the course's naive demo, or a feeder writing records straight to a topic),
 * power cuts at each write, and checks that fail with the broken rule in words: an event lost,
 * an order charged twice, a result never published, an offset skipped, a poison record stuck.
 */
import type { Json, NodeId } from "../../../src/contracts/node";
import {
  BROKER,
  DEAD_LETTER_TOPIC,
  ORDERS_TOPIC,
  PAYMENT_GROUP,
  PAYMENTS_TOPIC,
  orderPlacedId,
  paymentSettledId,
  type DeadLetter,
  type OrderServiceConstructor,
  type PaymentServiceConstructor,
} from "../../../src/contracts/messaging";
import type { BrokerNode } from "../../../src/broker/broker";
import { ShopWorld, type ShopOrder, type ShopWorldOptions } from "../../../src/broker/shop";
import { checkLog, describeLogVerdict } from "../../../src/check/log-checker";
import { NaiveOrderService, NaivePaymentService } from "../../../src/demos/messaging-naive";
import { spaceTimeDiagram } from "../../../src/viz/space-time";
import { check, fail, type TestContext } from "../../api";

export type ShopOptions = Omit<ShopWorldOptions, "seed" | "orderService" | "paymentService">;

/** `n` orders o1..on, alternating alice and bob, 30 each. */
export function orders(n: number, prefix = "o"): ShopOrder[] {
  return Array.from({ length: n }, (_, i) => ({ orderId: `${prefix}${i + 1}`, customer: i % 2 === 0 ? "alice" : "bob", amount: 30 }));
}

/** An OrderPlaced record as the order service would publish it. */
export function placed(order: ShopOrder): { key: string; value: Json } {
  return { key: order.orderId, value: { type: "OrderPlaced", eventId: orderPlacedId(order.orderId), ...order } };
}

function attachPictures(ctx: TestContext, shop: ShopWorld): void {
  ctx.note(shop.sim.describe());
  ctx.attachOnFailure("messages between the services and the broker (the last 600 ms)", () =>
    spaceTimeDiagram(shop.sim.trace.events, { fromMs: Math.max(0, shop.sim.now - 600), toMs: shop.sim.now, nodes: [BROKER, ...shop.sim.nodeIds.filter((id) => id !== BROKER)], tintKey: null, timers: false }),
  );
}

/** The graded OrderService with the course's naive payment service. */
export function outboxShop(ctx: TestContext, options: ShopOptions = {}): ShopWorld {
  const shop = new ShopWorld({ ...options, seed: ctx.seed, orderService: ctx.exported<OrderServiceConstructor>("OrderService"), paymentService: NaivePaymentService });
  attachPictures(ctx, shop);
  return shop;
}

/** The graded PaymentService (one or more instances) with the course's naive order service. */
export function paymentShop(ctx: TestContext, options: ShopOptions = {}): ShopWorld {
  const shop = new ShopWorld({ ...options, seed: ctx.seed, orderService: NaiveOrderService, paymentService: ctx.exported<PaymentServiceConstructor>("PaymentService") });
  attachPictures(ctx, shop);
  return shop;
}

/** The distinct eventIds of the OrderPlaced records of `orderId` in the orders topic, and how many records. */
export function orderEvents(shop: ShopWorld, orderId: string): { ids: string[]; records: number } {
  const mine = shop.topic(ORDERS_TOPIC).filter((r) => (r.value as { orderId?: string })?.orderId === orderId);
  return { ids: [...new Set(mine.map((r) => String((r.value as { eventId?: string }).eventId)))], records: mine.length };
}

/**
 * The order service's side: run until every placed order settled; every order ends PAID or
 * CANCELLED with exactly one distinct OrderPlaced (eventId = orderPlacedId) in the topic.
 */
export function requireOrdersPublished(shop: ShopWorld, what: string, timeoutMs = 20_000): void {
  shop.runUntilSettled(timeoutMs);
  const statuses = shop.statuses();
  check(statuses !== undefined, `${what}: the order service is down at the end of the run`);
  for (const { orderId } of shop.placed) {
    const events = orderEvents(shop, orderId);
    const status = statuses[orderId];
    if (events.records === 0) {
      fail(`${what}: order ${orderId} is ${status ?? "not recorded"} at the end (t=${Math.round(shop.sim.now)}ms) and the orders topic has no OrderPlaced for it: the event was lost${status === undefined ? "" : ", so the payment service never heard of it"}`);
    }
    check(status !== undefined, `${what}: the orders topic has an OrderPlaced for ${orderId}, but the order service has no such order (an event for an order that does not exist)`);
    check(events.ids.length === 1 && events.ids[0] === orderPlacedId(orderId), `${what}: order ${orderId} was published under the event id(s) ${events.ids.map((id) => `"${id}"`).join(", ")}; every publish must carry "${orderPlacedId(orderId)}", or the payment service cannot tell a republish from a new order`);
    check(status === "PAID" || status === "CANCELLED", `${what}: order ${orderId} is still ${status} at t=${Math.round(shop.sim.now)}ms, although its OrderPlaced is in the topic and its payment settled`);
  }
}

/**
 * The payment service's side, for the orders fed or placed (`expected`, each a valid OrderPlaced):
 * each processed once, each customer's balance = funds - what their paid orders cost, each order's
 * PaymentSettled published with the stored outcome, every offset committed, and the group's reads
 * free of skipped offsets and lost writes.
 */
export function requirePaymentsGood(shop: ShopWorld, expected: ShopOrder[], what: string, timeoutMs = 20_000): void {
  // Checked after every event: the cheap lag first, the topic's contents only once nothing lags.
  const settledAll = () => lagOf(shop) === 0 && expected.every((o) => settledFor(shop, o.orderId).length > 0);
  shop.sim.runUntil(settledAll, { timeoutMs });
  const ledger = shop.ledger();
  for (const order of expected) {
    const outcome = ledger.processed[orderPlacedId(order.orderId)];
    check(outcome !== undefined, `${what}: order ${order.orderId} was never processed: its event id is not in the ledger at t=${Math.round(shop.sim.now)}ms`);
    const settled = settledFor(shop, order.orderId);
    check(settled.length > 0, `${what}: order ${order.orderId} was processed (${outcome}) but no PaymentSettled was ever published for it: the order service will wait forever`);
    check(settled.every((s) => s === outcome), `${what}: the PaymentSettled events of ${order.orderId} say ${settled.join(", ")}, but the ledger says ${outcome}`);
  }
  for (const [customer, start] of Object.entries(shop.paymentConfig.funds)) {
    const paid = expected.filter((o) => o.customer === customer && ledger.processed[orderPlacedId(o.orderId)] === "paid");
    const should = start - paid.reduce((sum, o) => sum + o.amount, 0);
    const actual = ledger.balances[customer];
    check(actual === should, `${what}: ${customer}'s balance is ${actual}, but ${start} minus ${paid.length} paid order(s) (${paid.map((o) => `${o.orderId} ${o.amount}`).join(", ") || "none"}) is ${should}: ${actual < should ? "an order was charged more than once" : "a charge was lost"}`);
  }
  check(lagOf(shop) === 0, `${what}: the group ${PAYMENT_GROUP} still lags at the end (${JSON.stringify(brokerOf(shop).lag(PAYMENT_GROUP, ORDERS_TOPIC))}): its committed offsets stop before the end of the partitions, so a restart would process those records again (a commit went missing, or an earlier record's commit overtook a later one's)`);
  const history = shop.recorder.history(shop.sim, BROKER, { [ORDERS_TOPIC]: shop.brokerConfig.topics[ORDERS_TOPIC] });
  history.polls = history.polls.filter((p) => shop.paymentNodes.includes(p.consumer) && p.topicPartition.startsWith(`${ORDERS_TOPIC}/`));
  history.sends = history.sends.filter((s) => s.topicPartition.startsWith(`${ORDERS_TOPIC}/`));
  const verdict = checkLog(history, { allow: ["duplicate"] });
  if (verdict.verdict === "ILLEGAL") fail(`${what}: the log checker: ${describeLogVerdict(verdict).split("\n")[0]}`, describeLogVerdict(verdict));
}

/** The outcomes of every PaymentSettled published for `orderId`. */
export function settledFor(shop: ShopWorld, orderId: string): string[] {
  return shop
    .topic(PAYMENTS_TOPIC)
    .map((r) => r.value as { eventId?: string; outcome?: string })
    .filter((v) => v.eventId === paymentSettledId(orderId))
    .map((v) => String(v.outcome));
}

/** The dead letters published so far. */
export function deadLetters(shop: ShopWorld): DeadLetter[] {
  return shop.topic(DEAD_LETTER_TOPIC).map((r) => r.value as unknown as DeadLetter);
}

function brokerOf(shop: ShopWorld): BrokerNode {
  return shop.sim.node<BrokerNode>(BROKER) as BrokerNode;
}

function lagOf(shop: ShopWorld): number {
  const broker = shop.sim.node<BrokerNode>(BROKER);
  return broker ? Object.values(broker.lag(PAYMENT_GROUP, ORDERS_TOPIC)).reduce((a, b) => a + b, 0) : Infinity;
}

/** Run once without faults and count the writes `node` makes: the power-cut tests cut at each of them. */
export function writesOfCleanRun(make: () => ShopWorld, node: NodeId, run: (shop: ShopWorld) => void): number {
  const shop = make();
  run(shop);
  return shop.power(node).writeCount;
}

/** Call `action` on the broker node (a nemesis action) at `atMs` (default 1: once it has booted), if it is up then. */
export function onBroker(shop: ShopWorld, label: string, action: (broker: BrokerNode) => void, atMs = 1): void {
  shop.sim.at(Math.max(atMs, shop.sim.now), label, () => {
    if (shop.sim.isUp(BROKER)) shop.sim.call<BrokerNode, void>(BROKER, label, action);
  });
}

/** Crash `node` `delayMs` after its next storage write, back `downMs` later. */
export function crashAfterNextWrite(shop: ShopWorld, node: NodeId, delayMs: number, downMs: number): void {
  const start = shop.power(node).writeCount;
  let done = false;
  shop.sim.afterEachEvent(() => {
    if (done || shop.power(node).writeCount === start) return;
    done = true;
    shop.sim.after(delayMs, `crash ${node}`, () => shop.sim.crash(node));
    shop.sim.after(delayMs + downMs, `restart ${node}`, () => shop.sim.restart(node));
  });
}

