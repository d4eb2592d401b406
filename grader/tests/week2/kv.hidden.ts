/**
 * Week 2, key-value store: hidden tests. Linearizability under faults, stale reads with weak
 * quorums, read repair, anti-entropy, durability, siblings, hinted handoff.
 */
import { healAll, randomNemesis, scheduleNemesis } from "../../../src/sim";
import { randomScript } from "../../../src/kv/cluster";
import { check, checkEqual, fail, type GradedTest } from "../../api";
import { cutBothWays, describeOutcome, kvCluster, replicaState, requireLinearizable, runClients, runScript, valuesOn } from "./kv-helpers";
import { checkLinearizability } from "../../../src/check/linearizability";
import type { KVNodeApi } from "../../../src/contracts/kv";

const FAULTS = ["partition", "isolate", "crash", "network"] as const;

export const tests: GradedTest[] = [
  {
    name: "linearizable-quiet",
    points: 3,
    visibility: "hidden",
    description: "linearizable mode, N=3 W=2 R=2, four clients on two keys, no faults: the history passes the linearizability checker",
    seeds: 10,
    rules: ["linearizable-histories"],
    run(ctx) {
      const cluster = kvCluster(ctx, { mode: "linearizable", versioning: "lww" });
      for (let c = 0; c < 4; c++) cluster.addClient((id) => randomScript(ctx.rng, { keys: ["x", "y"], operations: 25, putRate: 0.5, client: id }));
      runClients(cluster, 30_000);
      requireLinearizable(ctx, cluster, "with no faults");
    },
  },
  {
    name: "linearizable-under-faults",
    points: 6,
    visibility: "hidden",
    description: "linearizable mode under partitions, crashes, loss and duplication: the history stays linearizable, and the store works again after healing",
    seeds: 10,
    timeoutMs: 20_000,
    rules: ["linearizable-histories", "distinct-replicas"],
    run(ctx) {
      const cluster = kvCluster(ctx, { mode: "linearizable", versioning: "lww" }, { dropRate: 0.05, duplicateRate: 0.05, duplicatesMax: 2 });
      const nemesis = randomNemesis(ctx.seed, { servers: cluster.servers, startMs: 50, endMs: 2_000, intervalMsMin: 100, intervalMsMax: 300, kinds: [...FAULTS] });
      scheduleNemesis(cluster.sim, nemesis);
      for (let c = 0; c < 4; c++) cluster.addClient((id) => randomScript(ctx.rng, { keys: ["x", "y"], operations: 30, putRate: 0.5, client: id }));
      runClients(cluster, 60_000);
      requireLinearizable(ctx, cluster, "under faults");
      healAll(cluster.sim, { dropRate: 0, duplicateRate: 0 });
      cluster.sim.runFor(500);
      const outcomes = runScript(cluster, [{ f: "put", key: "x", value: "after-heal" }, { f: "get", key: "x" }]);
      checkEqual(outcomes.map(describeOutcome), ['put(x, "after-heal") -> ok', 'get(x) -> ["after-heal"]'], "a put and a get after every fault was healed");
    },
  },
  {
    name: "weak-quorums-read-stale",
    points: 3,
    visibility: "hidden",
    description: "with W=1 and R=1 (W+R <= N) a read through a cut-off replica answers from that replica alone and returns the old value: the checker calls it a stale read",
    rules: ["read-quorum"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 1, readQuorum: 1 });
      const [r1, r2, r3] = cluster.homeReplicas("x");
      runScript(cluster, [{ f: "put", key: "x", value: "old", via: r1 }]);
      cluster.sim.runFor(200); // every replica has "old"
      cluster.sim.partition(`${r3}|${cluster.servers.filter((id) => id !== r3).join(",")}`);
      const outcomes = runScript(cluster, [{ f: "put", key: "x", value: "new", via: r1 }, { f: "get", key: "x", via: r3 }]);
      check(outcomes[0].result === "ok", () => `put(x, "new") through ${r1} with W=1 should succeed while only ${r3} is cut off; got ${describeOutcome(outcomes[0])}`);
      check(
        outcomes[1].result === "ok" && JSON.stringify(outcomes[1].values) === '["old"]',
        () => `with R=1, a read through ${r3} (cut off from ${r1} and ${r2}) should answer from ${r3}'s own copy, "old"; it answered ${describeOutcome(outcomes[1])}. Does your store honour R?`,
      );
      const verdict = checkLinearizability(cluster.history() as never, "kv");
      check(verdict.verdict === "ILLEGAL", () => `the checker should find the stale read in this history, but said ${verdict.verdict}`);
    },
  },
  {
    name: "overlapping-quorums-see-acknowledged-writes",
    points: 3,
    visibility: "hidden",
    description: "with W=2 and R=2 (W+R > N) and one replica cut off, a read through any server sees the write acknowledged just before",
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
      checkEqual(outcomes.map(describeOutcome), ['put(x, "v1") -> ok', 'get(x) -> ["v1"]'], `a put through ${writer} then a get through ${reader}, with replica ${cut} cut off`);
    },
  },
  {
    name: "read-repair-repairs",
    points: 4,
    visibility: "hidden",
    description: "a replica that missed a write (cut off from the writer's coordinator for good) is updated by the next read through another server that reaches it (read repair writes the newest version back)",
    seeds: 3,
    rules: ["read-repair"],
    run(ctx) {
      const cluster = kvCluster(ctx, { antiEntropyIntervalMs: 0 });
      const replicas = cluster.homeReplicas("x");
      const [writer, reader, stale] = replicas;
      // Cut for the whole test: a store that keeps re-sending the write until every replica
      // acknowledged (allowed) still cannot reach the stale replica through the writer.
      cutBothWays(cluster, writer, stale);
      const [put] = runScript(cluster, [{ f: "put", key: "x", value: "fresh", via: writer }]);
      check(put.result === "ok", () => `put(x, "fresh") through ${writer}, which reaches ${reader} (W=2), answered ${describeOutcome(put)}`);
      cluster.sim.runFor(300);
      ctx.premise(!valuesOn(cluster, stale, "x").includes("fresh"), () => `${stale} got the write without any read, although it is cut off from the writer ${writer}: ${replicaState(cluster, "x")}`);
      const [read] = runScript(cluster, [{ f: "get", key: "x", via: reader }]);
      checkEqual(read.values, ["fresh"], `the read of x through ${reader}`);
      cluster.sim.runFor(500);
      check(
        valuesOn(cluster, stale, "x").includes("fresh"),
        () => `read repair did not repair: after a read of x through ${reader} that saw "fresh" on ${writer} and ${reader} and nothing on ${stale}, replica ${stale} still holds ${JSON.stringify(valuesOn(cluster, stale, "x"))}. Replicas now: ${replicaState(cluster, "x")}`,
      );
    },
  },
  {
    name: "anti-entropy-converges",
    points: 4,
    visibility: "hidden",
    description: "after faults heal, anti-entropy brings every replica of every key to the same versions, with no reads at all",
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
      check(divergence.length === 0, () => `3 s after healing, replicas still disagree (anti-entropy every 100 ms should have fixed it): ${divergence.slice(0, 4).join(" / ")}`);
    },
  },
  {
    name: "acknowledged-writes-survive-crashes",
    points: 4,
    visibility: "hidden",
    description: "a write acknowledged with W=2 survives every server crashing and restarting at once (replicas store before they acknowledge)",
    seeds: 10,
    rules: ["durable-before-ack"],
    run(ctx) {
      const cluster = kvCluster(ctx, { mode: "linearizable" });
      const id = cluster.addClient([{ f: "put", key: "x", value: "durable" }], { thinkMsMax: 0 });
      cluster.sim.runUntil(() => (cluster.sim.node(id) !== undefined && cluster.client(id).outcomes.length > 0), { timeoutMs: 5_000 });
      const [put] = cluster.client(id).outcomes;
      check(put?.result === "ok", () => `the put was not acknowledged: ${put ? describeOutcome(put) : "no answer"}`);
      for (const server of cluster.servers) cluster.sim.crash(server); // the very moment the client heard "ok"
      for (const server of cluster.servers) cluster.sim.restart(server);
      const [read] = runScript(cluster, [{ f: "get", key: "x" }]);
      check(
        read.result === "ok" && JSON.stringify(read.values) === '["durable"]',
        () => `an acknowledged write was lost when every server crashed right after the acknowledgement: the read answered ${describeOutcome(read)}. Replicas: ${replicaState(cluster, "x")}`,
      );
      cluster.sim.crash(cluster.homeReplicas("x")[2]);
      const [again] = runScript(cluster, [{ f: "get", key: "x", via: cluster.homeReplicas("x")[0] }]);
      checkEqual(again.values, ["durable"], "a read with one of the three replicas down for good (R=2 still reachable)");
    },
  },
  {
    name: "concurrent-writes-become-siblings",
    points: 4,
    visibility: "hidden",
    description: "with vector clocks, two concurrent puts through different coordinators are both kept (siblings), and a write with the merged context resolves them",
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
        () => `two concurrent writes with no context must both survive as siblings; the read returned ${describeOutcome(outcomes[0])}: one of the concurrent writes was silently lost. Replicas: ${replicaState(cluster, "cart")}`,
      );
      checkEqual(outcomes[2].values, ["eggs+milk"], "a read after writing with the context of the read that saw both siblings");
    },
  },
  {
    name: "hinted-handoff",
    points: 4,
    visibility: "hidden",
    description: "with hinted handoff and W=3, a write succeeds while a home replica is down (a fallback keeps a hint), and the hint reaches the replica when it returns",
    seeds: 10,
    rules: ["hinted-handoff"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 3, hintedHandoff: true, requestTimeoutMs: 400 });
      const down = cluster.homeReplicas("x")[1];
      cluster.sim.crash(down);
      const [put] = runScript(cluster, [{ f: "put", key: "x", value: "hinted", via: cluster.homeReplicas("x")[0] }]);
      check(put.result === "ok", () => `with ${down} down and W=3, the write should succeed through a fallback (a sloppy quorum); the client got ${describeOutcome(put)}`);
      const holders = cluster.servers.filter((id) => (cluster.sim.node<KVNodeApi>(id)?.pendingHints()[down] ?? []).includes("x"));
      check(holders.length > 0, () => `no server holds a hint for ${down} about key x after the write`);
      cluster.sim.restart(down);
      cluster.sim.runFor(2_000);
      check(valuesOn(cluster, down, "x").includes("hinted"), () => `2 s after ${down} came back, it still does not hold "hinted" (the hint at ${holders.join(", ")} was not delivered)`);
      const leftover = cluster.servers.filter((id) => (cluster.sim.node<KVNodeApi>(id)?.pendingHints()[down] ?? []).length > 0);
      check(leftover.length === 0, () => `after delivery, ${leftover.join(", ")} still hold hints for ${down}: drop a hint once its replica acknowledged it`);
    },
  },
  {
    name: "read-errors-without-quorum",
    points: 2,
    visibility: "hidden",
    description: "a read that cannot reach R replicas answers ClientError within the request timeout",
    rules: ["quorum-error-in-time", "read-quorum"],
    run(ctx) {
      const cluster = kvCluster(ctx, { requestTimeoutMs: 250 });
      const [first] = cluster.homeReplicas("x");
      cluster.sim.partition(`${first}|${cluster.servers.filter((id) => id !== first).join(",")}`);
      const [get] = runScript(cluster, [{ f: "get", key: "x", via: first }]);
      check(get.result === "error", () => `a get through ${first}, cut off from the other replicas, should answer ClientError (1 of R=2); the client got ${describeOutcome(get)}`);
      if ((get.returnMs ?? Infinity) - get.callMs > 250 + 50) fail(`the error came after ${((get.returnMs ?? 0) - get.callMs).toFixed(0)} ms; the request timeout is 250 ms`);
    },
  },
];
