import { expect } from "chai";
import { RaftCluster } from "../../src/harness/raft";
import { RaftNode } from "../../solutions/week1/raft";
import { Simulation, type TraceEvent } from "../../src/sim";
import { PingPongNode } from "../../src/sim/examples/ping-pong";
import { spaceTimeDiagram } from "../../src/viz/space-time";
import { stateTimeline } from "../../src/viz/state-timeline";
import { palette } from "../../src/viz/svg";
import { segmentCrossesBox } from "../../src/viz/label-placer";
import { expectCleanLabels, expectNiceTicks, labelsOf, tickValues } from "./layout";

/** Elements opened and closed in order: the SVG is well formed. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `</${name}>`).to.equal(name);
    else stack.push(name);
  }
  expect(stack).to.deep.equal([]);
}

function partitionedRaft(): RaftCluster {
  const cluster = new RaftCluster(RaftNode, { seed: 7 });
  cluster.sim.runFor(1200);
  cluster.partition("1,2|3,4,5");
  cluster.sim.runFor(800);
  cluster.crash("n4");
  cluster.sim.runFor(400);
  return cluster;
}

describe("viz: pictures of a trace", () => {
  const cluster = partitionedRaft();
  const events = cluster.sim.trace.events;

  it("space-time: a lane per node, an arrow per delivered message, crosses for cut ones, the partition shaded and named", () => {
    const svg = spaceTimeDiagram(events, { messagesMax: 100_000 });
    expectWellFormed(svg);
    for (const id of cluster.servers) expect(svg).to.include(`>${id}</text>`);
    const delivered = events.filter((e) => e.kind === "deliver").length;
    expect((svg.match(/ delivered t=/g) ?? []).length).to.equal(delivered);
    expect(svg).to.include("dropped (partition)");
    expect(svg).to.include(">partition 1,2|3,4,5</text>");
    expect(svg).to.include(`fill="${palette.partition}"`);
    expect(svg).to.include("n4 crashed");
  });

  it("space-time: beyond messagesMax the rest is left out with a note, and a window zooms in", () => {
    const crowded = spaceTimeDiagram(events, { messagesMax: 50 });
    expect((crowded.match(/ delivered t=| dropped \(/g) ?? []).length).to.equal(50);
    expect(crowded).to.match(/\d+ more messages not drawn; narrow the window with fromMs\/toMs/);
    const zoomed = spaceTimeDiagram(events, { fromMs: 1200, toMs: 1400, messageTypes: ["RequestVote"] });
    expect(zoomed).to.not.include("AppendEntries");
    expect(zoomed).to.include("1,200 ms");
  });

  it("space-time: labels stay inside, never overlap, and no arrow crosses a message's type", () => {
    const svg = spaceTimeDiagram(events, { fromMs: 1300, toMs: 2400, messageTypes: ["RequestVote", "RequestVoteReply"] });
    expectCleanLabels(svg, "votes");
    const types = labelsOf(svg).filter((label) => label.className === "message-label");
    expect(types.length).to.be.greaterThan(2);
    // Arrows, delivered or cut short, are the lines drawn 1.2 px wide.
    const arrows = [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" stroke="#[0-9a-f]+" stroke-width="1.2"/g)].map((m) => m.slice(1).map(Number));
    expect(arrows.length).to.be.at.least(types.length);
    for (const label of types) for (const [x1, y1, x2, y2] of arrows) expect(segmentCrossesBox(x1, y1, x2, y2, label.box), `an arrow crosses "${label.text}"`).to.equal(false);
    expectCleanLabels(spaceTimeDiagram(events, { title: "the whole run" }), "the whole run");
  });

  it("space-time: time ticks are nice, and a picture of one message type names it in the legend instead of on every arrow", () => {
    const svg = spaceTimeDiagram(events, { fromMs: 1300, toMs: 2400, messageTypes: ["RequestVote"] });
    expectNiceTicks(tickValues(svg, "tick-x"), { what: "time" });
    expect(labelsOf(svg).filter((label) => label.className === "message-label")).to.deep.equal([]);
    expect(svg).to.include(">RequestVote</text>");
  });

  it("space-time: the legend lists only what the picture shows, and partitions before the window are left out", () => {
    const quiet = spaceTimeDiagram(events, { fromMs: 0, toMs: 1100 });
    expect(quiet).to.include(">message</text>");
    expect(quiet).to.include(">leader</text>");
    expect(quiet).to.not.include(">cut by partition</text>");
    expect(quiet).to.not.include(">partition 1,2|3,4,5</text>");
    const sim = new Simulation({ seed: 1 });
    sim.addServers(2, (ctx) => new PingPongNode(ctx));
    sim.runFor(100);
    const pingPong = spaceTimeDiagram(sim.trace.events);
    expect(pingPong).to.not.match(/>(lost|leader|candidate)<\/text>/);
  });

  it("space-time: a long title pushes the legend to a row of its own instead of running into it", () => {
    const legendTop = (svg: string) => Math.min(...labelsOf(svg).filter((label) => label.text === "message" || label.text === "timer").map((label) => label.box.y));
    const short = spaceTimeDiagram(events, { title: "roles" });
    const title = "a title long enough to reach the legend on the right-hand side of the picture";
    const long = spaceTimeDiagram(events, { title });
    const titleBox = labelsOf(long).find((label) => label.text === title)?.box;
    expect(legendTop(long)).to.be.greaterThan(legendTop(short));
    expect(legendTop(long)).to.be.greaterThan((titleBox?.y ?? 0) + (titleBox?.height ?? 0));
    expectCleanLabels(long, "long title");
  });

  it("space-time: labels of network changes close together do not cover one another", () => {
    const sim = new Simulation({ seed: 2 });
    sim.addServers(5, (ctx) => new PingPongNode(ctx));
    sim.at(10, "split", () => sim.partition("1,2|3,4,5"));
    sim.at(11, "split again", () => sim.partition("1,2,3|4,5"));
    sim.at(60, "isolate", () => sim.isolate("n1"));
    sim.runFor(100);
    const svg = spaceTimeDiagram(sim.trace.events);
    expect(svg).to.include(">partition 1,2|3,4,5</text>");
    expect(svg, "the second label 1 ms later would overlap").to.not.include(">partition 1,2,3|4,5</text>");
    expect(svg).to.include("partition 1,2,3|4,5</title>");
  });

  it("state timeline: each server's roles over time with terms, and its down time", () => {
    const svg = stateTimeline(events, { title: "roles", toMs: cluster.sim.now });
    expectWellFormed(svg);
    expect(svg).to.include(`fill="${palette.roles.leader}"`);
    expect(svg).to.include(`fill="${palette.roles.candidate}"`);
    expect(svg).to.match(/n4 t=2000\.\.[\d.]+: down/);
    // n3 led term 1, and stepped down (check quorum) once n4's crash left it without a majority.
    expect(svg).to.match(/n3 t=[\d.]+\.\.[\d.]+: role leader, term 1/);
    expect(svg).to.match(/n3 t=2[\d.]+\.\.[\d.]+: role follower, term 1/);
  });

  it("a crash forgets what the node had annotated; the restarted node publishes afresh", () => {
    expect(cluster.sim.annotation("n4")).to.deep.equal({});
    cluster.restart("n4");
    cluster.sim.runFor(10);
    expect(cluster.sim.annotation("n4")).to.have.property("role", "follower");
  });

  it("nodes that never annotate get lanes in the space-time diagram but no timeline row", () => {
    const sim = new Simulation({ seed: 1 });
    sim.addServers(2, (ctx) => new PingPongNode(ctx));
    sim.runFor(100);
    expect(spaceTimeDiagram(sim.trace.events)).to.include(">n2</text>");
    expect(stateTimeline(sim.trace.events)).to.not.include(">n2</text>");
  });
});

describe("viz: event labels on the space-time diagram", () => {
  const start = (node: string): TraceEvent => ({ t: 0, kind: "start", node });
  const log = (t: number, node: string, text: string): TraceEvent => ({ t, kind: "log", node, text });
  // Five lines close together on n1: they cannot all sit at the same height.
  const events: TraceEvent[] = [start("n1"), start("n2"), ...[100, 102, 104, 106, 108].map((t, i) => log(t, "n1", `line ${i}`)), log(500, "n2", "far away"), log(900, "n2", "out of the window")];
  const labelTexts = (svg: string) => labelsOf(svg).filter((label) => label.className === "event-label").map((label) => ({ content: label.text, box: label.box }));

  it("eventLabels 'log' draws each ctx.log line at its event, with a dot, and never two labels over each other", () => {
    const svg = spaceTimeDiagram(events, { toMs: 600, eventLabels: "log" });
    expectWellFormed(svg);
    const labels = labelTexts(svg);
    expect(labels.map((l) => l.content)).to.include.members(["line 0", "line 1", "far away"]);
    expect(labels.length, "five labels 2 ms apart cannot all find a free place").to.be.lessThan(6);
    expect(svg).to.not.include(">out of the window<");
    expectCleanLabels(svg, "five lines");
    // Every event keeps its dot and its text in the tooltip, also when its label found no place.
    expect((svg.match(/<circle /g) ?? []).length).to.equal(6);
    expect(svg).to.include("<title>t=108 n1: line 4</title>");
  });

  it("labels can be given instead of log lines, and without the option nothing is labelled", () => {
    const svg = spaceTimeDiagram(events, { toMs: 600, eventLabels: [{ node: "n2", t: 300, text: "L=7" }] });
    expect(labelTexts(svg).map((l) => l.content)).to.deep.equal(["L=7"]);
    const plain = spaceTimeDiagram(events, { toMs: 600 });
    expect(labelTexts(plain)).to.deep.equal([]);
    expect(plain).to.not.include("<circle");
  });
});
