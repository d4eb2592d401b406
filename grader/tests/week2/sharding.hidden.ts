/** Week 2, sharding: hidden tests. Routing rules, splits, rebalancing cost, and the hot spot. */
import { ringHash } from "../../../src/contracts/ring";
import { check, checkEqual, checkThrows, says, type GradedTest } from "../../api";
import { directoryRouterOf, hashRouterOf, planMovesOf, randomWords, rangeRouterOf } from "./sharding-helpers";

export const tests: GradedTest[] = [
  {
    name: "range-routing-random",
    points: 3,
    visibility: "hidden",
    description: "RangeRouter agrees with the range rule (from <= key < to) for random split keys and 2,000 random keys",
    descriptionIn: { ko: "무작위 split key와 무작위 키 2,000개에서 RangeRouter가 range 규칙(from <= key < to)과 일치한다" },
    seeds: 10,
    rules: ["range-half-open"],
    run(ctx) {
      const splitKeys = [...new Set(randomWords(ctx, 6))].sort();
      const shards = ["s0", ...splitKeys.map((_, i) => `s${i + 1}`)];
      const router = new (rangeRouterOf(ctx))(shards, splitKeys);
      for (const key of randomWords(ctx, 2_000)) {
        const expected = shards[splitKeys.filter((split) => split <= key).length];
        checkEqual(router.shardFor(key), expected, says({ en: `shardFor("${key}") with split keys ${JSON.stringify(splitKeys)}`, ko: `split key가 ${JSON.stringify(splitKeys)}일 때 shardFor("${key}")` }));
      }
    },
  },
  {
    name: "range-split",
    points: 3,
    visibility: "hidden",
    description: "split(shard, atKey, newShard) moves exactly the shard's keys >= atKey to the new shard, placed right after it",
    descriptionIn: { ko: "split(shard, atKey, newShard)는 그 샤드의 atKey 이상인 키만 정확히 새 샤드로 옮기고, 새 샤드는 원래 샤드 바로 다음에 놓인다" },
    seeds: 10,
    rules: ["range-split"],
    run(ctx) {
      const router = new (rangeRouterOf(ctx))(["a", "b", "c"], ["g", "p"]);
      const keys = randomWords(ctx, 2_000);
      const before = keys.map((key) => router.shardFor(key));
      router.split("b", "k", "b2");
      checkEqual(router.shards(), ["a", "b", "b2", "c"], says({ en: 'shards() after split("b", "k", "b2")', ko: 'split("b", "k", "b2") 뒤의 shards()' }));
      checkEqual(router.ranges()[2], { shard: "b2", from: "k", to: "p" }, says({ en: "ranges()[2] after the split", ko: "split 뒤의 ranges()[2]" }));
      keys.forEach((key, i) => {
        const expected = before[i] === "b" && key >= "k" ? "b2" : before[i];
        checkEqual(router.shardFor(key), expected, says({ en: `shardFor("${key}") after split("b", "k", "b2") (it was on ${before[i]})`, ko: `split("b", "k", "b2") 뒤의 shardFor("${key}") (원래 ${before[i]}에 있었음)` }));
      });
    },
  },
  {
    name: "range-rejects-bad-input",
    points: 2,
    visibility: "hidden",
    description: "RangeRouter refuses a wrong number of split keys, unsorted split keys, and a split outside the range",
    descriptionIn: { ko: "RangeRouter는 개수가 맞지 않는 split key, 정렬되지 않은 split key, range 밖에서의 split을 거부한다" },
    rules: ["range-validation"],
    run(ctx) {
      const Router = rangeRouterOf(ctx);
      checkThrows(() => new Router(["a", "b"], []), 'new RangeRouter(["a","b"], [])');
      checkThrows(() => new Router(["a", "b", "c"], ["p", "g"]), 'new RangeRouter(["a","b","c"], ["p","g"])');
      checkThrows(() => new Router(["a", "b", "c"], ["g", "g"]), says({ en: 'new RangeRouter(["a","b","c"], ["g","g"]) (a split key twice)', ko: 'new RangeRouter(["a","b","c"], ["g","g"]) (같은 split key가 두 번)' }));
      checkThrows(() => new Router([], []), "new RangeRouter([], [])");
      const router = new Router(["a", "b"], ["m"]);
      checkThrows(() => router.split("a", "q", "a2"), says({ en: 'split("a", "q", "a2") when a ends at "m"', ko: 'a가 "m"에서 끝날 때 split("a", "q", "a2")' }));
      checkThrows(() => router.split("a", "", "a2"), says({ en: 'split("a", "", "a2") at the very start of a', ko: 'a의 맨 앞에서 split("a", "", "a2")' }));
      checkThrows(() => router.split("a", "m", "a2"), says({ en: 'split("a", "m", "a2") at the very end of a (where b starts)', ko: 'a의 맨 끝(b가 시작하는 곳)에서 split("a", "m", "a2")' }));
      checkThrows(() => router.split("b", "m", "b2"), says({ en: 'split("b", "m", "b2") at the very start of b', ko: 'b의 맨 앞에서 split("b", "m", "b2")' }));
      checkThrows(() => router.split("z", "c", "z2"), says({ en: 'split("z", ...) of an unknown shard', ko: '없는 샤드에 대한 split("z", ...)' }));
      checkThrows(() => router.split("a", "c", "b"), says({ en: 'split("a", "c", "b") with an existing name', ko: '이미 있는 이름으로 split("a", "c", "b")' }));
      checkEqual(router.shards(), ["a", "b"], says({ en: "shards() after the refused calls (they must change nothing)", ko: "거부된 호출 뒤의 shards() (아무것도 바꾸지 않아야 함)" }));
    },
  },
  {
    name: "hash-and-directory-reject-bad-input",
    points: 1,
    visibility: "hidden",
    description: "HashRouter and DirectoryRouter refuse an empty shard list and a shard added twice, and HashRouter lists its shards in order",
    descriptionIn: { ko: "HashRouter와 DirectoryRouter는 빈 샤드 목록과 두 번 추가하는 샤드를 거부하고, HashRouter는 샤드를 순서대로 나열한다" },
    rules: ["router-validation", "hash-add-shard"],
    run(ctx) {
      const Hash = hashRouterOf(ctx);
      const Directory = directoryRouterOf(ctx);
      checkThrows(() => new Hash([]), says({ en: "rule router-validation: new HashRouter([])", ko: "규칙 router-validation: new HashRouter([])" }));
      checkThrows(() => new Directory([]), says({ en: "rule router-validation: new DirectoryRouter([])", ko: "규칙 router-validation: new DirectoryRouter([])" }));
      const hash = new Hash(["h0", "h1"]);
      checkEqual(hash.shards(), ["h0", "h1"], says({ en: 'rule hash-add-shard: shards() of new HashRouter(["h0", "h1"])', ko: '규칙 hash-add-shard: new HashRouter(["h0", "h1"])의 shards()' }));
      hash.addShard("h2");
      checkEqual(hash.shards(), ["h0", "h1", "h2"], says({ en: 'rule hash-add-shard: shards() after addShard("h2")', ko: '규칙 hash-add-shard: addShard("h2") 뒤의 shards()' }));
      checkThrows(() => hash.addShard("h1"), says({ en: 'rule hash-add-shard: HashRouter addShard("h1") when h1 exists', ko: '규칙 hash-add-shard: h1이 이미 있을 때 HashRouter의 addShard("h1")' }));
      const directory = new Directory(["d0"]);
      checkThrows(() => directory.addShard("d0"), says({ en: 'rule router-validation: DirectoryRouter addShard("d0") when d0 exists', ko: '규칙 router-validation: d0이 이미 있을 때 DirectoryRouter의 addShard("d0")' }));
      checkEqual(directory.shards(), ["d0"], says({ en: "rule router-validation: shards() after the refused addShard (it must change nothing)", ko: "규칙 router-validation: 거부된 addShard 뒤의 shards() (아무것도 바꾸지 않아야 함)" }));
    },
  },
  {
    name: "range-every-boundary",
    points: 2,
    visibility: "hidden",
    description: "every range's exact boundary key (each split key, and the first and last possible keys) routes to the range that starts there; keys just below a boundary, prefixes, uppercase and non-ASCII keys follow plain string order",
    descriptionIn: { ko: "모든 range의 정확한 경계 키(각 split key, 그리고 가능한 첫 키와 마지막 키)는 거기서 시작하는 range로 간다. 경계 바로 아래의 키, 접두사, 대문자와 ASCII가 아닌 키는 단순 문자열 순서를 따른다" },
    rules: ["range-half-open"],
    run(ctx) {
      const splitKeys = ["B", "g", "gr", "grape", "p", "zz", "é", "😀"];
      const shards = ["s0", ...splitKeys.map((_, i) => `s${i + 1}`)];
      const router = new (rangeRouterOf(ctx))(shards, splitKeys);
      const expected = (key: string) => shards[splitKeys.filter((split) => split <= key).length];
      const keys = ["", "A", "Az", ...splitKeys, ...splitKeys.map((split) => `${split}\u0000`), "f", "fzzz", "grap", "grapf", "grapes", "o", "zy", "zz", "zzz", "{", "é", "ë", "\uffff", "😀😀"];
      for (const key of keys) checkEqual(router.shardFor(key), expected(key), says({ en: `shardFor(${JSON.stringify(key)}) with split keys ${JSON.stringify(splitKeys)}`, ko: `split key가 ${JSON.stringify(splitKeys)}일 때 shardFor(${JSON.stringify(key)})` }));
      checkEqual(router.ranges().map((range) => [range.from, range.to]), [["", "B"], ...splitKeys.map((split, i) => [split, splitKeys[i + 1] ?? null])], says({ en: "ranges() as [from, to] pairs", ko: "[from, to] 쌍으로 본 ranges()" }));
    },
  },
  {
    name: "range-split-at-the-edges",
    points: 2,
    visibility: "hidden",
    description: "splitting the first range, the last range (open-ended) and a freshly split shard again: each split key starts the new range, the key just below stays",
    descriptionIn: { ko: "첫 range, (끝이 열린) 마지막 range, 막 나뉜 샤드를 다시 나누기: 매번 split key가 새 range를 시작하고 바로 아래의 키는 그대로 남는다" },
    rules: ["range-split"],
    run(ctx) {
      const router = new (rangeRouterOf(ctx))(["a", "b"], ["m"]);
      router.split("b", "t", "c");
      router.split("a", "f", "a2");
      router.split("a2", "h", "a3");
      checkEqual(router.shards(), ["a", "a2", "a3", "b", "c"], says({ en: "shards() after splitting b at t, a at f, a2 at h", ko: "b를 t에서, a를 f에서, a2를 h에서 나눈 뒤의 shards()" }));
      checkEqual(router.ranges(), [{ shard: "a", from: "", to: "f" }, { shard: "a2", from: "f", to: "h" }, { shard: "a3", from: "h", to: "m" }, { shard: "b", from: "m", to: "t" }, { shard: "c", from: "t", to: null }], says({ en: "ranges() after the three splits", ko: "세 번 나눈 뒤의 ranges()" }));
      const routes: [string, string][] = [["", "a"], ["ezz", "a"], ["f", "a2"], ["gzz", "a2"], ["h", "a3"], ["lzz", "a3"], ["m", "b"], ["szz", "b"], ["t", "c"], ["zzzz", "c"]];
      for (const [key, shard] of routes) checkEqual(router.shardFor(key), shard, says({ en: `shardFor("${key}") after the splits`, ko: `나눈 뒤의 shardFor("${key}")` }));
    },
  },
  {
    name: "directory-rebalance-example",
    points: 2,
    visibility: "hidden",
    description: "six keys on d0 and d1 empty, then a new d2: rebalance() makes it 2, 2, 2 in exactly four moves, each reported with where the key was and where it went",
    descriptionIn: { ko: "d0에 키 여섯 개, d1은 비어 있고 d2를 새로 추가: rebalance()는 정확히 네 번 옮겨 2, 2, 2로 만들고, 옮길 때마다 키가 어디서 어디로 갔는지 알린다" },
    rules: ["directory-rebalance"],
    run(ctx) {
      const router = new (directoryRouterOf(ctx))(["d0", "d1"]);
      const keys = ["k1", "k2", "k3", "k4", "k5", "k6"];
      for (const key of keys) router.move(key, "d0");
      router.addShard("d2");
      checkEqual(router.sizes(), [{ shard: "d0", keys: 6 }, { shard: "d1", keys: 0 }, { shard: "d2", keys: 0 }], says({ en: "sizes() after moving six keys to d0 and adding d2", ko: "키 여섯 개를 d0으로 옮기고 d2를 추가한 뒤의 sizes()" }));
      const moves = router.rebalance();
      checkEqual(router.sizes(), [{ shard: "d0", keys: 2 }, { shard: "d1", keys: 2 }, { shard: "d2", keys: 2 }], says({ en: "sizes() after rebalance()", ko: "rebalance() 뒤의 sizes()" }));
      checkEqual(moves.length, 4, says({ en: "the number of moves rebalance() made", ko: "rebalance()가 옮긴 횟수" }));
      for (const move of moves) {
        checkEqual(move.from, "d0", says({ en: `the "from" of the move of "${move.key}"`, ko: `"${move.key}" 이동의 "from"` }));
        checkEqual(router.shardFor(move.key), move.to, says({ en: `shardFor("${move.key}") after rebalance()`, ko: `rebalance() 뒤의 shardFor("${move.key}")` }));
      }
      checkEqual(router.rebalance(), [], says({ en: "a second rebalance() of balanced shards", ko: "이미 고른 샤드에 대한 두 번째 rebalance()" }));
    },
  },
  {
    name: "hash-routing-random",
    points: 2,
    visibility: "hidden",
    description: "HashRouter uses shards[ringHash(key) % N], also after addShard",
    descriptionIn: { ko: "HashRouter는 addShard 뒤에도 shards[ringHash(key) % N]을 쓴다" },
    seeds: 5,
    rules: ["hash-modulo", "hash-add-shard"],
    run(ctx) {
      const shards = ["s0", "s1", "s2", "s3"];
      const router = new (hashRouterOf(ctx))(shards);
      router.addShard("s4");
      shards.push("s4");
      for (const key of randomWords(ctx, 1_000)) checkEqual(router.shardFor(key), shards[ringHash(key) % 5], says({ en: `shardFor("${key}") with 5 shards`, ko: `샤드 5개에서의 shardFor("${key}")` }));
      checkThrows(() => router.addShard("s2"), says({ en: 'addShard("s2") when s2 exists', ko: 's2가 이미 있을 때 addShard("s2")' }));
    },
  },
  {
    name: "modulo-rehash-moves-most-keys",
    points: 2,
    visibility: "hidden",
    description: "planMoves shows the price of hash mod N: going from 4 to 5 shards moves about 80% of the keys",
    descriptionIn: { ko: "planMoves가 hash mod N의 대가를 보여 준다: 샤드 4개에서 5개로 가면 키의 약 80%가 옮겨 간다" },
    seeds: 3,
    rules: ["plan-moves"],
    run(ctx) {
      const keys = [...new Set(randomWords(ctx, 5_000))];
      const HashRouter = hashRouterOf(ctx);
      const four = new HashRouter(["s0", "s1", "s2", "s3"]);
      const five = new HashRouter(["s0", "s1", "s2", "s3", "s4"]);
      const moves = planMovesOf(ctx)(keys, (key) => four.shardFor(key), (key) => five.shardFor(key));
      const expected = keys.filter((key) => ringHash(key) % 4 !== ringHash(key) % 5).length;
      checkEqual(moves.length, expected, says({ en: "the number of keys planMoves reports moving from 4 to 5 hash shards", ko: "hash 샤드 4개에서 5개로 갈 때 planMoves가 옮긴다고 알린 키의 수" }));
      for (const move of moves.slice(0, 50)) {
        checkEqual(move, { key: move.key, from: `s${ringHash(move.key) % 4}`, to: `s${ringHash(move.key) % 5}` }, says({ en: `the move of "${move.key}"`, ko: `"${move.key}"의 이동` }));
      }
    },
  },
  {
    name: "directory-places-on-emptiest",
    points: 2,
    visibility: "hidden",
    description: "a key seen for the first time goes to the shard with the fewest keys, and stays there",
    descriptionIn: { ko: "처음 보는 키는 키가 가장 적은 샤드로 가고, 거기에 머문다" },
    rules: ["directory-placement", "directory-move"],
    run(ctx) {
      const router = new (directoryRouterOf(ctx))(["d0", "d1", "d2"]);
      const first = ["k1", "k2", "k3", "k4"].map((key) => router.shardFor(key));
      checkEqual(first, ["d0", "d1", "d2", "d0"], says({ en: 'shardFor of new keys "k1".."k4" on three empty shards', ko: '빈 샤드 셋에서 새 키 "k1".."k4"의 shardFor' }));
      checkEqual(router.shardFor("k2"), "d1", says({ en: 'shardFor("k2") asked again', ko: '다시 물어본 shardFor("k2")' }));
      router.move("k1", "d2");
      checkEqual(router.sizes(), [{ shard: "d0", keys: 1 }, { shard: "d1", keys: 1 }, { shard: "d2", keys: 2 }], says({ en: 'sizes() after move("k1", "d2")', ko: 'move("k1", "d2") 뒤의 sizes()' }));
      checkThrows(() => router.move("k1", "d9"), says({ en: 'move("k1", "d9") to an unknown shard', ko: '없는 샤드로 move("k1", "d9")' }));
    },
  },
  {
    name: "directory-rebalance-is-minimal",
    points: 3,
    visibility: "hidden",
    description: "after adding a shard, rebalance() evens the shards out (sizes within one) with the fewest possible moves",
    descriptionIn: { ko: "샤드를 추가한 뒤 rebalance()는 가능한 가장 적은 이동으로 샤드들을 고르게 맞춘다(크기 차이 1 이하)" },
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
      check(Math.max(...sizes) - Math.min(...sizes) <= 1, () => says({ en: `after rebalance() the shards hold ${JSON.stringify(router.sizes())}: they should differ by at most one key`, ko: `rebalance() 뒤 샤드들의 크기가 ${JSON.stringify(router.sizes())}입니다. 샤드 사이의 차이는 키 하나 이하여야 합니다` }));
      check(moves.length <= Math.ceil(keys.length / 4) + 1, () => says({ en: `rebalance() moved ${moves.length} keys to fill an empty fourth shard; about ${Math.ceil(keys.length / 4)} moves suffice (moving keys that need not move is the cost directories avoid)`, ko: `빈 네 번째 샤드를 채우려고 rebalance()가 키 ${moves.length}개를 옮겼습니다. 약 ${Math.ceil(keys.length / 4)}번 옮기면 충분합니다 (옮길 필요가 없는 키를 옮기는 것이 바로 directory가 피하는 비용입니다)` }));
      for (const move of moves) {
        checkEqual(move.from, before.get(move.key), says({ en: `the "from" of the reported move of "${move.key}"`, ko: `알린 "${move.key}" 이동의 "from"` }));
        checkEqual(router.shardFor(move.key), move.to, says({ en: `shardFor("${move.key}") after rebalance()`, ko: `rebalance() 뒤의 shardFor("${move.key}")` }));
      }
      const unreported = keys.filter((key) => router.shardFor(key) !== before.get(key) && !moves.some((move) => move.key === key));
      check(unreported.length === 0, () => says({ en: `rebalance() moved ${unreported.length} keys without reporting them, e.g. "${unreported[0]}"`, ko: `rebalance()가 키 ${unreported.length}개를 알리지 않고 옮겼습니다. 예: "${unreported[0]}"` }));
    },
  },
  {
    name: "sequential-keys-hot-spot",
    points: 2,
    visibility: "hidden",
    description: "the range hot spot: keys arriving in order (zero-padded ids) all land on the last range, while hash sharding spreads them",
    descriptionIn: { ko: "range 샤딩의 핫스팟: 순서대로 들어오는 키(0으로 채운 id)는 모두 마지막 range에 몰리지만 hash 샤딩은 고르게 퍼뜨린다" },
    rules: ["range-hot-spot"],
    run(ctx) {
      const keys = Array.from({ length: 1_000 }, (_, i) => `order-${String(50_000 + i).padStart(8, "0")}`);
      const range = new (rangeRouterOf(ctx))(["r0", "r1", "r2", "r3"], ["order-00010000", "order-00020000", "order-00040000"]);
      const hash = new (hashRouterOf(ctx))(["h0", "h1", "h2", "h3"]);
      checkEqual(new Set(keys.map((key) => range.shardFor(key))).size, 1, says({ en: "the number of range shards that receive 1,000 new sequential order ids", ko: "순서대로 들어오는 새 주문 id 1,000개를 받는 range 샤드의 수" }));
      const perShard = ["h0", "h1", "h2", "h3"].map((shard) => keys.filter((key) => hash.shardFor(key) === shard).length);
      check(Math.min(...perShard) > 150, () => says({ en: `hash sharding put ${JSON.stringify(perShard)} of 1,000 sequential ids on its 4 shards; expected roughly 250 each`, ko: `hash 샤딩이 순서대로 들어온 id 1,000개를 샤드 4개에 ${JSON.stringify(perShard)}개씩 나눴습니다. 샤드마다 250개쯤이어야 합니다` }));
    },
  },
];
