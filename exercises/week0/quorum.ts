/**
 * Week 0 warm-up: quorums.
 *
 * A cluster of `clusterSize` servers keeps working as long as a majority of them can talk to
 * each other: any two majorities overlap in at least one server, so two halves of a
 * partition can never both decide. Raft (week 1) elects a leader with a majority of votes;
 * a quorum store (week 2) waits for W of N replicas. This file is where you try the grader.
 *
 * Your task: replace each `notImplemented(...)` below, then run `npm run grade week0`.
 */
import { notImplemented } from "../../src/contracts/not-implemented";

const FILE = "exercises/week0/quorum.ts";

/**
 * The smallest number of servers that is a strict majority of `clusterSize`.
 * quorumSize(5) === 3, quorumSize(4) === 3, quorumSize(1) === 1.
 * Throws a RangeError when `clusterSize` is not a positive integer.
 */
export function quorumSize(clusterSize: number): number {
  return notImplemented("quorumSize", FILE);
}

/**
 * How many servers may fail (crash, or sit on the wrong side of a partition) while the
 * rest can still form a majority. maxFailures(5) === 2, maxFailures(4) === 1.
 * Throws a RangeError, as quorumSize does, when `clusterSize` is not a positive integer.
 */
export function maxFailures(clusterSize: number): number {
  return notImplemented("maxFailures", FILE);
}

/**
 * Given the groups of a network partition (each group: the servers that can still talk to
 * each other), the index of the group that holds a majority, or -1 when no group does.
 * majorityGroup(5, [["n1", "n2"], ["n3", "n4", "n5"]]) === 1.
 * Throws a RangeError, as quorumSize does, when `clusterSize` is not a positive integer
 * (whatever the groups are).
 */
export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  return notImplemented("majorityGroup", FILE);
}
