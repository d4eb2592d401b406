import { expect } from "chai";
import { generateHistory } from "../../src/check/history-generator";
import { checkLinearizability, describeResult } from "../../src/check/linearizability";

describe("check: budgets and the UNKNOWN verdict", () => {
  const history = generateHistory({ seed: 3, operations: 400, clients: 20 });

  it("a step budget too small gives UNKNOWN, which says it is not a pass, deterministically", () => {
    const first = checkLinearizability(history, "register", { stepBudget: 50 });
    const second = checkLinearizability(history, "register", { stepBudget: 50 });
    expect(first.verdict).to.equal("UNKNOWN");
    expect(first).to.deep.equal(second);
    expect(describeResult(first)).to.match(/^unknown, which is not a pass: the step budget \(stepBudget = 50\) ran out/);
    expect(first.verdict === "UNKNOWN" && first.unknownParts).to.deep.equal([""]);
  });

  it("a time budget of zero gives UNKNOWN, never OK", () => {
    expect(checkLinearizability(history, "register", { timeBudgetMs: 0 }).verdict).to.equal("UNKNOWN");
  });

  it("with enough budget the same history is OK, and the steps counted stay under the budget", () => {
    const result = checkLinearizability(history, "register", { stepBudget: 1_000_000 });
    expect(result.verdict).to.equal("OK");
    expect(result.steps).to.be.greaterThan(0).and.at.most(1_000_000);
  });

  it("an ILLEGAL key wins over an UNKNOWN one, and UNKNOWN names the keys it could not decide", () => {
    const kv = generateHistory({ seed: 4, operations: 300, clients: 10, model: "kv", keys: 2, appends: false });
    const broken = kv.operations.map((op) => ({ ...op }));
    const read = broken.find((op) => op.status === "ok" && (op.input as { f: string; key: string }).f === "get" && (op.input as { key: string }).key === "k2");
    (read as { output: unknown }).output = "never written";
    const result = checkLinearizability({ operations: broken }, "kv", { stepBudget: 2_000 });
    expect(result.verdict, describeResult(result)).to.equal("ILLEGAL");
    const tight = checkLinearizability(kv, "kv", { stepBudget: 10 });
    expect(tight.verdict === "UNKNOWN" && tight.unknownParts).to.deep.equal(["k1", "k2"]);
  });
});
