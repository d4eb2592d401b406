/**
 * Week 3, outbox, hidden: one directed test per rule of outbox.rules.md (a power cut at each write,
 * the broker unreachable while the order service crashes, acks lost, a late duplicate PlaceOrder,
 * a stale PaymentSettled), and randomized runs under broker faults over many seeds.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../../src/contracts/node";
import { BROKER, ORDER_SERVICE, PAYMENTS_TOPIC, paymentSettledId, type OrderReply } from "../../../src/contracts/messaging";
import { formatBrokerFaults, randomBrokerFaults, scheduleBrokerFaults } from "../../../src/broker/nemesis";
import type { ShopWorld } from "../../../src/broker/shop";
import { check, checkEqual, says, type GradedTest, type TestContext } from "../../api";
import { orderEvents, orders, outboxShop, requireOrdersPublished, writesOfCleanRun, type ShopOptions } from "./messaging-helpers";

/** Asks the order service about `orderIds` at `atMs` and keeps the answers. */
class Asker implements ProtocolNode<OrderReply, { i: number }> {
  constructor(
    private readonly ctx: NodeContext<any, { i: number }>,
    private readonly orderIds: string[],
    private readonly atMs: number,
    private readonly answers: { [orderId: string]: string },
  ) {}
  onStart(): void {
    this.orderIds.forEach((_, i) => this.ctx.setTimer(this.atMs, { i }));
  }
  onTimer({ i }: { i: number }): void {
    if (!(this.orderIds[i] in this.answers)) this.ctx.send(ORDER_SERVICE, { type: "GetOrder", orderId: this.orderIds[i] });
    this.ctx.setTimer(100, { i });
  }
  onMessage(_from: NodeId, reply: OrderReply): void {
    this.answers[reply.orderId] = reply.status;
  }
}

function powerCutRun(ctx: TestContext, write: number, lose: boolean, options: ShopOptions = {}): ShopWorld {
  const shop = outboxShop(ctx, { ...options, powerCuts: write > 0 ? { [ORDER_SERVICE]: { write, lose, downMs: 80 } } : {} });
  shop.placeOrders(orders(2), { spacingMs: 30 });
  return shop;
}

/** A shop whose one order, o1, was placed, published and settled. */
function settledShop(ctx: TestContext): ShopWorld {
  const shop = outboxShop(ctx);
  shop.placeOrders(orders(1));
  requireOrdersPublished(shop, says({ en: "one order", ko: "주문 하나" }));
  return shop;
}

