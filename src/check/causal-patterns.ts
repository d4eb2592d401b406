/**
 * The four bad patterns of causal consistency for histories with unique values (Bouajjani,
 * Enea, Guerraoui and Hamza, "On verifying causal consistency", POPL 2017). Each is a proof by
 * itself, found in polynomial time, and each has a story a learner can follow:
 *
 *   thin air        a read returned a value that no operation wrote
 *   cycle           the causal order has a cycle: some operation would precede itself
 *   initial read    a read returned the initial value although a write of that key causally precedes it
 *   overwritten     a read returned w1's value although a write w2 of that key causally follows w1
 *                   and causally precedes the read
 *
 * A history with none of them is "CC" (weak causal consistency) in that paper's terms: every read
 * is explained by its own causal past. Causal memory asks more (causal-consistency.ts).
 */
import type { Operation } from "./history";
import { CausalOrder, pathWords, type CausalEdge } from "./causal-order";
import { cellWords, clientsOp, INITIAL, NOWHERE, type ReadWriteView } from "./read-write-view";
import { byCall } from "./real-time";

export interface CausalViolation {
  explanation: string;
  /** The operations of the pattern (the read, the writes, and the chains between them). */
  core: Operation[];
}

/** The first bad pattern of the history (by the read's call time), or undefined if it has none. */
export function causalPattern(view: ReadWriteView, order: CausalOrder): CausalViolation | undefined {
  return thinAirRead(view) ?? causalCycle(view, order) ?? overwrittenInCausalPast(view, order);
}

function readsInCallOrder(view: ReadWriteView): number[] {
  return view.ops
    .map((_, i) => i)
    .filter((i) => view.ops[i].kind === "read")
    .sort((a, b) => byCall(view.ops[a].op, view.ops[b].op));
}

function thinAirRead(view: ReadWriteView): CausalViolation | undefined {
  const read = readsInCallOrder(view).find((i) => view.sourceOf[i] === NOWHERE);
  if (read === undefined) return undefined;
  const { key, value, op } = view.ops[read];
  return { explanation: `${clientsOp(view, read)} returned ${cellWords(key, value)}, a value no operation wrote`, core: [op] };
}

function causalCycle(view: ReadWriteView, order: CausalOrder): CausalViolation | undefined {
  const member = order.cycleMember();
  if (member === undefined) return undefined;
  const chain = order.path(member, member);
  return { explanation: `the causal order has a cycle, so an operation would have to happen before itself: ${pathWords(view, chain)}`, core: chainOps(view, [chain]) };
}

function overwrittenInCausalPast(view: ReadWriteView, order: CausalOrder): CausalViolation | undefined {
  const writesOf = new Map<string, number[]>();
  view.ops.forEach((rw, i) => {
    if (rw.kind === "write") writesOf.set(rw.key, [...(writesOf.get(rw.key) ?? []), i]);
  });
  for (const read of readsInCallOrder(view)) {
    const source = view.sourceOf[read];
    const overwrite = (writesOf.get(view.ops[read].key) ?? []).find((w) => w !== source && order.before(w, read) && (source === INITIAL || order.before(source, w)));
    if (overwrite === undefined) continue;
    return source === INITIAL ? initialReadWords(view, order, read, overwrite) : overwrittenWords(view, order, read, source, overwrite);
  }
  return undefined;
}

function initialReadWords(view: ReadWriteView, order: CausalOrder, read: number, write: number): CausalViolation {
  const chain = order.path(write, read);
  return { explanation: `${clientsOp(view, read)} returned nil, the initial value, though ${clientsOp(view, write)} causally precedes it: ${pathWords(view, chain)}`, core: chainOps(view, [chain]) };
}

function overwrittenWords(view: ReadWriteView, order: CausalOrder, read: number, source: number, overwrite: number): CausalViolation {
  const { key, value } = view.ops[read];
  const chains = [order.path(source, overwrite), order.path(overwrite, read)];
  const explanation = `${clientsOp(view, read)} returned ${cellWords(key, value)}, written by ${clientsOp(view, source)}, though ${clientsOp(view, overwrite)} overwrote it in the read's causal past: ${pathWords(view, chains[0])}; ${pathWords(view, chains[1])}`;
  return { explanation, core: chainOps(view, chains) };
}

/** The distinct operations along the chains, in call order. */
function chainOps(view: ReadWriteView, chains: readonly (readonly CausalEdge[])[]): Operation[] {
  const positions = new Set(chains.flatMap((chain) => chain.flatMap((edge) => [edge.from, edge.to])));
  return [...positions].map((i) => view.ops[i].op).sort(byCall);
}
