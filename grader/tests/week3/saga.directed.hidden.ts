/**
 * Week 3, saga, hidden: one directed test per rule of saga.rules.md, each a scripted schedule
 * (a failure at a chosen step, a command lost, held or answered late or twice, a crash of the
 * order service at a chosen instant) that breaks on every seed when its rule alone is broken.
 */
import { ORDER_SAGA, ORDER_SERVICE, type SagaStep } from "../../../src/contracts/saga";
import type { SagaWorld } from "../../../src/saga/cluster";
import type { Shopper } from "../../../src/saga/shopper";
import type { ParticipantFault } from "../../../src/saga/faults";
import { check, checkEqual, fail, type GradedTest, type TestContext } from "../../api";
import { applied, order, recordsOf, requireGoodSagas, requireStatus, sagaWorld, undone } from "./saga-helpers";

/** Crash the order service right after its `n`-th event (boot, delivery or timer), back `downMs` later. */
function crashOrderServiceAfterEvent(world: SagaWorld, n: number, downMs: number): void {
  let seen = 0;
  let from = 0;
  world.sim.afterEachEvent(() => {
    const events = world.sim.trace.events;
    for (; from < events.length; from++) {
      const e = events[from];
      const ours = (e.kind === "deliver" && e.to === ORDER_SERVICE) || ((e.kind === "timer" || e.kind === "start" || e.kind === "restart") && e.node === ORDER_SERVICE);
      if (ours && ++seen === n) {
        world.sim.after(0, `crash ${ORDER_SERVICE} after its event #${n}`, () => world.sim.crash(ORDER_SERVICE));
        world.sim.after(downMs, `restart ${ORDER_SERVICE}`, () => world.sim.restart(ORDER_SERVICE));
      }
    }
  });
}

/** A world with plenty of money and goods, and these faults. */
function faulty(ctx: TestContext, faults: { payment?: ParticipantFault[]; stock?: ParticipantFault[] }, steps?: SagaStep[]): SagaWorld {
  return sagaWorld(ctx, { funds: { alice: 1000, bob: 1000 }, stock: { widget: 10 }, faults, config: steps ? { steps } : undefined });
}

