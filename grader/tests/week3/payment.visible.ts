/** Week 3, payment: visible tests (orders from the course's order service on a quiet network). */
import { checkEqual, type GradedTest } from "../../api";
import { orders, paymentShop, requirePaymentsGood } from "./messaging-helpers";

export const tests: GradedTest[] = [
  {
    name: "orders-charged-once",
    rules: ["group-member", "charge-and-id-together", "publish-then-commit"],
    points: 3,
    visibility: "visible",
    description: "three orders on a quiet network: each charged once, each PaymentSettled published, every offset committed, and the orders end PAID",
    run(ctx) {
      const shop = paymentShop(ctx);
      shop.placeOrders(orders(3), { spacingMs: 20 });
      requirePaymentsGood(shop, orders(3), "three orders, no faults");
      checkEqual(shop.ledger().balances, { alice: 940, bob: 970, carol: 1_000 }, "the balances after o1 (alice 30), o2 (bob 30) and o3 (alice 30)");
      shop.runUntilSettled(2_000);
      checkEqual(shop.statuses(), { o1: "PAID", o2: "PAID", o3: "PAID" }, "the order service's statuses");
    },
  },
  {
    name: "declined-not-charged",
    rules: ["charge-and-id-together"],
    points: 2,
    visibility: "visible",
    description: "an order the customer cannot pay for is declined: nothing is charged, the ledger records it as declined, and the order ends CANCELLED",
    run(ctx) {
      const shop = paymentShop(ctx, { paymentConfig: { funds: { alice: 10 } } });
      shop.placeOrders([{ orderId: "o1", customer: "alice", amount: 30 }]);
      requirePaymentsGood(shop, [{ orderId: "o1", customer: "alice", amount: 30 }], "a declined order");
      checkEqual(shop.ledger(), { balances: { alice: 10 }, processed: { "o1/placed": "declined" } }, "the ledger");
    },
  },
];
