import { expect } from "chai";
import fc from "fast-check";
import type { Json } from "../../src/contracts/node";
import { checkCausalConsistency } from "../../src/check/causal-consistency";
import { linearizability } from "../../src/check/consistency-models";
import { describeConsistency, type ConsistencyResult } from "../../src/check/consistency-result";
import type { History, Operation } from "../../src/check/history";
import { generateHistory } from "../../src/check/history-generator";
import { modelNamed } from "../../src/check/models";
import { checkSequentialConsistency } from "../../src/check/sequential-consistency";
import { checkMonotonicReads, checkReadYourWrites } from "../../src/check/session-guarantees";
import { bruteForceCausalMemory, bruteForceSequential } from "./consistency-brute-force";
import { generatorOptions, randomSmallHistory } from "./properties-arbs";

const holds = (result: ConsistencyResult) => {
  expect(result.verdict, describeConsistency(result)).to.equal("OK");
};

/** Small kv histories of reads and writes, every write of a key a new value, reads returning any value (often a wrong one). */
const uniqueValueHistory = fc
  .array(
    fc.record({
      client: fc.constantFrom("c1", "c2", "c3"),
      write: fc.boolean(),
      key: fc.constantFrom("x", "y"),
      pick: fc.nat(5),
      callMs: fc.integer({ min: 0, max: 20 }),
      durationMs: fc.integer({ min: 0, max: 10 }),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((drafts): History => {
    const written: Record<string, number[]> = { x: [], y: [] };
    let next = 0;
    const operations = drafts.map((draft, id): Operation => {
      const base = { id, client: draft.client, status: "ok" as const, callMs: draft.callMs, returnMs: draft.callMs + draft.durationMs };
      if (draft.write) {
        written[draft.key].push(++next);
        return { ...base, input: { f: "put", key: draft.key, value: next }, output: null };
      }
      const choices: Json[] = [null, ...written.x, ...written.y, 99];
      return { ...base, input: { f: "get", key: draft.key }, output: choices[draft.pick % choices.length] };
    });
    return { operations };
  });

describe("check: consistency model properties", () => {
  it("every history of an atomic store (linearizable) is also sequentially consistent, causal, and keeps read-your-writes and monotonic reads", () => {
    const options = generatorOptions(60).map((o) => ({ ...o, model: "register" as const, values: "unique" as const }));
    fc.assert(
      fc.property(options, (generator) => {
        const history = generateHistory(generator);
        holds(linearizability(history, "register"));
        holds(checkSequentialConsistency(history, "register"));
        holds(checkCausalConsistency(history, "register"));
        holds(checkReadYourWrites(history, "register"));
        holds(checkMonotonicReads(history, "register"));
      }),
      { numRuns: 200 },
    );
  });

  it("an atomic store's kv and cas histories are sequentially consistent (keys searched together)", () => {
    const options = generatorOptions(30).map((o) => ({ ...o, model: o.model === "register" ? ("cas-register" as const) : o.model, clients: Math.min(o.clients, 4) }));
    fc.assert(
      fc.property(options, (generator) => holds(checkSequentialConsistency(generateHistory(generator), generator.model ?? "kv"))),
      { numRuns: 150 },
    );
  });

  it("sequential consistency agrees with exhaustive search on small histories with random answers, and its cores are not sequential", () => {
    fc.assert(
      fc.property(randomSmallHistory, ({ model, history }) => {
        const expected = bruteForceSequential(history, modelNamed(model));
        const result = checkSequentialConsistency(history, model);
        expect(result.verdict, describeConsistency(result)).to.equal(expected ? "OK" : "ILLEGAL");
        if (result.verdict === "ILLEGAL") expect(bruteForceSequential({ operations: result.core }, modelNamed(model)), describeConsistency(result)).to.equal(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("causal consistency agrees with exhaustive causal memory on small unique-value histories, and its cores are not causal", () => {
    fc.assert(
      fc.property(uniqueValueHistory, (history) => {
        const expected = bruteForceCausalMemory(history, modelNamed("kv"));
        const result = checkCausalConsistency(history, "kv");
        expect(result.verdict, describeConsistency(result)).to.equal(expected ? "OK" : "ILLEGAL");
        if (result.verdict === "ILLEGAL") expect(bruteForceCausalMemory({ operations: result.core }, modelNamed("kv")), describeConsistency(result)).to.equal(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("the hierarchy holds on random histories: linearizable => sequential => causal => read-your-writes and monotonic reads", () => {
    let separated = 0;
    fc.assert(
      fc.property(uniqueValueHistory, (history) => {
        const chain = [linearizability(history, "kv"), checkSequentialConsistency(history, "kv"), checkCausalConsistency(history, "kv")];
        const sessions = [checkReadYourWrites(history, "kv"), checkMonotonicReads(history, "kv")];
        for (let k = 0; k + 1 < chain.length; k++) if (chain[k].verdict === "OK") holds(chain[k + 1]);
        if (chain[2].verdict === "OK") sessions.forEach(holds);
        if (chain.some((result) => result.verdict === "OK") && chain.some((result) => result.verdict === "ILLEGAL")) separated++;
      }),
      { numRuns: 2000 },
    );
    expect(separated, "random histories that some models accept and others reject").to.be.greaterThan(50);
  });

  it("an exhausted budget is UNKNOWN, never a pass", () => {
    const history = generateHistory({ seed: 7, operations: 40, clients: 4, values: "unique" });
    const result = checkSequentialConsistency(history, "register", { stepBudget: 3 });
    expect(result.verdict).to.equal("UNKNOWN");
    expect(describeConsistency(result)).to.include("step budget");
    expect(checkCausalConsistency(history, "register", { stepBudget: 3 }).verdict).to.equal("UNKNOWN");
  });
});
