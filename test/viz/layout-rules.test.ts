/**
 * The layout rules, picture by picture, on the inputs the notebooks draw: every label inside the
 * view box, no two labels overlapping, nice ticks on time axes, and the marks a title or a
 * caption promises actually drawn.
 */
import { expect } from "chai";
import { ringHash } from "../../src/contracts/ring";
import { runRegisterScenario, septemberScenario } from "../../src/demos/week1/register-scenario";
import { RaftCluster } from "../../src/harness/raft";
import { clusterPicture } from "../../src/viz/cluster";
import { historyTimeline } from "../../src/viz/history-timeline";
import { quorumOverlapPicture } from "../../src/viz/quorum-overlap";
import { raftLogsPicture } from "../../src/viz/raft-logs";
import { ringPicture } from "../../src/viz/ring";
import { stateTimeline } from "../../src/viz/state-timeline";
import { ConsistentHashRing } from "../../solutions/week2/ring";
import { RaftNode } from "../../solutions/week1/raft";
import { expectCleanLabels, expectNiceTicks, labelsOf, tickValues } from "./layout";

describe("viz: layout rules of every picture", () => {
  it("state timeline: nice time ticks, and the partition and heal its title announces are marked and named", () => {
    const cluster = new RaftCluster(RaftNode, { seed: 2 });
    cluster.sim.runFor(241);
    cluster.partition("1,2|3,4,5");
    cluster.sim.runFor(2000);
    cluster.heal();
    cluster.sim.runFor(1000);
    const svg = stateTimeline(cluster.sim.trace.events, { toMs: cluster.sim.now, title: "seed 2: split at 241 ms, healed at 2241 ms" });
    expectCleanLabels(svg, "state timeline");
    const ticks = tickValues(svg, "tick-x");
    expectNiceTicks(ticks, { integer: true, what: "time" });
    expect(ticks.length).to.be.at.least(5);
    const texts = labelsOf(svg).map((label) => label.text);
    expect(texts).to.include("partition 1,2|3,4,5");
    expect(texts).to.include("healed");
  });

  it("ring: virtual nodes and keys are named where the names fit, and a change of owner is drawn", () => {
    const ring = new ConsistentHashRing(3);
    for (const server of ["server1", "server2", "server3"]) ring.addNode(server);
    const keys = ["user123", "user456", "order-9", "cart:42", "session:7", "user999"];
    const place = () => keys.map((key) => ({ key, position: ringHash(key), owner: ring.ownerOf(key) as string }));
    const svg = ringPicture({ positions: ring.positions(), keys: place(), caption: "3 servers x 3 virtual nodes (the chapter's setting)" });
    expectCleanLabels(svg, "ring");
    const texts = labelsOf(svg).map((label) => label.text);
    expect(texts.filter((t) => /^server\d#\d$/.test(t)).length, "most of the 9 virtual nodes named").to.be.at.least(6);
    expect(texts.filter((t) => keys.includes(t)).length, "most keys named").to.be.at.least(5);
    const before = ring.positions();
    ring.addNode("server4");
    const grown = ringPicture({ positions: ring.positions(), before, keys: place(), caption: "server4 joins" });
    expectCleanLabels(grown, "ring after a join");
    const moved = grown.match(/-&gt; server4: this stretch changed owner/g) ?? [];
    expect(moved.length, "the stretches server4 took over").to.be.at.least(1);
    expect(grown).to.not.match(/-&gt; server[123]: this stretch changed owner/);
  });

  it("history timeline, raft logs, quorum overlap and cluster: labels inside and apart", () => {
    const run = runRegisterScenario("AP", septemberScenario(1));
    const history = historyTimeline(run.history.operations, { model: "register", title: "AP register, as the clients saw it" });
    expectCleanLabels(history, "history timeline");
    expectNiceTicks(tickValues(history, "tick-x"), { what: "history time" });
    const logs = raftLogsPicture(
      [
        { id: "n1", log: [{ term: 1, command: "x=1" }, { term: 2, command: "y=2" }], commitIndex: 1, role: "leader", term: 2 },
        { id: "n2", log: [{ term: 1, command: "x=1" }], commitIndex: 1, role: "follower", term: 2, note: "led nothing; missed terms 5 and 6" },
        { id: "n3", log: [], down: true },
      ],
      { title: "t = 12.5 ms after x=1 was submitted to n1: stored, not committed", highlightIndex: 2 },
    );
    expectCleanLabels(logs, "raft logs");
    for (const servers of [3, 4]) {
      const ids = Array.from({ length: servers }, (_, i) => `n${i + 1}`);
      expectCleanLabels(quorumOverlapPicture({ servers: ids, quorumA: ids.slice(0, servers - 1), quorumB: ids.slice(1), traitors: ["n2"], title: `${servers} servers, one traitor` }), `quorum overlap ${servers}`);
    }
    const five = ["n1", "n2", "n3", "n4", "n5"];
    expectCleanLabels(quorumOverlapPicture({ servers: five, quorumA: five.slice(0, 3), quorumB: five.slice(2), title: "N = 5, W = 3, R = 3: any write and read quorum meet" }), "a long title");
    expectCleanLabels(clusterPicture({ servers: ["n1", "n2", "n3", "n4", "n5"], groups: [["n1", "n2"], ["n3", "n4", "n5"]], caption: "1,2|3,4,5" }), "cluster");
  });
});
