/** Typed access to the week-0 exercise's exports, shared by its visible and hidden tests. */
import { clusterPicture } from "../../../src/viz/cluster";
import { checkEqual, show, type TestContext } from "../../api";

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

/**
 * Check majorityGroup on one partition of servers n1..n<clusterSize>. A wrong answer fails
 * the test and puts a picture of the partition, majority ringed, into the report. The caller
 * gives the expected answer: this file ships to learners with the visible tests, so it holds
 * no oracle.
 */
export function checkMajorityGroup(ctx: TestContext, clusterSize: number, groups: readonly (readonly string[])[], expected: number): void {
  const actual = majorityGroupOf(ctx)(clusterSize, groups);
  if (!Object.is(actual, expected)) {
    const servers = Array.from({ length: clusterSize }, (_, i) => `n${i + 1}`);
    const majority = expected === -1 ? "no group has a majority (-1)" : `the majority is group ${expected}`;
    const caption = `majorityGroup returned ${show(actual)}; ${majority}`;
    ctx.attach(`The partition ${notation(groups)} of ${clusterSize} servers`, clusterPicture({ servers, groups, highlight: groups[expected] ?? [], caption }));
  }
  checkEqual(actual, expected, `majorityGroup(${clusterSize}, "${notation(groups)}")`);
}
