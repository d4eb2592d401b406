/** Typed access to the clocks exercise, shared by its visible and hidden tests (no answers here). */
import type { HlcTimestamp, HybridLogicalClockApi, LamportClockApi, Ordering, VectorClockApi, VectorTimestamp } from "../../../src/contracts/clocks";
import type { TestContext } from "../../api";

export const lamportOf = (ctx: TestContext) => ctx.exported<new () => LamportClockApi>("LamportClock");
export const vectorOf = (ctx: TestContext) => ctx.exported<new (node: string) => VectorClockApi>("VectorClock");
export const compareVectorsOf = (ctx: TestContext) => ctx.exported<(a: VectorTimestamp, b: VectorTimestamp) => Ordering>("compareVectors");
export const mergeVectorsOf = (ctx: TestContext) => ctx.exported<(a: VectorTimestamp, b: VectorTimestamp) => VectorTimestamp>("mergeVectors");
export const hlcOf = (ctx: TestContext) => ctx.exported<new () => HybridLogicalClockApi>("HybridLogicalClock");
export const compareHlcOf = (ctx: TestContext) => ctx.exported<(a: HlcTimestamp, b: HlcTimestamp) => number>("compareHlc");

/**
 * A vector as the contract reads it: a missing entry is 0, so `{ p1: 1, p2: 0 }` is `{ p1: 1 }`.
 * Vectors are compared without their zero entries, so a clock that keeps explicit zeros (its own
 * entry from the start, say) is not charged; anything not a plain object is returned as it is.
 */
export function withoutZeroEntries(vector: unknown): unknown {
  if (typeof vector !== "object" || vector === null || Array.isArray(vector)) return vector;
  return Object.fromEntries(Object.entries(vector).filter(([, count]) => count !== 0));
}
