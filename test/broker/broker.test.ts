import { expect } from "chai";
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import { BrokerNode } from "../../src/broker/broker";
import type { BrokerClient, ConsumedRecord, Delivery } from "../../src/broker/client";
import { onSimulatedBroker, type BrokerService } from "../../src/broker/host";
import { scheduleBrokerFaults } from "../../src/broker/nemesis";
import { deadLetterQueue, partitionOf, type BrokerConfig } from "../../src/broker/protocol";
import { LogRecorder } from "../../src/broker/recorder";
import { checkLog } from "../../src/check/log-checker";
import { Simulation } from "../../src/sim";

const BROKER = "broker";
const CONFIG: BrokerConfig = { topics: { t: { partitions: 3 } }, queues: { q: { maxDeliveries: 3 } }, sessionTimeoutMs: 300 };

/** Produces `count` records (keys k0..k{n-1} round robin over `keys`) one every `spacingMs`. */
class Producer implements BrokerService<Json, { i: number }> {
  readonly acked: { partition: number; offset: number }[] = [];
  constructor(
    private readonly ctx: NodeContext<Json, { i: number }>,
    private readonly broker: BrokerClient,
    private readonly count: number,
    private readonly keys = 4,
  ) {}
  onStart(): void {
    for (let i = 0; i < this.count; i++) this.ctx.setTimer(5 + i * 5, { i });
  }
  onMessage(): void {}
  onTimer({ i }: { i: number }): void {
    this.broker.produce("t", `k${i % this.keys}`, { i, key: `k${i % this.keys}` }, (partition, offset) => this.acked.push({ partition, offset }));
  }
}

/** A group member that commits every record it is handed, and remembers them in storage. */
class Reader implements BrokerService {
  constructor(
    private readonly ctx: NodeContext,
    private readonly broker: BrokerClient,
    private readonly commit = true,
  ) {}
  onStart(): void {
    this.broker.subscribe("g", ["t"], (record) => this.read(record));
  }
  onMessage(): void {}
  onTimer(): void {}
  private read(record: ConsumedRecord): void {
    const seen = this.ctx.storage.get<number[]>("seen") ?? [];
    this.ctx.storage.put("seen", [...seen, (record.value as { i: number }).i]);
    if (this.commit) this.broker.commit(record);
  }
}

/** A queue consumer: acks, or nacks with requeue the bodies listed as poison. */
class Worker implements BrokerService {
  readonly got: Delivery[] = [];
  constructor(
    private readonly broker: BrokerClient,
    private readonly prefetch: number,
    private readonly poison: number[] = [],
    private readonly holdAcks = false,
  ) {}
  onStart(): void {
    this.broker.consume("q", this.prefetch, (d) => {
      this.got.push(d);
      if (this.holdAcks) return;
      if (this.poison.includes(d.body as number)) this.broker.nack(d, true);
      else this.broker.ack(d);
    });
  }
  onMessage(): void {}
  onTimer(): void {}
}

function world(seed = 1) {
  const sim = new Simulation({ seed, network: { delay: { kind: "uniform", msMin: 1, msMax: 5 } } });
  const recorder = new LogRecorder();
  sim.addNode(BROKER, (ctx) => new BrokerNode(ctx, CONFIG), "server");
  const add = <S extends BrokerService<any, any>>(id: NodeId, make: (ctx: NodeContext<any, any>, b: BrokerClient) => S) => sim.addNode(id, onSimulatedBroker(BROKER, make, undefined, recorder), "client");
  const broker = () => sim.node<BrokerNode>(BROKER) as BrokerNode;
  const seen = (id: NodeId) => sim.storage(id).get<number[]>("seen") ?? [];
  return { sim, recorder, add, broker, seen };
}

function enqueuer(count: number) {
  return (ctx: NodeContext<any, any>, b: BrokerClient): BrokerService => ({
    onStart: () => {
      for (let i = 0; i < count; i++) b.enqueue("q", `m${i}`, i);
    },
    onMessage: () => undefined,
    onTimer: () => undefined,
  });
}

