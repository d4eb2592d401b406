import { expect } from "chai";
import { checkLog, describeLogVerdict, type LogHistory } from "../../src/check/log-checker";

const LOG = { "t/0": ["a", "b", "c", "d"] };

function history(polls: [string, string, number][], sends: [number, string][] = [[0, "a"], [1, "b"], [2, "c"], [3, "d"]], log: LogHistory["log"] = LOG): LogHistory {
  return {
    sends: sends.map(([offset, value], t) => ({ topicPartition: "t/0", offset, value, t })),
    polls: polls.map(([consumer, session, offset], t) => ({ consumer, session, topicPartition: "t/0", offset, value: log["t/0"][offset] ?? "?", t })),
    log,
  };
}

function rules(h: LogHistory): string[] {
  const verdict = checkLog(h);
  return verdict.verdict === "ILLEGAL" ? verdict.anomalies.map((a) => a.rule) : [verdict.verdict];
}

describe("log checker", () => {
  it("passes a run where every confirmed write was read in order", () => {
    expect(rules(history([["c1", "s1", 0], ["c1", "s1", 1], ["c1", "s1", 2], ["c1", "s1", 3]]))).to.deep.equal(["OK"]);
  });

  it("allows going back at a new session (restart, rebalance, seek), and only there", () => {
    expect(rules(history([["c1", "s1", 0], ["c1", "s1", 1], ["c1", "s2", 0], ["c1", "s2", 1], ["c1", "s2", 2], ["c1", "s2", 3]]))).to.deep.equal(["OK"]);
    expect(rules(history([["c1", "s1", 0], ["c1", "s1", 1], ["c1", "s1", 0], ["c1", "s1", 1], ["c1", "s1", 2], ["c1", "s1", 3]]))).to.deep.equal(["non-monotonic-poll"]);
  });

  it("names a skipped offset with the consumer and the offsets it missed", () => {
    const verdict = checkLog(history([["c1", "s1", 0], ["c1", "s1", 2], ["c1", "s1", 3], ["c2", "s9", 1]]));
    expect(verdict.verdict).to.equal("ILLEGAL");
    expect(describeLogVerdict(verdict)).to.equal("[skipped-offset] c1 read t/0 offset 0, then offset 2 (t=1ms): offset(s) 1..1 were never handed to it");
  });

  it("names a confirmed write the log lost, and one nobody read although a later offset was read", () => {
    expect(rules(history([["c1", "s1", 0]], [[0, "a"], [5, "z"]]))).to.deep.equal(["lost-write"]);
    expect(rules(history([["c1", "s1", 0], ["c2", "s1", 2], ["c2", "s1", 3]], [[0, "a"], [1, "b"]]))).to.deep.equal(["lost-write"]);
  });

  it("names inconsistent offsets and duplicates", () => {
    expect(rules(history([], [[1, "x"]]))).to.deep.equal(["inconsistent-offset"]);
    expect(rules(history([], [[0, "a"]], { "t/0": ["a", "a"] }))).to.deep.equal(["duplicate"]);
    expect(checkLog(history([], [[0, "a"]], { "t/0": ["a", "a"] }), { allow: ["duplicate"] }).verdict).to.equal("OK");
  });

  it("is UNKNOWN when nothing was confirmed or read", () => {
    expect(rules(history([], []))).to.deep.equal(["UNKNOWN"]);
  });
});
