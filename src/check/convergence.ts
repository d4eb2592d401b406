/**
 * Eventual consistency as convergence: "if no new updates are made, eventually all reads return
 * the last updated value" (Vogels). From a history that means, key by key:
 *
 *   the final reads  the answered reads of a key called at least `quietMs` after its last write
 *                    ended (the last answered write's return, or an unanswered write's call: one
 *                    with no answer is taken to have landed, or been lost, within the quiet period)
 *   agree            they all return the same value, and
 *   lose nothing     that value is what some write wrote (nil only if nothing was written), and no
 *                    write of the key causally follows that write (causal-order.ts): a converged
 *                    store that dropped the newer write is not what eventual consistency promises
 *
 * A key that was written but never read after its quiet period shows nothing: the verdict is then
 * UNKNOWN (not a pass). Disagreeing final reads are a proof by themselves; the "lose nothing"
 * half needs unique written values (read-write-view.ts), and without them an agreeing history is
 * UNKNOWN too. Eventual consistency says nothing about reads before the quiet period: they may
 * be stale, go backwards, or miss the client's own writes.
 *
 * `checkReplicasAgree` asks the same of replica states read directly, as a simulation can.
 */
import type { Json } from "../contracts/node";
import { CausalOrder, pathWords } from "./causal-order";
import { assertOperationsKnown, chooseModel, opWords, type ConsistencyResult } from "./consistency-result";
import { knownOutput, type History, type Operation } from "./history";
import { sameValue, showValue, type AnyModel } from "./model";
import { cellWords, clientsOp, INITIAL, NOWHERE, readWriteView, type ReadWriteView } from "./read-write-view";
import { at } from "./real-time";

export const CONVERGED = "eventually consistent";

export interface ConvergenceOptions {
  /** How long after a key's last write its replicas may still disagree. */
  quietMs: number;
}

interface KeyFacts {
  lastWriteEndMs: number;
  written: boolean;
  finalReads: Operation[];
}

export function checkConvergence(history: History<any, any>, model: AnyModel | string, options: ConvergenceOptions): ConsistencyResult {
  const chosen = chooseModel(model);
  assertOperationsKnown(chosen, history.operations);
  const keys = factsByKey(chosen, history.operations, options.quietMs);
  for (const [key, facts] of keys) {
    const disagreement = facts.finalReads.find((read) => !sameValue(readValue(chosen, read), readValue(chosen, facts.finalReads[0])));
    if (disagreement) return disagreementResult(chosen, key, facts, disagreement, options.quietMs);
  }
  const unread = [...keys].filter(([, facts]) => facts.written && facts.finalReads.length === 0).map(([key]) => key);
  if (unread.length > 0) return { verdict: "UNKNOWN", guarantee: CONVERGED, reason: `no read of ${unread.map(keyWords).join(", ")} came ${options.quietMs} ms or more after its last write: convergence is not shown` };
  const seen = readWriteView(history, chosen);
  if (!("view" in seen)) return { verdict: "UNKNOWN", guarantee: CONVERGED, reason: `the final reads agree, but whether a write was lost cannot be told: ${"ambiguity" in seen ? seen.ambiguity : seen.unsupported}` };
  const lost = lostWrite(seen.view, keys);
  if (lost) return { verdict: "ILLEGAL", guarantee: CONVERGED, ...lost };
  const reads = [...keys.values()].reduce((sum, facts) => sum + facts.finalReads.length, 0);
  if (keys.size === 0) return { verdict: "OK", guarantee: CONVERGED, summary: "nothing was written or read" };
  return { verdict: "OK", guarantee: CONVERGED, summary: `after ${options.quietMs} ms without writes, ${reads === 1 ? "the final read returns" : `the ${reads} final reads of ${keys.size === 1 ? "the key" : `${keys.size} keys`} agree on`} the latest write` };
}

