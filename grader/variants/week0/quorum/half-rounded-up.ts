/**
 * Fair variant: each answer by its own closed form, with one shared guard. quorumSize is
 * ceil((n + 1) / 2), maxFailures is floor((n - 1) / 2) (not n minus the quorum), and
 * majorityGroup tallies each group's distinct names in a record and keeps the first group that
 * reaches a majority. Equal to the reference for every positive integer; it must score full marks.
 */
function requireClusterSize(clusterSize: number): void {
  if (typeof clusterSize !== "number" || !Number.isFinite(clusterSize) || Math.trunc(clusterSize) !== clusterSize || clusterSize < 1) {
    throw new RangeError(`a cluster has a whole, positive number of servers; got ${String(clusterSize)}`);
  }
}

export function quorumSize(clusterSize: number): number {
  requireClusterSize(clusterSize);
  return Math.ceil((clusterSize + 1) / 2);
}

export function maxFailures(clusterSize: number): number {
  requireClusterSize(clusterSize);
  return Math.floor((clusterSize - 1) / 2);
}

export function majorityGroup(clusterSize: number, groups: readonly (readonly string[])[]): number {
  const majority = quorumSize(clusterSize);
  let index = 0;
  for (const group of groups) {
    const seen: Record<string, true> = {};
    let distinct = 0;
    for (const server of group) {
      if (!seen[server]) distinct++;
      seen[server] = true;
    }
    if (distinct >= majority) return index;
    index++;
  }
  return -1;
}
