/** The real-time host runs the simulator's node classes for real, on loopback only. */
import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NodeContext, ProtocolNode } from "../../src/contracts/node";
import { FileStorage, LiveNode, fetchJson, freePorts, type LiveNodeOptions } from "../../src/live";
import { PingPongNode } from "../../src/sim/examples/ping-pong";

const quiet = () => undefined;

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
}

async function pair<N extends ProtocolNode<any, any>>(factory: LiveNodeOptions<N>["factory"], overrides: Partial<LiveNodeOptions<N>> = {}): Promise<LiveNode<N>[]> {
  const dir = mkdtempSync(join(tmpdir(), "live-host-"));
  const [p1, p2] = await freePorts(2);
  const ports = { n1: p1, n2: p2 };
  // n2 first, so n1's first ping finds it listening.
  const n2 = await LiveNode.start({ id: "n2", ports, factory, storagePath: join(dir, "n2.json"), seed: 1, log: quiet, ...overrides });
  const n1 = await LiveNode.start({ id: "n1", ports, factory, storagePath: join(dir, "n1.json"), seed: 1, log: quiet, ...overrides });
  return [n1, n2];
}

describe("live: the real-time host", function () {
  this.timeout(20_000);

  it("plays the simulator's ping-pong over HTTP on 127.0.0.1 with real timers", async () => {
    const [n1, n2] = await pair((ctx) => new PingPongNode(ctx as never, { rounds: 5, retryAfterMs: 100 }));
    try {
      expect(await until(() => n1.node.completed === 5, 10_000), `completed ${n1.node.completed} rounds`).to.equal(true);
      expect(n2.counters.delivered).to.be.at.least(5);
      const status = (await fetchJson(n1.port, "GET", "/status")) as { id: string; peers: string[] };
      expect(status).to.deep.include({ id: "n1", peers: ["n2"] });
    } finally {
      await Promise.all([n1.stop(), n2.stop()]);
    }
  });

  it("a cut link drops messages at both ends, and healing lets them through again", async () => {
    const [n1, n2] = await pair((ctx) => new PingPongNode(ctx as never, { rounds: Infinity, retryAfterMs: 20 }));
    try {
      await fetchJson(n1.port, "POST", "/network", { cuts: [{ from: "n1", to: "n2" }, { from: "n2", to: "n1" }], description: "partition n1|n2" });
      await fetchJson(n2.port, "POST", "/network", { cuts: [{ from: "n1", to: "n2" }, { from: "n2", to: "n1" }], description: "partition n1|n2" });
      await new Promise((resolve) => setTimeout(resolve, 100)); // what was in flight lands
      const before = n1.node.completed;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(n1.node.completed, "no round completes across a cut").to.equal(before);
      expect(n1.counters.droppedAtCut).to.be.greaterThan(3);
      expect(await fetchJson(n1.port, "GET", "/network")).to.deep.include({ description: "partition n1|n2" });
      for (const node of [n1, n2]) await fetchJson(node.port, "POST", "/network", { cuts: [], description: "healed" });
      expect(await until(() => n1.node.completed > before + 3, 5_000)).to.equal(true);
    } finally {
      await Promise.all([n1.stop(), n2.stop()]);
    }
  });

  it("answers a client that is no peer: the client's port is known, but it is not in ctx.peers", async () => {
    class Echo implements ProtocolNode {
      heard: string[] = [];
      constructor(private readonly ctx: NodeContext) {}
      onStart(): void {
        if (this.ctx.id === "c1") this.ctx.send("s1", "hello");
      }
      onMessage(from: string, msg: unknown): void {
        this.heard.push(`${from}: ${String(msg)}`);
        if (this.ctx.id === "s1") this.ctx.send(from, `echo ${String(msg)} (my peers: ${this.ctx.peers.join(",") || "none"})`);
      }
      onTimer(): void {}
    }
    const dir = mkdtempSync(join(tmpdir(), "live-clients-"));
    const [serverPort, clientPort] = await freePorts(2);
    const factory = (ctx: NodeContext) => new Echo(ctx);
    const server = await LiveNode.start({ id: "s1", ports: { s1: serverPort }, clients: { c1: clientPort }, factory, storagePath: join(dir, "s1.json"), seed: 1, log: quiet });
    const client = await LiveNode.start({ id: "c1", ports: { c1: clientPort, s1: serverPort }, factory, storagePath: join(dir, "c1.json"), seed: 1, log: quiet });
    try {
      expect(await until(() => client.node.heard.length === 1, 5_000)).to.equal(true);
      expect(client.node.heard).to.deep.equal(["s1: echo hello (my peers: none)"]);
      expect(server.peers).to.deep.equal([]);
    } finally {
      await Promise.all([server.stop(), client.stop()]);
    }
  });

  it("stable storage survives a restart of the host, and the node boots with onRestart", async () => {
    class Counter implements ProtocolNode {
      restarted = false;
      constructor(private readonly ctx: NodeContext) {}
      onStart(): void {
        this.ctx.storage.put("boots", 1);
      }
      onRestart(): void {
        this.restarted = true;
        this.ctx.storage.put("boots", (this.ctx.storage.get<number>("boots") ?? 0) + 1);
      }
      onMessage(): void {}
      onTimer(): void {}
    }
    const dir = mkdtempSync(join(tmpdir(), "live-storage-"));
    const [port] = await freePorts(1);
    const options = { id: "n1", ports: { n1: port }, factory: (ctx: NodeContext) => new Counter(ctx), storagePath: join(dir, "n1.json"), seed: 1, log: quiet };
    await (await LiveNode.start(options)).stop();
    const second = await LiveNode.start(options);
    await second.stop();
    expect(second.node.restarted).to.equal(true);
    expect(new FileStorage(join(dir, "n1.json"), "n1").get("boots")).to.equal(2);
    expect(JSON.parse(readFileSync(join(dir, "n1.json"), "utf8"))).to.deep.equal({ boots: 2 });
  });

  it("a handler that returns a Promise, or throws, stops the node with the reason", async () => {
    const reasons: string[] = [];
    const [port] = await freePorts(1);
    const asyncNode = await LiveNode.start({
      id: "n1",
      ports: { n1: port },
      factory: () => ({ onStart: async () => undefined, onMessage() {}, onTimer() {} }) as unknown as ProtocolNode,
      storagePath: join(mkdtempSync(join(tmpdir(), "live-bad-")), "n1.json"),
      seed: 1,
      log: quiet,
      onFatal: (error) => reasons.push(error.message),
    });
    await asyncNode.stop();
    expect(reasons).to.have.length(1);
    expect(reasons[0]).to.match(/n1 onStart: it returned a Promise\. Handlers must be synchronous/);
    const [p1, p2] = await freePorts(2);
    const dir = mkdtempSync(join(tmpdir(), "live-throw-"));
    const thrower = await LiveNode.start({
      id: "n2",
      ports: { n1: p1, n2: p2 },
      factory: () => ({ onStart() {}, onMessage() { throw new Error("boom"); }, onTimer() {} }),
      storagePath: join(dir, "n2.json"),
      seed: 1,
      log: quiet,
      onFatal: (error) => reasons.push(error.message),
    });
    await fetchJson(p2, "POST", "/message", { from: "n1", msg: { type: "hello" } }).catch((error: Error) => reasons.push(error.message));
    await thrower.stop();
    expect(reasons[1]).to.match(/^n2 onMessage threw: Error: boom/);
    expect(reasons[2]).to.match(/500/);
  });

  it("refuses what a real network could not carry, and names the rule", async () => {
    const [port] = await freePorts(1);
    const errors: string[] = [];
    const node = await LiveNode.start({
      id: "n1",
      ports: { n1: port },
      factory: (ctx) => ({ onStart: () => ctx.send("n9", {}), onMessage() {}, onTimer() {} }),
      storagePath: join(mkdtempSync(join(tmpdir(), "live-peer-")), "n1.json"),
      seed: 1,
      log: quiet,
      onFatal: (error) => errors.push(error.message),
    });
    await node.stop();
    expect(errors[0]).to.match(/n1 sent to "n9", which is not a peer/);
    expect(await fetchJson(port, "GET", "/status").catch((error: Error) => error.message)).to.match(/ECONNREFUSED|socket hang up/);
  });

  it("a damaged storage file is reported with its path and what to do", () => {
    const path = join(mkdtempSync(join(tmpdir(), "live-damaged-")), "n1.json");
    writeFileSync(path, "{not json");
    expect(() => new FileStorage(path, "n1")).to.throw(/cannot read the stable storage file .*n1\.json.*Delete it to start this node afresh/);
  });
});
