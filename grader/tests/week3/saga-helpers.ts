/**
 * Building blocks of the saga tests: the saga world around the graded orchestrator, pictures of
 * the run drawn when a test fails (the sagas' timeline, and the messages around the first
 * violation), and checks that fail with the broken rule's name and the command that broke it.
 */
import type { Order, SagaOrchestratorConstructor } from "../../../src/contracts/saga";
import { ORDER_SERVICE, PAYMENT_SERVICE, STOCK_SERVICE } from "../../../src/contracts/saga";
import { checkOrdersChargedOnce } from "../../../src/check/effects";
import { checkSagas, type SagaVerdict } from "../../../src/check/saga-invariants";
import { SagaWorld, type SagaWorldOptions } from "../../../src/saga/cluster";
import type { ParticipantRecord } from "../../../src/saga/records";
import { sagaTimeline } from "../../../src/viz/saga-timeline";
import { spaceTimeDiagram } from "../../../src/viz/space-time";
import { check, fail, says, type Texts, type TestContext } from "../../api";
import { findingTexts } from "../../i18n/messages";

/** An order for one widget at 30: `order("o1")`, `order("o2", { amount: 500 })`. */
export function order(orderId: string, changes: Partial<Order> = {}): Order {
  return { orderId, customer: "alice", amount: 30, item: "widget", quantity: 1, ...changes };
}

/** What the pictures of a failed run focus on: the orders and commands a violation names. */
const focusOf = new WeakMap<SagaWorld, { orders: string[]; commands: string[] }>();

/** The saga world around the graded SagaOrchestrator, with pictures attached if the test fails. */
export function sagaWorld(ctx: TestContext, options: Omit<SagaWorldOptions, "seed"> = {}): SagaWorld {
  const world = new SagaWorld(ctx.exported<SagaOrchestratorConstructor>("SagaOrchestrator"), { ...options, seed: ctx.seed });
  ctx.note(world.sim.describe());
  ctx.attachOnFailure("the sagas: every command each participant handled, and the order's status (outlined: the commands the failure names)", () => {
    const focus = focusOf.get(world);
    return sagaTimeline(world.run(), { orders: focus?.orders.length ? focus.orders : undefined, highlight: focus?.commands ?? [] });
  });
  ctx.attachOnFailure("messages between the order service, the participants and the shoppers", () => {
    const window = messageWindow(world);
    return spaceTimeDiagram(world.sim.trace.events, { ...window, nodes: [ORDER_SERVICE, PAYMENT_SERVICE, STOCK_SERVICE, ...world.shoppers], tintKey: null, title: `t=${Math.round(window.fromMs)}..${Math.round(window.toMs)} ms` });
  });
  return world;
}

/**
 * Run until every order ended (or `timeoutMs`), then check the whole run: the saga checker's
 * rules and "each order charged exactly once". Fails with the first broken rule, in words.
 */
export function requireGoodSagas(world: SagaWorld, what: Texts, timeoutMs = 20_000): SagaVerdict {
  world.runUntilEnded(timeoutMs);
  const run = world.run();
  const verdict = checkSagas(run);
  if (verdict.verdict === "UNKNOWN") fail(says({ en: `${what.en}: the saga checker could not judge the run (${verdict.reason}); that is not a pass`, ko: `${what.ko}: saga 검사기가 이 실행을 판정하지 못했습니다 (${verdict.reason}). 통과로 치지 않습니다` }));
  if (verdict.verdict === "ILLEGAL") {
    const first = verdict.violations[0];
    focusOf.set(world, { orders: [...new Set(verdict.violations.map((v) => v.orderId).filter((id): id is string => id !== undefined))], commands: commandsNamed(world, verdict.violations.map((v) => v.message)) });
    const found = findingTexts(first.finding);
    fail(says({ en: `${what.en}: [${first.rule}] ${found.en}`, ko: `${what.ko}: [${first.rule}] ${found.ko}` }), verdict.violations.map((v) => `[${v.rule}] ${v.message}`).join("\n"));
  }
  const charged = checkOrdersChargedOnce(run);
  if (charged.verdict === "ILLEGAL") {
    focusOf.set(world, { orders: [charged.key], commands: commandsNamed(world, [charged.explanation]) });
    fail(says({ en: `${what.en}: [charged-once] ${charged.explanation}`, ko: `${what.ko}: [charged-once] ${charged.explanation}` }));
  }
  return verdict;
}

/** Fail unless `orderId` ended with `status`. */
export function requireStatus(world: SagaWorld, orderId: string, status: "APPROVED" | "REJECTED", why: Texts): void {
  const actual = world.status(orderId);
  if (actual !== status) focusOf.set(world, { orders: [orderId], commands: [] });
  check(actual === status, () =>
    says({ en: `order ${orderId} ended ${actual ?? "never recorded"}, expected ${status}: ${why.en}`, ko: `주문 ${orderId}의 최종 상태가 ${actual ?? "기록되지 않음"}입니다. 기댓값은 ${status}입니다: ${why.ko}` }),
  );
}

/** The records of one order's commands with action `action`, e.g. every "void" of o1. */
export function recordsOf(world: SagaWorld, orderId: string, action?: string): ParticipantRecord[] {
  return world.records.filter((r) => r.orderId === orderId && (action === undefined || r.action === action));
}

/** The compensations that took effect for an order, in the order they took effect: ["release", "void"]. */
export function undone(world: SagaWorld, orderId: string): string[] {
  return recordsOf(world, orderId).filter((r) => r.outcome === "undone").map((r) => r.action);
}

/** The forward steps that took effect for an order, in order: ["authorize", "reserve", ...]. */
export function applied(world: SagaWorld, orderId: string): string[] {
  return recordsOf(world, orderId).filter((r) => r.outcome === "applied").map((r) => r.action);
}

/** The commands (ids in quotes) a failure message names, for the picture's outlines. */
function commandsNamed(world: SagaWorld, messages: string[]): string[] {
  const ids = new Set(world.records.map((r) => r.commandId));
  return [...new Set(messages.flatMap((m) => [...m.matchAll(/"([^"]+)"/g)].map((match) => match[1])))].filter((id) => ids.has(id));
}

/** A window around the records of the orders a failure is about (or the last 1.5 s). */
function messageWindow(world: SagaWorld): { fromMs: number; toMs: number } {
  const focus = focusOf.get(world);
  const times = world.records.filter((r) => focus?.orders.includes(r.orderId)).map((r) => r.t);
  if (times.length === 0) return { fromMs: Math.max(0, world.sim.now - 1_500), toMs: world.sim.now };
  return { fromMs: Math.max(0, Math.min(...times) - 60), toMs: Math.min(world.sim.now, Math.max(...times) + 60) };
}
