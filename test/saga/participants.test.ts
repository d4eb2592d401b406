import { expect } from "chai";
import type { NodeContext, NodeId, ProtocolNode } from "../../src/contracts/node";
import type { Order, SagaCommand, SagaReply } from "../../src/contracts/saga";
import { FaultBook, type ParticipantFault } from "../../src/saga/faults";
import { STATE_KEY, type ParticipantState } from "../../src/saga/participant";
import { PaymentService, paymentPending, paymentTotals, type PaymentLedger } from "../../src/saga/payment";
import type { ParticipantRecord } from "../../src/saga/records";
import { StockService, stockPending, stockTotals, type StockLedger } from "../../src/saga/stock";
import { Simulation } from "../../src/sim";

const ORDER: Order = { orderId: "o1", customer: "alice", amount: 30, item: "widget", quantity: 2 };

/** Sends each scripted command at its time to `to` and keeps every reply. */
class Prober implements ProtocolNode<SagaReply, { i: number }> {
  readonly replies: { t: number; reply: SagaReply }[] = [];
  constructor(
    private readonly ctx: NodeContext<SagaCommand, { i: number }>,
    private readonly to: NodeId,
    private readonly script: { atMs: number; command: SagaCommand }[],
  ) {}
  onStart(): void {
    this.script.forEach(({ atMs }, i) => this.ctx.setTimer(atMs, { i }));
  }
  onTimer(timer: { i: number }): void {
    this.ctx.send(this.to, this.script[timer.i].command);
  }
  onMessage(_from: NodeId, reply: SagaReply): void {
    this.replies.push({ t: this.ctx.now(), reply });
  }
}

function command(commandId: string, action: string, compensates?: string): SagaCommand {
  return { type: "Command", commandId, orderId: ORDER.orderId, action, order: ORDER, ...(compensates ? { compensates } : {}) };
}

function payment(script: { atMs: number; command: SagaCommand }[], faults: ParticipantFault[] = [], balance = 100) {
  const sim = new Simulation({ seed: 1, network: { delay: { kind: "fixed", ms: 1 } } });
  const records: ParticipantRecord[] = [];
  const crashes: number[] = [];
  const book = new FaultBook(faults);
  sim.addNode("payment", (ctx) => new PaymentService(ctx, { alice: balance }, { faults: book, observe: (r) => records.push(r), requestCrash: (id, ms) => (crashes.push(ms), sim.after(0, "crash", () => sim.crash(id)), sim.after(ms, "restart", () => sim.restart(id))) }), "server");
  sim.addNode("c1", (ctx) => new Prober(ctx, "payment", script), "client");
  sim.runFor(2_000);
  const state = sim.storage("payment").get(STATE_KEY) as unknown as ParticipantState<PaymentLedger>;
  return { sim, records, crashes, state, replies: (sim.node<Prober>("c1") as Prober).replies };
}

