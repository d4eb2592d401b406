/**
 * Jepsen's bank checker, with three verdicts. A bank history holds transfers (answered
 * "transferred" or "refused") and reads of every balance. It is judged three ways:
 *
 *   wrong-total        an ok read whose balances do not add up to the opening total: money was
 *                      created or destroyed (a transfer applied halfway, or applied twice in part)
 *   negative-balance   an ok read with a balance below zero: an overdraft was let through
 *   non-linearizable   no order of the operations, consistent with real time, explains every
 *                      answer with one bank applying them one at a time: a stale read, a
 *                      transfer applied twice, a refusal the balances did not call for
 *   read-skew (G-single)  a read saw part of a transfer and missed the rest, as a cycle with one
 *                      anti-dependency in Adya's serialization graph (transaction-cycles.ts), where
 *                      the balances let versions be inferred (bank-versions.ts states the rule):
 *                      not even a serializable store, let alone a linearizable one, allows it
 *
 * VALID needs all three to hold and something to have been tested: a run in which no read or no
 * transfer succeeded (or, given fault windows, nothing succeeded while faults were active) is
 * UNKNOWN (vacuous), never valid. A linearizability search that ran out of budget is UNKNOWN too.
 */
import type { BankResult, Balances } from "../contracts/bank";
import { totalOf } from "../contracts/bank";
import type { Json } from "../contracts/node";
import { finding, renderFinding, type Finding } from "../findings/finding";
import type { History, Operation } from "./history";
import { checkLinearizability, describeResult } from "./linearizability";
import { ILLEGAL, valueKey, type Illegal, type Model } from "./model";
import { bankTransactions } from "./bank-versions";
import { findGSingle } from "./transaction-cycles";

/** An operation as the bank's clients record it. */
export type BankInput = { f: "transfer"; from: string; to: string; amount: number } | { f: "read" };

/** A transfer's answer, or a read's balances. */
export type BankOutput = Json;

export type BankAnomalyKind = "wrong-total" | "negative-balance" | "read-skew (G-single)" | "non-linearizable";

export interface BankAnomaly {
  kind: BankAnomalyKind;
  /** What the checker found, in any language (the cycle explanation inside it in English). */
  finding: Finding;
  /** The finding in English. */
  message: string;
  /** Ids of the operations involved. */
  operations: number[];
}

export type BankVerdict =
  | { valid: true; summary: string }
  /** `summaryFinding`: the summary in any language. */
  | { valid: false; anomalies: BankAnomaly[]; summary: string; summaryFinding: Finding }
  | { valid: "unknown"; reason: string; summary: string };

export interface BankCheckOptions {
  /** [start, end) windows of virtual time with a fault active; when given, something must succeed inside one. */
  faultWindows?: readonly { fromMs: number; toMs: number }[];
  /** Step budget of the linearizability search (steps, not seconds, so the verdict replays). */
  stepBudget?: number;
}

/** One bank, applying operations one at a time: the sequential model the checker searches with. */
export function bankModel(initial: Balances): Model<Balances, BankInput, BankOutput> {
  return {
    name: "bank",
    init: { ...initial },
    step(state, input, output): Balances | Illegal {
      if (input.f === "read") return output === undefined || valueKey(output) === valueKey(state) ? state : ILLEGAL;
      const { next, result } = transferIn(state, input);
      return output === undefined || valueKey(output) === valueKey(result as Json) ? next : ILLEGAL;
    },
    stateKey: (state) => valueKey(state),
    describeState: (state) => describeBalances(state),
    describe(input, output) {
      if (input.f === "read") return `read() -> ${output === undefined ? "?" : describeBalances(output as Balances)}`;
      const answer = output === undefined ? "?" : (output as BankResult).kind === "refused" ? `refused (${(output as { reason: string }).reason})` : "ok";
      return `transfer(${input.amount} ${input.from}->${input.to}) -> ${answer}`;
    },
    operationProblem(input) {
      const op = input as Partial<BankInput> | null;
      if (op?.f === "read") return undefined;
      if (op?.f === "transfer" && typeof op.from === "string" && typeof op.to === "string" && typeof op.amount === "number") return undefined;
      return `not a bank operation: ${JSON.stringify(input)} (expected { f: "read" } or { f: "transfer", from, to, amount })`;
    },
    isReadOnly: (input) => input.f === "read",
    meaning: () => ({ kind: "other" }),
  };
}

