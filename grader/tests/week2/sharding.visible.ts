/** Week 2, sharding: visible tests (the contract's examples). */
import { checkEqual, type GradedTest } from "../../api";
import { hashRouterOf, planMovesOf, rangeRouterOf } from "./sharding-helpers";

export const tests: GradedTest[] = [
  {
    name: "range-example",
    points: 2,
    visibility: "visible",
    description: 'RangeRouter(["a","b","c"], ["g","p"]) routes "apple" to a, "grape" to b (a split key starts its range), "zebra" to c',
    descriptionIn: { ko: "RangeRouter([\"a\",\"b\",\"c\"], [\"g\",\"p\"])는 \"apple\"을 a로, \"grape\"를 b로(split key가 자기 range의 시작이다), \"zebra\"를 c로 보낸다" },
    rules: ["range-half-open", "range-listing"],
    run(ctx) {
      const router = new (rangeRouterOf(ctx))(["a", "b", "c"], ["g", "p"]);
      checkEqual(router.shardFor("apple"), "a", 'shardFor("apple")');
      checkEqual(router.shardFor("g"), "b", 'shardFor("g")');
      checkEqual(router.shardFor("grape"), "b", 'shardFor("grape")');
      checkEqual(router.shardFor("zebra"), "c", 'shardFor("zebra")');
      checkEqual(router.ranges(), [{ shard: "a", from: "", to: "g" }, { shard: "b", from: "g", to: "p" }, { shard: "c", from: "p", to: null }], "ranges()");
    },
  },
  {
    name: "hash-example",
    points: 2,
    visibility: "visible",
    description: "HashRouter routes a key to shards[ringHash(key) % N]",
    descriptionIn: { ko: "HashRouter는 키를 shards[ringHash(key) % N]으로 보낸다" },
    rules: ["hash-modulo"],
    run(ctx) {
      const router = new (hashRouterOf(ctx))(["s0", "s1", "s2"]);
      // ringHash("user123") % 3 === 1, ringHash("user456") % 3 === 2, ringHash("order-9") % 3 === 0
      const expected: [string, string][] = [["user123", "s1"], ["user456", "s2"], ["order-9", "s0"]];
      for (const [key, shard] of expected) checkEqual(router.shardFor(key), shard, `shardFor("${key}")`);
    },
  },
  {
    name: "plan-moves-example",
    points: 1,
    visibility: "visible",
    description: "planMoves lists the keys whose shard changes, with where they come from and go",
    descriptionIn: { ko: "planMoves는 샤드가 바뀌는 키들을 어디서 어디로 가는지와 함께 나열한다" },
    rules: ["plan-moves"],
    run(ctx) {
      const moves = planMovesOf(ctx)(["a", "b", "c"], (key) => (key === "c" ? "s2" : "s1"), () => "s1");
      checkEqual(moves, [{ key: "c", from: "s2", to: "s1" }], 'planMoves(["a","b","c"], ...)');
    },
  },
];
