/**
 * What the consistency checkers (sequential, causal, session guarantees, convergence) answer,
 * and the words they share. Three verdicts, as for linearizability:
 *
 *   OK        the history satisfies the guarantee; `summary` says why in a sentence
 *   ILLEGAL   it does not; `explanation` says why in words, `core` names the operations involved
 *   UNKNOWN   the checker could not decide (its budget ran out, or the history breaks an
 *             assumption the check relies on, such as unique written values). UNKNOWN is not a
 *             pass: treat it as "not shown correct"
 */
import { knownOutput, type Operation } from "./history";
import type { AnyModel } from "./model";
import { modelNamed } from "./models";
import { at } from "./real-time";

export type ConsistencyResult =
  /** `summary`: why it holds, without the guarantee's name; `witness`: an order of the operations that shows it, when the check found one. */
  | { verdict: "OK"; guarantee: string; summary: string; witness?: Operation[] }
  | { verdict: "ILLEGAL"; guarantee: string; explanation: string; core: Operation[] }
  | { verdict: "UNKNOWN"; guarantee: string; reason: string };

/**
 * A mark per verdict for tables and summaries: plain text symbols that every common font has
 * (DejaVu Sans, Segoe UI Symbol, Apple's), never emoji, which show as empty boxes where no emoji
 * font is installed.
 */
export const VERDICT_MARK: Record<ConsistencyResult["verdict"], string> = { OK: "✓", ILLEGAL: "✗", UNKNOWN: "?" };

/** The verdict and what it means, in words. */
export function describeConsistency(result: ConsistencyResult): string {
  switch (result.verdict) {
    case "OK":
      return `${result.guarantee}: ${result.summary}`;
    case "ILLEGAL":
      return `not ${result.guarantee}: ${result.explanation}`;
    case "UNKNOWN":
      return `unknown, which is not a pass: ${result.reason}`;
  }
}

/** Just the words: the summary, the explanation or the reason. */
export function verdictWords(result: ConsistencyResult): string {
  return result.verdict === "OK" ? result.summary : result.verdict === "ILLEGAL" ? result.explanation : result.reason;
}

export function chooseModel(model: AnyModel | string): AnyModel {
  return typeof model === "string" ? modelNamed(model) : model;
}

/** "put(x, 1) by c1": an operation in words. */
export function opWords(model: AnyModel, op: Operation): string {
  return `${model.describe(op.input, knownOutput(op))} by ${op.client}`;
}

/** "put(x, 1) by c1 at t=10": with the time it returned (or was called, for one with no answer). */
export function opWordsAt(model: AnyModel, op: Operation): string {
  return `${opWords(model, op)} at ${at(op.returnMs ?? op.callMs)}`;
}

/**
 * Operations one per line, grouped by client in each client's order:
 *   c1: put(x, 1); get(y) -> nil
 */
export function byClientListing(model: AnyModel, operations: readonly Operation[]): string {
  const lanes = new Map<string, Operation[]>();
  for (const op of [...operations].sort((a, b) => a.callMs - b.callMs || a.id - b.id)) {
    const lane = lanes.get(op.client);
    if (lane) lane.push(op);
    else lanes.set(op.client, [op]);
  }
  return [...lanes].map(([client, ops]) => `  ${client}: ${ops.map((op) => model.describe(op.input, knownOutput(op))).join("; ")}`).join("\n");
}

/**
 * The operations that may have taken effect: answered ones, and unanswered ones that change
 * something. Refused operations never took effect; an unanswered read tells nothing.
 */
export function operationsThatCount(model: AnyModel, operations: readonly Operation[]): Operation[] {
  return operations.filter((op) => op.status === "ok" || (op.status === "info" && !model.isReadOnly(op.input)));
}

/** Validate every operation against the model, as the linearizability checker does. */
export function assertOperationsKnown(model: AnyModel, operations: readonly Operation[]): void {
  operations.forEach((op, index) => {
    const problem = model.operationProblem(op.input, knownOutput(op));
    if (problem) throw new Error(`operation ${index} (client ${op.client}): ${problem}`);
  });
}
