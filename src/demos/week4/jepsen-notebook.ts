/**
 * Notebook 16's cells, kept short: run the bank test on a store and show the checker's verdict in
 * words (each anomaly's first lines, not a wall of operations) and the latency of every operation
 * with the nemesis rounds shaded.
 */
import { VERDICT_MARK } from "../../check/consistency-result";
import type { BankVerdict } from "../../check/bank";
import { DEFAULT_BANK_TEST, runBankTest, type BankTestOptions } from "../../jepsen/bank-test";
import { showMarkdown, showSvg } from "../../notebook/display";
import { latencyOverTime } from "../../viz/latency-over-time";

/** The verdict as a line of Markdown, with the first `lines` lines of each anomaly. */
export function verdictMarkdown(verdict: BankVerdict, lines = 6): string {
  if (verdict.valid === true) return `${VERDICT_MARK.OK} **valid**: ${verdict.summary}`;
  if (verdict.valid === "unknown") return `${VERDICT_MARK.UNKNOWN} **unknown**: ${verdict.reason} (${verdict.summary})`;
  const anomalies = verdict.anomalies.map((a) => `**${a.kind}**: ${a.message.split("\n").slice(0, lines).join("\n")}`);
  return `${VERDICT_MARK.ILLEGAL} **invalid**: ${verdict.summary}\n\n${anomalies.map((a) => "```\n" + a.replace(/\*\*/g, "") + "\n```").join("\n")}`;
}

/** Run the bank test with `options` over the defaults and show the verdict and the picture (nothing returned, so a cell does not print the whole run). */
export function showBankTest(title: string, options: Partial<BankTestOptions> & Pick<BankTestOptions, "store">): void {
  const run = runBankTest({ ...DEFAULT_BANK_TEST, seed: 1, ...options });
  showMarkdown(`**${title}**\n\n${verdictMarkdown(run.verdict)}`);
  showSvg(latencyOverTime(run.history.operations, { title: `${title}: latency of every operation`, endMs: run.endMs, windows: run.windows, kindOf: (input) => (input as { f: string }).f }));
}
