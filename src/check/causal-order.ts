/**
 * The causal order of a read/write history (Lamport's happened-before, seen from the clients):
 * the transitive closure of program order (a client's earlier operation comes before its later
 * one) and writes-into (a write comes before every read that returned its value). This is the
 * order that vector clocks track inside a system; here it is rebuilt from the outside.
 *
 * Reachability is kept as one bitset per operation, built by a search from each operation:
 * time O(n * (n + edges)) and n^2 bits of memory, fine for a few thousand operations.
 */
import { clientsOp, type ReadWriteView } from "./read-write-view";
import { programOrderPredecessors } from "./program-order";

/** One direct step of the causal order: `from` then `to`, by program order or because `to` read `from`'s value. */
export interface CausalEdge {
  from: number;
  to: number;
  why: "program" | "read";
}

export class CausalOrder {
  /** Direct steps out of each operation (by position in the view). */
  readonly outgoing: CausalEdge[][];
  /** after[a]: bitset of the operations that `a` causally precedes. */
  private readonly after: Uint32Array[];

  private constructor(readonly view: ReadWriteView) {
    const n = view.ops.length;
    this.outgoing = view.ops.map(() => []);
    programOrderPredecessors(view.ops.map((rw) => rw.op)).forEach((list, to) => list.forEach((from) => this.outgoing[from].push({ from, to, why: "program" })));
    view.sourceOf.forEach((source, read) => {
      if (source >= 0 && source !== read) this.outgoing[source].push({ from: source, to: read, why: "read" });
    });
    this.after = view.ops.map((_, start) => this.reachableFrom(start, n));
  }

  static of(view: ReadWriteView): CausalOrder {
    return new CausalOrder(view);
  }

  /** Does `a` causally precede `b` (a path of one step or more)? */
  before(a: number, b: number): boolean {
    return (this.after[a][b >>> 5] & (1 << (b & 31))) !== 0;
  }

  /** An operation that causally precedes itself, or undefined when the order has no cycle. */
  cycleMember(): number | undefined {
    const member = this.view.ops.findIndex((_, i) => this.before(i, i));
    return member >= 0 ? member : undefined;
  }

  /** The shortest chain of direct steps from `a` to `b` (of one step or more); empty if there is none. */
  path(a: number, b: number): CausalEdge[] {
    const reachedBy = new Map<number, CausalEdge>();
    const queue = [a];
    for (let head = 0; head < queue.length; head++) {
      for (const edge of this.outgoing[queue[head]]) {
        if (reachedBy.has(edge.to)) continue;
        reachedBy.set(edge.to, edge);
        if (edge.to === b) return this.chainTo(b, a, reachedBy);
        queue.push(edge.to);
      }
    }
    return [];
  }

  private chainTo(b: number, a: number, reachedBy: Map<number, CausalEdge>): CausalEdge[] {
    const chain: CausalEdge[] = [];
    for (let edge = reachedBy.get(b); edge; edge = edge.from === a ? undefined : reachedBy.get(edge.from)) chain.push(edge);
    return chain.reverse();
  }

  private reachableFrom(start: number, n: number): Uint32Array {
    const bits = new Uint32Array(Math.ceil(n / 32) || 1);
    const stack = this.outgoing[start].map((edge) => edge.to);
    while (stack.length > 0) {
      const next = stack.pop() as number;
      if (bits[next >>> 5] & (1 << (next & 31))) continue;
      bits[next >>> 5] |= 1 << (next & 31);
      for (const edge of this.outgoing[next]) stack.push(edge.to);
    }
    return bits;
  }
}

/** "c1's put(x, 1), then c1's put(y, 2), read by c2's get(y) -> 2": a chain of the causal order in words. */
export function pathWords(view: ReadWriteView, chain: readonly CausalEdge[]): string {
  if (chain.length === 0) return "";
  const words = [clientsOp(view, chain[0].from)];
  for (const edge of chain) words.push(`${edge.why === "program" ? "then" : "read by"} ${clientsOp(view, edge.to)}`);
  return words.join(", ");
}
