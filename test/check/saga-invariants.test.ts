import { expect } from "chai";
import { ORDER_SAGA, type Order } from "../../src/contracts/saga";
import { checkExactlyOnce, checkOrdersChargedOnce } from "../../src/check/effects";
import { checkSagas, violationOf, type SagaRun, type StatusReport } from "../../src/check/saga-invariants";
import type { ParticipantRecord, RecordOutcome } from "../../src/saga/records";

const ORDER: Order = { orderId: "o1", customer: "alice", amount: 30, item: "widget", quantity: 1 };
const PARTICIPANT: Record<string, string> = { authorize: "payment", void: "payment", capture: "payment", reserve: "stock", release: "stock", ship: "stock" };

/** "t action id outcome [compensates]" lines to records. */
function records(...lines: string[]): ParticipantRecord[] {
  return lines.map((line) => {
    const [t, action, commandId, outcome, compensates] = line.split(" ");
    const record: ParticipantRecord = { t: Number(t), participant: PARTICIPANT[action], commandId, orderId: "o1", action, outcome: outcome as RecordOutcome };
    if (compensates) record.compensates = compensates;
    return record;
  });
}

function run(final: "APPROVED" | "REJECTED" | "PENDING" | undefined, recs: ParticipantRecord[], options: { statuses?: StatusReport[]; pending?: string[]; money?: number } = {}): SagaRun {
  return {
    steps: ORDER_SAGA,
    orders: [ORDER],
    finalStatus: () => final,
    statusReports: options.statuses ?? [],
    records: recs,
    totals: [{ participant: "payment", initial: { money: 100 }, now: { money: options.money ?? 100 } }],
    pending: () => options.pending ?? [],
  };
}

const COMPLETED = records("10 authorize a applied", "20 reserve r applied", "30 capture c applied", "40 ship s applied");

describe("saga checker", () => {
  it("passes a completed saga and a fully compensated one", () => {
    expect(checkSagas(run("APPROVED", COMPLETED)).verdict).to.equal("OK");
    expect(checkSagas(run("REJECTED", records("10 authorize a applied", "20 reserve r failed", "30 void v undone a"))).verdict).to.equal("OK");
  });

  it("says UNKNOWN when there is nothing to judge", () => {
    expect(checkSagas({ ...run("APPROVED", []), orders: [] })).to.deep.include({ verdict: "UNKNOWN" });
  });

  it("names every rule it finds broken, in words", () => {
    const cases: [string, SagaRun, string][] = [
      ["saga-ends", run("PENDING", records("10 authorize a applied")), "never ended"],
      ["forward-in-order", run("APPROVED", records("10 authorize a applied", "5 reserve r applied", "30 capture c applied", "40 ship s applied")), "arrived before step 1"],
      ["completed-once", run("APPROVED", [...COMPLETED, ...records("50 authorize a2 applied")]), "took effect 2 times"],
      ["fully-compensated", run("REJECTED", records("10 authorize a applied", "20 reserve r applied", "230 release x undone r")), "was never undone"],
      ["reverse-order", run("REJECTED", records("10 authorize a applied", "20 reserve r applied", "30 capture c failed", "40 void v undone a", "50 release x undone r")), "out of reverse order"],
      ["none-after-pivot", run("REJECTED", records("10 authorize a applied", "20 reserve r applied", "30 capture c applied", "40 release x undone r", "50 void v undone a")), "came after the pivot"],
      ["locks-released", run("REJECTED", records("10 authorize a failed"), { pending: ["30 still held"] }), "30 still held"],
      ["conserved", run("APPROVED", COMPLETED, { money: 130 }), "adds up to 130"],
      ["status-lock", run("APPROVED", COMPLETED, { statuses: [{ t: 25, orderId: "o1", status: "APPROVED", source: "orders.inspect()" }] }), "a dirty read"],
    ];
    for (const [rule, sagaRun, words] of cases) {
      const verdict = checkSagas(sagaRun);
      expect(verdict.verdict, rule).to.equal("ILLEGAL");
      expect(violationOf(verdict, rule as never)?.message, rule).to.include(words);
    }
  });

  it("sees a final status that changes, and an order forgotten", () => {
    const statuses: StatusReport[] = [
      { t: 5, orderId: "o1", status: "PENDING", source: "orders.inspect()" },
      { t: 45, orderId: "o1", status: "APPROVED", source: "orders.inspect()" },
      { t: 60, orderId: "o1", status: "UNKNOWN", source: "orders.inspect()" },
    ];
    expect(violationOf(checkSagas(run("APPROVED", COMPLETED, { statuses })), "status-lock")?.message).to.include("forgot the order");
  });
});

describe("effects checker", () => {
  it("finds what happened twice, never, or when it should not have", () => {
    const expected = new Map([["o1", 1], ["o2", 1], ["o3", 0]]);
    const twice = checkExactlyOnce([{ key: "o1", id: "c1", t: 1 }, { key: "o1", id: "c2", t: 2 }, { key: "o2", id: "c3", t: 3 }], expected, { noun: "order", verb: "charged" });
    expect(twice).to.deep.include({ verdict: "ILLEGAL", key: "o1" });
    expect(twice.verdict === "ILLEGAL" && twice.explanation).to.equal('order o1 was charged twice, expected once: "c1" at t=1ms; "c2" at t=2ms');
    const never = checkExactlyOnce([{ key: "o1", id: "c1", t: 1 }], expected, { noun: "order", verb: "charged" });
    expect(never.verdict === "ILLEGAL" && never.explanation).to.equal("order o2 was never charged, expected once");
    const unwanted = checkExactlyOnce([{ key: "o1", id: "c1", t: 1 }, { key: "o2", id: "c2", t: 1 }, { key: "o3", id: "c3", t: 1 }], expected, { noun: "order", verb: "charged" });
    expect(unwanted.verdict === "ILLEGAL" && unwanted.explanation).to.include("order o3 was charged once, expected never");
  });

  it("is UNKNOWN when nothing was expected and nothing happened, and reads saga runs", () => {
    expect(checkExactlyOnce([], new Map([["o1", 0]]), { noun: "order", verb: "charged" }).verdict).to.equal("UNKNOWN");
    expect(checkOrdersChargedOnce(run("APPROVED", COMPLETED)).verdict).to.equal("OK");
    expect(checkOrdersChargedOnce(run("REJECTED", COMPLETED)).verdict).to.equal("ILLEGAL");
  });
});
