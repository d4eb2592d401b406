import { expect } from "chai";
import { arcShares, changedStretches, movedShare, ringPositions } from "../../src/viz/ring-geometry";
import { ConsistentHashRing } from "../../solutions/week2/ring";

const servers = ["server1", "server2", "server3"];

describe("viz: ring geometry", () => {
  it("places virtual nodes where the contract says, and the shares of the circle add up to one", () => {
    const ring = new ConsistentHashRing(8);
    for (const server of servers) ring.addNode(server);
    expect(ringPositions(servers, 8)).to.deep.equal(ring.positions());
    const shares = arcShares(ringPositions(servers, 8));
    expect([...shares.values()].reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-9);
  });

  it("a server that joins takes over stretches only, and they are its own share; keys move in that proportion", () => {
    const before = ringPositions(servers, 16);
    const after = ringPositions([...servers, "server4"], 16);
    const stretches = changedStretches(before, after);
    expect(stretches.length).to.be.greaterThan(0);
    for (const stretch of stretches) expect(stretch.owner).to.equal("server4");
    expect(movedShare(before, after)).to.be.closeTo(arcShares(after).get("server4") as number, 1e-9);
    const ring = new ConsistentHashRing(16);
    for (const server of servers) ring.addNode(server);
    const keys = Array.from({ length: 20000 }, (_, i) => `key-${i}`);
    const owners = keys.map((key) => ring.ownerOf(key));
    ring.addNode("server4");
    const moved = keys.filter((key, i) => ring.ownerOf(key) !== owners[i]).length / keys.length;
    expect(moved).to.be.closeTo(movedShare(before, after), 0.02);
  });

  it("a server that leaves hands its stretches to the others", () => {
    const before = ringPositions([...servers, "server4"], 16);
    const after = ringPositions(servers, 16);
    for (const stretch of changedStretches(before, after)) expect(stretch.previous).to.equal("server4");
  });
});
