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
import { check, fail, says, type Texts, type TestContext } from "../../api";
import { findingTexts } from "../../i18n/messages";

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
export function requireOrdersPublished(shop: ShopWorld, what: Texts, timeoutMs = 20_000): void {
  shop.runUntilSettled(timeoutMs);
  const statuses = shop.statuses();
  check(statuses !== undefined, says({ en: `${what.en}: the order service is down at the end of the run`, ko: `${what.ko}: 실행이 끝날 때 주문 서비스가 다운되어 있습니다` }));
  for (const { orderId } of shop.placed) {
    const events = orderEvents(shop, orderId);
    const status = statuses[orderId];
    if (events.records === 0) {
      fail(
        says({
          en: `${what.en}: order ${orderId} is ${status ?? "not recorded"} at the end (t=${Math.round(shop.sim.now)}ms) and the orders topic has no OrderPlaced for it: the event was lost${status === undefined ? "" : ", so the payment service never heard of it"}`,
          ko: `${what.ko}: 끝날 때(t=${Math.round(shop.sim.now)}ms) 주문 ${orderId}의 상태가 ${status ?? "기록되지 않음"}인데 orders 토픽에 그 주문의 OrderPlaced가 없습니다. 이벤트가 유실되었습니다${status === undefined ? "" : ". 그래서 결제 서비스는 이 주문을 알지 못했습니다"}`,
        }),
      );
    }
    check(status !== undefined, says({ en: `${what.en}: the orders topic has an OrderPlaced for ${orderId}, but the order service has no such order (an event for an order that does not exist)`, ko: `${what.ko}: orders 토픽에 ${orderId}의 OrderPlaced가 있는데 주문 서비스에는 그런 주문이 없습니다 (없는 주문에 대한 이벤트)` }));
    const ids = events.ids.map((id) => `"${id}"`).join(", ");
    check(
      events.ids.length === 1 && events.ids[0] === orderPlacedId(orderId),
      says({
        en: `${what.en}: order ${orderId} was published under the event id(s) ${ids}; every publish must carry "${orderPlacedId(orderId)}", or the payment service cannot tell a republish from a new order`,
        ko: `${what.ko}: 주문 ${orderId}의 이벤트가 다음 id로 발행되었습니다: ${ids}. 발행할 때마다 "${orderPlacedId(orderId)}"를 담아야 결제 서비스가 재발행과 새 주문을 구별할 수 있습니다`,
      }),
    );
    check(status === "PAID" || status === "CANCELLED", says({ en: `${what.en}: order ${orderId} is still ${status} at t=${Math.round(shop.sim.now)}ms, although its OrderPlaced is in the topic and its payment settled`, ko: `${what.ko}: 주문 ${orderId}의 OrderPlaced가 토픽에 있고 결제도 정산되었는데, t=${Math.round(shop.sim.now)}ms에 아직 ${status} 상태입니다` }));
  }
}

/**
 * The payment service's side, for the orders fed or placed (`expected`, each a valid OrderPlaced):
 * each processed once, each customer's balance = funds - what their paid orders cost, each order's
 * PaymentSettled published with the stored outcome, every offset committed, and the group's reads
 * free of skipped offsets and lost writes.
 */
