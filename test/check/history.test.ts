import { expect } from "chai";
import { historyFromJson, historyToJson, renumber } from "../../src/check/history";
import { HistoryRecorder } from "../../src/check/history-recorder";
import { checkLinearizability } from "../../src/check/linearizability";

describe("check: recording histories", () => {
  it("records ok, fail, info and still-open operations, in the order events happened", () => {
    const rec = new HistoryRecorder();
    const write = rec.invoke("c1", { f: "write", value: 3 }, 0);
    const read = rec.invoke("c2", { f: "read" }, 0);
    rec.ok(write, null, 10);
    const refused = rec.invoke("c1", { f: "write", value: 4 }, 10);
    rec.fail(refused, 12);
    rec.ok(read, 3, 12);
    const lost = rec.invoke("c3", { f: "write", value: 5 }, 13);
    rec.info(lost);
    rec.invoke("c4", { f: "write", value: 6 }, 14);
    expect(rec.openCount).to.equal(1);
    const { operations } = rec.history();
    expect(operations.map((op) => [op.client, op.status, op.returnMs])).to.deep.equal([
      ["c1", "ok", 10],
      ["c2", "ok", 12],
      ["c1", "fail", 12],
      ["c3", "info", null],
      ["c4", "info", null],
    ]);
    // c1's second write was called at t=10 after its first returned at t=10: the recorded order says so.
    expect((operations[0].returnSeq as number) < (operations[2].callSeq as number)).to.equal(true);
    expect(checkLinearizability({ operations }, "register").verdict).to.equal("OK");
  });

  it("a same-millisecond reply and next call are ordered by the recording, so a stale read right after a write is caught", () => {
    const rec = new HistoryRecorder();
    const write = rec.invoke("c1", { f: "write", value: 1 }, 0);
    rec.ok(write, null, 5);
    const read = rec.invoke("c1", { f: "read" }, 5);
    rec.ok(read, null, 6);
    expect(checkLinearizability(rec.history(), "register").verdict).to.equal("ILLEGAL");
    // Without the recorded order, equal times are concurrent and the read may go first.
    const timesOnly = rec.history().operations.map(({ callSeq: _c, returnSeq: _r, ...op }) => op);
    expect(checkLinearizability({ operations: timesOnly }, "register").verdict).to.equal("OK");
  });

  it("refuses misuse with a message: a second open operation per client, ending twice, ending before the call", () => {
    const rec = new HistoryRecorder();
    const id = rec.invoke("c1", { f: "read" }, 5);
    expect(() => rec.invoke("c1", { f: "read" }, 6)).to.throw("client c1 invoked a new operation while its operation 0 is still open");
    expect(() => rec.ok(id, null, 4)).to.throw("ended at 4 ms, before its call at 5 ms");
    rec.info(id);
    expect(() => rec.ok(id, null, 7)).to.throw("operation 0 (c1) was already ended");
    expect(() => rec.fail(9, 7)).to.throw("no operation 9 was invoked");
  });

  it("round-trips through JSON, one operation a line, and names the operation that is malformed", () => {
    const rec = new HistoryRecorder();
    rec.ok(rec.invoke("c1", { f: "write", value: "x" }, 1), null, 2);
    rec.invoke("c2", { f: "read" }, 3);
    const text = historyToJson(rec.history());
    expect(text.split("\n")).to.have.length(5);
    expect(historyFromJson(text)).to.deep.equal(rec.history());
    expect(() => historyFromJson('{"format": "linearizability-history/1", "operations": [{"client": "c1", "status": "ok", "callMs": 5, "returnMs": 4, "input": {}}]}')).to.throw(
      "operation 0: returned at 4 ms, before its call at 5 ms",
    );
    expect(() => historyFromJson("[]")).to.throw("not a history");
  });

  it("the checker asks for dense ids and names operations the model does not know", () => {
    const ops = [{ id: 3, client: "c1", input: { f: "read" }, status: "ok" as const, output: null, callMs: 0, returnMs: 1 }];
    expect(() => checkLinearizability({ operations: ops }, "register")).to.throw("ids must be 0, 1, 2");
    expect(checkLinearizability(renumber(ops), "register").verdict).to.equal("OK");
    const cas = renumber([{ id: 0, client: "c1", input: { f: "cas", from: 1, to: 2 }, status: "ok" as const, output: true, callMs: 0, returnMs: 1 }]);
    expect(() => checkLinearizability(cas, "register")).to.throw('operation 0 (client c1): "cas" is not an operation of the register model (it has read, write)');
  });
});
