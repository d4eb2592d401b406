/** Week 3, outbox: visible tests (orders on a quiet network: published once, then paid or cancelled). */
import { checkEqual, type GradedTest } from "../../api";
import { orderEvents, orders, outboxShop, requireOrdersPublished } from "./messaging-helpers";

export const tests: GradedTest[] = [
  {
    name: "order-published",
    rules: ["one-write", "relay-publishes"],
    points: 3,
    visibility: "visible",
    description: "two orders on a quiet network: each is answered PENDING, its OrderPlaced (eventId o1/placed) lands in the orders topic once, and it ends PAID",
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.placeOrders(orders(2));
      requireOrdersPublished(shop, "two orders, no faults");
      checkEqual(shop.replies.map((r) => r.status), ["PENDING", "PENDING"], "the replies to the two PlaceOrders");
      checkEqual(orderEvents(shop, "o1"), { ids: ["o1/placed"], records: 1 }, "the OrderPlaced records of o1");
      checkEqual(shop.statuses(), { o1: "PAID", o2: "PAID" }, "inspect() at the end");
    },
  },
  {
    name: "declined-order-cancelled",
    rules: ["settles-once"],
    points: 2,
    visibility: "visible",
    description: "an order the customer cannot pay for: the payment service declines it and the order ends CANCELLED",
    run(ctx) {
      const shop = outboxShop(ctx, { paymentConfig: { funds: { alice: 10 } } });
      shop.placeOrders([{ orderId: "o1", customer: "alice", amount: 30 }]);
      requireOrdersPublished(shop, "a declined order");
      checkEqual(shop.statuses(), { o1: "CANCELLED" }, "inspect() at the end");
    },
  },
];
