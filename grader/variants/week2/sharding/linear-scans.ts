/**
 * Fair variant: routers written with linear scans and plain arrays. The range router keeps its
 * split keys and shards side by side and walks them; the directory keeps one array of keys per
 * shard and rebalances by moving the last key of the fullest shard to the emptiest. It must
 * score full marks: the tests may not demand the reference's binary search or tables.
 */
import { ringHash } from "../../../../src/contracts/ring";
import type { DirectoryRouterApi, HashRouterApi, KeyMove, KeyRange, RangeRouterApi } from "../../../../src/contracts/sharding";

export class RangeRouter implements RangeRouterApi {
  private readonly names: string[];
  private readonly starts: string[];

  constructor(shards: string[], splitKeys: string[]) {
    if (shards.length < 1 || splitKeys.length + 1 !== shards.length) throw new RangeError("one split key fewer than shards, please");
    for (let i = 1; i < splitKeys.length; i++) if (!(splitKeys[i - 1] < splitKeys[i])) throw new RangeError("split keys must strictly increase");
    this.names = [...shards];
    this.starts = ["", ...splitKeys];
  }

  shardFor(key: string): string {
    let index = 0;
    while (index + 1 < this.starts.length && this.starts[index + 1] <= key) index++;
    return this.names[index];
  }

  shards(): string[] {
    return [...this.names];
  }

  ranges(): KeyRange[] {
    return this.names.map((shard, i) => ({ shard, from: this.starts[i], to: i + 1 < this.starts.length ? this.starts[i + 1] : null }));
  }

  split(shard: string, atKey: string, newShard: string): void {
    const i = this.names.indexOf(shard);
    if (i === -1 || this.names.includes(newShard)) throw new Error(`cannot split ${shard} into ${newShard}`);
    const end = i + 1 < this.starts.length ? this.starts[i + 1] : null;
    if (!(this.starts[i] < atKey && (end === null || atKey < end))) throw new RangeError(`${atKey} is not strictly inside ${shard}`);
    this.names.splice(i + 1, 0, newShard);
    this.starts.splice(i + 1, 0, atKey);
  }
}

export class HashRouter implements HashRouterApi {
  private readonly names: string[] = [];

  constructor(shards: string[]) {
    if (shards.length === 0) throw new RangeError("no shards");
    for (const shard of shards) this.names.push(shard);
  }

  shardFor(key: string): string {
    return this.names[ringHash(key) % this.names.length];
  }

  shards(): string[] {
    return this.names.slice();
  }

  addShard(shard: string): void {
    if (this.names.indexOf(shard) !== -1) throw new Error(`${shard} exists`);
    this.names.push(shard);
  }
}

export class DirectoryRouter implements DirectoryRouterApi {
  private readonly keysOf: { shard: string; keys: string[] }[];

  constructor(shards: string[]) {
    if (shards.length === 0) throw new RangeError("no shards");
    this.keysOf = shards.map((shard) => ({ shard, keys: [] }));
  }

  shardFor(key: string): string {
    const holder = this.keysOf.find((entry) => entry.keys.includes(key));
    if (holder) return holder.shard;
    let emptiest = this.keysOf[0];
    for (const entry of this.keysOf) if (entry.keys.length < emptiest.keys.length) emptiest = entry;
    emptiest.keys.push(key);
    return emptiest.shard;
  }

  shards(): string[] {
    return this.keysOf.map((entry) => entry.shard);
  }

  move(key: string, shard: string): void {
    const target = this.keysOf.find((entry) => entry.shard === shard);
    if (!target) throw new Error(`unknown shard ${shard}`);
    for (const entry of this.keysOf) entry.keys = entry.keys.filter((k) => k !== key);
    target.keys.push(key);
  }

  addShard(shard: string): void {
    if (this.keysOf.some((entry) => entry.shard === shard)) throw new Error(`${shard} exists`);
    this.keysOf.push({ shard, keys: [] });
  }

  rebalance(): KeyMove[] {
    const moves: KeyMove[] = [];
    for (;;) {
      const bySize = [...this.keysOf].sort((a, b) => a.keys.length - b.keys.length);
      const [emptiest, fullest] = [bySize[0], bySize[bySize.length - 1]];
      if (fullest.keys.length - emptiest.keys.length <= 1) return moves;
      const key = fullest.keys.pop() as string;
      emptiest.keys.push(key);
      moves.push({ key, from: fullest.shard, to: emptiest.shard });
    }
  }

  sizes(): { shard: string; keys: number }[] {
    return this.keysOf.map((entry) => ({ shard: entry.shard, keys: entry.keys.length }));
  }
}

export function planMoves(keys: readonly string[], before: (key: string) => string, after: (key: string) => string): KeyMove[] {
  return keys.map((key) => ({ key, from: before(key), to: after(key) })).filter((move) => move.from !== move.to);
}
