/**
 * Mutant: quorumSize rounds half up, Math.ceil(n / 2). Right for odd clusters, one short for even
 * ones: two halves of a 4-node cluster could then both "decide".
 * @symptom quorumSize(4) returned 2, expected 3
 */
export function quorumSize(clusterSize: number): number {
  if (!Number.isInteger(clusterSize) || clusterSize < 1) throw new RangeError(`bad size ${clusterSize}`);
  return Math.ceil(clusterSize / 2);
}

export function maxFailures(clusterSize: number): number {
  return clusterSize - (Math.floor(clusterSize / 2) + 1);
}

export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  const needed = Math.floor(clusterSize / 2) + 1;
  return groups.findIndex((group) => group.length >= needed);
}
