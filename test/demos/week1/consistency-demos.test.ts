import { expect } from "chai";
import fc from "fast-check";
import { checkCausalConsistency } from "../../../src/check/causal-consistency";
import { linearizability } from "../../../src/check/consistency-models";
import { describeConsistency, verdictWords, type ConsistencyResult } from "../../../src/check/consistency-result";
import { checkConvergence, checkReplicasAgree } from "../../../src/check/convergence";
import { historyToJson } from "../../../src/check/history";
import { checkSequentialConsistency } from "../../../src/check/sequential-consistency";
import { checkMonotonicReads, checkReadYourWrites } from "../../../src/check/session-guarantees";
import type { Step } from "../../../src/demos/week1/consistency-client";
import { randomWorkload, runLeaderFollower, runMultiLeader, type ReadRoute } from "../../../src/demos/week1/consistency-scenarios";

const verdict = (result: ConsistencyResult, expected: ConsistencyResult["verdict"]) => expect(result.verdict, describeConsistency(result)).to.equal(expected);

const placeOrder: Step[][] = [[{ f: "put", key: "orders", value: "#1001" }, { f: "pause", ms: 100 }, { f: "get", key: "orders" }]];
const twoWritesManyReads: Step[][] = [
  [{ f: "put", key: "x", value: 1 }, { f: "pause", ms: 500 }, { f: "put", key: "x", value: 2 }],
  [{ f: "pause", ms: 2500 }, ...Array.from({ length: 8 }, (): Step[] => [{ f: "get", key: "x" }, { f: "pause", ms: 400 }]).flat()],
];

describe("demos: replicated stores for the consistency models (src/demos/week1/consistency-*.ts)", () => {
  it("August: a follower 2-5 s behind loses the customer's own order; a session token finds it", () => {
    const lagging = runLeaderFollower({ seed: 8, reads: "sticky-follower", scripts: placeOrder });
    const ryw = checkReadYourWrites(lagging.history, "kv");
    verdict(ryw, "ILLEGAL");
    expect(verdictWords(ryw)).to.match(/^c1 read orders=nil at t=[\d.]+ after its own put\(orders, "#1001"\) at t=[\d.]+: read-your-writes broken$/);
    verdict(checkReadYourWrites(runLeaderFollower({ seed: 8, reads: "session", scripts: placeOrder }).history, "kv"), "OK");
  });

  it("reads from any follower can go back in time; reads pinned to one follower cannot", () => {
    const balanced = runLeaderFollower({ seed: 3, reads: "any-follower", scripts: twoWritesManyReads });
    const mr = checkMonotonicReads(balanced.history, "kv");
    verdict(mr, "ILLEGAL");
    expect(verdictWords(mr)).to.include("c2 read x=1").and.to.include("after reading x=2").and.to.include("monotonic reads broken");
    verdict(checkMonotonicReads(runLeaderFollower({ seed: 3, reads: "sticky-follower", scripts: twoWritesManyReads }).history, "kv"), "OK");
  });

  it("over random workloads, each read route keeps its models, and every route converges once writes stop", () => {
    const expected: Record<ReadRoute, ((history: Parameters<typeof linearizability>[0]) => ConsistencyResult)[]> = {
      leader: [(h) => linearizability(h, "kv")],
      session: [(h) => checkSequentialConsistency(h, "kv"), (h) => checkCausalConsistency(h, "kv"), (h) => checkReadYourWrites(h, "kv"), (h) => checkMonotonicReads(h, "kv")],
      "sticky-follower": [(h) => checkMonotonicReads(h, "kv")],
      "any-follower": [],
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 4 }), (seed, clients) => {
        const scripts = randomWorkload(seed, { clients, operations: 10, keys: ["x", "y"], thinkMsMax: 600, finalReadsAfterMs: 6000 });
        for (const reads of Object.keys(expected) as ReadRoute[]) {
          const run = runLeaderFollower({ seed, reads, scripts });
          for (const check of expected[reads]) verdict(check(run.history), "OK");
          verdict(checkConvergence(run.history, "kv", { quietMs: 5500 }), "OK");
          verdict(checkReplicasAgree(run.replicas), "OK");
        }
      }),
      { numRuns: 40 },
    );
  });

  it("two leaders: applying writes as they arrive leaves the replicas apart forever; last-writer-wins converges", () => {
    const writeThenRead = (value: string): Step[] => [{ f: "put", key: "cart", value }, { f: "get", key: "cart" }, { f: "pause", ms: 1000 }, { f: "get", key: "cart" }];
    const run = (conflictRule: "last-arrival" | "last-writer-wins") =>
      runMultiLeader({ seed: 5, conflictRule, replicationLagMsMin: 100, replicationLagMsMax: 500, clients: [{ home: "n1", script: writeThenRead("milk") }, { home: "n2", script: writeThenRead("eggs") }] });
    const apart = run("last-arrival");
    verdict(checkConvergence(apart.history, "kv", { quietMs: 600 }), "ILLEGAL");
    verdict(checkReplicasAgree(apart.replicas), "ILLEGAL");
    verdict(checkCausalConsistency(apart.history, "kv"), "OK");
    const lww = run("last-writer-wins");
    verdict(checkConvergence(lww.history, "kv", { quietMs: 600 }), "OK");
    verdict(checkReplicasAgree(lww.replicas), "OK");
  });

  it("with the leader cut off, reads from the leader go unanswered while reads from followers are answered", () => {
    const scripts = randomWorkload(4, { clients: 3, operations: 30, keys: ["x", "y"], putRate: 0.4, thinkMsMax: 500, finalReadsAfterMs: 6000 });
    const cutOff = (reads: ReadRoute) =>
      runLeaderFollower({ seed: 4, reads, scripts, setup: (sim) => { sim.at(1500, "cut the leader off", () => sim.isolate("n1")); sim.at(7500, "heal", () => sim.heal()); } }).history.operations;
    const unansweredReads = (reads: ReadRoute) => cutOff(reads).filter((op) => (op.input as { f: string }).f === "get" && op.status === "info").length;
    expect(unansweredReads("leader")).to.be.greaterThan(0);
    expect(unansweredReads("any-follower")).to.equal(0);
  });

  it("the same seed gives the same history; another seed another", () => {
    const scripts = randomWorkload(11, { clients: 3, operations: 8, keys: ["x"] });
    const text = (seed: number) => historyToJson(runLeaderFollower({ seed, reads: "any-follower", scripts }).history);
    expect(text(11)).to.equal(text(11));
    expect(text(11)).to.not.equal(text(12));
  });

  it("random workloads write a value of their own every time, and end with final reads of every key", () => {
    const scripts = randomWorkload(2, { clients: 3, operations: 20, keys: ["x", "y"], putRate: 0.7, finalReadsAfterMs: 100 });
    const values = scripts.flat().flatMap((step) => (step.f === "put" ? [step.value] : []));
    expect(new Set(values).size).to.equal(values.length);
    for (const script of scripts) expect(script.slice(-3)).to.deep.equal([{ f: "pause", ms: 100 }, { f: "get", key: "x" }, { f: "get", key: "y" }]);
  });
});
