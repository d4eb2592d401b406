/**
 * Week 3, outbox, hidden: one directed test per rule of outbox.rules.md (a power cut at each write,
 * the broker unreachable while the order service crashes, acks lost, a late duplicate PlaceOrder,
 * a stale PaymentSettled), and randomized runs under broker faults over many seeds.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../../src/contracts/node";
import { BROKER, ORDER_SERVICE, PAYMENTS_TOPIC, paymentSettledId, type OrderReply } from "../../../src/contracts/messaging";
import { formatBrokerFaults, randomBrokerFaults, scheduleBrokerFaults } from "../../../src/broker/nemesis";
import type { ShopWorld } from "../../../src/broker/shop";
import { checkEqual, type GradedTest, type TestContext } from "../../api";
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

export const tests: GradedTest[] = [
  {
    name: "power-cut-at-each-write",
    rules: ["one-write", "commit-after-write", "relay-at-boot", "relay-publishes"],
    points: 5,
    visibility: "hidden",
    description: "the order service loses power during, and right after, each storage write of a two-order run: every order answered still gets its OrderPlaced published and ends PAID",
    run(ctx) {
      const writes = writesOfCleanRun(() => powerCutRun(ctx, 0, false), ORDER_SERVICE, (shop) => shop.runUntilSettled(5_000));
      ctx.premise(writes >= 2, `a clean run of two orders should write at least twice (it wrote ${writes} times)`);
      for (let write = 1; write <= writes; write++) {
        for (const lose of [false, true]) {
          const shop = powerCutRun(ctx, write, lose);
          requireOrdersPublished(shop, `power cut ${lose ? "during" : "right after"} write #${write}`);
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
      requireOrdersPublished(shop, "broker away, then a crash");
    },
  },
  {
    name: "relay-at-boot",
    rules: ["relay-at-boot"],
    points: 3,
    visibility: "hidden",
    description: "with a relay interval of a minute, a power cut right after the order's write: the relay of the next boot publishes it",
    run(ctx) {
      const shop = outboxShop(ctx, { orderConfig: { relayIntervalMs: 60_000 }, powerCuts: { [ORDER_SERVICE]: { write: 1, lose: false, downMs: 80 } } });
      shop.placeOrders(orders(1));
      requireOrdersPublished(shop, "a power cut right after the first write", 5_000);
    },
  },
  {
    name: "same-event-id",
    rules: ["same-event-id"],
    points: 3,
    visibility: "hidden",
    description: "the broker's confirmations are lost and the order service restarts: it publishes the order again, under the same eventId",
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.sim.at(5, "the broker's answers to the order service are lost", () => shop.sim.cutOneWay(BROKER, ORDER_SERVICE));
      shop.placeOrders(orders(1), { atMs: 10 });
      shop.sim.at(200, `crash ${ORDER_SERVICE}`, () => shop.sim.crash(ORDER_SERVICE));
      shop.sim.at(220, `restart ${ORDER_SERVICE}`, () => shop.sim.restart(ORDER_SERVICE));
      shop.sim.at(400, "reconnect", () => shop.sim.heal());
      requireOrdersPublished(shop, "confirmations lost, then a restart");
      const events = orderEvents(shop, "o1");
      ctx.premise(events.records >= 2, `the event should have been published more than once (it was published ${events.records} time(s))`);
    },
  },
  {
    name: "duplicate-place-order",
    rules: ["place-idempotent"],
    points: 3,
    visibility: "hidden",
    description: "a shopper's PlaceOrder arrives again after the order was paid: nothing changes, nothing new is published, and the answer is PAID",
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.placeOrders(orders(1));
      requireOrdersPublished(shop, "one order");
      shop.placeOrders(orders(1));
      shop.sim.runFor(500);
      checkEqual(shop.replies.map((r) => r.status), ["PENDING", "PAID"], "the answers to the first PlaceOrder and to the late duplicate");
      checkEqual(orderEvents(shop, "o1").records, 1, "the number of OrderPlaced records of o1");
      checkEqual(shop.statuses(), { o1: "PAID" }, "inspect() after the duplicate");
    },
  },
  {
    name: "get-order-answers",
    rules: ["get-order"],
    points: 2,
    visibility: "hidden",
    description: "GetOrder answers the status of a recorded order and UNKNOWN for an order never placed",
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.placeOrders(orders(1));
      const answers: { [orderId: string]: string } = {};
      shop.sim.addNode("asker", (c) => new Asker(c, ["o1", "nope"], 500, answers));
      shop.sim.runFor(1_000);
      checkEqual(answers, { o1: "PAID", nope: "UNKNOWN" }, "GetOrder for o1 (placed and paid) and for nope (never placed)");
    },
  },
  {
    name: "stale-settlement-ignored",
    rules: ["settles-once"],
    points: 3,
    visibility: "hidden",
    description: "a late PaymentSettled saying declined arrives for an order already PAID (a stale record): the order stays PAID",
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.placeOrders(orders(1));
      requireOrdersPublished(shop, "one order");
      shop.feed([{ key: "o1", value: { type: "PaymentSettled", eventId: paymentSettledId("o1"), orderId: "o1", outcome: "declined" } }], { topic: PAYMENTS_TOPIC });
      shop.sim.runFor(500);
      checkEqual(shop.statuses(), { o1: "PAID" }, "inspect() after a stale PaymentSettled (declined) for a paid order");
    },
  },
  {
    name: "random-broker-faults",
    rules: ["one-write", "relay-publishes", "confirmed-before-removed", "relay-at-boot", "same-event-id", "place-idempotent", "settles-once", "commit-after-write"],
    points: 5,
    visibility: "hidden",
    description: "eight orders while the broker and the order service crash, get cut off from each other, rebalance and append twice: every order is published under one event id and settles",
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
      requireOrdersPublished(shop, "under random broker faults", 30_000);
    },
  },
];
