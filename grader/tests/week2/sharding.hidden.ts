/** Week 2, sharding: hidden tests. Routing rules, splits, rebalancing cost, and the hot spot. */
import { ringHash } from "../../../src/contracts/ring";
import { check, checkEqual, checkThrows, type GradedTest } from "../../api";
import { directoryRouterOf, hashRouterOf, planMovesOf, randomWords, rangeRouterOf } from "./sharding-helpers";

export const tests: GradedTest[] = [
  {
    name: "range-routing-random",
    points: 3,
    visibility: "hidden",
    description: "RangeRouter agrees with the range rule (from <= key < to) for random split keys and 2,000 random keys",
    seeds: 10,
    rules: ["range-half-open"],
    run(ctx) {
      const splitKeys = [...new Set(randomWords(ctx, 6))].sort();
      const shards = ["s0", ...splitKeys.map((_, i) => `s${i + 1}`)];
      const router = new (rangeRouterOf(ctx))(shards, splitKeys);
      for (const key of randomWords(ctx, 2_000)) {
        const expected = shards[splitKeys.filter((split) => split <= key).length];
        checkEqual(router.shardFor(key), expected, `shardFor("${key}") with split keys ${JSON.stringify(splitKeys)}`);
      }
    },
  },
  {
    name: "range-split",
    points: 3,
    visibility: "hidden",
    description: "split(shard, atKey, newShard) moves exactly the shard's keys >= atKey to the new shard, placed right after it",
    seeds: 10,
    rules: ["range-split"],
    run(ctx) {
      const router = new (rangeRouterOf(ctx))(["a", "b", "c"], ["g", "p"]);
      const keys = randomWords(ctx, 2_000);
      const before = keys.map((key) => router.shardFor(key));
      router.split("b", "k", "b2");
      checkEqual(router.shards(), ["a", "b", "b2", "c"], 'shards() after split("b", "k", "b2")');
      checkEqual(router.ranges()[2], { shard: "b2", from: "k", to: "p" }, "ranges()[2] after the split");
      keys.forEach((key, i) => {
        const expected = before[i] === "b" && key >= "k" ? "b2" : before[i];
        checkEqual(router.shardFor(key), expected, `shardFor("${key}") after split("b", "k", "b2") (it was on ${before[i]})`);
      });
    },
  },
  {
    name: "range-rejects-bad-input",
    points: 2,
    visibility: "hidden",
    description: "RangeRouter refuses a wrong number of split keys, unsorted split keys, and a split outside the range",
    rules: ["range-validation"],
    run(ctx) {
      const Router = rangeRouterOf(ctx);
      checkThrows(() => new Router(["a", "b"], []), 'new RangeRouter(["a","b"], [])');
      checkThrows(() => new Router(["a", "b", "c"], ["p", "g"]), 'new RangeRouter(["a","b","c"], ["p","g"])');
      checkThrows(() => new Router(["a", "b", "c"], ["g", "g"]), 'new RangeRouter(["a","b","c"], ["g","g"]) (a split key twice)');
      checkThrows(() => new Router([], []), "new RangeRouter([], [])");
      const router = new Router(["a", "b"], ["m"]);
      checkThrows(() => router.split("a", "q", "a2"), 'split("a", "q", "a2") when a ends at "m"');
      checkThrows(() => router.split("a", "", "a2"), 'split("a", "", "a2") at the very start of a');
      checkThrows(() => router.split("a", "m", "a2"), 'split("a", "m", "a2") at the very end of a (where b starts)');
      checkThrows(() => router.split("b", "m", "b2"), 'split("b", "m", "b2") at the very start of b');
      checkThrows(() => router.split("z", "c", "z2"), 'split("z", ...) of an unknown shard');
      checkThrows(() => router.split("a", "c", "b"), 'split("a", "c", "b") with an existing name');
      checkEqual(router.shards(), ["a", "b"], "shards() after the refused calls (they must change nothing)");
    },
  },
  {
    name: "hash-and-directory-reject-bad-input",
    points: 1,
    visibility: "hidden",
    description: "HashRouter and DirectoryRouter refuse an empty shard list and a shard added twice, and HashRouter lists its shards in order",
    rules: ["router-validation", "hash-add-shard"],
    run(ctx) {
      const Hash = hashRouterOf(ctx);
      const Directory = directoryRouterOf(ctx);
      checkThrows(() => new Hash([]), "rule router-validation: new HashRouter([])");
      checkThrows(() => new Directory([]), "rule router-validation: new DirectoryRouter([])");
      const hash = new Hash(["h0", "h1"]);
      checkEqual(hash.shards(), ["h0", "h1"], 'rule hash-add-shard: shards() of new HashRouter(["h0", "h1"])');
      hash.addShard("h2");
      checkEqual(hash.shards(), ["h0", "h1", "h2"], 'rule hash-add-shard: shards() after addShard("h2")');
      checkThrows(() => hash.addShard("h1"), 'rule hash-add-shard: HashRouter addShard("h1") when h1 exists');
      const directory = new Directory(["d0"]);
      checkThrows(() => directory.addShard("d0"), 'rule router-validation: DirectoryRouter addShard("d0") when d0 exists');
      checkEqual(directory.shards(), ["d0"], "rule router-validation: shards() after the refused addShard (it must change nothing)");
    },
  },
  {
    name: "range-every-boundary",
    points: 2,
    visibility: "hidden",
    description: "every range's exact boundary key (each split key, and the first and last possible keys) routes to the range that starts there; keys just below a boundary, prefixes, uppercase and non-ASCII keys follow plain string order",
    rules: ["range-half-open"],
    run(ctx) {
      const splitKeys = ["B", "g", "gr", "grape", "p", "zz", "é", "😀"];
      const shards = ["s0", ...splitKeys.map((_, i) => `s${i + 1}`)];
      const router = new (rangeRouterOf(ctx))(shards, splitKeys);
      const expected = (key: string) => shards[splitKeys.filter((split) => split <= key).length];
      const keys = ["", "A", "Az", ...splitKeys, ...splitKeys.map((split) => `${split}\u0000`), "f", "fzzz", "grap", "grapf", "grapes", "o", "zy", "zz", "zzz", "{", "é", "ë", "\uffff", "😀😀"];
      for (const key of keys) checkEqual(router.shardFor(key), expected(key), `shardFor(${JSON.stringify(key)}) with split keys ${JSON.stringify(splitKeys)}`);
      checkEqual(router.ranges().map((range) => [range.from, range.to]), [["", "B"], ...splitKeys.map((split, i) => [split, splitKeys[i + 1] ?? null])], "ranges() as [from, to] pairs");
    },
  },
  {
    name: "range-split-at-the-edges",
    points: 2,
    visibility: "hidden",
    description: "splitting the first range, the last range (open-ended) and a freshly split shard again: each split key starts the new range, the key just below stays",
    rules: ["range-split"],
    run(ctx) {
      const router = new (rangeRouterOf(ctx))(["a", "b"], ["m"]);
      router.split("b", "t", "c");
      router.split("a", "f", "a2");
      router.split("a2", "h", "a3");
      checkEqual(router.shards(), ["a", "a2", "a3", "b", "c"], "shards() after splitting b at t, a at f, a2 at h");
      checkEqual(router.ranges(), [{ shard: "a", from: "", to: "f" }, { shard: "a2", from: "f", to: "h" }, { shard: "a3", from: "h", to: "m" }, { shard: "b", from: "m", to: "t" }, { shard: "c", from: "t", to: null }], "ranges() after the three splits");
      const routes: [string, string][] = [["", "a"], ["ezz", "a"], ["f", "a2"], ["gzz", "a2"], ["h", "a3"], ["lzz", "a3"], ["m", "b"], ["szz", "b"], ["t", "c"], ["zzzz", "c"]];
      for (const [key, shard] of routes) checkEqual(router.shardFor(key), shard, `shardFor("${key}") after the splits`);
    },
  },
  {
    name: "directory-rebalance-example",
    points: 2,
    visibility: "hidden",
    description: "six keys on d0 and d1 empty, then a new d2: rebalance() makes it 2, 2, 2 in exactly four moves, each reported with where the key was and where it went",
    rules: ["directory-rebalance"],
    run(ctx) {
      const router = new (directoryRouterOf(ctx))(["d0", "d1"]);
      const keys = ["k1", "k2", "k3", "k4", "k5", "k6"];
      for (const key of keys) router.move(key, "d0");
      router.addShard("d2");
      checkEqual(router.sizes(), [{ shard: "d0", keys: 6 }, { shard: "d1", keys: 0 }, { shard: "d2", keys: 0 }], "sizes() after moving six keys to d0 and adding d2");
      const moves = router.rebalance();
      checkEqual(router.sizes(), [{ shard: "d0", keys: 2 }, { shard: "d1", keys: 2 }, { shard: "d2", keys: 2 }], "sizes() after rebalance()");
      checkEqual(moves.length, 4, "the number of moves rebalance() made");
      for (const move of moves) {
        checkEqual(move.from, "d0", `the "from" of the move of "${move.key}"`);
        checkEqual(router.shardFor(move.key), move.to, `shardFor("${move.key}") after rebalance()`);
      }
      checkEqual(router.rebalance(), [], "a second rebalance() of balanced shards");
    },
  },
  {
    name: "hash-routing-random",
    points: 2,
    visibility: "hidden",
    description: "HashRouter uses shards[ringHash(key) % N], also after addShard",
    seeds: 5,
    rules: ["hash-modulo", "hash-add-shard"],
    run(ctx) {
      const shards = ["s0", "s1", "s2", "s3"];
      const router = new (hashRouterOf(ctx))(shards);
      router.addShard("s4");
      shards.push("s4");
      for (const key of randomWords(ctx, 1_000)) checkEqual(router.shardFor(key), shards[ringHash(key) % 5], `shardFor("${key}") with 5 shards`);
      checkThrows(() => router.addShard("s2"), 'addShard("s2") when s2 exists');
    },
  },
  {
    name: "modulo-rehash-moves-most-keys",
    points: 2,
    visibility: "hidden",
    description: "planMoves shows the price of hash mod N: going from 4 to 5 shards moves about 80% of the keys",
    seeds: 3,
    rules: ["plan-moves"],
    run(ctx) {
      const keys = [...new Set(randomWords(ctx, 5_000))];
      const HashRouter = hashRouterOf(ctx);
      const four = new HashRouter(["s0", "s1", "s2", "s3"]);
      const five = new HashRouter(["s0", "s1", "s2", "s3", "s4"]);
      const moves = planMovesOf(ctx)(keys, (key) => four.shardFor(key), (key) => five.shardFor(key));
      const expected = keys.filter((key) => ringHash(key) % 4 !== ringHash(key) % 5).length;
      checkEqual(moves.length, expected, "the number of keys planMoves reports moving from 4 to 5 hash shards");
      for (const move of moves.slice(0, 50)) {
        checkEqual(move, { key: move.key, from: `s${ringHash(move.key) % 4}`, to: `s${ringHash(move.key) % 5}` }, `the move of "${move.key}"`);
      }
    },
  },
  {
    name: "directory-places-on-emptiest",
    points: 2,
    visibility: "hidden",
    description: "a key seen for the first time goes to the shard with the fewest keys, and stays there",
    rules: ["directory-placement", "directory-move"],
    run(ctx) {
      const router = new (directoryRouterOf(ctx))(["d0", "d1", "d2"]);
      const first = ["k1", "k2", "k3", "k4"].map((key) => router.shardFor(key));
      checkEqual(first, ["d0", "d1", "d2", "d0"], 'shardFor of new keys "k1".."k4" on three empty shards');
      checkEqual(router.shardFor("k2"), "d1", 'shardFor("k2") asked again');
      router.move("k1", "d2");
      checkEqual(router.sizes(), [{ shard: "d0", keys: 1 }, { shard: "d1", keys: 1 }, { shard: "d2", keys: 2 }], 'sizes() after move("k1", "d2")');
      checkThrows(() => router.move("k1", "d9"), 'move("k1", "d9") to an unknown shard');
    },
  },
  {
    name: "directory-rebalance-is-minimal",
    points: 3,
    visibility: "hidden",
    description: "after adding a shard, rebalance() evens the shards out (sizes within one) with the fewest possible moves",
    seeds: 5,
    rules: ["directory-rebalance"],
    run(ctx) {
      const router = new (directoryRouterOf(ctx))(["d0", "d1", "d2"]);
      const keys = [...new Set(randomWords(ctx, 600))];
      for (const key of keys) router.shardFor(key);
      const before = new Map(keys.map((key) => [key, router.shardFor(key)]));
      router.addShard("d3");
      const moves = router.rebalance();
      const sizes = router.sizes().map((size) => size.keys);
      check(Math.max(...sizes) - Math.min(...sizes) <= 1, () => `after rebalance() the shards hold ${JSON.stringify(router.sizes())}: they should differ by at most one key`);
      check(moves.length <= Math.ceil(keys.length / 4) + 1, () => `rebalance() moved ${moves.length} keys to fill an empty fourth shard; about ${Math.ceil(keys.length / 4)} moves suffice (moving keys that need not move is the cost directories avoid)`);
      for (const move of moves) {
        checkEqual(move.from, before.get(move.key), `the "from" of the reported move of "${move.key}"`);
        checkEqual(router.shardFor(move.key), move.to, `shardFor("${move.key}") after rebalance()`);
      }
      const unreported = keys.filter((key) => router.shardFor(key) !== before.get(key) && !moves.some((move) => move.key === key));
      check(unreported.length === 0, () => `rebalance() moved ${unreported.length} keys without reporting them, e.g. "${unreported[0]}"`);
    },
  },
  {
    name: "sequential-keys-hot-spot",
    points: 2,
    visibility: "hidden",
    description: "the range hot spot: keys arriving in order (zero-padded ids) all land on the last range, while hash sharding spreads them",
    rules: ["range-hot-spot"],
    run(ctx) {
      const keys = Array.from({ length: 1_000 }, (_, i) => `order-${String(50_000 + i).padStart(8, "0")}`);
      const range = new (rangeRouterOf(ctx))(["r0", "r1", "r2", "r3"], ["order-00010000", "order-00020000", "order-00040000"]);
      const hash = new (hashRouterOf(ctx))(["h0", "h1", "h2", "h3"]);
      checkEqual(new Set(keys.map((key) => range.shardFor(key))).size, 1, "the number of range shards that receive 1,000 new sequential order ids");
      const perShard = ["h0", "h1", "h2", "h3"].map((shard) => keys.filter((key) => hash.shardFor(key) === shard).length);
      check(Math.min(...perShard) > 150, () => `hash sharding put ${JSON.stringify(perShard)} of 1,000 sequential ids on its 4 shards; expected roughly 250 each`);
    },
  },
];
