/** The shrink's step budget: whatever it is, the core it reports fails, and it says when it may not be minimal. */
import { expect } from "chai";
import { generateHistory, injectStaleRead } from "../../src/check/history-generator";
import { shrinkIllegal } from "../../src/check/linearizability-shrink";
import { modelNamed } from "../../src/check/models";
import { SearchBudget } from "../../src/check/search-budget";
import { bruteForceLinearizable } from "./brute-force";

describe("check: shrinking within a step budget", () => {
  const model = modelNamed("cas-register");
  const histories = [1, 2, 3, 4, 5, 6].flatMap((seed) => {
    const injected = injectStaleRead(generateHistory({ seed, operations: 14, clients: 3, model: "cas-register", values: "unique", infoRate: 0.1 }), 0.8);
    return injected ? [injected.history.operations] : [];
  });

  it("every budget, even none, gives a core that cannot be ordered; a spent budget marks it not minimal", () => {
    expect(histories.length).to.be.greaterThan(2);
    for (const operations of histories) {
      expect(bruteForceLinearizable({ operations }, model), "the history itself").to.equal(false);
      for (const stepBudget of [0, 50, 500, 1_000_000]) {
        const shrunk = shrinkIllegal(model, operations, new SearchBudget({ stepBudget }));
        expect(bruteForceLinearizable({ operations: shrunk.core }, shrunk.model), `budget ${stepBudget}: ${shrunk.core.length} operations`).to.equal(false);
        if (stepBudget === 0) expect(shrunk.minimal, "no steps: nothing shown").to.equal(false);
        if (stepBudget === 1_000_000) expect(shrunk.minimal, "ample steps").to.equal(true);
      }
    }
  });

  it("is deterministic: the same budget gives the same core", () => {
    const [operations] = histories;
    const ids = () => shrinkIllegal(model, operations, new SearchBudget({ stepBudget: 500 })).core.map((op) => op.id);
    expect(ids()).to.deep.equal(ids());
  });
});