export const tests: GradedTest[] = [
  {
    name: "fails-at-each-step",
    rules: ["failure-compensates-previous", "reverse-order"],
    points: 4,
    visibility: "hidden",
    description: "a saga failing at step k (1: card declined, 2: out of stock, 3: the pivot fails) compensates steps k-1..1, last first, each exactly once, and ends REJECTED",
    run(ctx) {
      const cases: { k: number; faults: { payment?: ParticipantFault[]; stock?: ParticipantFault[] }; compensations: string[] }[] = [
        { k: 1, faults: { payment: [{ action: "authorize", behaviour: { kind: "fail", reason: "card declined" } }] }, compensations: [] },
        { k: 2, faults: { stock: [{ action: "reserve", behaviour: { kind: "fail", reason: "out of stock" } }] }, compensations: ["void"] },
        { k: 3, faults: { payment: [{ action: "capture", behaviour: { kind: "fail", reason: "fraud check failed" } }] }, compensations: ["release", "void"] },
      ];
      for (const { k, faults, compensations } of cases) {
        const world = faulty(ctx, faults);
        world.placeOrders([order("o1")]);
        requireGoodSagas(world, `failing at step ${k}`);
        requireStatus(world, "o1", "REJECTED", `step ${k} failed`);
        checkEqual(undone(world, "o1"), compensations, `the compensations that took effect after a failure at step ${k}, in order`);
      }
    },
  },
  {
    name: "timeout-compensates-the-step",
    rules: ["timeout-is-unknown"],
    points: 4,
    visibility: "hidden",
    description: "a step that took effect but whose reply was lost (an unknown outcome) is compensated too: the timed-out step first, then the ones before it",
    run(ctx) {
      for (const { k, faults, compensations } of [
        { k: 1, faults: { payment: [{ action: "authorize", behaviour: { kind: "no-reply" } }] as ParticipantFault[] }, compensations: ["void"] },
        { k: 2, faults: { stock: [{ action: "reserve", behaviour: { kind: "no-reply" } }] as ParticipantFault[] }, compensations: ["release", "void"] },
      ]) {
        const world = faulty(ctx, faults);
        world.placeOrders([order("o1")]);
        requireGoodSagas(world, `step ${k} took effect and its every reply was lost`);
        requireStatus(world, "o1", "REJECTED", `step ${k} never answered`);
        checkEqual(undone(world, "o1"), compensations, `the compensations that took effect after step ${k} timed out, in order`);
      }
    },
  },
  {
    name: "lost-command-compensated-anyway",
    rules: ["timeout-is-unknown"],
    points: 2,
    visibility: "hidden",
    description: "a command lost on its way (it never took effect) still gets its compensation: from where the order service stands, its outcome is unknown",
    run(ctx) {
      const world = faulty(ctx, { stock: [{ action: "reserve", behaviour: { kind: "drop" } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "every reserve command was lost");
      requireStatus(world, "o1", "REJECTED", "reserve never answered");
      const releases = recordsOf(world, "o1", "release");
      check(releases.length > 0, "reserve never answered, so it may have taken effect, but no release (its compensation) ever reached the stock service");
    },
  },
  {
    name: "held-command-overtaken-by-compensation",
    rules: ["timeout-is-unknown"],
    points: 4,
    visibility: "hidden",
    description: "a reserve held up 2 s, long past the step timeout, arrives after its compensation: the stock service refuses it, and nothing stays reserved",
    run(ctx) {
      const world = faulty(ctx, { stock: [{ action: "reserve", behaviour: { kind: "hold", ms: 2_000 } }] });
      world.placeOrders([order("o1")]);
      world.sim.runFor(2_500); // past the moment the held reserve is processed
      requireGoodSagas(world, "reserve was held for 2 s, ten step timeouts");
      requireStatus(world, "o1", "REJECTED", "reserve did not answer within the step timeout");
      const refused = recordsOf(world, "o1", "reserve").filter((r) => r.outcome === "refused");
      check(refused.length > 0, "the held reserve should have arrived after its compensation and been refused; it never was (was a release naming it sent?)");
    },
  },
  {
    name: "late-reply-ignored",
    rules: ["stale-replies-ignored"],
    points: 3,
    visibility: "hidden",
    description: "reserve's reply (\"done\") arrives 2 s late, long after the step timed out, while the compensation void is still in flight: it changes nothing, and the order turns REJECTED only once void is done",
    run(ctx) {
      const world = faulty(ctx, {
        stock: [{ action: "reserve", behaviour: { kind: "late", ms: 2_000 } }],
        payment: [{ action: "void", behaviour: { kind: "hold", ms: 2_500 } }],
      });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "reserve's reply 2 s late, during the compensation");
      requireStatus(world, "o1", "REJECTED", "reserve timed out long before its reply came");
      checkEqual(undone(world, "o1"), ["release", "void"], "the compensations that took effect, in order");
      checkEqual(applied(world, "o1"), ["authorize", "reserve"], "the forward steps that took effect (none after the timed-out one)");
    },
  },
  {
    name: "duplicate-replies",
    rules: ["stale-replies-ignored"],
    points: 3,
    visibility: "hidden",
    description: "every reply arrives twice: each step still runs once, nothing is skipped, and the order ends APPROVED",
    run(ctx) {
      const world = faulty(ctx, {
        payment: ["authorize", "capture"].map((action) => ({ action, behaviour: { kind: "duplicate-reply" } }) as ParticipantFault),
        stock: ["reserve", "ship"].map((action) => ({ action, behaviour: { kind: "duplicate-reply" } }) as ParticipantFault),
      });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "every reply duplicated");
      requireStatus(world, "o1", "APPROVED", "every step succeeded");
      checkEqual(applied(world, "o1"), ["authorize", "reserve", "capture", "ship"], "the steps that took effect");
    },
  },
  {
    name: "one-step-at-a-time",
    rules: ["forward-in-order"],
    points: 2,
    visibility: "hidden",
    description: "authorize takes 150 ms (within the step timeout): reserve must not reach the stock service before authorize took effect",
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "authorize", behaviour: { kind: "hold", ms: 150 } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "a slow authorize");
      requireStatus(world, "o1", "APPROVED", "authorize succeeded within the step timeout");
    },
  },
  {
    name: "pivot-unanswered-resent",
    rules: ["pivot-outcome-learned"],
    points: 4,
    visibility: "hidden",
    description: "the pivot (capture) takes effect but its first three replies are lost: it is resent with the same id until it answers, then the saga goes forward, nothing compensated",
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "capture", times: 3, behaviour: { kind: "no-reply" } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "the pivot's replies lost three times");
      requireStatus(world, "o1", "APPROVED", "the capture took effect at its first delivery");
      checkEqual(undone(world, "o1"), [], "the compensations that took effect");
      const captures = recordsOf(world, "o1", "capture");
      check(captures.length >= 4, () => `capture got no answer three times and should have been resent until it did; the payment service saw it ${captures.length} time(s)`);
    },
  },
  {
    name: "after-pivot-retried",
    rules: ["none-after-pivot"],
    points: 3,
    visibility: "hidden",
    description: "ship (after the pivot) answers 'unavailable' three times and then loses a reply: it is resent until done; nothing is compensated after the pivot",
    run(ctx) {
      const world = faulty(ctx, { stock: [{ action: "ship", times: 3, behaviour: { kind: "unavailable" } }, { action: "ship", skip: 3, times: 1, behaviour: { kind: "no-reply" } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "ship failing for a while after the pivot");
      requireStatus(world, "o1", "APPROVED", "past the pivot a saga goes forward");
      checkEqual(applied(world, "o1"), ["authorize", "reserve", "capture", "ship"], "the steps that took effect");
    },
  },
  {
    name: "compensation-retried",
    rules: ["compensations-retried", "saga-ends"],
    points: 3,
    visibility: "hidden",
    description: "void (a compensation) is lost twice and then answered 'unavailable': it is resent until done, and the money goes back",
    run(ctx) {
      const world = faulty(ctx, {
        payment: [{ action: "void", times: 2, behaviour: { kind: "drop" } }, { action: "void", skip: 2, times: 1, behaviour: { kind: "unavailable" } }],
        stock: [{ action: "reserve", behaviour: { kind: "fail", reason: "out of stock" } }],
      });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "a compensation lost twice");
      requireStatus(world, "o1", "REJECTED", "reserve failed");
      checkEqual(undone(world, "o1"), ["void"], "the compensations that took effect");
    },
  },
  {
    name: "crash-mid-compensation",
    rules: ["reverse-order", "resume-after-crash"],
    points: 5,
    visibility: "hidden",
    description: "the order service crashes the moment the stock service handles the first compensation (release) and is back 300 ms later: it resumes, voids the authorization, each once",
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "capture", behaviour: { kind: "fail", reason: "fraud check failed" } }] });
      world.crashWhen(ORDER_SERVICE, (r) => r.action === "release", 300, "mid-compensation");
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "a crash of the order service in the middle of compensating");
      requireStatus(world, "o1", "REJECTED", "the pivot failed before the crash");
      checkEqual(undone(world, "o1"), ["release", "void"], "the compensations that took effect, in order");
    },
  },
  {
    name: "crash-mid-forward",
    rules: ["stable-command-ids"],
    points: 4,
    visibility: "hidden",
    description: "the order service crashes the moment authorize takes effect and is back 300 ms later: it resends authorize with the same id (charged once) and finishes",
    run(ctx) {
      const world = faulty(ctx, {});
      world.crashWhen(ORDER_SERVICE, (r) => r.action === "authorize" && r.outcome === "applied", 300, "mid-forward");
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "a crash of the order service right after authorize took effect");
      check(world.status("o1") !== undefined, "the order service forgot order o1 after its crash");
      const authorizations = recordsOf(world, "o1", "authorize").filter((r) => r.outcome === "applied");
      check(authorizations.length === 1, () => `authorize took effect ${authorizations.length} times: ${authorizations.map((r) => `"${r.commandId}"`).join(", ")}; a resend after a crash must carry the same command id`);
    },
  },
  {
    name: "crash-anywhere",
    rules: ["pending-first", "persist-before-send", "resume-after-crash"],
    points: 5,
    visibility: "hidden",
    description: "one run per instant: the order service crashes right after its 1st, 2nd, ... 14th event (an order failing at step 3) and comes back 250 ms later; every run ends well",
    run(ctx) {
      for (let n = 1; n <= 14; n++) {
        const world = faulty(ctx, { payment: [{ action: "capture", behaviour: { kind: "fail", reason: "fraud check failed" } }] });
        crashOrderServiceAfterEvent(world, n, 250);
        world.placeOrders([order("o1")], { resendMs: 100 });
        requireGoodSagas(world, `a crash of the order service right after its event #${n}`);
      }
    },
  },
  {
    name: "repeated-place-order",
    rules: ["one-saga-per-order"],
    points: 3,
    visibility: "hidden",
    description: "the shopper resends PlaceOrder every 10 ms and the network duplicates messages: one saga runs, each step once",
    run(ctx) {
      const world = sagaWorld(ctx, { network: { duplicateRate: 0.5, duplicatesMax: 2 } });
      world.placeOrders([order("o1")], { resendMs: 10 });
      requireGoodSagas(world, "PlaceOrder arriving dozens of times");
      requireStatus(world, "o1", "APPROVED", "every step can succeed");
    },
  },
  {
    name: "get-order-answers",
    rules: ["get-order"],
    points: 2,
    visibility: "hidden",
    description: "GetOrder answers UNKNOWN for an order never placed, PENDING while its saga runs, and its final status afterwards",
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "capture", times: 2, behaviour: { kind: "no-reply" } }] });
      const reader = world.placeOrders([order("o1")], { resendMs: 100_000, pollMs: 20 });
      world.sim.after(5, "ask for an order nobody placed", () => world.sim.call<Shopper, void>(reader, "GetOrder(o404)", (shopper) => shopper.ask("o404")));
      requireGoodSagas(world, "polling GetOrder");
      const seen = world.shopper(reader).seen;
      const unknown = seen.find((s) => s.orderId === "o404")?.status;
      check(unknown === "UNKNOWN", () => `GetOrder for an order nobody placed answered ${unknown ?? "nothing"}, expected UNKNOWN`);
      const statuses = seen.filter((s) => s.orderId === "o1").map((s) => s.status);
      check(statuses.includes("PENDING"), () => `polling GetOrder every 20 ms during a saga that took a while never answered PENDING; answers were ${JSON.stringify([...new Set(statuses)])}`);
      check(statuses[statuses.length - 1] === "APPROVED", () => `after the saga ended, GetOrder answered ${statuses[statuses.length - 1]}, expected APPROVED`);
    },
  },
  {
    name: "no-early-final-status",
    rules: ["semantic-lock"],
    points: 3,
    visibility: "hidden",
    description: "the status is a semantic lock: readers see PENDING until the saga really ended (ship still failing after the pivot; a void still lost), never APPROVED or REJECTED early",
    run(ctx) {
      const approving = faulty(ctx, { stock: [{ action: "ship", times: 3, behaviour: { kind: "unavailable" } }] });
      approving.placeOrders([order("o1")], { resendMs: 30, pollMs: 10 });
      requireGoodSagas(approving, "ship unavailable three times after the pivot, readers polling");
      const rejecting = faulty(ctx, { payment: [{ action: "void", times: 2, behaviour: { kind: "drop" } }], stock: [{ action: "reserve", behaviour: { kind: "fail", reason: "out of stock" } }] });
      rejecting.placeOrders([order("o1")], { resendMs: 30, pollMs: 10 });
      requireGoodSagas(rejecting, "void lost twice, readers polling");
    },
  },
  {
    name: "other-step-order",
    rules: ["steps-are-data"],
    points: 3,
    visibility: "hidden",
    description: "the steps are data: with stock first (reserve, authorize, capture, ship), a declined card releases the reservation and the order ends REJECTED",
    run(ctx) {
      const steps: SagaStep[] = [ORDER_SAGA[1], ORDER_SAGA[0], ORDER_SAGA[2], ORDER_SAGA[3]];
      const world = faulty(ctx, { payment: [{ action: "authorize", behaviour: { kind: "fail", reason: "card declined" } }] }, steps);
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, "stock first, then payment");
      requireStatus(world, "o1", "REJECTED", "authorize (step 2) failed");
      checkEqual(undone(world, "o1"), ["release"], "the compensations that took effect");
    },
  },
  {
    name: "orders-side-by-side",
    rules: ["stable-command-ids"],
    points: 2,
    visibility: "hidden",
    description: "two shoppers' orders run at the same time: each order's steps run once, under commands of its own",
    run(ctx) {
      const world = faulty(ctx, {});
      world.placeOrders([order("o1"), order("o3", { customer: "bob" })]);
      world.placeOrders([order("o2", { customer: "bob", amount: 50, quantity: 2 })]);
      requireGoodSagas(world, "three orders at once");
      for (const id of ["o1", "o2", "o3"]) requireStatus(world, id, "APPROVED", "money and goods suffice for all three");
      if (world.paymentState().ledger.merchant !== 110) fail(`the merchant received ${world.paymentState().ledger.merchant}, expected 30 + 50 + 30 = 110`);
    },
  },
];

