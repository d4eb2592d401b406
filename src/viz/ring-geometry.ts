/**
 * The geometry of a consistent hash ring, from its virtual nodes' positions alone: where each
 * server's virtual nodes sit (the contract's formula), what share of the circle each server
 * owns, and which stretches of the circle change owner when the ring changes. Pictures and the
 * course's demos use it to show a ring before any ring is implemented; a ring's own answers
 * (ownerOf, preferenceList) are the exercise's.
 */
import { ringHash, virtualNodeLabel, type RingPosition } from "../contracts/ring";

export const FULL_CIRCLE = 2 ** 32;

/** Every virtual node of `servers`, `vnodesPerServer` each, where the contract puts them, sorted by position. */
export function ringPositions(servers: readonly string[], vnodesPerServer: number): RingPosition[] {
  const positions = servers.flatMap((node) => Array.from({ length: vnodesPerServer }, (_, i) => ({ position: ringHash(virtualNodeLabel(node, i)), node })));
  return positions.sort((a, b) => a.position - b.position || a.node.localeCompare(b.node));
}

/** Each server's share of the circle (0 to 1): the arcs that end at its virtual nodes. */
export function arcShares(positions: readonly RingPosition[]): Map<string, number> {
  const sorted = [...positions].sort((a, b) => a.position - b.position);
  const shares = new Map<string, number>();
  sorted.forEach((vnode, i) => {
    const start = i === 0 ? sorted[sorted.length - 1].position - FULL_CIRCLE : sorted[i - 1].position;
    shares.set(vnode.node, (shares.get(vnode.node) ?? 0) + (vnode.position - start) / FULL_CIRCLE);
  });
  return shares;
}

export interface Stretch {
  /** From (exclusive) to (inclusive), in ring positions; `from` may be negative (wrapping past 0). */
  from: number;
  to: number;
  previous: string;
  owner: string;
}

/**
 * The stretches of the circle whose owner differs between two rings. Between two consecutive
 * positions of either ring no position of either lies, so each such stretch has one owner in
 * each ring: the node at the next position clockwise in that ring. One sweep finds them all.
 */
export function changedStretches(before: readonly RingPosition[], after: readonly RingPosition[]): Stretch[] {
  const old = [...before].sort((a, b) => a.position - b.position);
  const now = [...after].sort((a, b) => a.position - b.position);
  if (old.length === 0 || now.length === 0) return [];
  const cuts = [...new Set([...old, ...now].map((p) => p.position))].sort((a, b) => a - b);
  const stretches: Stretch[] = [];
  let [i, j] = [0, 0];
  cuts.forEach((cut, k) => {
    while (i < old.length && old[i].position < cut) i++;
    while (j < now.length && now[j].position < cut) j++;
    const previous = old[i % old.length].node;
    const owner = now[j % now.length].node;
    if (previous === owner) return;
    const from = k === 0 ? cuts[cuts.length - 1] - FULL_CIRCLE : cuts[k - 1];
    const last = stretches[stretches.length - 1];
    if (last && last.to === from && last.previous === previous && last.owner === owner) last.to = cut;
    else stretches.push({ from, to: cut, previous, owner });
  });
  return stretches;
}

/** The share of the circle (0 to 1) that changed owner: the share of keys a change moves. */
export function movedShare(before: readonly RingPosition[], after: readonly RingPosition[]): number {
  return changedStretches(before, after).reduce((sum, stretch) => sum + (stretch.to - stretch.from), 0) / FULL_CIRCLE;
}
