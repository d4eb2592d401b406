/**
 * Notebook 16's banks that read without the log, under Jepsen's bank test: reads from followers
 * are stale with no fault at all; a lease timed on wall clocks holds while clocks agree and gives
 * stale reads once a clock is bumped and the leader is cut off.
 */
import { expect } from "chai";
import { DEFAULT_BANK_TEST, runBankTest } from "../../src/jepsen/bank-test";
import { LOCAL_READ_BANKS } from "../../src/demos/week4/local-reads";
import { RaftNode } from "../../solutions/week1/raft";
import { BankServer } from "../../solutions/week4/bank";

const anomalies = (verdict: ReturnType<typeof runBankTest>["verdict"]) => (verdict.valid === false ? verdict.anomalies.map((a) => a.kind) : verdict);

describe("jepsen: banks that read without the log", function () {
  this.timeout(60_000);

  it("reads from followers: non-linearizable without any fault", () => {
    const run = runBankTest({ ...DEFAULT_BANK_TEST, seed: 1, store: LOCAL_READ_BANKS.followerReads(RaftNode, BankServer), timeLimitS: 10, nemeses: [] });
    expect(anomalies(run.verdict)).to.deep.equal(["non-linearizable"]);
  });

  it("a wall-clock lease: valid while clocks agree, a non-linearizable read once a bumped leader is cut off", () => {
    const lease = { ...DEFAULT_BANK_TEST, store: LOCAL_READ_BANKS.wallClockLease(RaftNode, BankServer), timeLimitS: 30, nemesisIntervalS: 3 };
    const agreeing = runBankTest({ ...lease, seed: 4, nemeses: ["isolate", "partition-random-halves"] });
    expect(agreeing.verdict.valid, JSON.stringify(agreeing.verdict).slice(0, 400)).to.equal(true);
    const bumped = runBankTest({ ...lease, seed: 4, nemeses: ["clock-bump", "isolate"] });
    expect(anomalies(bumped.verdict)).to.deep.equal(["non-linearizable"]);
  });
});
