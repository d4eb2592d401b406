import { expect } from "chai";
import { ConcurrencyError } from "../../src/contracts/event-sourcing";
import { PowerCut, PowerCutStorage } from "../../src/event-store/power-cut";
import { EventStore } from "../../src/event-store/store";
import { MemoryStorage } from "../../src/sim/storage";

const event = (type: string) => ({ type, data: { n: type } });

describe("event store", () => {
  it("appends at the expected version only, stamping versions, positions and the schema", () => {
    const store = new EventStore(new MemoryStorage("s"));
    expect(store.append("o1", [event("A"), event("B")], 0)).to.deep.equal({ version: 2, position: 2 });
    expect(store.append("o2", [{ ...event("C"), schema: 1 }], 0)).to.deep.equal({ version: 1, position: 3 });
    expect(() => store.append("o1", [event("D")], 1)).to.throw(ConcurrencyError, "stream o1 is at version 2, not 1");
    expect(store.version("o1")).to.equal(2);
    expect(store.readStream("o1").map((e) => [e.version, e.position, e.schema])).to.deep.equal([[1, 1, 2], [2, 2, 2]]);
    expect(store.readStream("o2")[0].schema).to.equal(1);
  });

  it("reads a stream from a version, the global log from a position, and counts what loads read", () => {
    const store = new EventStore(new MemoryStorage("s"));
    store.append("o1", [event("A"), event("B"), event("C")], 0);
    store.append("o2", [event("D")], 0);
    expect(store.readStream("o1", 3).map((e) => e.type)).to.deep.equal(["C"]);
    expect(store.readAll(2, 2).map((e) => e.type)).to.deep.equal(["B", "C"]);
    expect(store.readAll(5)).to.deep.equal([]);
    expect(store.eventsRead).to.equal(1);
    expect([store.head(), store.streams()]).to.deep.equal([4, ["o1", "o2"]]);
  });

  it("keeps snapshots beside the streams, and survives being built again over its storage", () => {
    const storage = new MemoryStorage("s");
    const store = new EventStore(storage);
    store.append("o1", [event("A")], 0);
    store.saveSnapshot("o1", { version: 1, state: { a: 1 } });
    const again = new EventStore(storage);
    expect(again.loadSnapshot("o1")).to.deep.equal({ version: 1, state: { a: 1 } });
    expect(again.loadSnapshot("o2")).to.equal(undefined);
    expect(again.version("o1")).to.equal(1);
  });
});

describe("power cuts", () => {
  it("keep the writes before the cut and refuse the cut one and every later one", () => {
    const inner = new MemoryStorage("s");
    const storage = new PowerCutStorage(inner, 3);
    storage.put("a", 1);
    storage.put("b", 2);
    expect(() => storage.put("c", 3)).to.throw(PowerCut, "write #3");
    expect(() => storage.delete("a")).to.throw(PowerCut);
    expect([storage.cut, inner.keys()]).to.deep.equal([true, ["a", "b"]]);
    expect(storage.get("b")).to.equal(2);
  });
});
