/** Week 3, payment: visible tests (orders from the course's order service on a quiet network). */
import { checkEqual, says, type GradedTest } from "../../api";
import { orders, paymentShop, requirePaymentsGood } from "./messaging-helpers";

export const tests: GradedTest[] = [
  {
    name: "orders-charged-once",
    rules: ["group-member", "charge-and-id-together", "publish-then-commit"],
    points: 3,
    visibility: "visible",
    description: "three orders on a quiet network: each charged once, each PaymentSettled published, every offset committed, and the orders end PAID",
    descriptionIn: { ko: "조용한 네트워크에서 주문 세 개: 각각 한 번 결제되고, PaymentSettled가 모두 발행되며, 모든 offset이 커밋되고, 주문은 PAID로 끝난다" },
    run(ctx) {
      const shop = paymentShop(ctx);
      shop.placeOrders(orders(3), { spacingMs: 20 });
      requirePaymentsGood(shop, orders(3), says({ en: "three orders, no faults", ko: "주문 세 개, 장애 없음" }));
      checkEqual(shop.ledger().balances, { alice: 940, bob: 970, carol: 1_000 }, says({ en: "the balances after o1 (alice 30), o2 (bob 30) and o3 (alice 30)", ko: "o1(alice 30), o2(bob 30), o3(alice 30) 뒤의 잔액" }));
      shop.runUntilSettled(2_000);
      checkEqual(shop.statuses(), { o1: "PAID", o2: "PAID", o3: "PAID" }, says({ en: "the order service's statuses", ko: "주문 서비스의 상태" }));
    },
  },
  {
    name: "declined-not-charged",
    rules: ["charge-and-id-together"],
    points: 2,
    visibility: "visible",
    description: "an order the customer cannot pay for is declined: nothing is charged, the ledger records it as declined, and the order ends CANCELLED",
    descriptionIn: { ko: "고객이 결제할 수 없는 주문은 거절된다: 아무것도 청구되지 않고, 원장에 declined로 기록되며, 주문은 CANCELLED로 끝난다" },
    run(ctx) {
      const shop = paymentShop(ctx, { paymentConfig: { funds: { alice: 10 } } });
      shop.placeOrders([{ orderId: "o1", customer: "alice", amount: 30 }]);
      requirePaymentsGood(shop, [{ orderId: "o1", customer: "alice", amount: 30 }], says({ en: "a declined order", ko: "거절된 주문" }));
      checkEqual(shop.ledger(), { balances: { alice: 10 }, processed: { "o1/placed": "declined" } }, says({ en: "the ledger", ko: "원장" }));
    },
  },
];
