/**
 * The saga scenarios of notebook 12, shared by the cells that run the startup's naive
 * orchestrator and the ones that run yours: the same order, the same fault, the same seed, so
 * the two pictures can be compared. Each run ends with the checker's verdict in words, the
 * sagas' timeline and the messages.
 */
import type { Order, SagaOrchestratorConstructor } from "../../contracts/saga";
import { VERDICT_MARK } from "../../check/consistency-result";
import { checkOrdersChargedOnce } from "../../check/effects";
import { checkSagas } from "../../check/saga-invariants";
import { showMarkdown, showSvg } from "../../notebook/display";
import { SagaWorld, type SagaWorldOptions } from "../../saga/cluster";
import { sagaTimeline } from "../../viz/saga-timeline";
import { spaceTimeDiagram } from "../../viz/space-time";

export interface SagaScenario {
  title: string;
  /** What happens, in a sentence. */
  story: string;
  options: Omit<SagaWorldOptions, "seed">;
  /** Scripted faults that need the world (a crash at a chosen instant). */
  script?: (world: SagaWorld) => void;
}

export const ALICE_ORDER: Order = { orderId: "o1", customer: "alice", amount: 30, item: "widget", quantity: 1 };

const PLENTY = { funds: { alice: 100 }, stock: { widget: 5 } };

export const SCENARIOS: Record<"quiet" | "outOfStock" | "replyLost" | "crash" | "voidLost" | "afterPivot", SagaScenario> = {
  quiet: { title: "a quiet day", story: "money and goods enough, nothing fails", options: PLENTY },
  outOfStock: { title: "out of stock", story: "no widget left: reserve (step 2) fails", options: { funds: { alice: 100 }, stock: { widget: 0 } } },
  replyLost: {
    title: "a reply lost",
    story: "reserve takes effect, but its replies are lost: after the timeout its outcome is unknown",
    options: { ...PLENTY, faults: { stock: [{ action: "reserve", behaviour: { kind: "no-reply" } }] } },
  },
  crash: {
    title: "a crash of the order service",
    story: "the order service crashes right after authorize took effect, and is back 200 ms later",
    options: PLENTY,
    script: (world) => world.crashWhen("orders", (r) => r.action === "authorize" && r.outcome === "applied", 200, "crash"),
  },
  voidLost: {
    title: "a compensation lost",
    story: "out of stock, and the first void (the compensation of authorize) is lost on the way",
    options: { funds: { alice: 100 }, stock: { widget: 0 }, faults: { payment: [{ action: "void", times: 1, behaviour: { kind: "drop" } }] } },
  },
  afterPivot: {
    title: "a failure after the pivot",
    story: "the money is captured (the pivot), then the warehouse answers 'unavailable' once",
    options: { ...PLENTY, faults: { stock: [{ action: "ship", times: 1, behaviour: { kind: "unavailable" } }] } },
  },
};

/** Run one order through `scenario` with `Orchestrator`, and show the verdict and the pictures. */
export function showScenario(Orchestrator: SagaOrchestratorConstructor, scenario: SagaScenario, seed = 1): void {
  const world = new SagaWorld(Orchestrator, { seed, ...scenario.options });
  scenario.script?.(world);
  world.placeOrders([ALICE_ORDER], { resendMs: 400 });
  world.runUntilEnded(5_000, 500);
  const run = world.run();
  const verdict = checkSagas(run);
  const charged = checkOrdersChargedOnce(run);
  const words =
    verdict.verdict === "OK"
      ? `${VERDICT_MARK.OK} ${verdict.summary}${charged.verdict === "ILLEGAL" ? `; but ${charged.explanation}` : ""}`
      : verdict.verdict === "ILLEGAL"
        ? `${VERDICT_MARK.ILLEGAL} ${verdict.violations.map((v) => `**${v.rule}**: ${v.message}`).join("<br>")}`
        : `${VERDICT_MARK.UNKNOWN} ${verdict.reason}`;
  showMarkdown(`**${scenario.title}** (${scenario.story}): order o1 ended **${world.status("o1") ?? "never recorded"}**.<br>${words}`);
  showSvg(sagaTimeline(run, { title: scenario.title }));
  const end = Math.max(...world.records.map((r) => r.t), 100) + 40;
  showSvg(spaceTimeDiagram(world.sim.trace.events, { toMs: end, nodes: ["orders", "payment", "stock", "c1"], tintKey: null, timers: false, title: `${scenario.title}: the messages` }));
}
