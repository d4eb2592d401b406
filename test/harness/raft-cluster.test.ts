/** The Raft harness the grader and the notebooks share: what it assumes about any RaftNode. */
import { expect } from "chai";
import type { NodeContext } from "../../src/contracts/node";
import type { ApplyMsg, RaftConfig } from "../../src/contracts/raft";
import { RaftCluster } from "../../src/harness/raft";
import { stateTimeline } from "../../src/viz/state-timeline";
import { RaftNode } from "../../solutions/week1/raft";
import { RaftNode as WithoutCheckQuorum } from "../../grader/variants/week1/raft/no-check-quorum";

/** The reference, except that it never calls ctx.annotate (nothing in the contract asks it to). */
class SilentRaftNode extends RaftNode {
  constructor(ctx: NodeContext<any, any>, apply: (msg: ApplyMsg) => void, config?: RaftConfig) {
    const silent = Object.create(ctx) as NodeContext<any, any>;
    silent.annotate = () => undefined;
    super(silent, apply, config);
  }
}

describe("harness: RaftCluster", () => {
  it("after partition(spec) a client uses the majority side only, so a stranded old leader never holds a command up", () => {
    const cluster = new RaftCluster(WithoutCheckQuorum, { seed: 214583758 });
    const leader = cluster.checkOneLeader();
    const minority = [leader, cluster.servers.find((id) => id !== leader) as string];
    const majority = cluster.servers.filter((id) => !minority.includes(id));
    cluster.partition(`${minority.map((id) => id.slice(1)).join(",")}|${majority.map((id) => id.slice(1)).join(",")}`);
    expect(cluster.connected()).to.deep.equal(majority);
    cluster.checkOneLeader();
    expect(cluster.node(leader)?.getState().isLeader, "without check quorum the old leader still believes it leads").to.equal(true);
    const startedAtMs = cluster.sim.now;
    cluster.one("on the majority side", 3, true);
    expect(cluster.sim.now - startedAtMs, "committed without first waiting on the stranded leader").to.be.lessThan(1_000);
    cluster.heal();
    expect(cluster.connected()).to.deep.equal(cluster.servers);
  });

  it("publishes every server's role and term into the trace, so pictures work for a node that never annotates", () => {
    const cluster = new RaftCluster(SilentRaftNode, { seed: 1 });
    const leader = cluster.checkOneLeader();
    cluster.sim.runFor(100);
    const annotations = cluster.sim.trace.events.filter((e) => e.kind === "annotate");
    expect(annotations.length).to.be.greaterThan(5);
    const svg = stateTimeline(cluster.sim.trace.events, { toMs: cluster.sim.now });
    expect(svg).to.match(new RegExp(`${leader} t=[\\d.]+\\.\\.[\\d.]+: role leader, term \\d+`));
  });
});
