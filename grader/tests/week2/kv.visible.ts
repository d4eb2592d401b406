/** Week 2, key-value store: visible tests (the basics, no faults but one partition). */
import { check, checkEqual, type GradedTest } from "../../api";
import { describeOutcome, kvCluster, runScript } from "./kv-helpers";

export const tests: GradedTest[] = [
  {
    name: "put-then-get",
    points: 2,
    visibility: "visible",
    description: "on a quiet network (N=3, W=2, R=2), a value put through one server is read back through another; a missing key reads as no value",
    rules: ["basic-put-get"],
    run(ctx) {
      const cluster = kvCluster(ctx, {});
      const outcomes = runScript(cluster, [
        { f: "put", key: "cart", value: "milk", via: "n1" },
        { f: "get", key: "cart", via: "n4" },
        { f: "get", key: "nothing-here", via: "n2" },
      ]);
      checkEqual(outcomes.map(describeOutcome), ['put(cart, "milk") -> ok', 'get(cart) -> ["milk"]', "get(nothing-here) -> []"], "the client's three requests");
    },
  },
  {
    name: "no-quorum-is-an-error-in-time",
    points: 2,
    visibility: "visible",
    description: "a coordinator that cannot reach W replicas answers ClientError within its request timeout, instead of leaving the client waiting",
    rules: ["quorum-error-in-time", "write-quorum"],
    run(ctx) {
      const cluster = kvCluster(ctx, { requestTimeoutMs: 300 });
      const [first, second, third] = cluster.homeReplicas("cart");
      const others = cluster.servers.filter((id) => id !== first);
      cluster.sim.partition(`${first}|${others.join(",")}`); // the coordinator alone: one of three replicas
      const [outcome] = runScript(cluster, [{ f: "put", key: "cart", value: "milk", via: first }]);
      check(outcome.result === "error", () => `put through ${first}, cut off from ${second} and ${third}, should answer ClientError (1 of W=2 replicas); the client got: ${describeOutcome(outcome)}`);
      const waitedMs = (outcome.returnMs ?? Infinity) - outcome.callMs;
      check(waitedMs <= 300 + 50, () => `the error came after ${waitedMs.toFixed(0)} ms; the request timeout is 300 ms`);
    },
  },
];
