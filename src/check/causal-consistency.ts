/**
 * Is a read/write history causally consistent? The definition checked is causal memory (Ahamad,
 * Neiger, Burns, Kohli and Hutto, 1995): the causal order is the transitive closure of program
 * order and writes-into (causal-order.ts), and for every client there must be one order of that
 * client's operations together with all the writes that respects the causal order and is legal
 * (each of the client's reads returns the latest write of its key before it). Different clients
 * may order concurrent writes differently: that is what causal allows and sequential forbids.
 *
 * Assumptions: reads and writes only (register or kv), and every write of a key writes a
 * different value, so that each read names the write it saw (read-write-view.ts; otherwise the
 * verdict is UNKNOWN). Indeterminate writes may or may not have happened: one that some read saw
 * did; one nobody saw may be left out of a client's order.
 *
 * How: first the four bad patterns (causal-patterns.ts), each a proof with a story in words;
 * then, per client, the search of serialization-search.ts (whose size limits apply: the budget
 * can run out, and the verdict is then UNKNOWN, never a pass). The patterns alone decide "CC" of
 * Bouajjani et al. (2017), which is weaker: a client that reads x as 1, then 2, then 1 again,
 * from two concurrent writes, passes the patterns and fails causal memory.
 */
import { CausalOrder } from "./causal-order";
import { causalPattern } from "./causal-patterns";
import { byClientListing, chooseModel, type ConsistencyResult } from "./consistency-result";
import { shrinkCore } from "./core-shrink";
import type { History, Operation } from "./history";
import type { AnyModel } from "./model";
import { readWriteView, requireReadWriteView, type ReadWriteView } from "./read-write-view";
import { SearchBudget, type BudgetOptions } from "./search-budget";
import { searchSerialization, type SerializationProblem } from "./serialization-search";

export const CAUSAL = "causally consistent";

const SHRINK_STEPS_PER_ATTEMPT = 50_000;

export function checkCausalConsistency(history: History<any, any>, model: AnyModel | string, options: BudgetOptions = {}): ConsistencyResult {
  const chosen = chooseModel(model);
  const seen = requireReadWriteView(history, chosen, "causal consistency");
  if ("ambiguity" in seen) return { verdict: "UNKNOWN", guarantee: CAUSAL, reason: seen.ambiguity };
  const outcome = judge(seen.view, new SearchBudget(options));
  switch (outcome.result) {
    case "ok":
      return { verdict: "OK", guarantee: CAUSAL, summary: "for each client, its operations and all the writes fit one order that respects the causal order (program order and writes-into) and gives its reads the latest write" };
    case "pattern":
      return { verdict: "ILLEGAL", guarantee: CAUSAL, ...outcome.violation };
    case "view": {
      const all = seen.view.ops.map((rw) => rw.op);
      const core = shrinkCore(chosen, all, (ops) => isCausallyIllegal(ops, chosen));
      const explanation = `${outcome.client} cannot have seen what it saw: no order of ${outcome.client}'s operations and the writes respects the causal order and gives each of its reads the latest write before it:\n${byClientListing(chosen, core)}`;
      return { verdict: "ILLEGAL", guarantee: CAUSAL, explanation, core };
    }
    case "budget":
      return { verdict: "UNKNOWN", guarantee: CAUSAL, reason: `${outcome.why} while ordering what ${outcome.client} saw: neither shown causally consistent nor shown not to be` };
  }
}

type Judgement =
  | { result: "ok" }
  | { result: "pattern"; violation: { explanation: string; core: Operation[] } }
  | { result: "view"; client: string }
  | { result: "budget"; client: string; why: string };

function judge(view: ReadWriteView, budget: SearchBudget): Judgement {
  const order = CausalOrder.of(view);
  const violation = causalPattern(view, order);
  if (violation) return { result: "pattern", violation };
  for (const client of clientsOf(view)) {
    const outcome = searchSerialization(clientsView(view, order, client), budget);
    if (outcome.result === "none") return { result: "view", client };
    if (outcome.result === "budget") return { result: "budget", client, why: outcome.why };
  }
  return { result: "ok" };
}

/** Proven not causal (ambiguity or an exhausted budget prove nothing). */
function isCausallyIllegal(operations: Operation[], model: AnyModel): boolean {
  const seen = readWriteView({ operations }, model);
  if (!("view" in seen)) return false;
  const outcome = judge(seen.view, new SearchBudget({ stepBudget: SHRINK_STEPS_PER_ATTEMPT }));
  return outcome.result === "pattern" || outcome.result === "view";
}

function clientsOf(view: ReadWriteView): string[] {
  return [...new Set(view.ops.map((rw) => rw.op.client))];
}

/** The client's own operations and every write, ordered by the causal order; an unanswered write nobody read may be left out. */
function clientsView(view: ReadWriteView, order: CausalOrder, client: string): SerializationProblem {
  const included = view.ops.map((_, i) => i).filter((i) => view.ops[i].op.client === client || view.ops[i].kind === "write");
  const read = new Set(view.sourceOf.filter((source, i) => source >= 0 && source !== i));
  return {
    model: view.model,
    operations: included.map((i) => view.ops[i].op),
    after: included.map((b) => included.flatMap((a, local) => (order.before(a, b) ? [local] : []))),
    optional: included.map((i) => view.ops[i].op.status === "info" && !read.has(i)),
  };
}
