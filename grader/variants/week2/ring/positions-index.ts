/**
 * Fair variant: a ring indexed by position. A Map sends each occupied position to the servers
 * there (a list, for the vanishingly rare tie), and a sorted array of the occupied positions is
 * kept up to date by inserting each new position in place and dropping emptied ones on removal.
 * ownerOf binary-searches that array for the last position below the key's hash and steps one
 * past it; preferenceList walks positions clockwise and collects servers into a Set. Same
 * answers as the reference (at-or-after, ties by server name); it must score full marks.
 */
import { ringHash, virtualNodeLabel, type ConsistentHashRingApi, type RingPosition } from "../../../../src/contracts/ring";

export class ConsistentHashRing implements ConsistentHashRingApi {
  private readonly serversAt = new Map<number, string[]>();
  private readonly occupied: number[] = [];
  private readonly members: string[] = [];

  constructor(readonly vnodesPerNode: number = 128) {
    if (typeof vnodesPerNode !== "number" || vnodesPerNode < 1 || Math.floor(vnodesPerNode) !== vnodesPerNode) {
      throw new RangeError(`a ring needs a whole number of virtual nodes per server, at least 1; got ${vnodesPerNode}`);
    }
  }

  addNode(node: string): void {
    if (this.members.indexOf(node) >= 0) throw new Error(`server ${node} was added already`);
    this.members.push(node);
    for (let i = 0; i < this.vnodesPerNode; i++) {
      const position = ringHash(virtualNodeLabel(node, i));
      const here = this.serversAt.get(position);
      if (here) {
        here.push(node);
        here.sort();
      } else {
        this.serversAt.set(position, [node]);
        this.occupied.splice(this.lastBelow(position) + 1, 0, position);
      }
    }
  }

  removeNode(node: string): void {
    const index = this.members.indexOf(node);
    if (index < 0) throw new Error(`server ${node} is not on this ring`);
    this.members.splice(index, 1);
    for (let i = 0; i < this.vnodesPerNode; i++) {
      const position = ringHash(virtualNodeLabel(node, i));
      const rest = (this.serversAt.get(position) ?? []).filter((server) => server !== node);
      if (rest.length > 0) {
        this.serversAt.set(position, rest);
      } else if (this.serversAt.delete(position)) {
        this.occupied.splice(this.lastBelow(position) + 1, 1);
      }
    }
  }

  nodes(): string[] {
    return this.members.slice().sort();
  }

  ownerOf(key: string): string | undefined {
    if (this.occupied.length === 0) return undefined;
    return this.serversAt.get(this.occupied[this.startIndex(key)])![0];
  }

  preferenceList(key: string, count: number): string[] {
    const chosen = new Set<string>();
    if (this.occupied.length === 0) return [];
    const start = this.startIndex(key);
    for (let step = 0; step < this.occupied.length; step++) {
      for (const server of this.serversAt.get(this.occupied[(start + step) % this.occupied.length])!) {
        if (chosen.size < count) chosen.add(server);
      }
      if (chosen.size >= count || chosen.size === this.members.length) break;
    }
    return Array.from(chosen);
  }

  positions(): RingPosition[] {
    const all: RingPosition[] = [];
    for (const position of this.occupied) for (const node of this.serversAt.get(position)!) all.push({ position, node });
    return all;
  }

  /** Where a walk for `key` starts: just past the last position below its hash, wrapping. */
  private startIndex(key: string): number {
    return (this.lastBelow(ringHash(key)) + 1) % this.occupied.length;
  }

  /** Index of the last occupied position strictly below `hash`, or -1 when there is none. */
  private lastBelow(hash: number): number {
    let below = -1;
    let above = this.occupied.length;
    while (above - below > 1) {
      const middle = Math.floor((below + above) / 2);
      if (this.occupied[middle] < hash) below = middle;
      else above = middle;
    }
    return below;
  }
}
