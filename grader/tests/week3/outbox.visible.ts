/** Week 3, outbox: visible tests (orders on a quiet network: published once, then paid or cancelled). */
import { checkEqual, says, type GradedTest } from "../../api";
import { orderEvents, orders, outboxShop, requireOrdersPublished } from "./messaging-helpers";

export const tests: GradedTest[] = [
  {
    name: "order-published",
    rules: ["one-write", "relay-publishes"],
    points: 3,
    visibility: "visible",
    description: "two orders on a quiet network: each is answered PENDING, its OrderPlaced (eventId o1/placed) lands in the orders topic once, and it ends PAID",
    descriptionIn: { ko: "조용한 네트워크에서 주문 두 개: 각 주문은 PENDING으로 응답받고, 그 OrderPlaced(eventId o1/placed)가 orders 토픽에 한 번 들어가며, PAID로 끝난다" },
    run(ctx) {
      const shop = outboxShop(ctx);
      shop.placeOrders(orders(2));
      requireOrdersPublished(shop, says({ en: "two orders, no faults", ko: "주문 두 개, 장애 없음" }));
      checkEqual(shop.replies.map((r) => r.status), ["PENDING", "PENDING"], says({ en: "the replies to the two PlaceOrders", ko: "두 PlaceOrder에 대한 응답" }));
      checkEqual(orderEvents(shop, "o1"), { ids: ["o1/placed"], records: 1 }, says({ en: "the OrderPlaced records of o1", ko: "o1의 OrderPlaced 레코드" }));
      checkEqual(shop.statuses(), { o1: "PAID", o2: "PAID" }, says({ en: "inspect() at the end", ko: "끝날 때의 inspect()" }));
    },
  },
  {
    name: "declined-order-cancelled",
    rules: ["settles-once"],
    points: 2,
    visibility: "visible",
    description: "an order the customer cannot pay for: the payment service declines it and the order ends CANCELLED",
    descriptionIn: { ko: "고객이 결제할 수 없는 주문: 결제 서비스가 거절하고 주문은 CANCELLED로 끝난다" },
    run(ctx) {
      const shop = outboxShop(ctx, { paymentConfig: { funds: { alice: 10 } } });
      shop.placeOrders([{ orderId: "o1", customer: "alice", amount: 30 }]);
      requireOrdersPublished(shop, says({ en: "a declined order", ko: "거절된 주문" }));
      checkEqual(shop.statuses(), { o1: "CANCELLED" }, says({ en: "inspect() at the end", ko: "끝날 때의 inspect()" }));
    },
  },
];
