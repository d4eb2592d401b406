/**
 * What it costs to add a server, for notebooks 07 and 08: the share of the keys that must move
 * when N servers become N + 1, under `hash mod N` and under consistent hashing, against the
 * ideal (the new server's fair share, 1 / (N + 1), and not one key more). A demo, not an
 * exercise: the ring's share is measured on the circle itself (src/viz/ring-geometry.ts), so it
 * needs no ring implementation; your HashRouter and ConsistentHashRing measure it on real keys.
 */
import { ringHash } from "../../contracts/ring";
import { movedShare, ringPositions } from "../../viz/ring-geometry";

export interface MovedShares {
  servers: number;
  modN: number;
  ring: number;
  ideal: number;
}

/** The servers of a cluster of `count`: server1, server2, ... */
export function serverNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `server${i + 1}`);
}

/** The share of `keys` whose `hash mod N` differs from `hash mod (N + 1)`. */
export function modNMovedShare(keys: readonly string[], servers: number): number {
  return keys.filter((key) => ringHash(key) % servers !== ringHash(key) % (servers + 1)).length / keys.length;
}

/** The share of the circle that changes owner when server N + 1 joins N servers of `vnodes` virtual nodes each. */
export function ringMovedShare(servers: number, vnodes: number): number {
  return movedShare(ringPositions(serverNames(servers), vnodes), ringPositions(serverNames(servers + 1), vnodes));
}

/** For each cluster size, the three shares: what adding one server moves. */
export function movedSharesByClusterSize(sizes: readonly number[], keys: readonly string[], vnodes: number): MovedShares[] {
  return sizes.map((servers) => ({ servers, modN: modNMovedShare(keys, servers), ring: ringMovedShare(servers, vnodes), ideal: 1 / (servers + 1) }));
}
