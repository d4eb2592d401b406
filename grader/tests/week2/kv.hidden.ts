/**
 * Week 2, key-value store: hidden tests. Linearizability under faults, stale reads with weak
 * quorums, read repair, anti-entropy, durability, siblings, hinted handoff.
 */
import { healAll, randomNemesis, scheduleNemesis } from "../../../src/sim";
import { randomScript } from "../../../src/kv/cluster";
import { check, checkEqual, fail, says, type GradedTest } from "../../api";
import { describeOutcome, kvCluster, replicaState, requireLinearizable, runClients, runScript, staleReplicaAfterPut, valuesOn } from "./kv-helpers";
import { checkLinearizability } from "../../../src/check/linearizability";
import type { KVNodeApi } from "../../../src/contracts/kv";

const FAULTS = ["partition", "isolate", "crash", "network"] as const;

export const tests: GradedTest[] = [
  {
    name: "linearizable-quiet",
    points: 3,
    visibility: "hidden",
    description: "linearizable mode, N=3 W=2 R=2, four clients on two keys, no faults: the history passes the linearizability checker",
    descriptionIn: { ko: "linearizable 모드, N=3 W=2 R=2, 키 두 개에 클라이언트 넷, 장애 없음: 히스토리가 linearizability 검사기를 통과한다" },
    seeds: 10,
    rules: ["linearizable-histories"],
    run(ctx) {
      const cluster = kvCluster(ctx, { mode: "linearizable", versioning: "lww" });
      for (let c = 0; c < 4; c++) cluster.addClient((id) => randomScript(ctx.rng, { keys: ["x", "y"], operations: 25, putRate: 0.5, client: id }));
      runClients(cluster, 30_000);
      requireLinearizable(ctx, cluster, says({ en: "with no faults", ko: "장애 없음" }));
    },
  },
  {
    name: "linearizable-under-faults",
    points: 6,
    visibility: "hidden",
    description: "linearizable mode under partitions, crashes, loss and duplication: the history stays linearizable, and the store works again after healing",
    descriptionIn: { ko: "네트워크 분할, 크래시, 메시지 손실과 중복 속의 linearizable 모드: 히스토리는 계속 linearizable하고, 복구 뒤 저장소가 다시 동작한다" },
    seeds: 10,
    timeoutMs: 20_000,
    rules: ["linearizable-histories", "distinct-replicas"],
    run(ctx) {
      const cluster = kvCluster(ctx, { mode: "linearizable", versioning: "lww" }, { dropRate: 0.05, duplicateRate: 0.05, duplicatesMax: 2 });
      const nemesis = randomNemesis(ctx.seed, { servers: cluster.servers, startMs: 50, endMs: 2_000, intervalMsMin: 100, intervalMsMax: 300, kinds: [...FAULTS] });
      scheduleNemesis(cluster.sim, nemesis);
      for (let c = 0; c < 4; c++) cluster.addClient((id) => randomScript(ctx.rng, { keys: ["x", "y"], operations: 30, putRate: 0.5, client: id }));
      runClients(cluster, 60_000);
      requireLinearizable(ctx, cluster, says({ en: "under faults", ko: "장애 중" }));
      healAll(cluster.sim, { dropRate: 0, duplicateRate: 0 });
      cluster.sim.runFor(500);
      const outcomes = runScript(cluster, [{ f: "put", key: "x", value: "after-heal" }, { f: "get", key: "x" }]);
      checkEqual(outcomes.map(describeOutcome), ['put(x, "after-heal") -> ok', 'get(x) -> ["after-heal"]'], says({ en: "a put and a get after every fault was healed", ko: "모든 장애가 복구된 뒤의 put과 get" }));
    },
  },
  {
    name: "weak-quorums-read-stale",
    points: 3,
    visibility: "hidden",
    description: "with W=1 and R=1 (W+R <= N) a read through a cut-off replica answers from that replica alone and returns the old value: the checker calls it a stale read",
    descriptionIn: { ko: "W=1, R=1(W+R <= N)에서 끊긴 replica를 거친 읽기는 그 replica 혼자 답하므로 옛 값을 돌려준다: 검사기는 이것을 오래된 읽기(stale read)로 판정한다" },
    rules: ["read-quorum"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 1, readQuorum: 1 });
      const [r1, r2, r3] = cluster.homeReplicas("x");
      runScript(cluster, [{ f: "put", key: "x", value: "old", via: r1 }]);
      cluster.sim.runFor(200); // every replica has "old"
      cluster.sim.partition(`${r3}|${cluster.servers.filter((id) => id !== r3).join(",")}`);
      const outcomes = runScript(cluster, [{ f: "put", key: "x", value: "new", via: r1 }, { f: "get", key: "x", via: r3 }]);
      check(outcomes[0].result === "ok", () => says({ en: `put(x, "new") through ${r1} with W=1 should succeed while only ${r3} is cut off; got ${describeOutcome(outcomes[0])}`, ko: `${r3} 서버만 끊겨 있으므로 W=1에서 ${r1} 서버를 거친 put(x, "new")는 성공해야 합니다. 받은 답: ${describeOutcome(outcomes[0])}` }));
      check(
        outcomes[1].result === "ok" && JSON.stringify(outcomes[1].values) === '["old"]',
        () =>
          says({
            en: `with R=1, a read through ${r3} (cut off from ${r1} and ${r2}) should answer from ${r3}'s own copy, "old"; it answered ${describeOutcome(outcomes[1])}. Does your store honour R?`,
            ko: `R=1에서 (${r1}, ${r2} 서버와 끊긴) ${r3} 서버를 거친 읽기는 ${r3} 자신의 사본인 "old"로 답해야 합니다. 받은 답: ${describeOutcome(outcomes[1])}. 저장소가 R을 지키나요?`,
          }),
      );
      const verdict = checkLinearizability(cluster.history() as never, "kv");
      check(verdict.verdict === "ILLEGAL", () => says({ en: `the checker should find the stale read in this history, but said ${verdict.verdict}`, ko: `검사기가 이 히스토리에서 오래된 읽기를 찾아야 하는데 판정이 ${verdict.verdict}입니다` }));
    },
  },
  {
    name: "overlapping-quorums-see-acknowledged-writes",
    points: 3,
    visibility: "hidden",
    description: "with W=2 and R=2 (W+R > N) and one replica cut off, a read through any server sees the write acknowledged just before",
    descriptionIn: { ko: "W=2, R=2(W+R > N)이고 replica 하나가 끊겼을 때, 어느 서버를 거친 읽기든 바로 전에 확인된 쓰기를 본다" },
    seeds: 10,
    rules: ["overlapping-quorums"],
    run(ctx) {
      const cluster = kvCluster(ctx, {});
      const replicas = cluster.homeReplicas("x");
      const cut = ctx.rng.pick(replicas);
      cluster.sim.partition(`${cut}|${cluster.servers.filter((id) => id !== cut).join(",")}`);
      const writer = ctx.rng.pick(cluster.servers.filter((id) => id !== cut));
      const reader = ctx.rng.pick(cluster.servers.filter((id) => id !== cut));
      const outcomes = runScript(cluster, [{ f: "put", key: "x", value: "v1", via: writer }, { f: "get", key: "x", via: reader }]);
      checkEqual(outcomes.map(describeOutcome), ['put(x, "v1") -> ok', 'get(x) -> ["v1"]'], says({ en: `a put through ${writer} then a get through ${reader}, with replica ${cut} cut off`, ko: `replica ${cut} 서버가 끊긴 상태에서 ${writer} 서버를 거친 put, 이어서 ${reader} 서버를 거친 get` }));
    },
  },
  {
    name: "read-repair-repairs",
    points: 4,
    visibility: "hidden",
    description: "a replica that missed a write (cut off from the writer's coordinator for good) is updated by the next read through another server that reaches it (read repair writes the newest version back)",
    descriptionIn: { ko: "쓰기를 놓친 replica(쓰기를 맡은 coordinator와 계속 끊겨 있음)는 그 replica에 닿는 다른 서버를 거친 다음 읽기로 갱신된다(read repair가 가장 새로운 버전을 다시 써 넣는다)" },
    seeds: 3,
    rules: ["read-repair"],
    run(ctx) {
      const cluster = kvCluster(ctx, { antiEntropyIntervalMs: 0 });
      const { writer, reader, stale } = staleReplicaAfterPut(ctx, cluster);
      const [read] = runScript(cluster, [{ f: "get", key: "x", via: reader }]);
      checkEqual(read.values, ["fresh"], says({ en: `the read of x through ${reader}`, ko: `${reader} 서버를 거친 x 읽기` }));
      cluster.sim.runFor(500);
      check(
        valuesOn(cluster, stale, "x").includes("fresh"),
        () =>
          says({
            en: `read repair did not repair: after a read of x through ${reader} that saw "fresh" on ${writer} and ${reader} and nothing on ${stale}, replica ${stale} still holds ${JSON.stringify(valuesOn(cluster, stale, "x"))}. Replicas now: ${replicaState(cluster, "x").en}`,
            ko: `read repair가 고치지 못했습니다: ${reader} 서버를 거친 x 읽기가 ${writer}, ${reader} 서버에서 "fresh"를 보고 ${stale} 서버에서 아무것도 보지 못했는데, 그 뒤에도 replica ${stale}의 값은 여전히 ${JSON.stringify(valuesOn(cluster, stale, "x"))}입니다. 지금 replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
    },
  },
  {
    name: "anti-entropy-converges",
    points: 4,
    visibility: "hidden",
    description: "after faults heal, anti-entropy brings every replica of every key to the same versions, with no reads at all",
    descriptionIn: { ko: "장애가 복구된 뒤 anti-entropy는 읽기가 전혀 없어도 모든 키의 모든 replica를 같은 버전으로 맞춘다" },
    seeds: 10,
    timeoutMs: 20_000,
    rules: ["anti-entropy"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 1, readQuorum: 1, antiEntropyIntervalMs: 100 }, { dropRate: 0.05 });
      scheduleNemesis(cluster.sim, randomNemesis(ctx.seed, { servers: cluster.servers, startMs: 0, endMs: 1_500, intervalMsMin: 100, intervalMsMax: 300, kinds: ["partition", "isolate", "crash"] }));
      for (let c = 0; c < 3; c++) cluster.addClient((id) => randomScript(ctx.rng, { keys: ["a", "b", "c", "d"], operations: 20, putRate: 1, client: id }));
      runClients(cluster, 30_000);
      healAll(cluster.sim, { dropRate: 0 });
      cluster.sim.runFor(3_000);
      const divergence = cluster.divergence();
      check(divergence.length === 0, () => says({ en: `3 s after healing, replicas still disagree (anti-entropy every 100 ms should have fixed it): ${divergence.slice(0, 4).join(" / ")}`, ko: `복구하고 3 s가 지났는데도 replica들이 여전히 서로 다릅니다 (100 ms마다 도는 anti-entropy가 고쳤어야 합니다): ${divergence.slice(0, 4).join(" / ")}` }));
    },
  },
  {
    name: "acknowledged-writes-survive-crashes",
    points: 4,
    visibility: "hidden",
    description: "a write acknowledged with W=2 survives every server crashing and restarting at once (replicas store before they acknowledge)",
    descriptionIn: { ko: "W=2로 확인된 쓰기는 모든 서버가 한꺼번에 크래시했다가 재시작해도 살아남는다(replica는 확인하기 전에 저장한다)" },
    seeds: 10,
    rules: ["durable-before-ack"],
    run(ctx) {
      const cluster = kvCluster(ctx, { mode: "linearizable" });
      const id = cluster.addClient([{ f: "put", key: "x", value: "durable" }], { thinkMsMax: 0 });
      cluster.sim.runUntil(() => (cluster.sim.node(id) !== undefined && cluster.client(id).outcomes.length > 0), { timeoutMs: 5_000 });
      const [put] = cluster.client(id).outcomes;
      check(put?.result === "ok", () => says({ en: `the put was not acknowledged: ${put ? describeOutcome(put) : "no answer"}`, ko: `put이 확인되지 않았습니다: ${put ? describeOutcome(put) : "답 없음"}` }));
      for (const server of cluster.servers) cluster.sim.crash(server); // the very moment the client heard "ok"
      for (const server of cluster.servers) cluster.sim.restart(server);
      const [read] = runScript(cluster, [{ f: "get", key: "x" }]);
      check(
        read.result === "ok" && JSON.stringify(read.values) === '["durable"]',
        () =>
          says({
            en: `an acknowledged write was lost when every server crashed right after the acknowledgement: the read answered ${describeOutcome(read)}. Replicas: ${replicaState(cluster, "x").en}`,
            ko: `확인 직후 모든 서버가 크래시하자 확인된 쓰기를 잃었습니다. 읽기의 답: ${describeOutcome(read)}. replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
      cluster.sim.crash(cluster.homeReplicas("x")[2]);
      const [again] = runScript(cluster, [{ f: "get", key: "x", via: cluster.homeReplicas("x")[0] }]);
      checkEqual(again.values, ["durable"], says({ en: "a read with one of the three replicas down for good (R=2 still reachable)", ko: "replica 셋 중 하나가 계속 멈춰 있을 때의 읽기 (R=2는 여전히 닿음)" }));
    },
  },
  {
    name: "concurrent-writes-become-siblings",
    points: 4,
    visibility: "hidden",
    description: "with vector clocks, two concurrent puts through different coordinators are both kept (siblings), and a write with the merged context resolves them",
    descriptionIn: { ko: "벡터 시계에서는 서로 다른 coordinator를 거친 동시 put 둘이 모두 남고(sibling), 병합된 context로 쓰면 둘이 하나로 정리된다" },
    seeds: 10,
    rules: ["siblings", "context-resolves"],
    run(ctx) {
      const cluster = kvCluster(ctx, { versioning: "vector" });
      const [a, b] = cluster.homeReplicas("cart");
      cluster.addClient([{ f: "put", key: "cart", value: "milk", via: a }], { thinkMsMax: 0 });
      cluster.addClient([{ f: "put", key: "cart", value: "eggs", via: b }], { thinkMsMax: 0 });
      runClients(cluster, 5_000);
      cluster.sim.runFor(300);
      const outcomes = runScript(cluster, [
        { f: "get", key: "cart" },
        { f: "put", key: "cart", value: "eggs+milk", context: "last-read" },
        { f: "get", key: "cart" },
      ]);
      check(
        JSON.stringify([...(outcomes[0].values ?? [])].sort()) === '["eggs","milk"]',
        () =>
          says({
            en: `two concurrent writes with no context must both survive as siblings; the read returned ${describeOutcome(outcomes[0])}: one of the concurrent writes was silently lost. Replicas: ${replicaState(cluster, "cart").en}`,
            ko: `context 없는 동시 쓰기 둘은 모두 sibling으로 살아남아야 합니다. 읽기의 답: ${describeOutcome(outcomes[0])}. 동시 쓰기 하나가 소리 없이 사라졌습니다. replica들: ${replicaState(cluster, "cart").ko}`,
          }),
      );
      checkEqual(outcomes[2].values, ["eggs+milk"], says({ en: "a read after writing with the context of the read that saw both siblings", ko: "sibling 둘을 본 읽기의 context로 쓴 뒤의 읽기" }));
    },
  },
  {
    name: "hinted-handoff",
    points: 4,
    visibility: "hidden",
    description: "with hinted handoff and W=3, a write succeeds while a home replica is down (a fallback keeps a hint), and the hint reaches the replica when it returns",
    descriptionIn: { ko: "hinted handoff와 W=3에서는 home replica 하나가 멈춰 있어도 쓰기가 성공하고(대체 서버가 hint를 보관), 그 replica가 돌아오면 hint가 전달된다" },
    seeds: 10,
    rules: ["hinted-handoff"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 3, hintedHandoff: true, requestTimeoutMs: 400 });
      const down = cluster.homeReplicas("x")[1];
      cluster.sim.crash(down);
      const [put] = runScript(cluster, [{ f: "put", key: "x", value: "hinted", via: cluster.homeReplicas("x")[0] }]);
      check(put.result === "ok", () => says({ en: `with ${down} down and W=3, the write should succeed through a fallback (a sloppy quorum); the client got ${describeOutcome(put)}`, ko: `${down} 서버가 멈춰 있어도 W=3에서 쓰기는 대체 서버를 통해 성공해야 합니다 (sloppy quorum). 클라이언트가 받은 답: ${describeOutcome(put)}` }));
      const holders = cluster.servers.filter((id) => (cluster.sim.node<KVNodeApi>(id)?.pendingHints()[down] ?? []).includes("x"));
      check(holders.length > 0, () => says({ en: `no server holds a hint for ${down} about key x after the write`, ko: `쓰기 뒤 ${down} 서버에 전할 키 x의 hint를 가진 서버가 없습니다` }));
      cluster.sim.restart(down);
      cluster.sim.runFor(2_000);
      check(valuesOn(cluster, down, "x").includes("hinted"), () => says({ en: `2 s after ${down} came back, it still does not hold "hinted" (the hint at ${holders.join(", ")} was not delivered)`, ko: `${down} 서버가 돌아오고 2 s가 지났는데도 그 서버에 "hinted"가 없습니다 (${holders.join(", ")}에 있는 hint가 전달되지 않았습니다)` }));
      const leftover = cluster.servers.filter((id) => (cluster.sim.node<KVNodeApi>(id)?.pendingHints()[down] ?? []).length > 0);
      check(leftover.length === 0, () => says({ en: `after delivery, ${leftover.join(", ")} still hold hints for ${down}: drop a hint once its replica acknowledged it`, ko: `전달한 뒤에도 ${leftover.join(", ")}에 ${down} 서버를 위한 hint가 남아 있습니다. replica가 확인하면 hint를 버리세요` }));
    },
  },
  {
    name: "read-errors-without-quorum",
    points: 2,
    visibility: "hidden",
    description: "a read that cannot reach R replicas answers ClientError within the request timeout",
    descriptionIn: { ko: "replica R개에 닿지 못하는 읽기는 요청 timeout 안에 ClientError로 답한다" },
    rules: ["quorum-error-in-time", "read-quorum"],
    run(ctx) {
      const cluster = kvCluster(ctx, { requestTimeoutMs: 250 });
      const [first] = cluster.homeReplicas("x");
      cluster.sim.partition(`${first}|${cluster.servers.filter((id) => id !== first).join(",")}`);
      const [get] = runScript(cluster, [{ f: "get", key: "x", via: first }]);
      check(get.result === "error", () => says({ en: `a get through ${first}, cut off from the other replicas, should answer ClientError (1 of R=2); the client got ${describeOutcome(get)}`, ko: `다른 replica들과 끊긴 ${first} 서버를 거친 get은 ClientError로 답해야 합니다 (R=2 중 1개). 클라이언트가 받은 답: ${describeOutcome(get)}` }));
      if ((get.returnMs ?? Infinity) - get.callMs > 250 + 50) fail(says({ en: `the error came after ${((get.returnMs ?? 0) - get.callMs).toFixed(0)} ms; the request timeout is 250 ms`, ko: `오류가 ${((get.returnMs ?? 0) - get.callMs).toFixed(0)} ms 뒤에 왔습니다. 요청 timeout은 250 ms입니다` }));
    },
  },
];
