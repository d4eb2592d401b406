/**
 * Week 3, saga, hidden: randomized runs over many seeds. Shoppers place orders while a nemesis
 * crashes nodes, cuts them off and makes the network lose and duplicate, and the participants
 * misbehave on random commands; then everything heals. Every saga must end well, and an order
 * placed after healing must go through.
 */
import { ORDER_SAGA, ORDER_SERVICE, PAYMENT_SERVICE, STOCK_SERVICE, type Order } from "../../../src/contracts/saga";
import type { FaultBehaviour, ParticipantFault } from "../../../src/saga/faults";
import { formatNemesis, randomNemesis, scheduleNemesis, type Rng } from "../../../src/sim";
import { says, type GradedTest } from "../../api";
import { order, requireGoodSagas, requireStatus, sagaWorld } from "./saga-helpers";

const CUSTOMERS = ["alice", "bob", "carol"];
const ITEMS = ["widget", "gadget"];
/** Faults end here; everything is healed and restarted. */
const HEAL_AT_MS = 2_500;

/** `count` orders with random customers, amounts and goods; some will not be affordable or in stock. */
function randomOrders(rng: Rng, prefix: string, count: number): Order[] {
  return Array.from({ length: count }, (_, i) => order(`${prefix}${i + 1}`, { customer: rng.pick(CUSTOMERS), amount: rng.int(20, 90), item: rng.pick(ITEMS), quantity: rng.int(1, 2) }));
}

/** A random knob on a random command of some of the orders. */
function randomFaults(rng: Rng, orders: Order[]): { payment: ParticipantFault[]; stock: ParticipantFault[] } {
  const faults = { payment: [] as ParticipantFault[], stock: [] as ParticipantFault[] };
  for (const { orderId } of orders) {
    if (!rng.chance(0.6)) continue;
    const step = rng.pick(ORDER_SAGA);
    const action = step.compensation && rng.chance(0.4) ? step.compensation : step.action;
    const retried = action !== "authorize" && action !== "reserve";
    const behaviours: FaultBehaviour[] = [
      { kind: "no-reply" },
      { kind: "late", ms: rng.int(150, 600) },
      { kind: "duplicate-reply" },
      { kind: "hold", ms: rng.int(50, 600) },
      { kind: "drop" },
      { kind: "crash", restartAfterMs: rng.int(50, 400) },
      retried ? { kind: "unavailable" } : { kind: "fail", reason: "refused by the random fault" },
    ];
    const fault: ParticipantFault = { action, orderId, times: rng.int(1, 2), behaviour: rng.pick(behaviours) };
    (step.participant === PAYMENT_SERVICE ? faults.payment : faults.stock).push(fault);
  }
  return faults;
}

export const tests: GradedTest[] = [
  {
    name: "random-faults",
    rules: ["pending-first", "one-saga-per-order", "get-order", "forward-in-order", "stable-command-ids", "persist-before-send", "failure-compensates-previous", "timeout-is-unknown", "reverse-order", "compensations-retried", "pivot-outcome-learned", "none-after-pivot", "stale-replies-ignored", "semantic-lock", "resume-after-crash", "steps-are-data", "saga-ends"],
    points: 6,
    visibility: "hidden",
    description: "nine orders while nodes crash and get cut off, the network loses and duplicates, and participants misbehave on random commands: every saga ends completed or fully compensated, and an order placed after healing is approved",
    descriptionIn: { ko: "노드가 멈추고 고립되며, 네트워크가 메시지를 잃거나 중복하고, 참여자가 무작위 명령에서 오작동하는 동안 주문 아홉 개를 넣는다: 모든 saga가 완료되거나 완전히 보상되어 끝나고, 장애가 복구된 뒤 넣은 주문은 승인된다" },
    seeds: 10,
    run(ctx) {
      const batches = ["a", "b", "c"].map((prefix) => randomOrders(ctx.rng, prefix, 3));
      const faults = randomFaults(ctx.rng, batches.flat());
      const world = sagaWorld(ctx, { funds: { alice: 200, bob: 150, carol: 40, dave: 1000 }, stock: { widget: 5, gadget: 2, gizmo: 1 }, faults, network: { delay: { kind: "uniform", msMin: 1, msMax: 20 } } });
      const nemesis = randomNemesis(ctx.seed, { servers: [ORDER_SERVICE, PAYMENT_SERVICE, STOCK_SERVICE], startMs: 100, endMs: HEAL_AT_MS, intervalMsMin: 100, intervalMsMax: 400, kinds: ["crash", "isolate", "network"] });
      ctx.note(`faults: ${JSON.stringify(faults)}\nnemesis:\n${formatNemesis(nemesis)}`);
      scheduleNemesis(world.sim, nemesis);
      for (const batch of batches) world.placeOrders(batch, { atMs: ctx.rng.int(0, 300), spacingMs: ctx.rng.int(50, 400) });
      world.placeOrders([order("after-heal", { customer: "dave", item: "gizmo" })], { atMs: HEAL_AT_MS + 100 });
      requireGoodSagas(world, says({ en: "under random faults", ko: "무작위 장애 아래에서" }), 30_000);
      requireStatus(world, "after-heal", "APPROVED", says({ en: "it was placed after every fault had healed, with money and goods enough", ko: "모든 장애가 복구된 뒤에, 돈과 재고가 충분한 상태로 넣은 주문이다" }));
    },
  },
  {
    name: "random-order-service-crashes",
    rules: ["pending-first", "one-saga-per-order", "get-order", "forward-in-order", "stable-command-ids", "persist-before-send", "failure-compensates-previous", "timeout-is-unknown", "reverse-order", "compensations-retried", "pivot-outcome-learned", "none-after-pivot", "stale-replies-ignored", "semantic-lock", "resume-after-crash", "steps-are-data", "saga-ends"],
    points: 5,
    visibility: "hidden",
    description: "the order service crashes again and again at random instants while six orders run on a lossy, duplicating network: every saga ends well, each order charged exactly once if approved",
    descriptionIn: { ko: "주문 여섯 개가 메시지를 잃고 중복하는 네트워크에서 도는 동안 주문 서비스가 무작위 시점에 거듭 멈춘다: 모든 saga가 제대로 끝나고, 승인된 주문은 정확히 한 번 결제된다" },
    seeds: 10,
    run(ctx) {
      const world = sagaWorld(ctx, { funds: { alice: 150, bob: 100, carol: 60 }, stock: { widget: 4, gadget: 3 }, network: { dropRate: 0.1, duplicateRate: 0.1, duplicatesMax: 2 } });
      for (let at = ctx.rng.int(20, 150); at < HEAL_AT_MS; at += ctx.rng.int(80, 300)) {
        world.sim.at(at, `crash ${ORDER_SERVICE}`, () => world.sim.crash(ORDER_SERVICE));
        world.sim.at(at + ctx.rng.int(20, 150), `restart ${ORDER_SERVICE}`, () => world.sim.restart(ORDER_SERVICE));
      }
      world.placeOrders(randomOrders(ctx.rng, "x", 3), { spacingMs: ctx.rng.int(30, 200), resendMs: 120 });
      world.placeOrders(randomOrders(ctx.rng, "y", 3), { spacingMs: ctx.rng.int(30, 200), resendMs: 120 });
      world.sim.at(HEAL_AT_MS, "heal the network", () => world.sim.configureNetwork({ dropRate: 0, duplicateRate: 0 }));
      requireGoodSagas(world, says({ en: "with the order service crashing over and over", ko: "주문 서비스가 거듭 멈추는 동안" }), 30_000);
    },
  },
];