/** Do replica states (read from the replicas themselves) hold the same value for every key? */
export function checkReplicasAgree(replicas: readonly { name: string; values: Readonly<Record<string, Json>> }[]): ConsistencyResult {
  const keys = [...new Set(replicas.flatMap((replica) => Object.keys(replica.values)))].sort();
  for (const key of keys) {
    const value = (replica: (typeof replicas)[number]) => replica.values[key] ?? null;
    const differs = replicas.find((replica) => !sameValue(value(replica), value(replicas[0])));
    if (differs) return { verdict: "ILLEGAL", guarantee: CONVERGED, explanation: `${replicas[0].name} holds ${key}=${showValue(value(replicas[0]))} but ${differs.name} holds ${key}=${showValue(value(differs))}: the replicas did not converge`, core: [] };
  }
  return { verdict: "OK", guarantee: CONVERGED, summary: `the ${replicas.length} replicas hold the same value for every key` };
}

function factsByKey(model: AnyModel, operations: readonly Operation[], quietMs: number): Map<string, KeyFacts> {
  const keys = new Map<string, KeyFacts>();
  const factsOf = (op: Operation) => {
    const key = model.partitionKey ? model.partitionKey(op.input) : "";
    const facts = keys.get(key) ?? { lastWriteEndMs: -Infinity, written: false, finalReads: [] };
    keys.set(key, facts);
    return facts;
  };
  const writes = operations.filter((op) => op.status !== "fail" && !model.isReadOnly(op.input));
  for (const op of writes) {
    const facts = factsOf(op);
    facts.written = true;
    facts.lastWriteEndMs = Math.max(facts.lastWriteEndMs, op.returnMs ?? op.callMs);
  }
  for (const op of operations) {
    if (op.status === "ok" && model.isReadOnly(op.input) && op.callMs >= factsOf(op).lastWriteEndMs + quietMs) factsOf(op).finalReads.push(op);
  }
  return new Map([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function readValue(model: AnyModel, read: Operation): Json {
  const meaning = model.meaning(read.input, knownOutput(read));
  return meaning.kind === "read" ? meaning.value : null;
}

function keyWords(key: string): string {
  return key === "" ? "the register" : key;
}

function quietWords(key: string, facts: KeyFacts, quietMs: number): string {
  return facts.written ? `after the last write of ${keyWords(key)} (${at(facts.lastWriteEndMs)}) and ${quietMs} ms of quiet` : `with no write of ${keyWords(key)} at all`;
}

function disagreementResult(model: AnyModel, key: string, facts: KeyFacts, other: Operation, quietMs: number): ConsistencyResult {
  const first = facts.finalReads[0];
  const explanation = `${quietWords(key, facts, quietMs)}, ${first.client} read ${cellWords(key, readValue(model, first))} at ${at(first.callMs)} but ${other.client} read ${cellWords(key, readValue(model, other))} at ${at(other.callMs)}: the replicas did not converge`;
  return { verdict: "ILLEGAL", guarantee: CONVERGED, explanation, core: [first, other] };
}

/** Final reads that agree on a value nobody wrote, on nil although something was written, or on a write that a later one should have replaced. */
function lostWrite(view: ReadWriteView, keys: Map<string, KeyFacts>): { explanation: string; core: Operation[] } | undefined {
  const order = CausalOrder.of(view);
  for (const [key, facts] of keys) {
    const read = view.ops.findIndex((rw) => rw.op === facts.finalReads[0]);
    if (read < 0) continue;
    const source = view.sourceOf[read];
    const agreed = `every final read of ${keyWords(key)} returned ${showValue(view.ops[read].value)}`;
    if (source === NOWHERE) return { explanation: `${agreed}, a value no operation wrote`, core: [view.ops[read].op] };
    const newer = view.ops.findIndex((rw, i) => rw.kind === "write" && rw.key === key && (source === INITIAL ? rw.op.status === "ok" : order.before(source, i)));
    if (newer < 0) continue;
    const why = source === INITIAL ? `, the initial value, though ${opWords(view.model, view.ops[newer].op)} was acknowledged` : `, though ${clientsOp(view, newer)} came after that write (${pathWords(view, order.path(source, newer))})`;
    return { explanation: `${agreed}${why}: a write was lost`, core: [view.ops[newer].op, view.ops[read].op] };
  }
  return undefined;
}
