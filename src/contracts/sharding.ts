/**
 * The sharding exercise's contract (week 2, section 14.3): three ways to decide which shard
 * holds a key, and what it costs to change your mind. You implement them in
 * exercises/week2/shard-router.ts.
 *
 *   range      shards own contiguous key ranges; range scans stay on one shard, but keys that
 *              arrive in order (timestamps, auto-increment ids) all land on the last shard
 *   hash       shard = shards[ringHash(key) mod N]; load spreads evenly, range scans touch every
 *              shard, and changing N moves almost every key
 *   directory  a lookup table: any key anywhere, moves one key at a time, but the table itself
 *              is one more service that must be consistent and available
 */

/** A shard's key range: from `from` (inclusive) to `to` (exclusive); null means "to the end". */
export interface KeyRange {
  shard: string;
  from: string;
  to: string | null;
}

export interface ShardRouter {
  shardFor(key: string): string;
  shards(): string[];
}

export interface RangeRouterApi extends ShardRouter {
  /** The ranges in key order; the first starts at "", the last ends at null. */
  ranges(): KeyRange[];
  /** Split `shard` at `atKey`: its keys >= atKey now belong to the new shard `newShard`. */
  split(shard: string, atKey: string, newShard: string): void;
}

export interface HashRouterApi extends ShardRouter {
  /** Append a shard; N grows by one, and the modulo changes for almost every key. */
  addShard(shard: string): void;
}

export interface DirectoryRouterApi extends ShardRouter {
  /** Record that `key` now lives on `shard`. */
  move(key: string, shard: string): void;
  /** Add an empty shard (nothing moves until rebalance). */
  addShard(shard: string): void;
  /** Even out the shards (sizes differ by at most one afterwards) with as few moves as possible. */
  rebalance(): KeyMove[];
  /** How many keys each shard holds, in shard order. */
  sizes(): { shard: string; keys: number }[];
}

export interface KeyMove {
  key: string;
  from: string;
  to: string;
}
