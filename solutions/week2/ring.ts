/**
 * Consistent hashing with virtual nodes, reference solution for week 2. The contract is in
 * src/contracts/ring.ts; the exercise is exercises/week2/ring.ts.
 *
 * Differences from the chapter's Python sketch: two lessons and a convention.
 *  - many virtual nodes per server by default (128, not 3): with 3 the largest server owns
 *    several times its fair share (see notebook 08 and `npm run grade week2`);
 *  - preference lists skip virtual nodes of servers already chosen, so N replicas live on N
 *    different machines;
 *  - a key belongs to the first virtual node *at or after* its hash: the course's convention.
 *    The sketch's bisect_right takes the first one strictly after, as Dynamo does (section
 *    4.2); the two differ only for a key that hashes exactly onto a virtual node.
 */
import { ringHash, virtualNodeLabel, type ConsistentHashRingApi, type RingPosition } from "../../src/contracts/ring";

export const DEFAULT_VNODES_PER_NODE = 128;

export class ConsistentHashRing implements ConsistentHashRingApi {
  /** Virtual nodes sorted by position (ties, vanishingly rare, by server name). */
  private ring: RingPosition[] = [];
  private readonly members = new Set<string>();

  // Stryker disable next-line BlockStatement: the contract asks nothing of a bad vnodesPerNode; this check is the reference's own
  constructor(readonly vnodesPerNode: number = DEFAULT_VNODES_PER_NODE) {
    // Stryker disable next-line all: as above
    if (!Number.isInteger(vnodesPerNode) || vnodesPerNode < 1) throw new RangeError(`vnodesPerNode must be a positive integer, got ${vnodesPerNode}`);
  }

  addNode(node: string): void {
    if (this.members.has(node)) throw new Error(`${node} is already on the ring`);
    this.members.add(node);
    for (let i = 0; i < this.vnodesPerNode; i++) this.ring.push({ position: ringHash(virtualNodeLabel(node, i)), node });
    this.ring.sort((a, b) => a.position - b.position || a.node.localeCompare(b.node));
  }

  removeNode(node: string): void {
    if (!this.members.delete(node)) throw new Error(`${node} is not on the ring`);
    this.ring = this.ring.filter((vnode) => vnode.node !== node);
  }

  nodes(): string[] {
    return [...this.members].sort();
  }

  ownerOf(key: string): string | undefined {
    return this.ring.length === 0 ? undefined : this.ring[this.firstAtOrAfter(ringHash(key))].node;
  }

  preferenceList(key: string, count: number): string[] {
    const chosen: string[] = [];
    // Stryker disable next-line ConditionalExpression: equivalent, an empty ring gives want = 0 and the loop below does not run
    if (this.ring.length === 0) return chosen;
    const want = Math.min(count, this.members.size);
    const start = this.firstAtOrAfter(ringHash(key));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, want <= the servers and one lap meets every server, so the lap bound never ends the loop first
    for (let step = 0; step < this.ring.length && chosen.length < want; step++) {
      const { node } = this.ring[(start + step) % this.ring.length];
      if (!chosen.includes(node)) chosen.push(node);
    }
    return chosen;
  }

  positions(): RingPosition[] {
    return this.ring.map((vnode) => ({ ...vnode }));
  }

  /** Index of the first virtual node with position >= `hash`, wrapping to 0 past the end. */
  private firstAtOrAfter(hash: number): number {
    let low = 0;
    let high = this.ring.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ring[middle].position < hash) low = middle + 1;
      else high = middle;
    }
    return low === this.ring.length ? 0 : low;
  }
}
