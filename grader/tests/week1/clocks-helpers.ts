/** Typed access to the clocks exercise, shared by its visible and hidden tests (no answers here). */
import type { HlcTimestamp, HybridLogicalClockApi, LamportClockApi, Ordering, VectorClockApi, VectorTimestamp } from "../../../src/contracts/clocks";
import type { TestContext } from "../../api";

export const lamportOf = (ctx: TestContext) => ctx.exported<new () => LamportClockApi>("LamportClock");
export const vectorOf = (ctx: TestContext) => ctx.exported<new (node: string) => VectorClockApi>("VectorClock");
export const compareVectorsOf = (ctx: TestContext) => ctx.exported<(a: VectorTimestamp, b: VectorTimestamp) => Ordering>("compareVectors");
export const mergeVectorsOf = (ctx: TestContext) => ctx.exported<(a: VectorTimestamp, b: VectorTimestamp) => VectorTimestamp>("mergeVectors");
export const hlcOf = (ctx: TestContext) => ctx.exported<new () => HybridLogicalClockApi>("HybridLogicalClock");
export const compareHlcOf = (ctx: TestContext) => ctx.exported<(a: HlcTimestamp, b: HlcTimestamp) => number>("compareHlc");
