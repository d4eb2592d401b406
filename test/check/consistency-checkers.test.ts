import { expect } from "chai";
import { checkCausalConsistency } from "../../src/check/causal-consistency";
import { checkEveryModel, everyModelTable, verdictMarkdown, verdictMatrix } from "../../src/check/consistency-models";
import { describeConsistency } from "../../src/check/consistency-result";
import { checkConvergence, checkReplicasAgree } from "../../src/check/convergence";
import { historyOf, get, nil, put, read, write } from "../../src/check/history-builder";
import { ILLEGAL } from "../../src/check/model";
import { kvModel } from "../../src/check/models";
import { checkSequentialConsistency } from "../../src/check/sequential-consistency";
import { checkMonotonicReads, checkReadYourWrites } from "../../src/check/session-guarantees";
import { parseHistoryText } from "./history-text";

const eachMisses = [
  ["c1", put("x", 1), 0, 10],
  ["c1", get("y", nil), 20, 30],
  ["c2", put("y", 1), 0, 10],
  ["c2", get("x", nil), 20, 30],
] as const;

describe("check: consistency checkers, details", () => {
  it("historyOf builds answered and unanswered operations numbered in order", () => {
    const history = historyOf([["c1", write(1), 0, null], ["c2", read(1), 5, 9]]);
    expect(history.operations).to.deep.equal([
      { id: 0, client: "c1", input: { f: "write", value: 1 }, status: "info", callMs: 0, returnMs: null },
      { id: 1, client: "c2", input: { f: "read" }, status: "ok", callMs: 5, returnMs: 9, output: 1 },
    ]);
  });

  it("a sequential witness keeps every client's order and replays legally", () => {
    const history = historyOf([["c1", put("x", 1), 0, 10], ["c2", get("x", 1), 5, 15], ["c1", put("x", 2), 20, 30], ["c2", get("x", 2), 40, 50], ["c3", get("x", nil), 60, 70]]);
    const result = checkSequentialConsistency(history, "kv");
    expect(result.verdict).to.equal("OK");
    const witness = result.verdict === "OK" ? (result.witness ?? []) : [];
    expect(witness.map((op) => op.id)).to.have.members([0, 1, 2, 3, 4]);
    for (const client of ["c1", "c2"]) {
      const ids = witness.filter((op) => op.client === client).map((op) => op.id);
      expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    }
    let state: unknown = null; // every operation is on key x: one cell
    for (const op of witness) {
      state = kvModel.step(state as null, op.input as never, op.output);
      expect(state, `after ${op.id}`).to.not.equal(ILLEGAL);
    }
  });

  it("an unanswered write may be left out of the sequential order, and the summary says so", () => {
    const result = checkSequentialConsistency(historyOf([["c1", write(1), 0, null], ["c2", read(nil), 10, 20]]), "register");
    expect(describeConsistency(result)).to.include("1 unanswered write left out: it may never have happened");
  });

  it("a client's overlapping operations are not ordered: either order will do", () => {
    const overlapping = historyOf([["c1", put("x", 1), 0, 20], ["c1", get("x", nil), 5, 15]]);
    expect(checkSequentialConsistency(overlapping, "kv").verdict).to.equal("OK");
    expect(checkCausalConsistency(overlapping, "kv").verdict).to.equal("OK");
    expect(checkReadYourWrites(overlapping, "kv").verdict).to.equal("OK");
  });

  it("the core of a broken history leaves out operations that do not matter", () => {
    const noise = [["c3", put("z", 7), 0, 5], ["c3", get("z", 7), 10, 15], ["c1", get("z", 7), 40, 50]] as const;
    const result = checkSequentialConsistency(historyOf([...eachMisses, ...noise]), "kv");
    expect(result.verdict).to.equal("ILLEGAL");
    expect(result.verdict === "ILLEGAL" && result.core.map((op) => op.id).sort()).to.deep.equal([0, 1, 2, 3]);
  });

  it("the causal and session checkers refuse operations that are neither reads nor writes", () => {
    const withCas = parseHistoryText("c1  write(1)  0..10\nc2  cas(1, 2) -> true  20..30");
    for (const check of [checkCausalConsistency, checkReadYourWrites, checkMonotonicReads]) {
      expect(() => check(withCas, "cas-register")).to.throw(/cas\(1, 2\) -> true by c2\) is neither a read nor a write; the .* checker understands reads and writes only/);
    }
    expect(checkSequentialConsistency(withCas, "cas-register").verdict).to.equal("OK");
  });

  it("final reads that disagree prove non-convergence even when written values repeat", () => {
    const history = parseHistoryText("c1  write(1)  0..10\nc2  write(1)  0..10\nc3  write(2)  0..10\nc1  read() -> 1  100..110\nc3  read() -> 2  100..110");
    const result = checkConvergence(history, "register", { quietMs: 50 });
    expect(result.verdict).to.equal("ILLEGAL");
    expect(describeConsistency(result)).to.include("c1 read 1 at t=100 but c3 read 2 at t=100");
  });

  it("replica states: agreement, and the first key two replicas disagree on", () => {
    expect(checkReplicasAgree([{ name: "n1", values: { x: 1 } }, { name: "n2", values: { x: 1 } }]).verdict).to.equal("OK");
    const apart = checkReplicasAgree([{ name: "n1", values: { x: 1, y: "a" } }, { name: "n2", values: { x: 1 } }]);
    expect(describeConsistency(apart)).to.equal('not eventually consistent: n1 holds y="a" but n2 holds y=nil: the replicas did not converge');
  });

  it("every model is checked, strongest first, and the tables say yes, no or unknown", () => {
    const results = checkEveryModel(historyOf([...eachMisses]), "kv", { quietMs: 1000 });
    expect(results.map((result) => result.guarantee)).to.deep.equal(["linearizable", "sequentially consistent", "causally consistent", "read-your-writes", "monotonic reads", "eventually consistent"]);
    expect(results.map((result) => result.verdict)).to.deep.equal(["ILLEGAL", "ILLEGAL", "OK", "OK", "OK", "UNKNOWN"]);
    const table = everyModelTable(results).split("\n");
    expect(table).to.have.length(8);
    expect(table[3]).to.match(/^\| sequentially consistent \| ✗ no \| no single order of these 4 operations .*<br>c1: put\(x, 1\); get\(y\) -> nil<br>c2: .* \|$/);
    expect(verdictMatrix([{ name: "each misses", results }]).split("\n")[2]).to.equal("| each misses | ✗ no | ✗ no | ✓ yes | ✓ yes | ✓ yes | ? unknown |");
    expect(verdictMarkdown(results[1])).to.match(/^✗ \*\*sequentially consistent\*\*: no single order[^\n]*\n\n```\n {2}c1: put\(x, 1\); get\(y\) -> nil\n {2}c2: put\(y, 1\); get\(x\) -> nil\n```$/);
  });
});
