/** Week 3, saga: visible tests (one order on a quiet network: approved, declined, out of stock). */
import { checkEqual, says, type GradedTest } from "../../api";
import { applied, order, requireGoodSagas, requireStatus, sagaWorld, undone } from "./saga-helpers";

export const tests: GradedTest[] = [
  {
    name: "order-approved",
    points: 3,
    visibility: "visible",
    description: "one order with money and goods enough: authorize, reserve, capture and ship each take effect once, in that order, and the order ends APPROVED",
    descriptionIn: { ko: "돈과 재고가 충분한 주문 하나: authorize, reserve, capture, ship이 순서대로 한 번씩 반영되고 주문은 APPROVED로 끝난다" },
    run(ctx) {
      const world = sagaWorld(ctx, { funds: { alice: 100 }, stock: { widget: 3 } });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "one order, no faults", ko: "주문 하나, 장애 없음" }));
      requireStatus(world, "o1", "APPROVED", says({ en: "every step can succeed", ko: "모든 단계가 성공할 수 있다" }));
      checkEqual(applied(world, "o1"), ["authorize", "reserve", "capture", "ship"], says({ en: "the steps that took effect for o1", ko: "o1에 반영된 단계" }));
    },
  },
  {
    name: "declined-card-rejected",
    points: 2,
    visibility: "visible",
    description: "an order the customer cannot pay for: authorize fails, nothing else runs, nothing needs undoing, and the order ends REJECTED",
    descriptionIn: { ko: "고객이 결제할 수 없는 주문: authorize가 실패하고, 다른 단계는 실행되지 않으며, 되돌릴 것도 없고, 주문은 REJECTED로 끝난다" },
    run(ctx) {
      const world = sagaWorld(ctx, { funds: { alice: 10 } });
      world.placeOrders([order("o1", { amount: 30 })]);
      requireGoodSagas(world, says({ en: "a declined card", ko: "결제가 거절된 카드" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "the card was declined at step 1", ko: "1단계에서 카드 결제가 거절되었다" }));
      checkEqual(applied(world, "o1"), [], says({ en: "the steps that took effect for o1", ko: "o1에 반영된 단계" }));
    },
  },
  {
    name: "out-of-stock-compensates",
    points: 3,
    visibility: "visible",
    description: "goods out of stock at step 2: the authorization of step 1 is voided (its compensation) and the order ends REJECTED",
    descriptionIn: { ko: "2단계에서 재고 부족: 1단계의 승인을 void(보상)로 취소하고 주문은 REJECTED로 끝난다" },
    run(ctx) {
      const world = sagaWorld(ctx, { funds: { alice: 100 }, stock: { widget: 0 } });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "out of stock at step 2", ko: "2단계에서 재고 부족" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "reserve failed at step 2", ko: "2단계에서 reserve가 실패했다" }));
      checkEqual(undone(world, "o1"), ["void"], says({ en: "the compensations that took effect for o1", ko: "o1에 반영된 보상" }));
    },
  },
];
