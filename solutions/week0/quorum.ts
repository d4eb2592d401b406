/**
 * Week 0 warm-up: quorums. Reference solution; see exercises/week0/quorum.ts for the contract.
 */

/** The smallest strict majority of `clusterSize`. */
export function quorumSize(clusterSize: number): number {
  if (!Number.isInteger(clusterSize) || clusterSize < 1) {
    throw new RangeError(`clusterSize must be a positive integer, got ${clusterSize}`);
  }
  return Math.floor(clusterSize / 2) + 1;
}

/** How many servers may be lost while the rest still form a majority. */
export function maxFailures(clusterSize: number): number {
  return clusterSize - quorumSize(clusterSize);
}

/** Index of the partition group holding a majority, or -1. */
export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  const needed = quorumSize(clusterSize);
  return groups.findIndex((group) => new Set(group).size >= needed);
}
