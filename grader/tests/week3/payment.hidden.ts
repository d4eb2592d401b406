/**
 * Week 3, payment, hidden: one directed test per rule of payment.rules.md (records appended twice,
 * a power cut at each write, a result lost and the consumer crashed before the resend, a partition
 * that must wait for its earlier record, a poison record, rebalances between two instances), and
 * randomized runs under broker faults over many seeds. The orders come from a feeder (records
 * written straight to the topic) or from the course's naive order service.
 */
import type { Json } from "../../../src/contracts/node";
import { BROKER, PAYMENT_GROUP, PAYMENT_SERVICE, PAYMENTS_TOPIC, ORDERS_TOPIC } from "../../../src/contracts/messaging";
import { formatBrokerFaults, randomBrokerFaults, scheduleBrokerFaults } from "../../../src/broker/nemesis";
import { partitionOf } from "../../../src/broker/protocol";
import type { ShopOrder, ShopWorld } from "../../../src/broker/shop";
import { check, checkEqual, says, type GradedTest, type TestContext } from "../../api";
import { crashAfterNextWrite, deadLetters, onBroker, orders, paymentShop, placed, requirePaymentsGood, writesOfCleanRun } from "./messaging-helpers";

/** `n` orders whose ids all fall in the same partition of the orders topic (3 partitions). */
function samePartition(n: number, prefix = "s"): ShopOrder[] {
  const picked: ShopOrder[] = [];
  for (let i = 1; picked.length < n; i++) {
    if (partitionOf(`${prefix}${i}`, 3) === partitionOf(`${prefix}1`, 3)) picked.push({ orderId: `${prefix}${i}`, customer: picked.length % 2 === 0 ? "alice" : "bob", amount: 30 });
  }
  return picked;
}

const POISON: Json = { type: "OrderPlaced", eventId: "x/placed", orderId: "x", customer: "alice", amount: "a lot" };

function fed(ctx: TestContext, list: ShopOrder[], write: number, lose: boolean): ShopWorld {
  const shop = paymentShop(ctx, { powerCuts: write > 0 ? { [PAYMENT_SERVICE]: { write, lose, downMs: 80 } } : {} });
  shop.feed(list.map(placed), { atMs: 20, spacingMs: 15 });
  return shop;
}

