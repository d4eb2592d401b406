import { expect } from "chai";
import { checkCausalConsistency } from "../../src/check/causal-consistency";
import { linearizability } from "../../src/check/consistency-models";
import { describeConsistency, verdictWords, type ConsistencyResult } from "../../src/check/consistency-result";
import { checkConvergence } from "../../src/check/convergence";
import type { History } from "../../src/check/history";
import { checkSequentialConsistency } from "../../src/check/sequential-consistency";
import { checkMonotonicReads, checkReadYourWrites } from "../../src/check/session-guarantees";
import { readFixtureCases } from "./fixtures";
import { parseHistoryText } from "./history-text";

const cases = readFixtureCases("consistency-models.md");

/** Each fixture fact names a model; each model its checker. */
const CHECKERS: Record<string, (history: History, model: string, quietMs: number) => ConsistencyResult> = {
  linearizable: (history, model) => linearizability(history, model),
  sequential: (history, model) => checkSequentialConsistency(history, model),
  causal: (history, model) => checkCausalConsistency(history, model),
  ryw: (history, model) => checkReadYourWrites(history, model),
  mr: (history, model) => checkMonotonicReads(history, model),
  eventual: (history, model, quietMs) => checkConvergence(history, model, { quietMs }),
};

describe("check: consistency models on histories with known verdicts (test/fixtures/histories/consistency-models.md)", () => {
  it("every case states a verdict for every model, and the cases use all three verdicts", () => {
    expect(cases.length).to.be.greaterThan(15);
    for (const fixture of cases) expect(Object.keys(CHECKERS).filter((name) => !fixture.facts[name]), fixture.name).to.deep.equal([]);
    expect(new Set(cases.flatMap((fixture) => Object.keys(CHECKERS).map((name) => fixture.facts[name])))).to.have.keys("OK", "ILLEGAL", "UNKNOWN");
  });

  for (const fixture of cases) {
    describe(fixture.name, () => {
      const history = parseHistoryText(fixture.blocks.history);
      for (const [name, check] of Object.entries(CHECKERS)) {
        it(`${name} -> ${fixture.facts[name]}`, () => {
          const result = check(history, fixture.facts.model, Number(fixture.facts.quietMs));
          expect(result.verdict, describeConsistency(result)).to.equal(fixture.facts[name]);
          for (const words of (fixture.facts[`${name}_words`] ?? "").split("|").map((w) => w.trim()).filter(Boolean)) {
            expect(verdictWords(result)).to.include(words);
          }
          if (result.verdict === "ILLEGAL" && name !== "linearizable") expect(result.core.length, "the core names the operations involved").to.be.greaterThan(0);
        });
      }
    });
  }
});
