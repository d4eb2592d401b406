/**
 * Mutant: maxFailures says half the cluster may fail, Math.floor(n / 2). For an even cluster that
 * leaves exactly half alive, which is not a majority.
 * @symptom maxFailures(4) returned 2, expected 1
 */
export function quorumSize(clusterSize: number): number {
  if (!Number.isInteger(clusterSize) || clusterSize < 1) throw new RangeError(`bad size ${clusterSize}`);
  return Math.floor(clusterSize / 2) + 1;
}

export function maxFailures(clusterSize: number): number {
  return Math.floor(clusterSize / 2);
}

export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  return groups.findIndex((group) => group.length >= quorumSize(clusterSize));
}