describe("saga participants", () => {
  it("apply a command once per id, and answer every copy with the stored reply", () => {
    const { records, replies, state } = payment([0, 10, 20].map((atMs) => ({ atMs, command: command("a1", "authorize") })));
    expect(records.map((r) => r.outcome)).to.deep.equal(["applied", "repeated", "repeated"]);
    expect(replies.map((r) => r.reply.outcome)).to.deep.equal(["done", "done", "done"]);
    expect(state.ledger.balances.alice).to.equal(70);
    expect(paymentPending(state, "o1")).to.deep.equal(['30 still held by authorization "a1"']);
  });

  it("take two effects for two ids: the same request sent under two ids is two requests", () => {
    const { state } = payment([{ atMs: 0, command: command("a1", "authorize") }, { atMs: 10, command: command("a2", "authorize") }]);
    expect(state.ledger.balances.alice).to.equal(40);
  });

  it("undo a command once, whatever the compensation's id; refuse a command that arrives after its compensation", () => {
    const { records, state } = payment([
      { atMs: 0, command: command("a1", "authorize") },
      { atMs: 10, command: command("v1", "void", "a1") },
      { atMs: 20, command: command("v2", "void", "a1") },
      { atMs: 30, command: command("v3", "void", "a9") },
      { atMs: 40, command: command("a9", "authorize") },
    ]);
    expect(records.map((r) => r.outcome)).to.deep.equal(["applied", "undone", "nothing-to-undo", "nothing-to-undo", "refused"]);
    expect(state.ledger.balances.alice).to.equal(100);
    expect(paymentTotals(state)).to.deep.equal({ money: 100 });
  });

  it("decline a card with too little money, and capture only what was authorized", () => {
    const { records, state } = payment([{ atMs: 0, command: command("a1", "authorize") }, { atMs: 10, command: command("c1", "capture") }, { atMs: 20, command: command("c2", "capture") }], [], 50);
    expect(records.map((r) => `${r.action}:${r.outcome}`)).to.deep.equal(["authorize:applied", "capture:applied", "capture:failed"]);
    expect(state.ledger.merchant).to.equal(30);
    expect(paymentTotals(state)).to.deep.equal({ money: 50 });
  });

  it("obey their fault knobs: a business failure is remembered, 'unavailable' is not", () => {
    const { records, replies } = payment(
      [0, 10, 20].map((atMs) => ({ atMs, command: command("a1", "authorize") })),
      [{ action: "authorize", times: 1, behaviour: { kind: "unavailable" } }, { action: "authorize", skip: 1, times: 1, behaviour: { kind: "fail", reason: "declined" } }],
    );
    expect(records.map((r) => r.outcome)).to.deep.equal(["unavailable", "failed", "repeated"]);
    expect(replies.map((r) => r.reply.reason)).to.deep.equal(["service unavailable, try again", "declined", "declined"]);
  });

  it("lose, delay, hold and duplicate replies, and crash after the effect", () => {
    const dropped = payment([{ atMs: 0, command: command("a1", "authorize") }], [{ action: "authorize", behaviour: { kind: "drop" } }]);
    expect([dropped.records[0].outcome, dropped.replies.length, dropped.state.ledger.balances.alice]).to.deep.equal(["lost", 0, 100]);
    const silent = payment([{ atMs: 0, command: command("a1", "authorize") }], [{ action: "authorize", behaviour: { kind: "no-reply" } }]);
    expect([silent.replies.length, silent.state.ledger.balances.alice]).to.deep.equal([0, 70]);
    const late = payment([{ atMs: 0, command: command("a1", "authorize") }], [{ action: "authorize", behaviour: { kind: "late", ms: 300 } }]);
    expect(late.replies.map((r) => Math.round(r.t))).to.deep.equal([302]);
    const held = payment([{ atMs: 0, command: command("a1", "authorize") }], [{ action: "authorize", behaviour: { kind: "hold", ms: 300 } }]);
    expect(held.records.map((r) => Math.round(r.t))).to.deep.equal([301]);
    const twice = payment([{ atMs: 0, command: command("a1", "authorize") }], [{ action: "authorize", behaviour: { kind: "duplicate-reply" } }]);
    expect(twice.replies.length).to.equal(2);
    const crashed = payment([{ atMs: 0, command: command("a1", "authorize") }, { atMs: 500, command: command("a1", "authorize") }], [{ action: "authorize", times: 1, behaviour: { kind: "crash", restartAfterMs: 200 } }]);
    expect([crashed.crashes, crashed.records.map((r) => r.outcome), crashed.replies.length]).to.deep.equal([[200], ["applied", "repeated"], 1]);
  });

  it("the stock service reserves, releases and ships, and its goods add up", () => {
    const sim = new Simulation({ seed: 2 });
    const records: ParticipantRecord[] = [];
    sim.addNode("stock", (ctx) => new StockService(ctx, { widget: 3 }, { observe: (r) => records.push(r) }), "server");
    sim.addNode("c1", (ctx) => new Prober(ctx, "stock", [
      { atMs: 0, command: command("r1", "reserve") },
      { atMs: 20, command: command("r2", "reserve") },
      { atMs: 40, command: command("x1", "release", "r1") },
      { atMs: 60, command: command("s1", "ship") },
    ]), "client");
    sim.runFor(200);
    const state = sim.storage("stock").get(STATE_KEY) as unknown as ParticipantState<StockLedger>;
    expect(records.map((r) => `${r.action}:${r.outcome}`)).to.deep.equal(["reserve:applied", "reserve:failed", "release:undone", "ship:failed"]);
    expect(state.ledger.available.widget).to.equal(3);
    expect(stockTotals(state)).to.deep.equal({ widget: 3 });
    expect(stockPending(state, "o1")).to.deep.equal([]);
  });
});
