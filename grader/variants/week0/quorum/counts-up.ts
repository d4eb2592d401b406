/**
 * Fair variant: quorums found by counting instead of by formula. quorumSize counts up to the
 * first q with 2q > n, maxFailures counts how many servers can go while a quorum is left, and
 * majorityGroup compares each group's length (not distinct names) to the quorum. Correct by the
 * contract; it must score full marks.
 */
export function quorumSize(clusterSize: number): number {
  if (typeof clusterSize !== "number" || !Number.isSafeInteger(clusterSize) || clusterSize <= 0) {
    throw new RangeError(`not a cluster size: ${clusterSize}`);
  }
  let quorum = 1;
  while (2 * quorum <= clusterSize) quorum++;
  return quorum;
}

export function maxFailures(clusterSize: number): number {
  const quorum = quorumSize(clusterSize);
  let failures = 0;
  while (clusterSize - (failures + 1) >= quorum) failures++;
  return failures;
}

export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  const quorum = quorumSize(clusterSize);
  for (let i = 0; i < groups.length; i++) if (groups[i].length >= quorum) return i;
  return -1;
}
