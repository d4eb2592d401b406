import { expect } from "chai";
import { modNMovedShare, movedSharesByClusterSize, ringMovedShare } from "../../../src/demos/week2/rebalance-cost";
import { latencyOverTime, orderId, runHotSpot, shardOf } from "../../../src/demos/week2/shard-hot-spot";

describe("demos/week2: sharding's hot spot and the price of a new server", () => {
  const options = { seed: 1, durationMs: 2000 };

  it("range shards set up for smaller ids send every new order to the last shard, whose queue and latency grow without end", () => {
    const run = runHotSpot({ ...options, placement: "range" });
    expect(run.writesPerShard.map((s) => s.writes)).to.deep.equal([0, 0, 0, 2000]);
    const curve = latencyOverTime(run, 250);
    expect(curve[curve.length - 1].y, "the last writes wait far longer than the first").to.be.greaterThan(10 * curve[0].y);
    expect(runHotSpot({ ...options, placement: "one database" }).latencies.slice(-1)[0].latencyMs).to.be.greaterThan(900);
  });

  it("hash shards share the writes, and none falls behind", () => {
    const run = runHotSpot({ ...options, placement: "hash" });
    for (const { shard, writes } of run.writesPerShard) expect(writes, shard).to.be.within(400, 600);
    expect(Math.max(...run.latencies.map((l) => l.latencyMs)), "no queue builds up").to.be.lessThan(60);
  });

  it("places ids by the demo's rules and is deterministic", () => {
    expect(shardOf("range", 4, orderId(0))).to.equal(3);
    expect(shardOf("range", 4, "order-00012345")).to.equal(1);
    expect(shardOf("one database", 4, orderId(7))).to.equal(0);
    expect(runHotSpot({ ...options, placement: "hash" })).to.deep.equal(runHotSpot({ ...options, placement: "hash" }));
  });

  it("adding a server moves about N/(N+1) of the keys under hash mod N, and about the ideal 1/(N+1) on a ring", () => {
    const keys = Array.from({ length: 10000 }, (_, i) => `user${i}`);
    expect(modNMovedShare(keys, 4)).to.be.closeTo(4 / 5, 0.02);
    for (const row of movedSharesByClusterSize([2, 4, 8], keys, 128)) {
      expect(row.modN, `${row.servers} servers`).to.be.greaterThan(1.5 * row.ring);
      expect(row.ring, `${row.servers} servers`).to.be.closeTo(row.ideal, 0.35 * row.ideal);
    }
    expect(ringMovedShare(4, 3), "with 3 virtual nodes the share is luck").to.not.be.closeTo(ringMovedShare(4, 128), 1e-9);
  });
});
