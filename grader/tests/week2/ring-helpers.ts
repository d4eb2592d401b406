/** Typed access to the ring exercise, shared by its visible and hidden tests (no answers here). */
import type { ConsistentHashRingApi } from "../../../src/contracts/ring";
import type { TestContext } from "../../api";

export type RingConstructor = new (vnodesPerNode?: number) => ConsistentHashRingApi;

export function ringClass(ctx: TestContext): RingConstructor {
  return ctx.exported<RingConstructor>("ConsistentHashRing");
}

export function servers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `server${i + 1}`);
}

export function buildRing(Ring: RingConstructor, nodes: string[], vnodesPerNode?: number): ConsistentHashRingApi {
  const ring = vnodesPerNode === undefined ? new Ring() : new Ring(vnodesPerNode);
  for (const node of nodes) ring.addNode(node);
  return ring;
}