export const tests: GradedTest[] = [
  {
    name: "duplicate-records",
    rules: ["dedup-by-event-id"],
    points: 4,
    visibility: "hidden",
    description: "the broker appends every OrderPlaced twice (a producer's retry): each order is charged once and settled once",
    descriptionIn: { ko: "broker가 모든 OrderPlaced를 두 번씩 추가한다(프로듀서의 재시도): 각 주문은 한 번 결제되고 한 번 정산된다" },
    run(ctx) {
      const shop = paymentShop(ctx);
      onBroker(shop, "duplicate the next 4 produces", (broker) => broker.duplicateProduces(4));
      const list = orders(4);
      shop.feed(list.map(placed), { atMs: 20, spacingMs: 10 });
      requirePaymentsGood(shop, list, says({ en: "every record appended twice", ko: "모든 레코드가 두 번씩 추가됨" }));
    },
  },
  {
    name: "power-cut-at-each-write",
    rules: ["charge-and-id-together", "commit-after-effect", "republish-duplicate", "nothing-in-memory"],
    points: 5,
    visibility: "hidden",
    description: "the payment service loses power during, and right after, each storage write of a three-order run: no order is charged twice or lost, and each gets its PaymentSettled",
    descriptionIn: { ko: "주문 세 개를 처리하는 실행에서 결제 서비스가 저장소 쓰기마다 그 도중과 직후에 전원을 잃는다: 두 번 결제되거나 유실되는 주문이 없고, 모든 주문이 PaymentSettled를 받는다" },
    run(ctx) {
      const list = orders(3);
      const writes = writesOfCleanRun(() => fed(ctx, list, 0, false), PAYMENT_SERVICE, (shop) => shop.sim.runFor(1_500));
      ctx.premise(writes >= 3, says({ en: `a clean run of three orders should write at least three times (it wrote ${writes} times)`, ko: `장애 없이 주문 세 개를 처리하면 적어도 세 번은 써야 합니다 (쓴 횟수: ${writes}번)` }));
      for (let write = 1; write <= writes; write++) {
        for (const lose of [false, true]) requirePaymentsGood(fed(ctx, list, write, lose), list, says({ en: `power cut ${lose ? "during" : "right after"} write #${write}`, ko: `쓰기 #${write} ${lose ? "도중" : "직후"}의 정전` }));
      }
    },
  },
  {
    name: "result-lost-then-crash",
    rules: ["publish-then-commit"],
    points: 4,
    visibility: "hidden",
    description: "the PaymentSettled of an order is lost on its way to the broker, and the payment service crashes before resending it: after the restart the result is still published",
    descriptionIn: { ko: "한 주문의 PaymentSettled가 broker로 가는 길에 유실되고, 결제 서비스가 다시 보내기 전에 멈춘다: 재시작한 뒤에도 결과가 발행된다" },
    run(ctx) {
      const shop = paymentShop(ctx);
      onBroker(shop, "lose the next produce to payments", (broker) => broker.dropProduces(PAYMENTS_TOPIC, 1));
      crashAfterNextWrite(shop, PAYMENT_SERVICE, 25, 100);
      const list = orders(1);
      shop.feed(list.map(placed), { atMs: 20 });
      requirePaymentsGood(shop, list, says({ en: "a lost result, then a crash", ko: "결과 유실, 그다음 멈춤" }));
    },
  },
  {
    name: "partition-waits-for-its-record",
    rules: ["pause-partition"],
    points: 4,
    visibility: "hidden",
    description: "two orders in one partition; the first one's PaymentSettled is lost and the service crashes before resending it: the second must not have been committed past the first",
    descriptionIn: { ko: "한 파티션에 주문 두 개가 있다. 첫 주문의 PaymentSettled가 유실되고 서비스가 다시 보내기 전에 멈춘다: 두 번째 주문이 첫 번째를 넘어 커밋되어 있으면 안 된다" },
    run(ctx) {
      // A fixed delay keeps the two records in the order they were fed (the first one's result is the one lost).
      const shop = paymentShop(ctx, { network: { delay: { kind: "fixed", ms: 2 } } });
      const list = samePartition(2);
      onBroker(shop, `lose the first PaymentSettled of ${list[0].orderId}`, (broker) => broker.dropProduces(PAYMENTS_TOPIC, 1, list[0].orderId));
      crashAfterNextWrite(shop, PAYMENT_SERVICE, 40, 100);
      shop.feed(list.map(placed), { atMs: 20, spacingMs: 1 });
      requirePaymentsGood(shop, list, says({ en: "the first result lost, then a crash", ko: "첫 결과 유실, 그다음 멈춤" }));
    },
  },
  {
    name: "poison-dead-lettered",
    rules: ["poison-retried", "poison-dead-lettered"],
    points: 5,
    visibility: "hidden",
    description: "a record that is no OrderPlaced, followed by two orders in its partition: it is retried until delivered maxDeliveries times, then dead-lettered, never charged, and the orders behind it go through",
    descriptionIn: { ko: "OrderPlaced가 아닌 레코드 뒤에 같은 파티션의 주문 두 개가 온다: 그 레코드는 maxDeliveries번 전달될 때까지 재시도된 뒤 dead letter가 되고, 결제되지 않으며, 뒤의 주문들은 처리된다" },
    run(ctx) {
      const shop = paymentShop(ctx, { paymentConfig: { maxDeliveries: 3, retryMs: 40 } });
      const list = samePartition(3).slice(1);
      shop.feed([{ key: samePartition(1)[0].orderId, value: POISON }, ...list.map(placed)], { atMs: 20, spacingMs: 5 });
      requirePaymentsGood(shop, list, says({ en: "a poison record before two orders", ko: "주문 두 개 앞의 poison 레코드" }));
      const letters = deadLetters(shop);
      check(letters.length > 0, says({ en: "the poison record never reached the dead-letter topic (orders.dlq)", ko: "poison 레코드가 dead-letter 토픽(orders.dlq)에 끝내 닿지 않았습니다" }));
      const poisonAt = shop.topic(ORDERS_TOPIC).find((r) => JSON.stringify(r.value) === JSON.stringify(POISON)) as { offset: number };
      checkEqual(
        letters.map((l) => ({ topic: l.topic, offset: l.offset, deliveries: l.deliveries, value: l.value })),
        [{ topic: ORDERS_TOPIC, offset: poisonAt.offset, deliveries: 3, value: POISON }],
        says({ en: "the dead letters (topic, offset, deliveries, value)", ko: "dead letter 목록 (topic, offset, deliveries, value)" }),
      );
      check(letters.every((l) => typeof l.reason === "string" && l.reason.length > 0), says({ en: "a DeadLetter must say why the record was given up on (reason)", ko: "DeadLetter에는 레코드를 포기한 이유(reason)가 있어야 합니다" }));
    },
  },
  {
    name: "rebalance-and-restart",
    rules: ["nothing-in-memory", "group-member", "dedup-by-event-id"],
    points: 4,
    visibility: "hidden",
    description: "two instances share the orders topic; the group rebalances and one instance crashes mid-run: no offset skipped, no order lost or charged twice",
    descriptionIn: { ko: "두 인스턴스가 orders 토픽을 나눠 맡는다. 실행 중에 그룹이 리밸런싱하고 인스턴스 하나가 멈춘다: 건너뛴 offset도, 유실되거나 두 번 결제된 주문도 없다" },
    run(ctx) {
      const shop = paymentShop(ctx, { paymentInstances: 2 });
      const list = orders(12);
      shop.feed(list.map(placed), { atMs: 20, spacingMs: 40 });
      onBroker(shop, "rebalance", (broker) => broker.rebalance(PAYMENT_GROUP), 150);
      shop.sim.at(260, `crash ${shop.paymentNodes[0]}`, () => shop.sim.crash(shop.paymentNodes[0]));
      shop.sim.at(420, `restart ${shop.paymentNodes[0]}`, () => shop.sim.restart(shop.paymentNodes[0]));
      onBroker(shop, "rebalance", (broker) => broker.rebalance(PAYMENT_GROUP), 480);
      requirePaymentsGood(shop, list, says({ en: "rebalances and a crash", ko: "리밸런싱과 멈춤" }));
    },
  },
  {
    name: "random-broker-faults",
    rules: ["group-member", "charge-and-id-together", "dedup-by-event-id", "republish-duplicate", "commit-after-effect", "publish-then-commit", "pause-partition", "poison-retried", "poison-dead-lettered", "nothing-in-memory"],
    points: 5,
    visibility: "hidden",
    description: "nine orders and a poison record while the broker and two payment instances crash, get cut off, rebalance and see records appended twice: every order charged exactly as its outcome says, and the poison dead-lettered",
    descriptionIn: { ko: "broker와 결제 인스턴스 둘이 멈추고, 끊기고, 리밸런싱하고, 레코드가 두 번 추가되는 동안 주문 아홉 개와 poison 레코드 하나를 넣는다: 모든 주문이 결과대로 정확히 결제되고, poison 레코드는 dead letter가 된다" },
    seeds: 10,
    run(ctx) {
      const shop = paymentShop(ctx, { paymentInstances: 2, network: { dropRate: 0.05 } });
      const faults = randomBrokerFaults(ctx.rng, { nodes: [BROKER, ...shop.paymentNodes], services: shop.paymentNodes, groups: [PAYMENT_GROUP], startMs: 50, endMs: 1_500, intervalMsMin: 100, intervalMsMax: 300 });
      ctx.note(`faults:\n${formatBrokerFaults(faults, BROKER)}`);
      scheduleBrokerFaults(shop.sim, BROKER, faults);
      const list = orders(9, "r").map((o) => ({ ...o, amount: ctx.rng.int(100, 400) }));
      shop.feed([...list.slice(0, 4).map(placed), { key: "poison", value: POISON }, ...list.slice(4).map(placed)], { atMs: 20, spacingMs: ctx.rng.int(20, 150) });
      shop.sim.at(1_500, "heal the network", () => {
        shop.sim.heal();
        shop.sim.configureNetwork({ dropRate: 0 });
      });
      requirePaymentsGood(shop, list, says({ en: "under random broker faults", ko: "무작위 broker 장애 아래에서" }), 30_000);
      shop.sim.runUntil(() => deadLetters(shop).length > 0, { timeoutMs: 5_000 });
      check(deadLetters(shop).length > 0, says({ en: "the poison record never reached the dead-letter topic (orders.dlq)", ko: "poison 레코드가 dead-letter 토픽(orders.dlq)에 끝내 닿지 않았습니다" }));
    },
  },
];
