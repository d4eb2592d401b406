/** Week 3, saga: visible tests (one order on a quiet network: approved, declined, out of stock). */
import { checkEqual, type GradedTest } from "../../api";
import { applied, order, requireGoodSagas, requireStatus, sagaWorld, undone } from "./saga-helpers";

export const tests: GradedTest[] = [
  {
    name: "order-approved",
    points: 3,
    visibility: "visible",
    description: "one order with money and goods enough: authorize, reserve, capture and ship each take effect once, in that order, and the order ends APPROVED",
    run(ctx) {
      const world = sagaWorld(ctx, { funds: { alice: 100 }, stock: { widget: 3 } });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "one order, no faults");
      requireStatus(world, "o1", "APPROVED", "every step can succeed");
      checkEqual(applied(world, "o1"), ["authorize", "reserve", "capture", "ship"], "the steps that took effect for o1");
    },
  },
  {
    name: "declined-card-rejected",
    points: 2,
    visibility: "visible",
    description: "an order the customer cannot pay for: authorize fails, nothing else runs, nothing needs undoing, and the order ends REJECTED",
    run(ctx) {
      const world = sagaWorld(ctx, { funds: { alice: 10 } });
      world.placeOrders([order("o1", { amount: 30 })]);
      requireGoodSagas(world, "a declined card");
      requireStatus(world, "o1", "REJECTED", "the card was declined at step 1");
      checkEqual(applied(world, "o1"), [], "the steps that took effect for o1");
    },
  },
  {
    name: "out-of-stock-compensates",
    points: 3,
    visibility: "visible",
    description: "goods out of stock at step 2: the authorization of step 1 is voided (its compensation) and the order ends REJECTED",
    run(ctx) {
      const world = sagaWorld(ctx, { funds: { alice: 100 }, stock: { widget: 0 } });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "out of stock at step 2");
      requireStatus(world, "o1", "REJECTED", "reserve failed at step 2");
      checkEqual(undone(world, "o1"), ["void"], "the compensations that took effect for o1");
    },
  },
];
