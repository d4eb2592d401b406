/**
 * Is a history linearizable? Three verdicts, never two:
 *
 *   OK        some order of the operations respects real time and the model
 *   ILLEGAL   none does; `core` is a small set of operations that cannot be ordered and
 *             `explanation` says why in words
 *   UNKNOWN   the budget ran out first. UNKNOWN is not a pass: treat it as "not shown correct"
 *             (the grader fails the test and says the check was too big)
 *
 * The result is a union on `verdict` with no `ok: boolean`, so code that reads it must say what
 * it does with each of the three.
 *
 *   const result = checkLinearizability(history, "register");
 *   switch (result.verdict) { case "OK": ...; case "ILLEGAL": ...; case "UNKNOWN": ... }
 *
 * Models with independent parts (kv: one register per key) are checked part by part
 * (P-compositionality), which is what keeps real histories tractable; the parts share the budget
 * round-robin, smallest first, and the check stops at the first ILLEGAL one, which it names.
 */
import { knownOutput, type History, type Operation } from "./history";
import { renderFinding, type Finding } from "../findings/finding";
import { explainIllegal, explainShape, type Explained, type ExplainOptions } from "./linearizability-explain";
import { CellFacts } from "./linearizability-shapes";
import { prepareSearch, type Furthest, type ResumableSearch } from "./linearizability-search";
import type { AnyModel } from "./model";
import { modelNamed } from "./models";
import { SearchBudget, type BudgetOptions } from "./search-budget";

export type Verdict = "OK" | "ILLEGAL" | "UNKNOWN";

export type LinearizabilityResult =
  | { verdict: "OK"; model: string; operations: number; parts: number; steps: number }
  | {
      verdict: "ILLEGAL";
      model: string;
      /** The independent part that failed: a key for kv, "" for a single register. */
      part: string;
      /** What is wrong, in English words: a first line that says it, then the operations involved. */
      explanation: string;
      /** The same explanation as a finding, to word in another language (renderFinding). */
      finding: Finding;
      /** A small set of operations that cannot be ordered, in call order (ids as in the history). */
      core: Operation[];
      /** Every checked operation of the failing part (for pictures). */
      partOperations: Operation[];
      steps: number;
    }
  | { verdict: "UNKNOWN"; model: string; reason: string; unknownParts: string[]; steps: number };

export interface CheckOptions extends BudgetOptions, ExplainOptions {
  /**
   * When a short first search cannot decide, scan the part for a classic anomaly (stale read,
   * value never written, read before its write, lost update), each a proof by itself, found in
   * O(n log n); default true. False leaves every verdict to the search (tests and benchmarks of
   * the search itself).
   */
  shapeScan?: boolean;
  /**
   * Called as soon as the verdict is known (with the failing part for ILLEGAL), before the
   * explanation is worked out: a CLI prints the verdict first.
   */
  onVerdict?: (verdict: Verdict, part: string | undefined) => void;
}

export function checkLinearizability(history: History<any, any>, model: AnyModel | string, options: CheckOptions = {}): LinearizabilityResult {
  const chosen = typeof model === "string" ? modelNamed(model) : model;
  const parts = partsToCheck(history.operations, chosen);
  const budget = new SearchBudget(options);
  const found = firstIllegalPart(chosen, parts, budget, options);
  if (found.illegal) {
    const { part, operations } = found.illegal;
    options.onVerdict?.("ILLEGAL", part);
    const { core, explanation } = found.illegal.explain(options);
    return { verdict: "ILLEGAL", model: chosen.name, part, explanation: renderFinding(explanation), finding: explanation, core, partOperations: operations, steps: budget.stepsUsed };
  }
  if (found.unknownParts.length > 0) {
    const { unknownParts } = found;
    options.onVerdict?.("UNKNOWN", undefined);
    const which = parts.size === 1 ? "the history" : `${unknownParts.length} of ${parts.size} keys (${unknownParts.slice(0, 5).join(", ")}${unknownParts.length > 5 ? ", ..." : ""})`;
    const reason = `${budget.exhausted ?? "the budget ran out"} while checking ${which}: it is neither shown linearizable nor shown not to be`;
    return { verdict: "UNKNOWN", model: chosen.name, reason, unknownParts, steps: budget.stepsUsed };
  }
  options.onVerdict?.("OK", undefined);
  const checked = [...parts.values()].reduce((sum, ops) => sum + ops.length, 0);
  return { verdict: "OK", model: chosen.name, operations: checked, parts: parts.size, steps: budget.stepsUsed };
}

/** Steps each undecided part gets per round: no part, however hard, holds up the others for long. */
const ROUND_STEPS = 10_000;

/**
 * The parts are checked together, round-robin with a step budget per round, smallest first, and
 * the check stops at the first part shown ILLEGAL (as porcupine checks keys concurrently and
 * stops at the first failing one). Deterministic: rounds are counted in steps, not time. When the
 * whole budget runs out, every part still undecided is unknown.
 */