/** What one transfer does to `state`, by the contract's rules (the model's step, and the notebooks' naive banks). */
export function transferIn(state: Balances, t: { from: string; to: string; amount: number }): { next: Balances; result: BankResult } {
  if (!Number.isInteger(t.amount) || t.amount <= 0) return { next: state, result: { kind: "refused", reason: "bad-amount" } };
  if (!Object.hasOwn(state, t.from) || !Object.hasOwn(state, t.to) || t.from === t.to) return { next: state, result: { kind: "refused", reason: "unknown-account" } };
  if (state[t.from] < t.amount) return { next: state, result: { kind: "refused", reason: "insufficient-funds" } };
  return { next: { ...state, [t.from]: state[t.from] - t.amount, [t.to]: state[t.to] + t.amount }, result: { kind: "transferred" } };
}

export function describeBalances(balances: Balances): string {
  return `{${Object.keys(balances)
    .sort()
    .map((account) => `${account}: ${balances[account]}`)
    .join(", ")}} (total ${totalOf(balances)})`;
}

export function checkBank(history: History<BankInput, BankOutput>, initial: Balances, options: BankCheckOptions = {}): BankVerdict {
  const ops = history.operations;
  const oks = ops.filter((op) => op.status === "ok");
  const reads = oks.filter((op) => op.input.f === "read");
  const transfers = oks.filter((op) => op.input.f === "transfer" && (op.output as BankResult).kind === "transferred");
  const countsFinding = finding("bankCounts", reads.length, transfers.length, ops.filter((op) => op.status === "info").length, ops.length);
  const counts = renderFinding(countsFinding);
  const expected = totalOf(initial);
  const anomalies: BankAnomaly[] = [];
  const found = (kind: BankAnomalyKind, operations: number[], what: Finding) => anomalies.push({ kind, operations, finding: what, message: renderFinding(what) });
  const wrongTotals = reads.filter((op) => totalOf(op.output as Balances) !== expected);
  if (wrongTotals.length > 0) {
    const first = wrongTotals[0];
    found("wrong-total", wrongTotals.map((op) => op.id), finding("bankWrongTotal", wrongTotals.length, expected, first.id, first.client, first.returnMs, describeBalances(first.output as Balances)));
  }
  const negatives = reads.filter((op) => Object.values(op.output as Balances).some((balance) => balance < 0));
  if (negatives.length > 0) {
    const first = negatives[0];
    found("negative-balance", negatives.map((op) => op.id), finding("bankNegativeBalance", negatives.length, first.id, first.client, describeBalances(first.output as Balances)));
  }
  const skews = findGSingle(bankTransactions(history, initial));
  if (skews.length > 0) {
    found("read-skew (G-single)", [...new Set(skews.flatMap((s) => s.transactions))], finding("bankReadSkew", skews.length, skews[0].message));
  }
  const lin = checkLinearizability(history, bankModel(initial), { stepBudget: options.stepBudget ?? 5_000_000, timeBudgetMs: Number.POSITIVE_INFINITY });
  if (lin.verdict === "ILLEGAL") found("non-linearizable", lin.core.map((op) => op.id), finding("bankNotLinearizable", lin.finding));
  if (anomalies.length > 0) {
    const summaryFinding = finding("bankAnomalies", anomalies.map((a) => a.kind).join(", "), countsFinding);
    return { valid: false, anomalies, summary: renderFinding(summaryFinding), summaryFinding };
  }
  if (lin.verdict === "UNKNOWN") return { valid: "unknown", reason: describeResult(lin), summary: counts };
  const vacuous = vacuity(oks, reads.length, transfers.length, options.faultWindows);
  if (vacuous) return { valid: "unknown", reason: `vacuous: ${vacuous}`, summary: counts };
  return { valid: true, summary: `the total stayed ${expected}, no balance went negative, and every answer fits one order (${counts})` };
}

/** Why the run proves nothing, or undefined. */
function vacuity(oks: readonly Operation<BankInput, BankOutput>[], reads: number, transfers: number, windows: BankCheckOptions["faultWindows"]): string | undefined {
  if (reads === 0) return "no read succeeded, so no total was ever observed";
  if (transfers === 0) return "no transfer succeeded, so the total was never at risk";
  if (windows && windows.length > 0) {
    const during = oks.filter((op) => windows.some((w) => op.returnMs !== null && op.returnMs >= w.fromMs && op.callMs < w.toMs));
    if (during.length === 0) return "nothing succeeded while a fault was active, so the faults tested nothing";
  }
  return undefined;
}
