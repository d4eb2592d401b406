/**
 * Mutant: quorumSize trusts its input. quorumSize(0) answers 1 and quorumSize(2.5) answers 2,
 * instead of refusing a cluster size that cannot exist.
 * @symptom quorumSize(0) should throw, but it returned normally
 */
export function quorumSize(clusterSize: number): number {
  return Math.floor(clusterSize / 2) + 1;
}

export function maxFailures(clusterSize: number): number {
  return clusterSize - quorumSize(clusterSize);
}

export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  return groups.findIndex((group) => group.length >= quorumSize(clusterSize));
}