describe("broker: the partitioned log", () => {
  it("puts each key in one partition and keeps the order of each partition", () => {
    const w = world();
    w.add("p1", (ctx, b) => new Producer(ctx, b, 20));
    w.sim.runFor(500);
    const all = [0, 1, 2].flatMap((partition) => w.broker().records({ topic: "t", partition }));
    expect(all).to.have.length(20);
    for (const r of all) expect(r.partition).to.equal(partitionOf(r.key, 3));
    for (const partition of [0, 1, 2]) {
      const is = w.broker().records({ topic: "t", partition }).map((r) => (r.value as { i: number }).i);
      expect(is).to.deep.equal([...is].sort((a, b) => a - b));
    }
  });

  it("keeps records and committed offsets across a crash and restart of the broker", () => {
    const w = world();
    w.add("p1", (ctx, b) => new Producer(ctx, b, 10));
    w.add("c1", (ctx, b) => new Reader(ctx, b));
    w.sim.runFor(400);
    const before = [0, 1, 2].map((partition) => w.broker().committed("g", { topic: "t", partition }));
    w.sim.crash(BROKER);
    w.sim.runFor(50);
    w.sim.restart(BROKER);
    expect([0, 1, 2].map((partition) => w.broker().records({ topic: "t", partition }).length).reduce((a, b) => a + b)).to.equal(10);
    expect([0, 1, 2].map((partition) => w.broker().committed("g", { topic: "t", partition }))).to.deep.equal(before);
    w.sim.runFor(1_000);
    expect([...w.seen("c1")].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("shares the partitions of a group among its members and hands them over when one goes away", () => {
    const w = world();
    w.add("c1", (ctx, b) => new Reader(ctx, b));
    w.add("c2", (ctx, b) => new Reader(ctx, b));
    w.sim.runFor(200);
    const owners = Object.values(w.broker().assignment("g").owners);
    expect(new Set(owners)).to.deep.equal(new Set(["c1", "c2"]));
    w.sim.crash("c2");
    w.sim.runFor(600);
    expect(Object.values(w.broker().assignment("g").owners)).to.deep.equal(["c1", "c1", "c1"]);
    w.add("p1", (ctx, b) => new Producer(ctx, b, 12));
    w.sim.runFor(1_000);
    expect(w.seen("c1")).to.have.length(12);
    expect(w.broker().lag("g", "t")).to.deep.equal({ "t/0": 0, "t/1": 0, "t/2": 0 });
  });

  it("starts a restarted consumer at the committed offset: what was read but not committed comes again", () => {
    const w = world();
    w.add("p1", (ctx, b) => new Producer(ctx, b, 6, 1));
    w.add("c1", (ctx, b) => new Reader(ctx, b, false));
    w.sim.runFor(400);
    expect(w.seen("c1")).to.deep.equal([0, 1, 2, 3, 4, 5]);
    w.sim.crash("c1");
    w.sim.runFor(10);
    w.sim.restart("c1");
    w.sim.runFor(400);
    expect(w.seen("c1")).to.deep.equal([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
    expect(checkLog(w.recorder.history(w.sim, BROKER, CONFIG.topics)).verdict).to.equal("OK");
  });

  it("refuses a commit from a generation that is over", () => {
    const w = world();
    w.add("c1", (ctx, b) => new Reader(ctx, b));
    w.sim.runFor(200);
    const generation = w.broker().assignment("g").generation;
    w.sim.call<BrokerNode, void>(BROKER, "rebalance", (b) => b.rebalance("g"));
    expect(w.broker().assignment("g").generation).to.equal(generation + 1);
    w.sim.addNode("old", (ctx) => ({
      onStart: () => ctx.send(BROKER, { type: "Commit", requestId: "x", group: "g", generation, topic: "t", partition: 0, offset: 7 }),
      onMessage: () => undefined,
      onTimer: () => undefined,
    }));
    w.sim.runFor(100);
    expect(w.broker().committed("g", { topic: "t", partition: 0 })).to.equal(0);
  });

  it("appends a produce twice under the duplicate nemesis, and the checker names the duplicate", () => {
    const w = world();
    scheduleBrokerFaults(w.sim, BROKER, [{ atMs: 1, fault: { kind: "duplicate-produce", count: 1 } }]);
    w.add("p1", (ctx, b) => new Producer(ctx, b, 3));
    w.sim.runFor(300);
    const verdict = checkLog(w.recorder.history(w.sim, BROKER, CONFIG.topics));
    expect(verdict.verdict).to.equal("ILLEGAL");
    if (verdict.verdict === "ILLEGAL") expect(verdict.anomalies.map((a) => a.rule)).to.deep.equal(["duplicate"]);
    expect(checkLog(w.recorder.history(w.sim, BROKER, CONFIG.topics), { allow: ["duplicate"] }).verdict).to.equal("OK");
  });
});

describe("broker: the queue", () => {
  it("hands each message to one of the competing consumers, never more than prefetch unacked at once", () => {
    const w = world();
    const workers: Worker[] = [];
    for (const id of ["w1", "w2"]) w.add(id, (ctx, b) => (workers[workers.length] = new Worker(b, 2, [], true)));
    w.sim.runFor(100);
    w.add("p1", enqueuer(10));
    w.sim.runFor(300);
    expect(workers.map((x) => x.got.length)).to.deep.equal([2, 2]);
    expect(w.broker().queued("q")).to.have.length(10);
  });

  it("delivers a nacked message again and dead-letters it after the maximum deliveries, while the rest goes on", () => {
    const w = world();
    let worker: Worker | undefined;
    w.add("w1", (ctx, b) => (worker = new Worker(b, 1, [2])));
    w.sim.runFor(100);
    w.add("p1", enqueuer(5));
    w.sim.runFor(500);
    const bodies = (worker as Worker).got.map((d) => d.body);
    expect(bodies.filter((b) => b === 2)).to.have.length(3);
    expect(bodies.filter((b) => b !== 2).sort()).to.deep.equal([0, 1, 3, 4]);
    expect(w.broker().queued("q")).to.have.length(0);
    expect(w.broker().queued(deadLetterQueue("q")).map((m) => m.messageId)).to.deep.equal(["m2"]);
  });

  it("gives a crashed consumer's unacked messages to another, and keeps the queue across a broker restart", () => {
    const w = world();
    const workers: Worker[] = [];
    w.add("w1", (ctx, b) => new Worker(b, 3, [], true));
    w.sim.runFor(100);
    w.add("p1", enqueuer(3));
    w.sim.runFor(100);
    w.sim.crash(BROKER);
    w.sim.restart(BROKER);
    w.sim.crash("w1");
    w.add("w2", (ctx, b) => (workers[0] = new Worker(b, 3)));
    w.sim.runFor(600);
    expect(workers[0].got.map((d) => [d.body, d.deliveries]).sort()).to.deep.equal([[0, 2], [1, 2], [2, 2]]);
    expect(w.broker().queued("q")).to.have.length(0);
  });
});
