import { expect } from "chai";
import type { LogEntry } from "../../src/contracts/raft";
import { RaftCluster } from "../../src/harness/raft";
import { logRowsOf, raftLogsPicture, termColor, type RaftLogRow } from "../../src/viz/raft-logs";
import { palette } from "../../src/viz/svg";
import { RaftNode } from "../../solutions/week1/raft";

const entries = (...terms: number[]): LogEntry[] => terms.map((term, i) => ({ term, command: `c${i + 1}` }));

/** Rectangles of one entry box: `fill` is the term colour when committed, white when only outlined. */
function boxes(svg: string): { fill: string; dashed: boolean }[] {
  return [...svg.matchAll(/<rect [^>]*height="26"[^>]*>/g)].map(([tag]) => ({ fill: /fill="([^"]+)"/.exec(tag)?.[1] ?? "", dashed: tag.includes("stroke-dasharray") }));
}

describe("viz: raft logs", () => {
  const rows: RaftLogRow[] = [
    { id: "n1", log: entries(1, 1, 2), commitIndex: 2, role: "leader", term: 2 },
    { id: "n2", log: entries(1), commitIndex: 1, role: "follower", term: 2, note: "lagging" },
    { id: "n3", log: entries(1, 3), commitIndex: 1, down: true, term: 3 },
  ];
  const svg = raftLogsPicture(rows, { title: "three servers", highlightIndex: 2 });

  it("draws one box per entry, solid in its term's colour when committed, outlined while not", () => {
    const drawn = boxes(svg);
    expect(drawn).to.have.length(6);
    expect(drawn.filter((b) => !b.dashed).map((b) => b.fill)).to.deep.equal([termColor(1), termColor(1), termColor(1), termColor(1)]);
    expect(drawn.filter((b) => b.dashed).map((b) => b.fill)).to.deep.equal(["white", "white"]);
    expect(svg).to.include("n1 index 3: term 2, &quot;c3&quot;, not committed");
    expect(svg).to.include("n1 index 2: term 1, &quot;c2&quot;, committed");
  });

  it("writes short commands and terms into the boxes, and labels each row with role, term, note and down", () => {
    expect(svg).to.include(">c3</text>");
    expect(svg).to.include(">t2</text>");
    expect(svg).to.include(">leader, term 2</text>");
    expect(svg).to.include(">lagging</text>");
    expect(svg).to.include(">down, term 3</text>");
    expect(svg).to.include(`fill="${palette.roles.leader}"`);
    expect(svg).to.include(`fill="${palette.roles.down}"`);
    expect(svg).to.include('<g opacity="0.45">');
  });

  it("outlines the highlighted index across all rows, and numbers the indexes", () => {
    expect(svg).to.match(/<rect [^>]*stroke="#d64545" stroke-width="2" stroke-dasharray="5 3"\/>/);
    for (const index of [1, 2, 3]) expect(svg).to.include(`>${index}</text>`);
    expect(svg).to.include(">three servers</text>");
  });

  it("merges long logs into runs of one term, committed or not", () => {
    const long = raftLogsPicture([
      { id: "n1", log: entries(1, ...Array(150).fill(2)), commitIndex: 100 },
      { id: "n2", log: entries(1, ...Array(150).fill(1)), commitIndex: 1 },
    ]);
    expect(boxes(long)).to.have.length(5); // n1: t1, t2 committed, t2 not; n2: t1 committed, t1 not
    expect(long).to.include(">t2 ×99</text>");
    expect(long).to.include(">t2 ×51</text>");
    expect(long).to.include(">t1 ×150</text>");
    expect(long).to.include("n1 indexes 2..100: 99 entries of term 2, committed");
  });

  it("keeps the legend's term chips and the title inside the picture", () => {
    const width = Number(/width="([\d.]+)"/.exec(svg)?.[1]);
    expect(width).to.be.at.least(560);
    const titled = raftLogsPicture(rows, { title: "a".repeat(100) });
    expect(Number(/width="([\d.]+)"/.exec(titled)?.[1])).to.be.at.least(700);
    for (const term of [1, 2, 3]) expect(svg).to.include(`fill="${termColor(term)}"`);
  });

  it("gives consecutive terms different colours, none of them the leader's green or the failure red", () => {
    const colors = [1, 2, 3, 4, 5, 6, 7, 8].map(termColor);
    expect(new Set(colors).size).to.equal(8);
    expect(colors).to.not.include(palette.roles.leader);
    expect(colors).to.not.include(palette.bad);
    expect(termColor(9)).to.equal(termColor(1));
  });

  it("reads rows from a cluster's snapshots; a server that is down has no snapshot and is drawn as down", () => {
    const cluster = new RaftCluster(RaftNode, { seed: 3 });
    cluster.one("x", 5, true);
    cluster.one("y", 5, true);
    cluster.crash("n2");
    const fromCluster = logRowsOf(cluster.servers, cluster.snapshots());
    expect(fromCluster.find((row) => row.id === "n2")).to.deep.equal({ id: "n2", log: [], down: true });
    const up = fromCluster.filter((row) => !row.down);
    expect(up).to.have.length(4);
    for (const row of up) expect(row.log.map((e) => e.command)).to.deep.equal(["x", "y"]);
    expect(up.filter((row) => row.role === "leader")).to.have.length(1);
    expect(raftLogsPicture(fromCluster)).to.include(">y</text>");
  });
});
