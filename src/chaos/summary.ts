/**
 * A chaos run in words: the verdict (the hypothesis held or not, nothing lost or charged twice),
 * what the shoppers saw, each fault period's recovery time, and the data's integrity. The command
 * line, the report page and the notebook all print these lines.
 */
import { VERDICT_MARK } from "../check/consistency-result";
import type { Recovery } from "./hypothesis";
import { sumOf } from "./integrity";
import type { ChaosRun } from "./runner";

export type ChaosOutcome = "held" | "deviated" | "vacuous";

/** held: the hypothesis held and nothing was lost or charged twice; vacuous: no fault was injected. */
export function outcomeOf(run: ChaosRun): ChaosOutcome {
  if (!run.verdict.held || !run.integrity.ok) return "deviated";
  return run.windows.length === 0 ? "vacuous" : "held";
}

export function headline(run: ChaosRun): string {
  const outcome = outcomeOf(run);
  if (outcome === "vacuous") return `${VERDICT_MARK.UNKNOWN} no fault was injected: the run tested nothing (try another seed or a higher kill probability)`;
  if (outcome === "held") return `${VERDICT_MARK.OK} the steady-state hypothesis held, and no order was lost or charged twice`;
  const why = [
    ...(run.verdict.before ? [] : ["it did not hold before the first fault"]),
    ...(run.verdict.after ? [] : ["it did not hold after the rollbacks"]),
    ...(run.verdict.recoveries.some((r) => r.recoveryMs === null && !r.unknown) ? ["a fault period never recovered"] : []),
    ...(run.integrity.ok ? [] : ["orders were lost or charged wrongly"]),
  ];
  return `${VERDICT_MARK.ILLEGAL} deviated: ${why.join("; ")}`;
}

export function summaryLines(run: ChaosRun): string[] {
  const { integrity, verdict } = run;
  const count = (outcome: string) => run.requests.filter((r) => r.outcome === outcome).length;
  const lines = [
    // Live shoppers order from the order service directly: no breaker to reject, no user-service to time out.
    run.clock === "real"
      ? `orders sent: ${run.requests.length}; accepted ${count("ok")}, unanswered ${count("no-answer")}`
      : `orders sent: ${run.requests.length}; accepted ${count("ok")}, rejected by the breaker ${count("rejected")}, timed out at the user-service ${count("timeout")}, unanswered ${count("no-answer")}`,
    `steady state before the first fault: ${verdict.before ? "held" : "did NOT hold"}; after the rollbacks: ${verdict.after ? "held" : "did NOT hold"}`,
    ...verdict.recoveries.map((r) => `${r.period.what.join(" + ")} (${seconds(r.period.fromMs)}-${seconds(r.period.toMs)}): ${recoveryWords(r)}`),
    `orders accepted ${integrity.accepted}: paid ${integrity.paid}, cancelled ${integrity.cancelled}, lost ${integrity.lost.length}${integrity.lost.length > 0 ? ` (${integrity.lost.slice(0, 5).join(", ")}${integrity.lost.length > 5 ? ", ..." : ""})` : ""}`,
    `charged twice: ${sumOf(integrity.chargedTwice)}${describeCounts(integrity.chargedTwice)}; paid without a charge: ${sumOf(integrity.missingCharges)}${describeCounts(integrity.missingCharges)}`,
  ];
  return lines;
}

function recoveryWords(r: Recovery): string {
  if (r.unknown) return "unknown: the next fault came too soon to tell";
  return r.recoveryMs === null ? "did NOT recover before the next fault" : `recovered in ${seconds(r.recoveryMs)}`;
}

export function seconds(ms: number): string {
  return `${(ms / 1_000).toFixed(1)} s`;
}

function describeCounts(counts: { [key: string]: number }): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? "" : ` (${entries.map(([k, v]) => `${k} ${v}`).join(", ")})`;
}
