import { expect } from "chai";
import { checkLinearizability, describeResult } from "../../src/check/linearizability";
import { readFixtureCases } from "./fixtures";
import { parseHistoryText } from "./history-text";

const cases = readFixtureCases("classics.md");

describe("check: classic histories with known verdicts (test/fixtures/histories/classics.md)", () => {
  it("the fixture file has cases of every verdict the classics need", () => {
    const verdicts = new Set(cases.map((c) => c.facts.verdict));
    expect(cases.length).to.be.greaterThan(20);
    expect([...verdicts].sort()).to.deep.equal(["ILLEGAL", "OK"]);
  });

  for (const fixture of cases) {
    for (const shapeScan of [true, false]) {
      it(`${fixture.name} -> ${fixture.facts.verdict}${shapeScan ? "" : " (search alone)"}`, () => {
        const history = parseHistoryText(fixture.blocks.history);
        const result = checkLinearizability(history, fixture.facts.model, { shapeScan });
        expect(result.verdict, describeResult(result)).to.equal(fixture.facts.verdict);
        if (result.verdict !== "ILLEGAL" || !shapeScan) return;
        for (const words of (fixture.facts.words ?? "").split("|").map((w) => w.trim()).filter(Boolean)) {
          expect(result.explanation).to.include(words);
        }
        expect(result.core.length, "the core names the operations involved").to.be.greaterThan(0);
      });
    }
  }
});
