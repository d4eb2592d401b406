/**
 * Mutant: majorityGroup returns the largest group, majority or not. With an even split or three
 * small groups, no side may decide, but this picks one anyway.
 * @symptom majorityGroup(4, "1,2|3,4") returned 0, expected -1
 */
export function quorumSize(clusterSize: number): number {
  if (!Number.isInteger(clusterSize) || clusterSize < 1) throw new RangeError(`bad size ${clusterSize}`);
  return Math.floor(clusterSize / 2) + 1;
}

export function maxFailures(clusterSize: number): number {
  return clusterSize - quorumSize(clusterSize);
}

export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  let largest = -1;
  groups.forEach((group, i) => {
    if (largest === -1 || group.length > groups[largest].length) largest = i;
  });
  return largest;
}
