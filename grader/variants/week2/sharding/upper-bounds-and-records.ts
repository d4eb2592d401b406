/**
 * Fair variant: routers a learner might write from the pictures. The range router finds a key's
 * range by its upper bound (the first range whose end lies beyond the key) and rebuilds its table
 * on a split; the directory keeps plain records (key to shard, shard to count) made without a
 * prototype, rebalances by moving the oldest key of the fullest shard, and planMoves filters
 * then maps. Same answers as the contract asks; it must score full marks.
 */
import { ringHash } from "../../../../src/contracts/ring";
import type { DirectoryRouterApi, HashRouterApi, KeyMove, KeyRange, RangeRouterApi } from "../../../../src/contracts/sharding";

export class RangeRouter implements RangeRouterApi {
  private table: KeyRange[] = [];

  constructor(shards: string[], splitKeys: string[]) {
    if (shards.length === 0) throw new RangeError("a range router needs a shard");
    if (splitKeys.length !== shards.length - 1) throw new RangeError(`expected ${shards.length - 1} split keys for ${shards.length} shards`);
    for (let i = 1; i < splitKeys.length; i++) {
      if (!(splitKeys[i - 1] < splitKeys[i])) throw new RangeError(`split keys out of order at ${splitKeys[i]}`);
    }
    let from = "";
    shards.forEach((shard, i) => {
      const to = i === shards.length - 1 ? null : splitKeys[i];
      this.table.push({ shard, from, to });
      if (to !== null) from = to;
    });
  }

  shardFor(key: string): string {
    const range = this.table.find((candidate) => candidate.to === null || key < candidate.to);
    return (range ?? this.table[this.table.length - 1]).shard;
  }

  shards(): string[] {
    return this.table.map(({ shard }) => shard);
  }

  ranges(): KeyRange[] {
    return this.table.map(({ shard, from, to }) => ({ shard, from, to }));
  }

  split(shard: string, atKey: string, newShard: string): void {
    const target = this.table.find((range) => range.shard === shard);
    if (target === undefined) throw new Error(`unknown shard ${shard}`);
    if (this.table.find((range) => range.shard === newShard)) throw new Error(`${newShard} is taken`);
    const inside = target.from < atKey && (target.to === null || atKey < target.to);
    if (!inside) throw new RangeError(`${atKey} is not strictly inside ${shard}'s range`);
    this.table = this.table.flatMap((range) =>
      range === target ? [{ shard, from: range.from, to: atKey }, { shard: newShard, from: atKey, to: range.to }] : [range],
    );
  }
}

export class HashRouter implements HashRouterApi {
  private readonly order: string[] = [];

  constructor(shards: string[]) {
    if (shards.length === 0) throw new RangeError("a hash router needs a shard");
    for (const shard of shards) this.order.push(shard);
  }

  shardFor(key: string): string {
    return this.order[ringHash(key) % this.order.length];
  }

  shards(): string[] {
    return this.order.slice();
  }

  addShard(shard: string): void {
    if (this.order.indexOf(shard) !== -1) throw new Error(`${shard} is taken`);
    this.order.push(shard);
  }
}

export class DirectoryRouter implements DirectoryRouterApi {
  private readonly shardOf: Record<string, string> = Object.create(null);
  private readonly keyCount: Record<string, number> = Object.create(null);
  private readonly order: string[] = [];

  constructor(shards: string[]) {
    if (shards.length === 0) throw new RangeError("a directory router needs a shard");
    shards.forEach((shard) => this.addShard(shard));
  }

  shardFor(key: string): string {
    if (key in this.shardOf) return this.shardOf[key];
    let emptiest = this.order[0];
    for (const shard of this.order) if (this.keyCount[shard] < this.keyCount[emptiest]) emptiest = shard;
    this.move(key, emptiest);
    return emptiest;
  }

  shards(): string[] {
    return this.order.slice();
  }

  move(key: string, shard: string): void {
    if (!(shard in this.keyCount)) throw new Error(`unknown shard ${shard}`);
    if (key in this.shardOf) this.keyCount[this.shardOf[key]] -= 1;
    this.shardOf[key] = shard;
    this.keyCount[shard] += 1;
  }

  addShard(shard: string): void {
    if (shard in this.keyCount) throw new Error(`${shard} is taken`);
    this.order.push(shard);
    this.keyCount[shard] = 0;
  }

  rebalance(): KeyMove[] {
    const moves: KeyMove[] = [];
    for (;;) {
      const bySize = this.order.slice().sort((a, b) => this.keyCount[a] - this.keyCount[b]);
      const emptiest = bySize[0];
      const fullest = bySize[bySize.length - 1];
      if (this.keyCount[fullest] - this.keyCount[emptiest] <= 1) return moves;
      const key = Object.keys(this.shardOf).find((candidate) => this.shardOf[candidate] === fullest) as string;
      this.move(key, emptiest);
      moves.push({ key, from: fullest, to: emptiest });
    }
  }

  sizes(): { shard: string; keys: number }[] {
    return this.order.map((shard) => ({ shard, keys: this.keyCount[shard] }));
  }
}

export function planMoves(keys: readonly string[], before: (key: string) => string, after: (key: string) => string): KeyMove[] {
  return keys
    .map((key) => ({ key, from: before(key), to: after(key) }))
    .filter((move) => move.from !== move.to);
}