function firstIllegalPart(model: AnyModel, parts: Map<string, Operation[]>, budget: SearchBudget, options: CheckOptions): { illegal?: PartCheck; unknownParts: string[] } {
  let active = [...parts].sort(([a, x], [b, y]) => x.length - y.length || (a < b ? -1 : a > b ? 1 : 0)).map(([part, operations]) => new PartCheck(model, part, operations));
  while (active.length > 0) {
    const undecided: PartCheck[] = [];
    for (const [index, check] of active.entries()) {
      const progress = check.advance(budget, options.shapeScan !== false);
      if (progress === "illegal") return { illegal: check, unknownParts: [] };
      if (progress === "undecided") undecided.push(check);
      if (progress === "undecided" && budget.grant() === 0) return { unknownParts: [...undecided, ...active.slice(index + 1)].map((c) => c.part) };
    }
    active = undecided;
  }
  return { unknownParts: [] };
}

/** A first search gets this many steps per operation: plenty for a linearizable history. */
const QUICK_STEPS_PER_OPERATION = 40;
const QUICK_STEPS_MIN = 10_000;

/**
 * One independent part. Most histories are linearizable and a search finds the order quickly,
 * so the search first gets a short allowance; if it cannot decide, the anomaly scan (O(n log n))
 * looks for a classic violation, which it proves at once however deep in the history; only then
 * does the same search carry on (never restarted) for as long as the budget lasts.
 */
class PartCheck {
  private search: ResumableSearch | undefined;
  private quickStepsLeft: number;
  private scanned = false;
  private furthest: Furthest | undefined;
  /** The classic anomaly that proved it ILLEGAL, already in words. */
  private shaped: Explained | undefined;

  constructor(
    private readonly model: AnyModel,
    readonly part: string,
    readonly operations: Operation[],
  ) {
    this.quickStepsLeft = QUICK_STEPS_PER_OPERATION * operations.length + QUICK_STEPS_MIN;
  }

  /** One round of at most ROUND_STEPS steps of the budget. */
  advance(budget: SearchBudget, shapeScan: boolean): "linearizable" | "illegal" | "undecided" {
    this.search ??= prepareSearch(this.model, this.operations, { trackFurthest: true });
    const slice = budget.slice(this.scanned ? ROUND_STEPS : Math.min(ROUND_STEPS, this.quickStepsLeft));
    const outcome = this.search.run(slice);
    budget.stepsUsed += slice.stepsUsed;
    this.quickStepsLeft -= slice.stepsUsed;
    if (outcome.result === "illegal") this.furthest = outcome.furthest;
    if (outcome.result !== "budget") return outcome.result;
    if (!this.scanned && this.quickStepsLeft <= 0) {
      this.scanned = true;
      const anomaly = shapeScan ? CellFacts.of(this.model, this.operations)?.firstAnomaly(this.operations) : undefined;
      this.shaped = anomaly && explainShape(this.model, anomaly, this.part);
      if (this.shaped) return "illegal";
    }
    return "undecided";
  }

  /** Why the part is ILLEGAL, in words, once `advance` said so. */
  explain(options: ExplainOptions): Explained {
    return this.shaped ?? explainIllegal(this.model, this.operations, this.part, this.furthest, options);
  }
}

/** The verdict and what it means, in words (several lines for ILLEGAL). */
export function describeResult(result: LinearizabilityResult): string {
  switch (result.verdict) {
    case "OK":
      return `linearizable: ${result.operations} operations${result.parts > 1 ? ` in ${result.parts} independent keys` : ""} fit one order that respects real time and the ${result.model} model`;
    case "ILLEGAL":
      return `not linearizable: ${result.explanation}`;
    case "UNKNOWN":
      return `unknown, which is not a pass: ${result.reason}`;
  }
}

/**
 * The operations the search needs, grouped by independent part (sorted by key): failed
 * operations never took effect and indeterminate reads cannot have changed anything, so both
 * are left out. Throws a clear message for an operation the model does not know.
 */
function partsToCheck(operations: readonly Operation<any, any>[], model: AnyModel): Map<string, Operation[]> {
  const parts = new Map<string, Operation[]>();
  operations.forEach((op, index) => {
    if (op.id !== index) throw new Error(`operation at position ${index} has id ${op.id}: ids must be 0, 1, 2, ... in order (see renumber())`);
    const problem = model.operationProblem(op.input, knownOutput(op));
    if (problem) throw new Error(`operation ${index} (client ${op.client}): ${problem}`);
    if (op.status === "fail" || (op.status === "info" && model.isReadOnly(op.input))) return;
    const part = model.partitionKey ? model.partitionKey(op.input) : "";
    const list = parts.get(part);
    if (list) list.push(op);
    else parts.set(part, [op]);
  });
  return new Map([...parts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