export function requirePaymentsGood(shop: ShopWorld, expected: ShopOrder[], what: Texts, timeoutMs = 20_000): void {
  // Checked after every event: the cheap lag first, the topic's contents only once nothing lags.
  const settledAll = () => lagOf(shop) === 0 && expected.every((o) => settledFor(shop, o.orderId).length > 0);
  shop.sim.runUntil(settledAll, { timeoutMs });
  const ledger = shop.ledger();
  for (const order of expected) {
    const outcome = ledger.processed[orderPlacedId(order.orderId)];
    check(outcome !== undefined, says({ en: `${what.en}: order ${order.orderId} was never processed: its event id is not in the ledger at t=${Math.round(shop.sim.now)}ms`, ko: `${what.ko}: 주문 ${order.orderId} 처리가 끝내 이루어지지 않았습니다. t=${Math.round(shop.sim.now)}ms에 그 이벤트 id가 원장에 없습니다` }));
    const settled = settledFor(shop, order.orderId);
    check(settled.length > 0, says({ en: `${what.en}: order ${order.orderId} was processed (${outcome}) but no PaymentSettled was ever published for it: the order service will wait forever`, ko: `${what.ko}: 주문 ${order.orderId}의 처리는 끝났는데(${outcome}) 그 PaymentSettled가 한 번도 발행되지 않았습니다. 주문 서비스는 영원히 기다리게 됩니다` }));
    check(settled.every((s) => s === outcome), says({ en: `${what.en}: the PaymentSettled events of ${order.orderId} say ${settled.join(", ")}, but the ledger says ${outcome}`, ko: `${what.ko}: ${order.orderId}의 PaymentSettled 이벤트는 ${settled.join(", ")}인데 원장에는 ${outcome}입니다` }));
  }
  for (const [customer, start] of Object.entries(shop.paymentConfig.funds)) {
    const paid = expected.filter((o) => o.customer === customer && ledger.processed[orderPlacedId(o.orderId)] === "paid");
    const should = start - paid.reduce((sum, o) => sum + o.amount, 0);
    const actual = ledger.balances[customer];
    const list = paid.map((o) => `${o.orderId} ${o.amount}`).join(", ");
    check(
      actual === should,
      says({
        en: `${what.en}: ${customer}'s balance is ${actual}, but ${start} minus ${paid.length} paid order(s) (${list || "none"}) is ${should}: ${actual < should ? "an order was charged more than once" : "a charge was lost"}`,
        ko: `${what.ko}: ${customer}의 잔액이 ${actual}인데, ${start}에서 결제된 주문 ${paid.length}개(${list || "없음"})의 금액을 빼면 ${should}입니다. ${actual < should ? "한 주문이 두 번 이상 결제되었습니다" : "결제 하나가 유실되었습니다"}`,
      }),
    );
  }
  check(lagOf(shop) === 0, () => {
    const lag = JSON.stringify(brokerOf(shop).lag(PAYMENT_GROUP, ORDERS_TOPIC));
    return says({
      en: `${what.en}: the group ${PAYMENT_GROUP} still lags at the end (${lag}): its committed offsets stop before the end of the partitions, so a restart would process those records again (a commit went missing, or an earlier record's commit overtook a later one's)`,
      ko: `${what.ko}: 끝날 때 그룹 ${PAYMENT_GROUP}에 아직 lag가 있습니다 (${lag}). 커밋된 offset이 파티션 끝에 못 미치므로 재시작하면 그 레코드를 다시 처리하게 됩니다 (커밋 하나가 빠졌거나, 앞 레코드의 커밋이 뒤 레코드의 커밋을 추월했습니다)`,
    });
  });
  const history = shop.recorder.history(shop.sim, BROKER, { [ORDERS_TOPIC]: shop.brokerConfig.topics[ORDERS_TOPIC] });
  history.polls = history.polls.filter((p) => shop.paymentNodes.includes(p.consumer) && p.topicPartition.startsWith(`${ORDERS_TOPIC}/`));
  history.sends = history.sends.filter((s) => s.topicPartition.startsWith(`${ORDERS_TOPIC}/`));
  const verdict = checkLog(history, { allow: ["duplicate"] });
  if (verdict.verdict === "ILLEGAL") {
    const [first] = verdict.anomalies;
    const found = findingTexts(first.finding);
    fail(says({ en: `${what.en}: the log checker: [${first.rule}] ${found.en}`, ko: `${what.ko}: 로그 검사기: [${first.rule}] ${found.ko}` }), describeLogVerdict(verdict));
  }
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

