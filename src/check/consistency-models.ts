/**
 * Every consistency model the course checks, run on one read/write history: the table a notebook
 * shows to compare them (linearizable, sequential, causal, read-your-writes, monotonic reads,
 * eventual), strongest first.
 */
import { checkCausalConsistency } from "./causal-consistency";
import { VERDICT_MARK, verdictWords, type ConsistencyResult } from "./consistency-result";
import { checkConvergence } from "./convergence";
import type { History } from "./history";
import { checkLinearizability, describeResult } from "./linearizability";
import type { AnyModel } from "./model";
import { checkSequentialConsistency } from "./sequential-consistency";
import { checkMonotonicReads, checkReadYourWrites } from "./session-guarantees";

export const LINEARIZABLE = "linearizable";

export interface EveryModelOptions {
  /** The convergence check's quiet period (convergence.ts). */
  quietMs: number;
}

export function checkEveryModel(history: History<any, any>, model: AnyModel | string, options: EveryModelOptions): ConsistencyResult[] {
  return [
    linearizability(history, model),
    checkSequentialConsistency(history, model),
    checkCausalConsistency(history, model),
    checkReadYourWrites(history, model),
    checkMonotonicReads(history, model),
    checkConvergence(history, model, options),
  ];
}

/** The linearizability checker's answer, in the shape of the others. */
export function linearizability(history: History<any, any>, model: AnyModel | string): ConsistencyResult {
  const result = checkLinearizability(history, model);
  switch (result.verdict) {
    case "OK":
      return { verdict: "OK", guarantee: LINEARIZABLE, summary: describeResult(result).replace(/^linearizable: /, "") };
    case "ILLEGAL":
      return { verdict: "ILLEGAL", guarantee: LINEARIZABLE, explanation: result.explanation, core: result.core };
    case "UNKNOWN":
      return { verdict: "UNKNOWN", guarantee: LINEARIZABLE, reason: result.reason };
  }
}

const MARK: Record<ConsistencyResult["verdict"], string> = { OK: `${VERDICT_MARK.OK} yes`, ILLEGAL: `${VERDICT_MARK.ILLEGAL} no`, UNKNOWN: `${VERDICT_MARK.UNKNOWN} unknown` };

/** One verdict as Markdown: the mark, the model, and why (a multi-line explanation in a code block). */
export function verdictMarkdown(result: ConsistencyResult): string {
  const [first, ...rest] = verdictWords(result).split("\n");
  const block = rest.length > 0 ? `\n\n\`\`\`\n${rest.join("\n")}\n\`\`\`` : "";
  return `${VERDICT_MARK[result.verdict]} **${result.guarantee}**: ${first}${block}`;
}

/** A Markdown table of verdicts: one row per named history, one column per model. */
export function verdictMatrix(rows: readonly { name: string; results: readonly ConsistencyResult[] }[]): string {
  const models = rows[0]?.results.map((result) => result.guarantee) ?? [];
  const lines = rows.map(({ name, results }) => `| ${name} | ${results.map((result) => MARK[result.verdict]).join(" | ")} |`);
  return [`| history | ${models.join(" | ")} |`, `| --- |${models.map(() => " --- |").join("")}`, ...lines].join("\n");
}

/** A Markdown table: one row per model, its verdict and why (lines joined with <br>). */
export function everyModelTable(results: readonly ConsistencyResult[]): string {
  const rows = results.map((result) => `| ${result.guarantee} | ${MARK[result.verdict]} | ${cellText(verdictWords(result))} |`);
  return ["| model | holds? | why |", "| --- | --- | --- |", ...rows].join("\n");
}

function cellText(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .join("<br>")
    .replace(/\|/g, "\\|");
}
