/**
 * Why a part of a history is not linearizable, in words a learner can act on.
 *
 * First look for a classic shape (stale read, value never written, value read before its write
 * was called, lost update) among the operations around the point where the search got stuck;
 * such a proof is quick even for huge histories. Otherwise shrink the part to a small core
 * (linearizability-shrink.ts), look for a classic shape in it, and failing that list the core in
 * real-time order with the furthest the search could get.
 */
import { finding, type Finding } from "../findings/finding";
import { knownOutput, type Operation } from "./history";
import { searchLinearization, type Furthest } from "./linearizability-search";
import { CellFacts, type Shape } from "./linearizability-shapes";
import { SHRINK_STEPS_MAX, shrinkIllegal } from "./linearizability-shrink";
import type { AnyModel } from "./model";
import { at, byCall, span } from "./real-time";
import { SearchBudget, type BudgetOptions } from "./search-budget";

export interface ExplainOptions extends Pick<BudgetOptions, "progress"> {
  /** Shrink and explain an ILLEGAL verdict (default true; false leaves `core` empty, for benchmarks). */
  explain?: boolean;
  /** Search steps for shrinking and explaining, on top of the check's own budget. */
  explainStepBudget?: number;
  /** Wall-clock milliseconds for shrinking and explaining. */
  explainTimeBudgetMs?: number;
}

const DEFAULT_EXPLAIN_STEP_BUDGET = 20_000_000;
const DEFAULT_EXPLAIN_TIME_BUDGET_MS = 10_000;
/** Witnesses are a handful of operations: confirming them takes a few steps. */
const CONFIRM_STEP_BUDGET = 100_000;
/** How many operations around the stuck one are tried as the victim of a classic shape. */
const VICTIMS_NEAR_STUCK_MAX = 64;

/** An ILLEGAL part explained: the operations that cannot be ordered, and why in words (a finding: its first line says it, then the operations). */
export interface Explained {
  core: Operation[];
  explanation: Finding;
}

/** A classic anomaly found before searching, in words; undefined if its witnesses fail the search's confirmation. */
export function explainShape(model: AnyModel, shape: Shape, part: string): Explained | undefined {
  const confirmation = new SearchBudget({ stepBudget: CONFIRM_STEP_BUDGET });
  return searchLinearization(model, shape.witnesses, confirmation).result === "illegal" ? shaped(model, shape, part) : undefined;
}

export function explainIllegal(model: AnyModel, operations: readonly Operation[], part: string, furthest: Furthest | undefined, options: ExplainOptions = {}): Explained {
  if (options.explain === false) return { core: [], explanation: finding("linExplainSkipped") };
  const budget = new SearchBudget({ stepBudget: options.explainStepBudget ?? DEFAULT_EXPLAIN_STEP_BUDGET, timeBudgetMs: options.explainTimeBudgetMs ?? DEFAULT_EXPLAIN_TIME_BUDGET_MS, progress: options.progress });
  const illegal = (ops: readonly Operation[]) => {
    const slice = budget.slice(budget.stepBudget);
    const outcome = searchLinearization(model, ops, slice);
    budget.stepsUsed += slice.stepsUsed;
    return outcome.result === "illegal";
  };
  const facts = CellFacts.of(model, operations);
  const near = nearStuck(operations, furthest?.stuckOn);
  const quick = facts?.recognise(near);
  if (quick && illegal(quick.witnesses)) return shaped(model, quick, part);
  const shrinkBudget = budget.slice(SHRINK_STEPS_MAX);
  const shrunk = shrinkIllegal(model, operations, shrinkBudget, furthest?.stuckOn);
  budget.stepsUsed += shrinkBudget.stepsUsed;
  const core = shrunk.core.sort(byCall);
  const inCore = facts?.recognise(core);
  if (inCore && illegal(inCore.witnesses)) return shaped(model, inCore, part);
  return { core, explanation: generic(shrunk.model, core, part, shrunk.fromMs, shrunk.minimal, budget) };
}

/** The stuck operation first, then the others by distance in time from its return. */
function nearStuck(operations: readonly Operation[], stuckOn: number | undefined): Operation[] {
  const stuck = operations.find((op) => op.id === stuckOn);
  if (!stuck) return [];
  const when = stuck.returnMs ?? stuck.callMs;
  const distance = (op: Operation) => Math.abs((op.returnMs ?? op.callMs) - when);
  return [stuck, ...operations.filter((op) => op !== stuck && op.status === "ok").sort((a, b) => distance(a) - distance(b) || a.id - b.id).slice(0, VICTIMS_NEAR_STUCK_MAX - 1)];
}

function shaped(model: AnyModel, shape: Shape, part: string): Explained {
  const core = [...shape.witnesses].sort(byCall);
  return { core, explanation: finding("linExplanation", finding("linOnKey", part, shape.sentence), listing(model, core), undefined) };
}

function generic(model: AnyModel, core: Operation[], part: string, fromMs: number | undefined, minimal: boolean, budget: SearchBudget): Finding {
  const head = finding("linOnKey", part, finding("linCannotOrder", fromMs === undefined ? undefined : at(fromMs), part !== "", core.length, model.name, minimal));
  const outcome = searchLinearization(model, core, budget.slice(budget.stepBudget), { trackFurthest: true });
  const furthest = outcome.result === "illegal" ? outcome.furthest : undefined;
  return finding("linExplanation", head, listing(model, core), furthest && furthestWords(model, core, furthest));
}

/** "The search got furthest with the order ...; that leaves 2, and read() -> 1 by c3 (t=50..60), which had to come next, cannot." */
function furthestWords(model: AnyModel, core: Operation[], furthest: Furthest): Finding {
  const byId = new Map(core.map((op) => [op.id, op]));
  const describe = (op: Operation) => model.describe(op.input, knownOutput(op));
  const stuck = byId.get(furthest.stuckOn) as Operation;
  const order = furthest.order.map((id) => describe(byId.get(id) as Operation));
  const stuckWords = finding("linStuck", describe(stuck), stuck.client, span(stuck));
  if (order.length === 0) return finding("linNoOrderStarts", stuckWords);
  return finding("linFurthest", order.join(", "), model.describeState(furthest.state), stuckWords);
}

/** One aligned line per operation: client, what it did, when. */
export function listing(model: AnyModel, operations: readonly Operation[]): string {
  const rows = operations.map((op) => [op.client, model.describe(op.input, knownOutput(op)), span(op)]);
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`).join("\n");
}
