/** The live services' storage: an append-only journal that survives kill -9 of its process. */
import { expect } from "chai";
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JournalStorage } from "../../src/live/journal-storage";

function journalPath(): string {
  return join(mkdtempSync(join(tmpdir(), "journal-")), "service.jsonl");
}

describe("live: JournalStorage", () => {
  it("a new process reads back every put and delete of the one before", () => {
    const path = journalPath();
    const first = new JournalStorage(path, "orders");
    first.put("order/1", { status: "PENDING" });
    first.put("order/2", { status: "PENDING" });
    first.put("order/1", { status: "PAID" });
    first.delete("order/2");
    const second = new JournalStorage(path, "orders");
    expect(second.keys()).to.deep.equal(["order/1"]);
    expect(second.get("order/1")).to.deep.equal({ status: "PAID" });
  });

  it("drops a last line cut short by a kill (its put never returned), and keeps the rest", () => {
    const path = journalPath();
    new JournalStorage(path, "payments").put("ledger", { n: 1 });
    appendFileSync(path, '{"key":"ledger","value":{"n":');
    const reopened = new JournalStorage(path, "payments");
    expect(reopened.get("ledger")).to.deep.equal({ n: 1 });
    reopened.put("ledger", { n: 2 });
    expect(new JournalStorage(path, "payments").get("ledger")).to.deep.equal({ n: 2 });
  });

  it("rewrites itself to one line per key at boot and once it has grown", () => {
    const path = journalPath();
    const storage = new JournalStorage(path, "payments");
    const big = "x".repeat(10_000);
    for (let i = 0; i < 300; i++) storage.put("ledger", { i, big });
    expect(statSync(path).size, "compacted while running: far less than 300 copies").to.be.lessThan(2 << 20);
    new JournalStorage(path, "payments");
    expect(readFileSync(path, "utf8").trim().split("\n")).to.have.length(1);
  });

  it("a damaged line in the middle is reported with the path and what to do", () => {
    const path = journalPath();
    writeFileSync(path, '{"key":"a","value":1}\nnot json\n{"key":"b","value":2}\n');
    expect(() => new JournalStorage(path, "users")).to.throw(/cannot read the journal .*service\.jsonl: line 2 is not JSON\. Delete it/);
  });
});
