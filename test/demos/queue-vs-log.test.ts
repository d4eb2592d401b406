/** Pins what notebook 14 says about its demos (src/demos/queue-vs-log.ts, src/demos/messaging-naive.ts). */
import { expect } from "chai";
import { BROKER, DEAD_LETTER_TOPIC, ORDERS_TOPIC, type OrderServiceConstructor, type PaymentServiceConstructor } from "../../src/contracts/messaging";
import type { BrokerNode } from "../../src/broker/broker";
import { ShopWorld } from "../../src/broker/shop";
import { checkLog } from "../../src/check/log-checker";
import { NaiveOrderService, NaivePaymentService } from "../../src/demos/messaging-naive";
import { AtMostOncePayments, CUSTOMERS, deliverySemantics, sideBySide } from "../../src/demos/queue-vs-log";
import { partitionOf } from "../../src/broker/protocol";

describe("demos: a queue and a log side by side (notebook 14)", () => {
  it("the queue loses no message, spreads a customer's messages over consumers and finishes one out of order", () => {
    const run = sideBySide("queue");
    expect(run.handled).to.have.length(12);
    for (const customer of CUSTOMERS) expect(new Set(run.handled.filter((h) => h.customer === customer).map((h) => h.consumer)).size).to.be.greaterThan(1);
    expect(run.outOfOrder).to.have.length.greaterThan(0);
    expect(run.handled.some((h) => h.deliveries > 1)).to.equal(true);
  });

  it("the log keeps each customer's order, each customer read by one consumer at a time, through the crash", () => {
    const run = sideBySide("log");
    expect(run.outOfOrder).to.deep.equal([]);
    expect(new Set(run.handled.map((h) => `${h.customer}${h.seq}`)).size).to.equal(12);
    expect(new Set(CUSTOMERS.map((c) => partitionOf(c, 3))).size).to.equal(3);
  });
});

describe("demos: delivery semantics (notebook 14)", () => {
  it("at most once loses an order, at least once charges one twice", () => {
    expect(deliverySemantics("at most once", AtMostOncePayments).charged[0]).to.be.greaterThan(0);
    expect(deliverySemantics("at least once", NaivePaymentService).charged[2]).to.be.greaterThan(0);
  });
});

describe("demos: the startup's naive services (notebook 14)", () => {
  function shopRun(orderService: OrderServiceConstructor, paymentService: PaymentServiceConstructor): ShopWorld {
    const shop = new ShopWorld({ seed: 11, orderService, paymentService, powerCuts: { orders: { write: 1, lose: false, downMs: 50 } } });
    shop.sim.at(1, "the next 2 produces land twice", () => shop.sim.call<BrokerNode, void>(BROKER, "duplicate", (b) => b.duplicateProduces(2)));
    shop.placeOrders([1, 2, 3, 4, 5, 6].map((i) => ({ orderId: `o${i}`, customer: i % 2 ? "alice" : "bob", amount: 100 })), { spacingMs: 20 });
    shop.sim.runFor(3_000);
    return shop;
  }

  it("a power cut after the order's write leaves it PENDING forever, duplicates charge twice, and the log itself is fine", () => {
    const shop = shopRun(NaiveOrderService, NaivePaymentService);
    expect(shop.statuses()?.o1).to.equal("PENDING");
    const paid = Object.values(shop.statuses() ?? {}).filter((s) => s === "PAID").length;
    const spent = Object.values(shop.ledger().balances).reduce((sum, left) => sum + (1000 - left), 0);
    expect(spent).to.be.greaterThan(paid * 100);
    expect(checkLog(shop.recorder.history(shop.sim, BROKER, shop.brokerConfig.topics), { allow: ["duplicate"] }).verdict).to.equal("OK");
  });

  it("the naive payment service retries a poison record forever: its partition stops and nothing is dead-lettered", () => {
    const shop = new ShopWorld({ seed: 5, paymentService: NaivePaymentService });
    const behind = ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9"].filter((id) => partitionOf(id, 3) === partitionOf("bad", 3));
    shop.feed([{ key: "bad", value: { type: "OrderPlaced", eventId: "bad/placed", orderId: "bad", customer: "alice", amount: "a lot" } }, ...behind.map((id) => ({ key: id, value: { type: "OrderPlaced", eventId: `${id}/placed`, orderId: id, customer: "bob", amount: 10 } }))], { atMs: 10, spacingMs: 20 });
    shop.sim.runFor(2_000);
    expect(Object.keys(shop.ledger().processed)).to.deep.equal([]);
    expect(shop.topic(DEAD_LETTER_TOPIC)).to.deep.equal([]);
    expect((shop.sim.node(BROKER) as BrokerNode).lag("payment-service", ORDERS_TOPIC)[`${ORDERS_TOPIC}/${partitionOf("bad", 3)}`]).to.equal(behind.length + 1);
  });
});
