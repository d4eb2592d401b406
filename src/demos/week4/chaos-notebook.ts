/**
 * Notebook 15's cells, kept short: the experiment the notebook writes by hand, a run shown as its
 * verdict in words and its pictures, a method as a table, and the check of a run on your services.
 */
import { VERDICT_MARK } from "../../check/consistency-result";
import { ROLLBACKS, SHOP_HYPOTHESIS, describeFault, type ChaosExperiment, type Fault } from "../../chaos/experiment";
import { sumOf } from "../../chaos/integrity";
import { DEFAULT_CHAOS_RUN, runChaos, type ChaosRun, type ChaosRunOptions } from "../../chaos/runner";
import { headline, seconds, summaryLines } from "../../chaos/summary";
import { breakerChart, errorRateChart, latencyChart, settleChart, throughputChart } from "../../chaos/views";
import { showMarkdown, showSvg } from "../../notebook/display";

const FAULTS: Fault[] = [
  { kind: "kill", target: "order-service", atMs: 10_000, durationMs: 3_000 },
  { kind: "kill", target: "payment-service", atMs: 20_000, durationMs: 3_000 },
  { kind: "partition", target: "order-service", atMs: 30_000, durationMs: 2_000 },
  { kind: "slow", target: "broker", atMs: 40_000, durationMs: 3_000, extraDelayMs: 300 },
];

/** One fault of each kind, ten seconds apart, over 60 s of orders (rollbacks at 50 s). */
export const HAND_WRITTEN_EXPERIMENT: ChaosExperiment = {
  title: "the shop survives a crash of each service, a partition and a slow broker",
  description: "kill the order service, then the payment service, cut the order service off, slow the broker down",
  steadyStateHypothesis: SHOP_HYPOTHESIS,
  method: FAULTS.map((fault) => ({ type: "action", name: describeFault(fault), fault })),
  rollbacks: ROLLBACKS,
};

/** Sixty seconds of orders, rollbacks at 50 s: the notebook's runs. */
export const NOTEBOOK_RUN = { ...DEFAULT_CHAOS_RUN, durationMs: 60_000, rollbackAtMs: 50_000 };

export type NotebookRunOptions = Partial<ChaosRunOptions> & Pick<ChaosRunOptions, "experiment" | "services">;

/** Runs the experiment (seed 1 unless given), shows the verdict, the summary and the pictures. */
export function showChaosRun(title: string, options: NotebookRunOptions): ChaosRun {
  const run = runChaos({ ...NOTEBOOK_RUN, seed: 1, ...options });
  showMarkdown(`**${title}**\n\n${headline(run)}\n\n${summaryLines(run).map((line) => `- ${line}`).join("\n")}`);
  for (const svg of [throughputChart(run), latencyChart(run), errorRateChart(run), settleChart(run), breakerChart(run)]) if (svg) showSvg(svg);
  return run;
}

export function methodTable(experiment: ChaosExperiment): string {
  if (experiment.method.length === 0) return "*(no fault: every draw missed)*";
  return ["| at | fault |", "| --- | --- |", ...experiment.method.map((a) => `| ${seconds(a.fault.atMs)} | ${a.name} |`)].join("\n");
}

/** What "check your work" asks of a run on your services, one line each. */
export function chaosChecks(run: ChaosRun): { ok: boolean; markdown: string } {
  const checks: [boolean, string][] = [
    [run.windows.length > 0, `faults were injected (${run.windows.length})`],
    [run.integrity.lost.length === 0, `no accepted order was lost (${run.integrity.lost.length} lost)`],
    [sumOf(run.integrity.chargedTwice) === 0 && sumOf(run.integrity.missingCharges) === 0, "every paid order was charged exactly once"],
    [run.verdict.before && run.verdict.after, "the steady-state hypothesis held before the first fault and after the rollbacks"],
    [run.verdict.recoveries.every((r) => r.recoveryMs !== null || r.unknown), "the hypothesis held again after every fault, until the next one"],
  ];
  const markdown = checks.map(([ok, words]) => `- ${ok ? VERDICT_MARK.OK : VERDICT_MARK.ILLEGAL} ${words}`).join("\n");
  return { ok: checks.every(([ok]) => ok), markdown };
}
