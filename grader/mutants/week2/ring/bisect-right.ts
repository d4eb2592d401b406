/**
 * Mutant: the chapter's bisect_right: a key belongs to the first virtual node strictly after its
 * hash (Dynamo's rule, and a fine one), so a key hashing exactly onto a virtual node goes to the
 * next one, against the course's contract ("at or after").
 * @symptom a key whose hash is exactly
 */
import { ringHash, virtualNodeLabel, type ConsistentHashRingApi, type RingPosition } from "../../../../src/contracts/ring";

export const DEFAULT_VNODES_PER_NODE = 128;

export class ConsistentHashRing implements ConsistentHashRingApi {
  /** Virtual nodes sorted by position (ties, vanishingly rare, by server name). */
  private ring: RingPosition[] = [];
  private readonly members = new Set<string>();

  constructor(readonly vnodesPerNode: number = DEFAULT_VNODES_PER_NODE) {
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
    if (this.ring.length === 0) return chosen;
    const want = Math.min(count, this.members.size);
    const start = this.firstAtOrAfter(ringHash(key));
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
      if (this.ring[middle].position <= hash) low = middle + 1;
      else high = middle;
    }
    return low === this.ring.length ? 0 : low;
  }
}
