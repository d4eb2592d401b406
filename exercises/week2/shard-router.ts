/**
 * Week 2, exercise 2: sharding (section 14.3). Three routers that answer "which shard holds
 * this key?", and a function that tells what a change of routing costs. The types are in
 * src/contracts/sharding.ts; notebooks/07-sharding.ipynb measures hot spots and rebalancing.
 *
 * When the startup of the chapter outgrew one database, it had to split its data. How to split
 * decides which queries stay cheap and what it costs to add a machine later:
 *   - range sharding keeps neighbouring keys together (cheap range scans) but piles keys that
 *     arrive in order onto the last shard;
 *   - hash sharding spreads keys evenly, but `hash mod N` moves almost every key when N changes;
 *   - a directory can put any key anywhere and move keys one by one, at the price of a lookup
 *     table that must itself stay available.
 */
import { notImplemented } from "../../src/contracts/not-implemented";
// HashRouter uses ringHash(key), the same hash as the ring and the tests.
import { ringHash } from "../../src/contracts/ring";
import type { DirectoryRouterApi, HashRouterApi, KeyMove, KeyRange, RangeRouterApi } from "../../src/contracts/sharding";

const FILE = "exercises/week2/shard-router.ts";

/**
 * Range sharding. `new RangeRouter(["a", "b", "c"], ["g", "p"])`: shard a owns keys < "g",
 * b owns "g" <= key < "p", c owns keys >= "p" (plain string comparison, `<` in JavaScript).
 * A key equal to a split key belongs to the range that starts there.
 *   - the constructor throws a RangeError unless there is exactly one split key fewer than
 *     shards and the split keys are strictly increasing;
 *   - `ranges()` lists { shard, from, to } in key order: the first `from` is "", the last `to`
 *     is null (the end);
 *   - `split(shard, atKey, newShard)` splits one range in two: keys >= atKey move to the new
 *     shard, which sits right after the old one. atKey must lie strictly inside the range
 *     (from < atKey < to); otherwise, or for an unknown shard or an existing new name, throw.
 */
export class RangeRouter implements RangeRouterApi {
  constructor(shards: string[], splitKeys: string[]) {
    notImplemented("RangeRouter constructor", FILE);
  }

  shardFor(key: string): string {
    return notImplemented("RangeRouter.shardFor", FILE);
  }

  shards(): string[] {
    return notImplemented("RangeRouter.shards", FILE);
  }

  ranges(): KeyRange[] {
    return notImplemented("RangeRouter.ranges", FILE);
  }

  split(shard: string, atKey: string, newShard: string): void {
    notImplemented("RangeRouter.split", FILE);
  }
}

/**
 * Hash sharding: `shardFor(key)` is `shards[ringHash(key) % shards.length]`, with the shards in
 * the order given to the constructor and then in the order added. `addShard` appends one
 * (an existing name throws). The constructor throws a RangeError for an empty list.
 */
export class HashRouter implements HashRouterApi {
  constructor(shards: string[]) {
    notImplemented("HashRouter constructor", FILE);
  }

  shardFor(key: string): string {
    return notImplemented("HashRouter.shardFor", FILE);
  }

  shards(): string[] {
    return notImplemented("HashRouter.shards", FILE);
  }

  addShard(shard: string): void {
    notImplemented("HashRouter.addShard", FILE);
  }
}

/**
 * Directory-based sharding: a table from key to shard.
 *   - `shardFor(key)`: the key's shard; a key seen for the first time is placed on the shard
 *     that holds the fewest keys (the first such, in shard order) and remembered there;
 *   - `move(key, shard)`: put the key on that shard (unknown shard: throw);
 *   - `addShard(shard)`: a new, empty shard (nothing moves yet; an existing name throws);
 *   - `rebalance()`: move keys from the fullest shards to the emptiest until no two shards
 *     differ by more than one key, moving no key that need not move; returns the moves made;
 *   - `sizes()`: { shard, keys } for every shard, in shard order.
 */
export class DirectoryRouter implements DirectoryRouterApi {
  constructor(shards: string[]) {
    notImplemented("DirectoryRouter constructor", FILE);
  }

  shardFor(key: string): string {
    return notImplemented("DirectoryRouter.shardFor", FILE);
  }

  shards(): string[] {
    return notImplemented("DirectoryRouter.shards", FILE);
  }

  move(key: string, shard: string): void {
    notImplemented("DirectoryRouter.move", FILE);
  }

  addShard(shard: string): void {
    notImplemented("DirectoryRouter.addShard", FILE);
  }

  rebalance(): KeyMove[] {
    return notImplemented("DirectoryRouter.rebalance", FILE);
  }

  sizes(): { shard: string; keys: number }[] {
    return notImplemented("DirectoryRouter.sizes", FILE);
  }
}

/** The keys whose shard differs between `before` and `after`, in the order of `keys`. */
export function planMoves(keys: readonly string[], before: (key: string) => string, after: (key: string) => string): KeyMove[] {
  return notImplemented("planMoves", FILE);
}
