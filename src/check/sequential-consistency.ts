/**
 * Is a history sequentially consistent (Lamport, 1979)? Some total order of all its operations
 * must keep each client's own order (program-order.ts) and be legal for the model: every read
 * returns the latest write before it in that order. Unlike linearizability, the order may ignore
 * real time across clients: a read may return a value that another client overwrote long ago, as
 * long as every client's view can be explained by one interleaving.
 *
 * Which operations count: refused ones (fail) never took effect and are left out; an
 * indeterminate write (no answer) may or may not have taken effect, so the order may include it
 * (after the client's earlier operations) or leave it out; an indeterminate read tells nothing.
 *
 * Works for every model of models.ts (register, cas-register, kv), with all keys searched
 * together (serialization-search.ts, which states the size limits). For read/write histories
 * with unique values, a bad pattern of causal consistency (causal-patterns.ts) is looked for
 * first: it proves the verdict at once and explains it better than a list of operations.
 *
 * Three verdicts: the budget (BudgetOptions) can run out, and then the answer is UNKNOWN, never a
 * pass. An ILLEGAL history of up to SHRINK_OPERATIONS_MAX operations (core-shrink.ts) is cut to a
 * small core for its explanation; a longer one is listed whole.
 *
 *   const result = checkSequentialConsistency(history, "kv");
 */
import { CausalOrder } from "./causal-order";
import { causalPattern, type CausalViolation } from "./causal-patterns";
import { assertOperationsKnown, byClientListing, chooseModel, operationsThatCount, opWords, type ConsistencyResult } from "./consistency-result";
import { shrinkCore } from "./core-shrink";
import type { History, Operation } from "./history";
import type { AnyModel } from "./model";
import { programOrderPredecessors } from "./program-order";
import { readWriteView } from "./read-write-view";
import { SearchBudget, type BudgetOptions } from "./search-budget";
import { searchSerialization, type SerializationOutcome } from "./serialization-search";

export const SEQUENTIAL = "sequentially consistent";

/** A witness order is spelled out in the summary up to this many operations. */
const WITNESS_WORDS_MAX = 12;
/** Steps for each attempt while shrinking an ILLEGAL history to its core. */
const SHRINK_STEPS_PER_ATTEMPT = 50_000;

export function checkSequentialConsistency(history: History<any, any>, model: AnyModel | string, options: BudgetOptions = {}): ConsistencyResult {
  const chosen = chooseModel(model);
  assertOperationsKnown(chosen, history.operations);
  const notCausal = causalViolation(history, chosen);
  if (notCausal) return { verdict: "ILLEGAL", guarantee: SEQUENTIAL, explanation: `it is not even causally consistent: ${notCausal.explanation}`, core: notCausal.core };
  const operations = operationsThatCount(chosen, history.operations);
  const outcome = searchSequential(chosen, operations, new SearchBudget(options));
  switch (outcome.result) {
    case "found": {
      const witness = outcome.order.map((i) => operations[i]);
      return { verdict: "OK", guarantee: SEQUENTIAL, summary: okWords(chosen, witness, operations.length), witness };
    }
    case "none": {
      const core = shrinkCore(chosen, operations, (ops) => searchSequential(chosen, ops, new SearchBudget({ stepBudget: SHRINK_STEPS_PER_ATTEMPT })).result === "none");
      return { verdict: "ILLEGAL", guarantee: SEQUENTIAL, explanation: illegalWords(chosen, core), core };
    }
    case "budget":
      return { verdict: "UNKNOWN", guarantee: SEQUENTIAL, reason: `${outcome.why} while looking for one order of ${operations.length} operations: neither shown sequentially consistent nor shown not to be` };
  }
}

/**
 * Every sequentially consistent history is causally consistent, so a bad pattern of causality
 * (for read/write histories with unique values) proves the verdict at once, with a story.
 */
function causalViolation(history: History<any, any>, model: AnyModel): CausalViolation | undefined {
  const seen = readWriteView(history, model);
  return "view" in seen ? causalPattern(seen.view, CausalOrder.of(seen.view)) : undefined;
}

function searchSequential(model: AnyModel, operations: readonly Operation[], budget: SearchBudget): SerializationOutcome {
  const after = programOrderPredecessors(operations);
  const optional = operations.map((op) => op.status === "info");
  return searchSerialization({ model, operations, after, optional }, budget);
}

function okWords(model: AnyModel, witness: readonly Operation[], total: number): string {
  const order = witness.length <= WITNESS_WORDS_MAX ? `: ${witness.map((op) => opWords(model, op)).join(", ")}` : "";
  const leftOut = total - witness.length;
  const optional = leftOut > 0 ? ` (${leftOut} unanswered write${leftOut === 1 ? "" : "s"} left out: ${leftOut === 1 ? "it" : "they"} may never have happened)` : "";
  return `one order of the operations keeps each client's own order and gives every read the latest write before it${order}${optional}`;
}

function illegalWords(model: AnyModel, core: readonly Operation[]): string {
  return `no single order of these ${core.length} operations keeps each client's own order and gives every read the latest write before it:\n${byClientListing(model, core)}`;
}
