/**
 * Range, hash and directory sharding, reference solution for week 2. The contract is in
 * src/contracts/sharding.ts; the exercise is exercises/week2/shard-router.ts.
 */
import { ringHash } from "../../src/contracts/ring";
import type { DirectoryRouterApi, HashRouterApi, KeyMove, KeyRange, RangeRouterApi } from "../../src/contracts/sharding";

export class RangeRouter implements RangeRouterApi {
  private readonly table: KeyRange[];

  /** `shards[i]` owns keys from `splitKeys[i - 1]` (or "") up to `splitKeys[i]` (or the end). */
  constructor(shards: string[], splitKeys: string[]) {
    // Stryker disable next-line ConditionalExpression: equivalent, no shards means -1 split keys, which the second test refuses too
    if (shards.length === 0 || splitKeys.length !== shards.length - 1) throw new RangeError(`${shards.length} shards need ${Math.max(0, shards.length - 1)} split keys, got ${splitKeys.length}`);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, at i = 0 the key is compared with undefined, which is false
    if (splitKeys.some((key, i) => i > 0 && key <= splitKeys[i - 1])) throw new RangeError(`split keys must be strictly increasing: ${JSON.stringify(splitKeys)}`);
    this.table = shards.map((shard, i) => ({ shard, from: i === 0 ? "" : splitKeys[i - 1], to: i < splitKeys.length ? splitKeys[i] : null }));
  }

  shardFor(key: string): string {
    // The last range whose start is <= key (ranges are sorted and cover everything).
    let low = 0;
    let high = this.table.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.table[middle].from <= key) low = middle;
      else high = middle - 1;
    }
    return this.table[low].shard;
  }

  shards(): string[] {
    return this.table.map((range) => range.shard);
  }

  ranges(): KeyRange[] {
    return this.table.map((range) => ({ ...range }));
  }

  split(shard: string, atKey: string, newShard: string): void {
    const index = this.table.findIndex((range) => range.shard === shard);
    // Stryker disable next-line ConditionalExpression: equivalent, an unknown shard still throws (a TypeError two lines on), and the contract asks only for a throw
    if (index < 0) throw new Error(`no shard ${shard}`);
    if (this.table.some((range) => range.shard === newShard)) throw new Error(`shard ${newShard} already exists`);
    const range = this.table[index];
    if (atKey <= range.from || (range.to !== null && atKey >= range.to)) {
      throw new RangeError(`cannot split ${shard} [${JSON.stringify(range.from)}, ${range.to === null ? "end" : JSON.stringify(range.to)}) at ${JSON.stringify(atKey)}: the key must lie strictly inside the range`);
    }
    this.table.splice(index, 1, { shard, from: range.from, to: atKey }, { shard: newShard, from: atKey, to: range.to });
  }
}

export class HashRouter implements HashRouterApi {
  private readonly list: string[];

  constructor(shards: string[]) {
    if (shards.length === 0) throw new RangeError("a hash router needs at least one shard");
    this.list = [...shards];
  }

  shardFor(key: string): string {
    return this.list[ringHash(key) % this.list.length];
  }

  shards(): string[] {
    return [...this.list];
  }

  addShard(shard: string): void {
    if (this.list.includes(shard)) throw new Error(`shard ${shard} already exists`);
    this.list.push(shard);
  }
}

export class DirectoryRouter implements DirectoryRouterApi {
  private readonly directory = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  constructor(shards: string[]) {
    if (shards.length === 0) throw new RangeError("a directory router needs at least one shard");
    for (const shard of shards) this.counts.set(shard, 0);
  }

  /** A key seen for the first time goes to the shard with the fewest keys (the first such). */
  shardFor(key: string): string {
    const known = this.directory.get(key);
    if (known !== undefined) return known;
    const emptiest = this.shards().reduce((a, b) => ((this.counts.get(b) as number) < (this.counts.get(a) as number) ? b : a));
    this.place(key, emptiest);
    return emptiest;
  }

  shards(): string[] {
    return [...this.counts.keys()];
  }

  move(key: string, shard: string): void {
    if (!this.counts.has(shard)) throw new Error(`no shard ${shard}`);
    const from = this.directory.get(key);
    if (from !== undefined) this.counts.set(from, (this.counts.get(from) as number) - 1);
    this.place(key, shard);
  }

  addShard(shard: string): void {
    if (this.counts.has(shard)) throw new Error(`shard ${shard} already exists`);
    this.counts.set(shard, 0);
  }

  rebalance(): KeyMove[] {
    const moves: KeyMove[] = [];
    // Stryker disable next-line ArrayDeclaration: equivalent, a list's first element is never popped (a shard gives keys only while it holds two more than another)
    const byShard = new Map<string, string[]>(this.shards().map((shard) => [shard, []]));
    for (const [key, shard] of this.directory) (byShard.get(shard) as string[]).push(key);
    for (;;) {
      const sizes = this.sizes();
      // Stryker disable next-line EqualityOperator: equivalent, which of two tied shards gives or takes a key, the moves are as few
      const fullest = sizes.reduce((a, b) => (b.keys > a.keys ? b : a));
      // Stryker disable next-line EqualityOperator: as above
      const emptiest = sizes.reduce((a, b) => (b.keys < a.keys ? b : a));
      if (fullest.keys - emptiest.keys <= 1) return moves;
      const key = (byShard.get(fullest.shard) as string[]).pop() as string;
      (byShard.get(emptiest.shard) as string[]).push(key);
      this.move(key, emptiest.shard);
      moves.push({ key, from: fullest.shard, to: emptiest.shard });
    }
  }

  sizes(): { shard: string; keys: number }[] {
    return this.shards().map((shard) => ({ shard, keys: this.counts.get(shard) as number }));
  }

  private place(key: string, shard: string): void {
    this.directory.set(key, shard);
    this.counts.set(shard, (this.counts.get(shard) as number) + 1);
  }
}

/** The keys whose shard differs between two routings, and where each goes. */
export function planMoves(keys: readonly string[], before: (key: string) => string, after: (key: string) => string): KeyMove[] {
  const moves: KeyMove[] = [];
  for (const key of keys) {
    const from = before(key);
    const to = after(key);
    if (from !== to) moves.push({ key, from, to });
  }
  return moves;
}
