import { expect } from "chai";
import { quorumOverlapPicture } from "../../src/viz/quorum-overlap";
import { palette } from "../../src/viz/svg";

describe("viz: two quorums and their overlap", () => {
  it("3 servers, quorums of 2: the one shared server is the traitor, so no honest server is sure", () => {
    const svg = quorumOverlapPicture({ servers: ["n1", "n2", "n3"], quorumA: ["n1", "n2"], quorumB: ["n2", "n3"], traitors: ["n2"], title: "f + 1 of 2f + 1" });
    expect(svg).to.include(">A ∩ B = {n2}: maybe no honest server</text>");
    expect(svg).to.include(">quorum A (2)</text>");
    expect(svg).to.include(">quorum B (2)</text>");
    expect(svg).to.include(">traitor</text>");
    expect(svg).to.include("n2 (traitor) (in both quorums)");
    expect(svg).to.include(">f + 1 of 2f + 1</text>");
  });

  it("4 servers, quorums of 3: the overlap keeps an honest server, ringed in green", () => {
    const svg = quorumOverlapPicture({ servers: ["n1", "n2", "n3", "n4"], quorumA: ["n1", "n2", "n3"], quorumB: ["n2", "n3", "n4"], traitors: ["n2"] });
    expect(svg).to.include(">A ∩ B = {n2, n3}: at least 1 honest</text>");
    expect((svg.match(new RegExp(`stroke="${palette.ok}"`, "g")) ?? []).length).to.equal(1);
    expect((svg.match(/<rect /g) ?? []).length, "one band per quorum").to.equal(2);
  });

  it("a quorum whose members are not neighbours in the row gets one band per run", () => {
    const svg = quorumOverlapPicture({ servers: ["n1", "n2", "n3", "n4", "n5"], quorumA: ["n1", "n2", "n4"], quorumB: ["n3", "n4", "n5"] });
    expect((svg.match(/<rect /g) ?? []).length).to.equal(3);
    expect(svg).to.include(">A ∩ B = {n4}: 1 server in common</text>");
    const apart = quorumOverlapPicture({ servers: ["n1", "n2", "n3", "n4", "n5"], quorumA: ["n1", "n2"], quorumB: ["n4", "n5"] });
    expect(apart).to.include(">A ∩ B = {}: no server in common</text>");
  });
});
