/**
 * The bank checker on small histories written by hand: each anomaly named, vacuous runs unknown,
 * and a clean history valid.
 */
import { expect } from "chai";
import { bankModel, checkBank, type BankInput, type BankOutput } from "../../src/check/bank";
import type { History, Operation } from "../../src/check/history";
import { ILLEGAL } from "../../src/check/model";

const INITIAL = { a1: 10, a2: 10 };
const TRANSFERRED = { kind: "transferred" };

/** Operations one after another (no overlap), each 1 ms long. */
function sequential(...ops: [BankInput, BankOutput | undefined][]): History<BankInput, BankOutput> {
  return {
    operations: ops.map(([input, output], i): Operation<BankInput, BankOutput> => ({ id: i, client: `c${(i % 2) + 1}`, input, output, status: output === undefined ? "info" : "ok", callMs: 2 * i, returnMs: output === undefined ? null : 2 * i + 1 })),
  };
}

const move = (amount: number): BankInput => ({ f: "transfer", from: "a1", to: "a2", amount });
const READ: BankInput = { f: "read" };

describe("bank checker", () => {
  it("the model: a transfer moves money or is refused by the contract's rules, a read must see the state", () => {
    const model = bankModel(INITIAL);
    expect(model.step(INITIAL, move(4), TRANSFERRED)).to.deep.equal({ a1: 6, a2: 14 });
    expect(model.step(INITIAL, move(11), { kind: "refused", reason: "insufficient-funds" })).to.deep.equal(INITIAL);
    expect(model.step(INITIAL, move(11), TRANSFERRED)).to.equal(ILLEGAL);
    expect(model.step(INITIAL, READ, { a1: 10, a2: 10 })).to.deep.equal(INITIAL);
    expect(model.step(INITIAL, READ, { a1: 9, a2: 11 })).to.equal(ILLEGAL);
    expect(model.step(INITIAL, move(4), undefined), "an unknown outcome: the state it would leave").to.deep.equal({ a1: 6, a2: 14 });
  });

  it("a clean history is valid", () => {
    const verdict = checkBank(sequential([move(4), TRANSFERRED], [READ, { a1: 6, a2: 14 }]), INITIAL);
    expect(verdict.valid, JSON.stringify(verdict)).to.equal(true);
  });

  it("names a wrong total, a negative balance and a stale read", () => {
    const wrong = checkBank(sequential([move(4), TRANSFERRED], [READ, { a1: 6, a2: 10 }]), INITIAL);
    expect(wrong.valid).to.equal(false);
    expect(wrong.valid === false && wrong.anomalies.map((a) => a.kind)).to.include("wrong-total");
    const negative = checkBank(sequential([move(15), TRANSFERRED], [READ, { a1: -5, a2: 25 }]), INITIAL);
    expect(negative.valid === false && negative.anomalies.map((a) => a.kind)).to.include.members(["negative-balance", "non-linearizable"]);
    const stale = checkBank(sequential([move(4), TRANSFERRED], [READ, { a1: 10, a2: 10 }]), INITIAL);
    expect(stale.valid === false && stale.anomalies.map((a) => a.kind)).to.deep.equal(["non-linearizable"]);
  });

  it("a transfer applied twice is not linearizable even though the total holds", () => {
    const twice = checkBank(sequential([move(4), TRANSFERRED], [READ, { a1: 2, a2: 18 }]), INITIAL);
    expect(twice.valid === false && twice.anomalies.map((a) => a.kind)).to.deep.equal(["non-linearizable"]);
  });

  it("a run that tested nothing is unknown, never valid", () => {
    expect(checkBank(sequential([move(4), TRANSFERRED]), INITIAL)).to.include({ valid: "unknown" });
    expect(checkBank(sequential([READ, { a1: 10, a2: 10 }]), INITIAL)).to.include({ valid: "unknown" });
    const outsideFaults = checkBank(sequential([move(4), TRANSFERRED], [READ, { a1: 6, a2: 14 }]), INITIAL, { faultWindows: [{ fromMs: 100, toMs: 200 }] });
    expect(outsideFaults.valid).to.equal("unknown");
    expect(outsideFaults.valid === "unknown" && outsideFaults.reason).to.match(/nothing succeeded while a fault was active/);
  });
});
