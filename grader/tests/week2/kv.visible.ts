/** Week 2, key-value store: visible tests (the basics, no faults but one partition). */
import { check, checkEqual, says, type GradedTest } from "../../api";
import { describeOutcome, kvCluster, runScript } from "./kv-helpers";

export const tests: GradedTest[] = [
  {
    name: "put-then-get",
    points: 2,
    visibility: "visible",
    description: "on a quiet network (N=3, W=2, R=2), a value put through one server is read back through another; a missing key reads as no value",
    descriptionIn: { ko: "조용한 네트워크(N=3, W=2, R=2)에서 한 서버를 거쳐 put한 값을 다른 서버를 거쳐 다시 읽는다. 없는 키는 값 없음으로 읽힌다" },
    rules: ["basic-put-get"],
    run(ctx) {
      const cluster = kvCluster(ctx, {});
      const outcomes = runScript(cluster, [
        { f: "put", key: "cart", value: "milk", via: "n1" },
        { f: "get", key: "cart", via: "n4" },
        { f: "get", key: "nothing-here", via: "n2" },
      ]);
      checkEqual(outcomes.map(describeOutcome), ['put(cart, "milk") -> ok', 'get(cart) -> ["milk"]', "get(nothing-here) -> []"], says({ en: "the client's three requests", ko: "클라이언트의 요청 세 개" }));
    },
  },
  {
    name: "no-quorum-is-an-error-in-time",
    points: 2,
    visibility: "visible",
    description: "a coordinator that cannot reach W replicas answers ClientError within its request timeout, instead of leaving the client waiting",
    descriptionIn: { ko: "replica W개에 닿지 못하는 coordinator는 클라이언트를 기다리게 두지 않고 요청 timeout 안에 ClientError로 답한다" },
    rules: ["quorum-error-in-time", "write-quorum"],
    run(ctx) {
      const cluster = kvCluster(ctx, { requestTimeoutMs: 300 });
      const [first, second, third] = cluster.homeReplicas("cart");
      const others = cluster.servers.filter((id) => id !== first);
      cluster.sim.partition(`${first}|${others.join(",")}`); // the coordinator alone: one of three replicas
      const [outcome] = runScript(cluster, [{ f: "put", key: "cart", value: "milk", via: first }]);
      check(outcome.result === "error", () => says({ en: `put through ${first}, cut off from ${second} and ${third}, should answer ClientError (1 of W=2 replicas); the client got: ${describeOutcome(outcome)}`, ko: `${second}, ${third} 서버와 끊긴 ${first} 서버를 거친 put은 ClientError로 답해야 합니다 (W=2 중 replica 1개). 클라이언트가 받은 답: ${describeOutcome(outcome)}` }));
      const waitedMs = (outcome.returnMs ?? Infinity) - outcome.callMs;
      check(waitedMs <= 300 + 50, () => says({ en: `the error came after ${waitedMs.toFixed(0)} ms; the request timeout is 300 ms`, ko: `오류가 ${waitedMs.toFixed(0)} ms 뒤에 왔습니다. 요청 timeout은 300 ms입니다` }));
    },
  },
];