export const tests: GradedTest[] = [
  {
    name: "power-cut-at-each-write",
    rules: ["one-write", "commit-after-write", "relay-at-boot", "relay-publishes"],
    points: 5,
    visibility: "hidden",
    description: "the order service loses power during, and right after, each storage write of a two-order run: every order answered still gets its OrderPlaced published and ends PAID",
    descriptionIn: { ko: "주문 두 개를 처리하는 실행에서 주문 서비스가 저장소 쓰기마다 그 도중과 직후에 전원을 잃는다: 응답받은 주문은 모두 OrderPlaced가 발행되고 PAID로 끝난다" },
    run(ctx) {
      const writes = writesOfCleanRun(() => powerCutRun(ctx, 0, false), ORDER_SERVICE, (shop) => shop.runUntilSettled(5_000));
      ctx.premise(writes >= 2, says({ en: `a clean run of two orders should write at least twice (it wrote ${writes} times)`, ko: `장애 없이 주문 두 개를 처리하면 적어도 두 번은 써야 합니다 (쓴 횟수: ${writes}번)` }));
      for (let write = 1; write <= writes; write++) {
        for (const lose of [false, true]) {
          const shop = powerCutRun(ctx, write, lose);
          requireOrdersPublished(shop, says({ en: `power cut ${lose ? "during" : "right after"} write #${write}`, ko: `쓰기 #${write} ${lose ? "도중" : "직후"}의 정전` }));
        }
      }
    },
  },
  {
    name: "broker-away-then-crash",
    rules: ["confirmed-before-removed"],
    points: 4,
    visibility: "hidden",
    description: "the broker is unreachable when an order is placed, and the order service crashes before it comes back: after the restart the event is still published",
    descriptionIn: { ko: "주문이 들어올 때 broker에 닿을 수 없고, broker가 돌아오기 전에 주문 서비스가 멈춘다: 재시작한 뒤에도 이벤트는 발행된다" },
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.sim.at(20, "cut the order service off from the broker", () => {
        shop.sim.cutOneWay(ORDER_SERVICE, BROKER);
        shop.sim.cutOneWay(BROKER, ORDER_SERVICE);
      });
      shop.placeOrders(orders(1), { atMs: 50 });
      shop.sim.at(300, `crash ${ORDER_SERVICE}`, () => shop.sim.crash(ORDER_SERVICE));
      shop.sim.at(350, `restart ${ORDER_SERVICE}`, () => shop.sim.restart(ORDER_SERVICE));
      shop.sim.at(600, "reconnect", () => shop.sim.heal());
      requireOrdersPublished(shop, says({ en: "broker away, then a crash", ko: "broker가 닿지 않다가 멈춤" }));
    },
  },
  {
    name: "confirmed-event-not-republished",
    rules: ["removed-once-confirmed"],
    points: 2,
    visibility: "hidden",
    description: "an order's OrderPlaced is confirmed by the broker and its payment settles; after a quiet second the order service restarts: it publishes no new copy of the event",
    descriptionIn: { ko: "주문의 OrderPlaced를 broker가 확인하고 결제도 정산된다. 조용한 1초가 지난 뒤 주문 서비스가 재시작한다: 그 이벤트의 새 사본을 발행하지 않는다" },
    run(ctx) {
      const shop = settledShop(ctx);
      const before = orderEvents(shop, "o1").records;
      shop.sim.after(1_000, `crash ${ORDER_SERVICE}`, () => shop.sim.crash(ORDER_SERVICE));
      shop.sim.after(1_050, `restart ${ORDER_SERVICE}`, () => shop.sim.restart(ORDER_SERVICE));
      shop.sim.runFor(2_000);
      const after = orderEvents(shop, "o1").records;
      check(after === before, () => says({ en: `the broker confirmed o1's OrderPlaced long before a restart of the order service, and the restart published it again (${before} record(s) before, ${after} after): a confirmed event leaves the outbox, or every boot republishes every order ever placed`, ko: `주문 서비스가 재시작하기 한참 전에 broker가 o1의 OrderPlaced를 확인했는데, 재시작이 그 이벤트를 다시 발행했습니다 (재시작 전 레코드 ${before}개, 뒤 ${after}개). 확인된 이벤트는 outbox에서 빠져야 합니다. 그렇지 않으면 부팅할 때마다 지금까지의 모든 주문을 다시 발행합니다` }));
    },
  },
  {
    name: "relay-at-boot",
    rules: ["relay-at-boot"],
    points: 3,
    visibility: "hidden",
    description: "with a relay interval of a minute, a power cut right after the order's write: the relay of the next boot publishes it",
    descriptionIn: { ko: "relay 간격이 1분이고 주문을 쓴 직후 정전이 난다: 다음 부팅의 relay가 그 주문을 발행한다" },
    run(ctx) {
      const shop = outboxShop(ctx, { orderConfig: { relayIntervalMs: 60_000 }, powerCuts: { [ORDER_SERVICE]: { write: 1, lose: false, downMs: 80 } } });
      shop.placeOrders(orders(1));
      requireOrdersPublished(shop, says({ en: "a power cut right after the first write", ko: "첫 쓰기 직후의 정전" }), 5_000);
    },
  },
  {
    name: "same-event-id",
    rules: ["same-event-id"],
    points: 3,
    visibility: "hidden",
    description: "the broker's confirmations are lost and the order service restarts: it publishes the order again, under the same eventId",
    descriptionIn: { ko: "broker의 확인 응답이 유실되고 주문 서비스가 재시작한다: 주문을 다시 발행하되 같은 eventId로 발행한다" },
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.sim.at(5, "the broker's answers to the order service are lost", () => shop.sim.cutOneWay(BROKER, ORDER_SERVICE));
      shop.placeOrders(orders(1), { atMs: 10 });
      shop.sim.at(200, `crash ${ORDER_SERVICE}`, () => shop.sim.crash(ORDER_SERVICE));
      shop.sim.at(220, `restart ${ORDER_SERVICE}`, () => shop.sim.restart(ORDER_SERVICE));
      shop.sim.at(400, "reconnect", () => shop.sim.heal());
      requireOrdersPublished(shop, says({ en: "confirmations lost, then a restart", ko: "확인 응답 유실, 그다음 재시작" }));
      const events = orderEvents(shop, "o1");
      ctx.premise(events.records >= 2, says({ en: `the event should have been published more than once (it was published ${events.records} time(s))`, ko: `이벤트가 두 번 이상 publish되었어야 합니다 (publish된 횟수: ${events.records}번)` }));
    },
  },
  {
    name: "duplicate-place-order",
    rules: ["place-idempotent"],
    points: 3,
    visibility: "hidden",
    description: "a shopper's PlaceOrder arrives again after the order was paid: nothing changes, nothing new is published, and the answer is PAID",
    descriptionIn: { ko: "결제가 끝난 뒤 쇼핑객의 PlaceOrder가 다시 도착한다: 아무것도 바뀌지 않고, 새로 발행되는 것도 없으며, 답은 PAID다" },
    run(ctx) {
      const shop = settledShop(ctx);
      shop.placeOrders(orders(1));
      shop.sim.runFor(500);
      checkEqual(shop.replies.map((r) => r.status), ["PENDING", "PAID"], says({ en: "the answers to the first PlaceOrder and to the late duplicate", ko: "첫 PlaceOrder와 늦게 온 중복에 대한 응답" }));
      checkEqual(orderEvents(shop, "o1").records, 1, says({ en: "the number of OrderPlaced records of o1", ko: "o1의 OrderPlaced 레코드 수" }));
      checkEqual(shop.statuses(), { o1: "PAID" }, says({ en: "inspect() after the duplicate", ko: "중복 뒤의 inspect()" }));
    },
  },
  {
    name: "get-order-answers",
    rules: ["get-order"],
    points: 2,
    visibility: "hidden",
    description: "GetOrder answers the status of a recorded order and UNKNOWN for an order never placed",
    descriptionIn: { ko: "GetOrder는 기록된 주문에는 그 상태를, 넣은 적 없는 주문에는 UNKNOWN을 답한다" },
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.placeOrders(orders(1));
      const answers: { [orderId: string]: string } = {};
      shop.sim.addNode("asker", (c) => new Asker(c, ["o1", "nope"], 500, answers));
      shop.sim.runFor(1_000);
      checkEqual(answers, { o1: "PAID", nope: "UNKNOWN" }, says({ en: "GetOrder for o1 (placed and paid) and for nope (never placed)", ko: "o1(주문되고 결제됨)과 nope(주문된 적 없음)에 대한 GetOrder" }));
    },
  },
  {
    name: "stale-settlement-ignored",
    rules: ["settles-once"],
    points: 3,
    visibility: "hidden",
    description: "a late PaymentSettled saying declined arrives for an order already PAID (a stale record): the order stays PAID",
    descriptionIn: { ko: "이미 PAID인 주문에 declined라는 늦은 PaymentSettled(오래된 레코드)가 도착한다: 주문은 PAID로 남는다" },
    run(ctx) {
      const shop = settledShop(ctx);
      shop.feed([{ key: "o1", value: { type: "PaymentSettled", eventId: paymentSettledId("o1"), orderId: "o1", outcome: "declined" } }], { topic: PAYMENTS_TOPIC });
      shop.sim.runFor(500);
      checkEqual(shop.statuses(), { o1: "PAID" }, says({ en: "inspect() after a stale PaymentSettled (declined) for a paid order", ko: "결제된 주문에 오래된 PaymentSettled(declined)가 온 뒤의 inspect()" }));
    },
  },
  {
    name: "random-broker-faults",
    rules: ["one-write", "relay-publishes", "confirmed-before-removed", "relay-at-boot", "same-event-id", "place-idempotent", "settles-once", "commit-after-write"],
    points: 5,
    visibility: "hidden",
    description: "eight orders while the broker and the order service crash, get cut off from each other, rebalance and append twice: every order is published under one event id and settles",
    descriptionIn: { ko: "broker와 주문 서비스가 멈추고, 서로 끊기고, 리밸런싱하고, 레코드를 두 번 추가하는 동안 주문 여덟 개를 넣는다: 모든 주문이 하나의 event id로 발행되고 정산된다" },
    seeds: 10,
    run(ctx) {
      const shop = outboxShop(ctx, { network: { dropRate: 0.05 } });
      const faults = randomBrokerFaults(ctx.rng, { nodes: [BROKER, ORDER_SERVICE], services: [ORDER_SERVICE], groups: ["order-service", "payment-service"], startMs: 50, endMs: 1_500, intervalMsMin: 100, intervalMsMax: 300 });
      ctx.note(`faults:\n${formatBrokerFaults(faults, BROKER)}`);
      scheduleBrokerFaults(shop.sim, BROKER, faults);
      shop.placeOrders(orders(8), { spacingMs: ctx.rng.int(20, 150) });
      shop.sim.at(1_500, "heal the network", () => {
        shop.sim.heal();
        shop.sim.configureNetwork({ dropRate: 0 });
      });
      requireOrdersPublished(shop, says({ en: "under random broker faults", ko: "무작위 broker 장애 아래에서" }), 30_000);
    },
  },
];
