/** Typed access to the week-0 exercise's exports, shared by its visible and hidden tests. */
import type { TestContext } from "../../api";

export type SizeFunction = (clusterSize: number) => number;
export type MajorityGroup = (clusterSize: number, groups: readonly (readonly string[])[]) => number;

/** Each test asks only for the exports it uses, so a missing one costs only its own tests. */
export const quorumSizeOf = (ctx: TestContext) => ctx.exported<SizeFunction>("quorumSize");
export const maxFailuresOf = (ctx: TestContext) => ctx.exported<SizeFunction>("maxFailures");
export const majorityGroupOf = (ctx: TestContext) => ctx.exported<MajorityGroup>("majorityGroup");

/** The groups of a partition in the chapter's notation, for messages: [["n1","n2"],["n3"]] -> "1,2|3". */
export function notation(groups: readonly (readonly string[])[]): string {
  return groups.map((group) => group.map((id) => id.replace(/^n/, "")).join(",")).join("|");
}
