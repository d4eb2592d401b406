/**
 * What the hidden ring tests know independently of the learner's code: where each key and
 * virtual node must sit, computed here and never read back from the ring under test. It lives
 * in hidden/ because it is the answer: the student edition leaves this folder out.
 */
import { ringHash, virtualNodeLabel, type ConsistentHashRingApi, type RingPosition } from "../../../../src/contracts/ring";
import type { TestContext } from "../../../api";

/** The expected virtual nodes of `nodes`, sorted as the contract says. */
export function expectedPositions(nodes: string[], vnodesPerNode: number): RingPosition[] {
  const positions = nodes.flatMap((node) => Array.from({ length: vnodesPerNode }, (_, i) => ({ position: ringHash(virtualNodeLabel(node, i)), node })));
  return positions.sort((a, b) => a.position - b.position || a.node.localeCompare(b.node));
}

/** The expected owner: first virtual node at or after the key's hash, wrapping around. */
export function expectedOwner(positions: RingPosition[], key: string): string {
  const hash = ringHash(key);
  return (positions.find((vnode) => vnode.position >= hash) ?? positions[0]).node;
}

/** The expected preference list: distinct servers clockwise from the key. */
export function expectedPreference(positions: RingPosition[], key: string, count: number): string[] {
  const hash = ringHash(key);
  const start = Math.max(0, positions.findIndex((vnode) => vnode.position >= hash));
  const chosen: string[] = [];
  const distinct = new Set(positions.map((vnode) => vnode.node)).size;
  for (let step = 0; step < positions.length && chosen.length < Math.min(count, distinct); step++) {
    const { node } = positions[(start + step) % positions.length];
    if (!chosen.includes(node)) chosen.push(node);
  }
  return chosen;
}

export function randomKeys(ctx: TestContext, count: number): string[] {
  return Array.from({ length: count }, () => `user${ctx.rng.int(0, 10_000_000)}`);
}

/** Keys per server, for balance checks. */
export function loadOf(ring: ConsistentHashRingApi, keys: string[]): Map<string, number> {
  const load = new Map<string, number>(ring.nodes().map((node) => [node, 0]));
  for (const key of keys) {
    const owner = ring.ownerOf(key) as string;
    load.set(owner, (load.get(owner) ?? 0) + 1);
  }
  return load;
}
