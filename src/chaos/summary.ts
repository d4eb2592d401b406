/**
 * A chaos run in words: the verdict (the hypothesis held or not, nothing lost or charged twice;
 * on the Raft target, no acknowledged command lost or duplicated), what the shoppers or clients
 * saw, each fault period's recovery time, and the data's integrity. The command line, the report
 * page and the notebook all print these lines.
 */
import { VERDICT_MARK } from "../check/consistency-result";
import type { Recovery } from "./hypothesis";
import type { LeaderlessSpan } from "./leaderless";
import { sumOf } from "./integrity";
import type { CommandIntegrity } from "./raft-integrity";
import { isShopRun, type AnyChaosRun } from "./runner";

export type ChaosOutcome = "held" | "deviated" | "vacuous";

/** held: the hypothesis held and nothing was lost or charged twice; vacuous: no fault was injected. */
export function outcomeOf(run: AnyChaosRun): ChaosOutcome {
  if (!run.verdict.held || !run.integrity.ok) return "deviated";
  return run.windows.length === 0 ? "vacuous" : "held";
}

/** What a run's requests are called: the shop's orders, or the commands proposed to the Raft cluster. */
export function requestNoun(run: AnyChaosRun): { one: string; many: string } {
  return isShopRun(run) ? { one: "order", many: "orders" } : { one: "command", many: "commands" };
}

export function headline(run: AnyChaosRun): string {
  const outcome = outcomeOf(run);
  const shop = isShopRun(run);
  if (outcome === "vacuous") return `${VERDICT_MARK.UNKNOWN} no fault was injected: the run tested nothing (try another seed or a higher kill probability)`;
  if (outcome === "held") return `${VERDICT_MARK.OK} the steady-state hypothesis held, and ${shop ? "no order was lost or charged twice" : "no acknowledged command was lost or duplicated"}`;
  const why = [
    ...(run.verdict.before ? [] : ["it did not hold before the first fault"]),
    ...(run.verdict.after ? [] : ["it did not hold after the rollbacks"]),
    ...(run.verdict.recoveries.some((r) => r.recoveryMs === null && !r.unknown) ? ["a fault period never recovered"] : []),
    ...(run.integrity.ok ? [] : [shop ? "orders were lost or charged wrongly" : "acknowledged commands were lost, duplicated or committed in different orders"]),
  ];
  return `${VERDICT_MARK.ILLEGAL} deviated: ${why.join("; ")}`;
}

export function summaryLines(run: AnyChaosRun): string[] {
  const { verdict } = run;
  const count = (outcome: string) => run.requests.filter((r) => r.outcome === outcome).length;
  const steady = [
    `steady state before the first fault: ${verdict.before ? "held" : "did NOT hold"}; after the rollbacks: ${verdict.after ? "held" : "did NOT hold"}`,
    ...verdict.recoveries.map((r) => `${r.period.what.join(" + ")} (${seconds(r.period.fromMs)}-${seconds(r.period.toMs)}): ${recoveryWords(r)}`),
  ];
  if (run.integrity.kind === "commands") {
    const leaderless = run.leaderless ? [leaderlessLine(run.leaderless.spans, run.leaderless.sampleMs)] : [];
    return [`commands sent: ${run.requests.length}; acknowledged (committed) ${count("ok")}, unanswered ${count("no-answer")}`, ...steady, ...leaderless, ...commandLines(run.integrity)];
  }
  const { integrity } = run;
  const lines = [
    // Live shoppers order from the order service directly: no breaker to reject, no user-service to time out.
    run.clock === "real"
      ? `orders sent: ${run.requests.length}; accepted ${count("ok")}, unanswered ${count("no-answer")}`
      : `orders sent: ${run.requests.length}; accepted ${count("ok")}, rejected by the breaker ${count("rejected")}, timed out at the user-service ${count("timeout")}, unanswered ${count("no-answer")}`,
    ...steady,
    `orders accepted ${integrity.accepted}: paid ${integrity.paid}, cancelled ${integrity.cancelled}, lost ${integrity.lost.length}${integrity.lost.length > 0 ? ` (${integrity.lost.slice(0, 5).join(", ")}${integrity.lost.length > 5 ? ", ..." : ""})` : ""}`,
    `charged twice: ${sumOf(integrity.chargedTwice)}${describeCounts(integrity.chargedTwice)}; paid without a charge: ${sumOf(integrity.missingCharges)}${describeCounts(integrity.missingCharges)}`,
  ];
  return lines;
}

function commandLines(integrity: CommandIntegrity): string[] {
  const servers = Object.entries(integrity.committed).map(([id, n]) => `${id} ${n}`).join(", ");
  const lost = integrity.lost.slice(0, 5).map((l) => `${l.id} missing on ${l.missingOn.join(", ") || "every server"}`);
  return [
    `commands acknowledged ${integrity.acknowledged}; committed logs at the end: ${servers || "no server up"}`,
    `acknowledged commands lost: ${integrity.lost.length}${lost.length > 0 ? ` (${lost.join("; ")}${integrity.lost.length > 5 ? "; ..." : ""})` : ""}; duplicated: ${integrity.duplicated.length}${integrity.duplicated.length > 0 ? ` (${integrity.duplicated.slice(0, 5).join(", ")})` : ""}; servers committing in different orders: ${integrity.divergent.length === 0 ? "none" : integrity.divergent.slice(0, 3).map((d) => `${d.servers.join(" and ")} from index ${d.index}`).join("; ")}`,
  ];
}

/**
 * How long the cluster had no leader after its first election, and its longest gap: what a kill
 * of the leader costs, which the recovery times (0 s once the fault ends) do not show.
 */
export function leaderlessLine(spans: readonly LeaderlessSpan[], sampleMs: number): string {
  const sampled = `sampled every ${sampleMs} ms`;
  if (spans.length === 0) return `no leader: never after the first election (${sampled})`;
  const lengthMs = (span: LeaderlessSpan) => span.toMs - span.fromMs;
  const totalMs = spans.reduce((sum, span) => sum + lengthMs(span), 0);
  const longest = spans.reduce((a, b) => (lengthMs(b) > lengthMs(a) ? b : a));
  const open = spans.some((span) => span.open) ? "; none when the traffic ended" : "";
  return `no leader: ${Math.round(totalMs)} ms in all, over ${spans.length} gap${spans.length === 1 ? "" : "s"} after the first election; the longest ${Math.round(lengthMs(longest))} ms, from ${seconds(longest.fromMs)} (${sampled})${open}`;
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
