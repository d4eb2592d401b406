/**
 * Week 3, saga, hidden: one directed test per rule of saga.rules.md, each a scripted schedule
 * (a failure at a chosen step, a command lost, held or answered late or twice, a crash of the
 * order service at a chosen instant) that breaks on every seed when its rule alone is broken.
 */
import { ORDER_SAGA, ORDER_SERVICE, type SagaStep } from "../../../src/contracts/saga";
import type { SagaWorld } from "../../../src/saga/cluster";
import type { Shopper } from "../../../src/saga/shopper";
import type { ParticipantFault } from "../../../src/saga/faults";
import { check, checkEqual, fail, says, type GradedTest, type TestContext } from "../../api";
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
    description: "a saga failing at step k (1: card declined, 2: out of stock, 3: the pivot fails) compensates steps k-1..1, last first, each exactly once, sends nothing of the steps after k, and ends REJECTED",
    descriptionIn: { ko: "k단계에서 실패한 saga(1: 카드 결제 거절, 2: 재고 부족, 3: pivot 실패)는 k-1..1단계를 마지막 단계부터 각각 정확히 한 번 보상하고, k 뒤의 단계에 대해서는 아무것도 보내지 않으며, REJECTED로 끝난다" },
    run(ctx) {
      const cases: { k: number; faults: { payment?: ParticipantFault[]; stock?: ParticipantFault[] }; compensations: string[] }[] = [
        { k: 1, faults: { payment: [{ action: "authorize", behaviour: { kind: "fail", reason: "card declined" } }] }, compensations: [] },
        { k: 2, faults: { stock: [{ action: "reserve", behaviour: { kind: "fail", reason: "out of stock" } }] }, compensations: ["void"] },
        { k: 3, faults: { payment: [{ action: "capture", behaviour: { kind: "fail", reason: "fraud check failed" } }] }, compensations: ["release", "void"] },
      ];
      for (const { k, faults, compensations } of cases) {
        const world = faulty(ctx, faults);
        world.placeOrders([order("o1")]);
        requireGoodSagas(world, says({ en: `failing at step ${k}`, ko: `${k}단계에서 실패` }));
        requireStatus(world, "o1", "REJECTED", says({ en: `step ${k} failed`, ko: `${k}단계가 실패했다` }));
        checkEqual(undone(world, "o1"), compensations, says({ en: `the compensations that took effect after a failure at step ${k}, in order`, ko: `${k}단계 실패 뒤 반영된 보상, 순서대로` }));
        const reached = new Set(ORDER_SAGA.slice(0, k).flatMap((step) => [step.action, step.compensation]));
        const beyond = recordsOf(world, "o1").filter((r) => !reached.has(r.action));
        check(beyond.length === 0, () => says({ en: `rule failure-compensates-previous: step ${k} failed, yet the orchestrator sent ${beyond.map((r) => `"${r.commandId}" (action ${r.action})`).join(", ")}: a step after the one that failed never ran, so nothing of it is sent, not even a compensation`, ko: `규칙 failure-compensates-previous: ${k}단계가 실패했는데 orchestrator가 ${beyond.map((r) => `"${r.commandId}" (action ${r.action})`).join(", ")}을(를) 보냈습니다: 실패한 단계 뒤의 단계는 실행된 적이 없으므로 그 단계의 명령은 보상도 보내지 않습니다` }));
      }
    },
  },
  {
    name: "timeout-compensates-the-step",
    rules: ["timeout-is-unknown"],
    points: 4,
    visibility: "hidden",
    description: "a step that took effect but whose reply was lost (an unknown outcome) is compensated too: the timed-out step first, then the ones before it",
    descriptionIn: { ko: "반영되었지만 응답을 잃은 단계(결과를 알 수 없음)도 보상한다: 타임아웃된 단계를 먼저, 그다음 그 앞 단계들을 보상한다" },
    run(ctx) {
      for (const { k, faults, compensations } of [
        { k: 1, faults: { payment: [{ action: "authorize", behaviour: { kind: "no-reply" } }] as ParticipantFault[] }, compensations: ["void"] },
        { k: 2, faults: { stock: [{ action: "reserve", behaviour: { kind: "no-reply" } }] as ParticipantFault[] }, compensations: ["release", "void"] },
      ]) {
        const world = faulty(ctx, faults);
        world.placeOrders([order("o1")]);
        requireGoodSagas(world, says({ en: `step ${k} took effect and its every reply was lost`, ko: `${k}단계가 반영되었고 응답은 모두 유실되었다` }));
        requireStatus(world, "o1", "REJECTED", says({ en: `step ${k} never answered`, ko: `${k}단계가 끝내 응답하지 않았다` }));
        checkEqual(undone(world, "o1"), compensations, says({ en: `the compensations that took effect after step ${k} timed out, in order`, ko: `${k}단계가 타임아웃된 뒤 반영된 보상, 순서대로` }));
      }
    },
  },
  {
    name: "lost-command-compensated-anyway",
    rules: ["timeout-is-unknown"],
    points: 2,
    visibility: "hidden",
    description: "a command lost on its way (it never took effect) still gets its compensation: from where the order service stands, its outcome is unknown",
    descriptionIn: { ko: "가는 길에 유실된 명령(반영된 적 없음)도 보상을 받는다: 주문 서비스가 보기에는 결과를 알 수 없기 때문이다" },
    run(ctx) {
      const world = faulty(ctx, { stock: [{ action: "reserve", behaviour: { kind: "drop" } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "every reserve command was lost", ko: "reserve 명령이 모두 유실되었다" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "reserve never answered", ko: "reserve가 끝내 응답하지 않았다" }));
      const releases = recordsOf(world, "o1", "release");
      check(releases.length > 0, says({ en: "reserve never answered, so it may have taken effect, but no release (its compensation) ever reached the stock service", ko: "reserve가 끝내 응답하지 않았으니 반영되었을 수도 있는데, 그 보상인 release가 재고 서비스에 한 번도 닿지 않았습니다" }));
    },
  },
  {
    name: "held-command-overtaken-by-compensation",
    rules: ["timeout-is-unknown"],
    points: 4,
    visibility: "hidden",
    description: "a reserve held up 2 s, long past the step timeout, arrives after its compensation: the stock service refuses it, and nothing stays reserved",
    descriptionIn: { ko: "2 s 동안 붙잡혀 단계 타임아웃을 훨씬 넘긴 reserve가 자기 보상보다 늦게 도착한다: 재고 서비스가 거절하고, 예약된 채로 남는 것은 없다" },
    run(ctx) {
      const world = faulty(ctx, { stock: [{ action: "reserve", behaviour: { kind: "hold", ms: 2_000 } }] });
      world.placeOrders([order("o1")]);
      world.sim.runFor(2_500); // past the moment the held reserve is processed
      requireGoodSagas(world, says({ en: "reserve was held for 2 s, ten step timeouts", ko: "reserve가 단계 타임아웃의 열 배인 2 s 동안 붙잡혔다" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "reserve did not answer within the step timeout", ko: "reserve가 단계 타임아웃 안에 응답하지 않았다" }));
      const refused = recordsOf(world, "o1", "reserve").filter((r) => r.outcome === "refused");
      check(refused.length > 0, says({ en: "the held reserve should have arrived after its compensation and been refused; it never was (was a release naming it sent?)", ko: "붙잡혀 있던 reserve는 자기 보상보다 늦게 도착해 거절되었어야 하는데, 한 번도 거절되지 않았습니다 (그 reserve를 가리키는 release를 보냈습니까?)" }));
    },
  },
  {
    name: "late-reply-ignored",
    rules: ["stale-replies-ignored"],
    points: 3,
    visibility: "hidden",
    description: "reserve's reply (\"done\") arrives 2 s late, long after the step timed out, while the compensation void is still in flight: it changes nothing, and the order turns REJECTED only once void is done",
    descriptionIn: { ko: "reserve의 응답(\"done\")이 단계 타임아웃이 한참 지난 2 s 뒤, 보상 void가 아직 가는 중에 도착한다: 아무것도 바꾸지 않으며, 주문은 void가 끝난 뒤에야 REJECTED가 된다" },
    run(ctx) {
      const world = faulty(ctx, {
        stock: [{ action: "reserve", behaviour: { kind: "late", ms: 2_000 } }],
        payment: [{ action: "void", behaviour: { kind: "hold", ms: 2_500 } }],
      });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "reserve's reply 2 s late, during the compensation", ko: "보상 중에 2 s 늦게 온 reserve의 응답" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "reserve timed out long before its reply came", ko: "reserve는 응답이 오기 한참 전에 타임아웃되었다" }));
      checkEqual(undone(world, "o1"), ["release", "void"], says({ en: "the compensations that took effect, in order", ko: "반영된 보상, 순서대로" }));
      checkEqual(applied(world, "o1"), ["authorize", "reserve"], says({ en: "the forward steps that took effect (none after the timed-out one)", ko: "반영된 정방향 단계 (타임아웃된 단계 뒤로는 없음)" }));
    },
  },
  {
    name: "duplicate-replies",
    rules: ["stale-replies-ignored"],
    points: 3,
    visibility: "hidden",
    description: "every reply arrives twice: each step still runs once, nothing is skipped, and the order ends APPROVED",
    descriptionIn: { ko: "모든 응답이 두 번씩 도착한다: 각 단계는 여전히 한 번만 실행되고, 건너뛰는 단계도 없으며, 주문은 APPROVED로 끝난다" },
    run(ctx) {
      const world = faulty(ctx, {
        payment: ["authorize", "capture"].map((action) => ({ action, behaviour: { kind: "duplicate-reply" } }) as ParticipantFault),
        stock: ["reserve", "ship"].map((action) => ({ action, behaviour: { kind: "duplicate-reply" } }) as ParticipantFault),
      });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "every reply duplicated", ko: "모든 응답이 중복되었다" }));
      requireStatus(world, "o1", "APPROVED", says({ en: "every step succeeded", ko: "모든 단계가 성공했다" }));
      checkEqual(applied(world, "o1"), ["authorize", "reserve", "capture", "ship"], says({ en: "the steps that took effect", ko: "반영된 단계" }));
    },
  },
  {
    name: "one-step-at-a-time",
    rules: ["forward-in-order"],
    points: 2,
    visibility: "hidden",
    description: "authorize takes 150 ms (within the step timeout): reserve must not reach the stock service before authorize took effect",
    descriptionIn: { ko: "authorize가 (단계 타임아웃 안인) 150 ms 걸린다: authorize가 반영되기 전에 reserve가 재고 서비스에 닿으면 안 된다" },
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "authorize", behaviour: { kind: "hold", ms: 150 } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "a slow authorize", ko: "느린 authorize" }));
      requireStatus(world, "o1", "APPROVED", says({ en: "authorize succeeded within the step timeout", ko: "authorize가 단계 타임아웃 안에 성공했다" }));
    },
  },
  {
    name: "pivot-unanswered-resent",
    rules: ["pivot-outcome-learned"],
    points: 4,
    visibility: "hidden",
    description: "the pivot (capture) takes effect but its first three replies are lost: it is resent with the same id until it answers, then the saga goes forward, nothing compensated",
    descriptionIn: { ko: "pivot(capture)은 반영되지만 처음 세 번의 응답을 잃는다: 응답이 올 때까지 같은 id로 다시 보내고, 그 뒤 saga는 앞으로 진행하며 아무것도 보상하지 않는다" },
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "capture", times: 3, behaviour: { kind: "no-reply" } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "the pivot's replies lost three times", ko: "pivot의 응답이 세 번 유실되었다" }));
      requireStatus(world, "o1", "APPROVED", says({ en: "the capture took effect at its first delivery", ko: "capture는 처음 전달될 때 반영되었다" }));
      checkEqual(undone(world, "o1"), [], says({ en: "the compensations that took effect", ko: "반영된 보상" }));
      const captures = recordsOf(world, "o1", "capture");
      check(captures.length >= 4, () => says({ en: `capture got no answer three times and should have been resent until it did; the payment service saw it ${captures.length} time(s)`, ko: `capture는 세 번 응답을 받지 못했으니 응답이 올 때까지 다시 보냈어야 하는데, 결제 서비스가 본 것은 ${captures.length}번입니다` }));
    },
  },
  {
    name: "after-pivot-retried",
    rules: ["none-after-pivot"],
    points: 3,
    visibility: "hidden",
    description: "ship (after the pivot) answers 'unavailable' three times and then loses a reply: it is resent until done; nothing is compensated after the pivot",
    descriptionIn: { ko: "pivot 뒤의 ship이 세 번 'unavailable'로 응답한 다음 응답 하나를 잃는다: done이 될 때까지 다시 보내며, pivot 뒤에는 아무것도 보상하지 않는다" },
    run(ctx) {
      const world = faulty(ctx, { stock: [{ action: "ship", times: 3, behaviour: { kind: "unavailable" } }, { action: "ship", skip: 3, times: 1, behaviour: { kind: "no-reply" } }] });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "ship failing for a while after the pivot", ko: "pivot 뒤에 ship이 한동안 실패한다" }));
      requireStatus(world, "o1", "APPROVED", says({ en: "past the pivot a saga goes forward", ko: "pivot을 지난 saga는 앞으로만 간다" }));
      checkEqual(applied(world, "o1"), ["authorize", "reserve", "capture", "ship"], says({ en: "the steps that took effect", ko: "반영된 단계" }));
    },
  },
  {
    name: "compensation-retried",
    rules: ["compensations-retried", "saga-ends"],
    points: 3,
    visibility: "hidden",
    description: "void (a compensation) is lost twice and then answered 'unavailable': it is resent until done, and the money goes back; it is resent every retryIntervalMs, not every stepTimeoutMs",
    descriptionIn: { ko: "void(보상)가 두 번 유실되고 그다음 'unavailable'로 응답한다: done이 될 때까지 다시 보내고, 돈이 돌아온다. 다시 보내는 간격은 stepTimeoutMs가 아니라 retryIntervalMs다" },
    run(ctx) {
      const world = faulty(ctx, {
        payment: [{ action: "void", times: 2, behaviour: { kind: "drop" } }, { action: "void", skip: 2, times: 1, behaviour: { kind: "unavailable" } }],
        stock: [{ action: "reserve", behaviour: { kind: "fail", reason: "out of stock" } }],
      });
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "a compensation lost twice", ko: "보상이 두 번 유실되었다" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "reserve failed", ko: "reserve가 실패했다" }));
      checkEqual(undone(world, "o1"), ["void"], says({ en: "the compensations that took effect", ko: "반영된 보상" }));
      // A compensation is resent every retryIntervalMs, not every stepTimeoutMs (that one is for forward steps before the pivot).
      const slow = sagaWorld(ctx, { funds: { alice: 1000, bob: 1000 }, stock: { widget: 10 }, config: { stepTimeoutMs: 2_000, retryIntervalMs: 100 }, faults: { payment: [{ action: "void", times: 3, behaviour: { kind: "drop" } }], stock: [{ action: "reserve", behaviour: { kind: "fail", reason: "out of stock" } }] } });
      slow.placeOrders([order("o1")]);
      requireGoodSagas(slow, says({ en: "a compensation lost three times, with stepTimeoutMs 2000 and retryIntervalMs 100", ko: "stepTimeoutMs 2000, retryIntervalMs 100에서 보상이 세 번 유실되었다" }));
      const voids = recordsOf(slow, "o1", "void").map((r) => r.t);
      const spanMs = voids.length < 4 ? Number.POSITIVE_INFINITY : voids[3] - voids[0];
      check(spanMs < 2_000, () => says({ en: `rule compensations-retried: void was lost three times with retryIntervalMs = 100 and stepTimeoutMs = 2000, and its copies reached the payment service at ${voids.map((t) => `${Math.round(t)} ms`).join(", ")}: three resends every retryIntervalMs take about 300 ms, not ${Number.isFinite(spanMs) ? `${Math.round(spanMs)} ms` : "forever"} (stepTimeoutMs is for forward steps before the pivot)`, ko: `규칙 compensations-retried: retryIntervalMs = 100, stepTimeoutMs = 2000에서 void가 세 번 유실되었고, 그 사본은 ${voids.map((t) => `${Math.round(t)} ms`).join(", ")}에 결제 서비스에 도착했습니다: retryIntervalMs마다 세 번 다시 보내면 약 300 ms가 걸리지 ${Number.isFinite(spanMs) ? `${Math.round(spanMs)} ms` : "끝없이"}가 걸리지 않습니다 (stepTimeoutMs는 pivot 앞의 정방향 단계용이다)` }));
    },
  },
  {
    name: "crash-mid-compensation",
    rules: ["reverse-order", "resume-after-crash"],
    points: 5,
    visibility: "hidden",
    description: "the order service crashes the moment the stock service handles the first compensation (release) and is back 300 ms later: it resumes, voids the authorization, each once",
    descriptionIn: { ko: "재고 서비스가 첫 보상(release)을 처리하는 순간 주문 서비스가 멈췄다가 300 ms 뒤 돌아온다: 이어서 진행해 승인을 void하며, 각각 한 번씩이다" },
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "capture", behaviour: { kind: "fail", reason: "fraud check failed" } }] });
      world.crashWhen(ORDER_SERVICE, (r) => r.action === "release", 300, "mid-compensation");
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "a crash of the order service in the middle of compensating", ko: "보상 도중 주문 서비스가 멈춤" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "the pivot failed before the crash", ko: "멈추기 전에 pivot이 실패했다" }));
      checkEqual(undone(world, "o1"), ["release", "void"], says({ en: "the compensations that took effect, in order", ko: "반영된 보상, 순서대로" }));
    },
  },
  {
    name: "crash-mid-forward",
    rules: ["stable-command-ids"],
    points: 4,
    visibility: "hidden",
    description: "the order service crashes the moment authorize takes effect and is back 300 ms later: it resends authorize with the same id (charged once) and finishes",
    descriptionIn: { ko: "authorize가 반영되는 순간 주문 서비스가 멈췄다가 300 ms 뒤 돌아온다: 같은 id로 authorize를 다시 보내고(결제는 한 번) 끝까지 진행한다" },
    run(ctx) {
      const world = faulty(ctx, {});
      world.crashWhen(ORDER_SERVICE, (r) => r.action === "authorize" && r.outcome === "applied", 300, "mid-forward");
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "a crash of the order service right after authorize took effect", ko: "authorize가 반영된 직후 주문 서비스가 멈춤" }));
      check(world.status("o1") !== undefined, says({ en: "the order service forgot order o1 after its crash", ko: "주문 서비스가 멈춘 뒤 주문 o1을 잊어버렸습니다" }));
      const authorizations = recordsOf(world, "o1", "authorize").filter((r) => r.outcome === "applied");
      check(authorizations.length === 1, () => says({ en: `authorize took effect ${authorizations.length} times: ${authorizations.map((r) => `"${r.commandId}"`).join(", ")}; a resend after a crash must carry the same command id`, ko: `authorize가 ${authorizations.length}번 반영되었습니다: ${authorizations.map((r) => `"${r.commandId}"`).join(", ")}. 멈춘 뒤 다시 보내는 명령은 같은 command id를 담아야 합니다` }));
    },
  },
  {
    name: "crash-anywhere",
    rules: ["pending-first", "persist-before-send", "resume-after-crash"],
    points: 5,
    visibility: "hidden",
    description: "one run per instant: the order service crashes right after its 1st, 2nd, ... 14th event (an order failing at step 3) and comes back 250 ms later; every run ends well",
    descriptionIn: { ko: "시점마다 한 번씩 실행한다: 주문 서비스가 1번째, 2번째, ... 14번째 이벤트 직후에 멈추고(3단계에서 실패하는 주문) 250 ms 뒤 돌아온다. 모든 실행이 제대로 끝난다" },
    run(ctx) {
      for (let n = 1; n <= 14; n++) {
        const world = faulty(ctx, { payment: [{ action: "capture", behaviour: { kind: "fail", reason: "fraud check failed" } }] });
        crashOrderServiceAfterEvent(world, n, 250);
        world.placeOrders([order("o1")], { resendMs: 100 });
        requireGoodSagas(world, says({ en: `a crash of the order service right after its event #${n}`, ko: `주문 서비스가 ${n}번째 이벤트 직후에 멈춤` }));
      }
    },
  },
  {
    name: "repeated-place-order",
    rules: ["one-saga-per-order"],
    points: 3,
    visibility: "hidden",
    description: "the shopper resends PlaceOrder every 10 ms and the network duplicates messages: one saga runs, each step once",
    descriptionIn: { ko: "쇼핑객이 10 ms마다 PlaceOrder를 다시 보내고 네트워크가 메시지를 중복한다: saga는 하나만 돌고 각 단계는 한 번씩 실행된다" },
    run(ctx) {
      const world = sagaWorld(ctx, { network: { duplicateRate: 0.5, duplicatesMax: 2 } });
      world.placeOrders([order("o1")], { resendMs: 10 });
      requireGoodSagas(world, says({ en: "PlaceOrder arriving dozens of times", ko: "PlaceOrder가 수십 번 도착한다" }));
      requireStatus(world, "o1", "APPROVED", says({ en: "every step can succeed", ko: "모든 단계가 성공할 수 있다" }));
    },
  },
  {
    name: "get-order-answers",
    rules: ["get-order"],
    points: 2,
    visibility: "hidden",
    description: "GetOrder answers UNKNOWN for an order never placed, PENDING while its saga runs, and its final status afterwards",
    descriptionIn: { ko: "GetOrder는 넣은 적 없는 주문에 UNKNOWN을, saga가 도는 동안 PENDING을, 그 뒤에는 최종 상태를 답한다" },
    run(ctx) {
      const world = faulty(ctx, { payment: [{ action: "capture", times: 2, behaviour: { kind: "no-reply" } }] });
      const reader = world.placeOrders([order("o1")], { resendMs: 100_000, pollMs: 20 });
      world.sim.after(5, "ask for an order nobody placed", () => world.sim.call<Shopper, void>(reader, "GetOrder(o404)", (shopper) => shopper.ask("o404")));
      requireGoodSagas(world, says({ en: "polling GetOrder", ko: "GetOrder를 폴링한다" }));
      const seen = world.shopper(reader).seen;
      const unknown = seen.find((s) => s.orderId === "o404")?.status;
      check(unknown === "UNKNOWN", () => says({ en: `GetOrder for an order nobody placed answered ${unknown ?? "nothing"}, expected UNKNOWN`, ko: `아무도 넣지 않은 주문에 대한 GetOrder의 응답이 ${unknown ?? "없음"}입니다. 기댓값은 UNKNOWN입니다` }));
      const statuses = seen.filter((s) => s.orderId === "o1").map((s) => s.status);
      check(statuses.includes("PENDING"), () => says({ en: `polling GetOrder every 20 ms during a saga that took a while never answered PENDING; answers were ${JSON.stringify([...new Set(statuses)])}`, ko: `시간이 좀 걸린 saga 동안 20 ms마다 GetOrder를 폴링했는데 PENDING이라는 응답이 한 번도 없었습니다. 응답: ${JSON.stringify([...new Set(statuses)])}` }));
      check(statuses[statuses.length - 1] === "APPROVED", () => says({ en: `after the saga ended, GetOrder answered ${statuses[statuses.length - 1]}, expected APPROVED`, ko: `saga가 끝난 뒤 GetOrder의 응답이 ${statuses[statuses.length - 1]}입니다. 기댓값은 APPROVED입니다` }));
    },
  },
  {
    name: "no-early-final-status",
    rules: ["semantic-lock"],
    points: 3,
    visibility: "hidden",
    description: "the status is a semantic lock: readers see PENDING until the saga really ended (ship still failing after the pivot; a void still lost), never APPROVED or REJECTED early",
    descriptionIn: { ko: "상태는 semantic lock이다: saga가 정말 끝날 때까지(pivot 뒤 ship이 아직 실패 중, void가 아직 유실 중) 읽는 쪽은 PENDING을 보며, APPROVED나 REJECTED를 미리 보지 않는다" },
    run(ctx) {
      const approving = faulty(ctx, { stock: [{ action: "ship", times: 3, behaviour: { kind: "unavailable" } }] });
      approving.placeOrders([order("o1")], { resendMs: 30, pollMs: 10 });
      requireGoodSagas(approving, says({ en: "ship unavailable three times after the pivot, readers polling", ko: "pivot 뒤 ship이 세 번 unavailable이고, 읽는 쪽은 폴링 중" }));
      const rejecting = faulty(ctx, { payment: [{ action: "void", times: 2, behaviour: { kind: "drop" } }], stock: [{ action: "reserve", behaviour: { kind: "fail", reason: "out of stock" } }] });
      rejecting.placeOrders([order("o1")], { resendMs: 30, pollMs: 10 });
      requireGoodSagas(rejecting, says({ en: "void lost twice, readers polling", ko: "void가 두 번 유실되고, 읽는 쪽은 폴링 중" }));
    },
  },
  {
    name: "other-step-order",
    rules: ["steps-are-data"],
    points: 3,
    visibility: "hidden",
    description: "the steps are data: with stock first (reserve, authorize, capture, ship), a declined card releases the reservation and the order ends REJECTED; with the pivot first (authorize, then reserve, capture and ship), a lost reply and refusals are resent until the order is APPROVED",
    descriptionIn: { ko: "단계는 데이터다: 재고가 먼저인 순서(reserve, authorize, capture, ship)에서 카드 결제가 거절되면 예약을 release하고 주문은 REJECTED로 끝난다. pivot이 첫 단계이면(authorize, 그다음 reserve, capture, ship) 유실된 응답과 거절은 주문이 APPROVED가 될 때까지 다시 보낸다" },
    run(ctx) {
      const steps: SagaStep[] = [ORDER_SAGA[1], ORDER_SAGA[0], ORDER_SAGA[2], ORDER_SAGA[3]];
      const world = faulty(ctx, { payment: [{ action: "authorize", behaviour: { kind: "fail", reason: "card declined" } }] }, steps);
      world.placeOrders([order("o1")]);
      requireGoodSagas(world, says({ en: "stock first, then payment", ko: "재고가 먼저, 그다음 결제" }));
      requireStatus(world, "o1", "REJECTED", says({ en: "authorize (step 2) failed", ko: "authorize(2단계)가 실패했다" }));
      checkEqual(undone(world, "o1"), ["release"], says({ en: "the compensations that took effect", ko: "반영된 보상" }));
      // The pivot first: no step can be compensated; the pivot's lost reply and ship's refusals are resent, never undone.
      const [authorize, reserve, capture, ship] = ORDER_SAGA;
      const pivotFirst: SagaStep[] = [{ participant: authorize.participant, action: authorize.action, pivot: true }, { participant: reserve.participant, action: reserve.action }, { participant: capture.participant, action: capture.action }, ship];
      const first = faulty(ctx, { payment: [{ action: authorize.action, times: 1, behaviour: { kind: "no-reply" } }], stock: [{ action: ship.action, times: 2, behaviour: { kind: "unavailable" } }] }, pivotFirst);
      first.placeOrders([order("o1")]);
      requireGoodSagas(first, says({ en: "authorize as the pivot (step 1), then reserve, capture and ship", ko: "authorize가 pivot(1단계)이고 그다음 reserve, capture, ship" }));
      requireStatus(first, "o1", "APPROVED", says({ en: "the pivot's reply was lost once and ship was unavailable twice: both are resent until done", ko: "pivot의 응답이 한 번 유실되고 ship이 두 번 unavailable이었다: 둘 다 done이 될 때까지 다시 보낸다" }));
      checkEqual(applied(first, "o1"), [authorize.action, reserve.action, capture.action, ship.action], says({ en: "the steps that took effect with the pivot first", ko: "pivot이 첫 단계일 때 반영된 단계" }));
    },
  },
  {
    name: "orders-side-by-side",
    rules: ["stable-command-ids"],
    points: 2,
    visibility: "hidden",
    description: "two shoppers' orders run at the same time: each order's steps run once, under commands of its own",
    descriptionIn: { ko: "두 쇼핑객의 주문이 동시에 돈다: 각 주문의 단계는 자기만의 명령으로 한 번씩 실행된다" },
    run(ctx) {
      const world = faulty(ctx, {});
      world.placeOrders([order("o1"), order("o3", { customer: "bob" })]);
      world.placeOrders([order("o2", { customer: "bob", amount: 50, quantity: 2 })]);
      requireGoodSagas(world, says({ en: "three orders at once", ko: "주문 셋이 한꺼번에" }));
      for (const id of ["o1", "o2", "o3"]) requireStatus(world, id, "APPROVED", says({ en: "money and goods suffice for all three", ko: "셋 모두에 돈과 재고가 충분하다" }));
      if (world.paymentState().ledger.merchant !== 110) fail(says({ en: `the merchant received ${world.paymentState().ledger.merchant}, expected 30 + 50 + 30 = 110`, ko: `판매자가 받은 금액이 ${world.paymentState().ledger.merchant}입니다. 기댓값은 30 + 50 + 30 = 110입니다` }));
    },
  },
];

