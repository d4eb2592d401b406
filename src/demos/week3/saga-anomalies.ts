/**
 * What a saga gives up: isolation. Its steps commit one by one, so other sagas see, and act on,
 * the state in between. Three anomalies on one account, each with its countermeasure, for
 * notebook 12 (after Richardson, Microservices Patterns, chapter 4):
 *
 *   lost update   two sagas read the balance, each writes back "balance - amount": one debit
 *                 vanishes. Countermeasure: commutative updates (debit an amount, never set a balance).
 *   dirty read    saga B reads a balance that saga A has lowered and will undo: B refuses a
 *                 purchase for money that was never really spent. Countermeasure: a semantic lock
 *                 (A's money is visibly "pending": B can wait and try again).
 *   fuzzy read    saga A checks the balance at its first step and debits at its third; saga B
 *                 debits in between: A acts on a value that is gone. Countermeasure: reread the
 *                 value (a conditional write that fails if it changed).
 *
 * Scripts run at fixed times on a network with a fixed 2 ms delay, so each story is exact.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { Simulation } from "../../sim";

type Request =
  | { type: "Read" }
  | { type: "Write"; balance: number }
  | { type: "WriteIf"; expected: number; balance: number }
  | { type: "Debit"; amount: number }
  | { type: "Credit"; amount: number }
  | { type: "Hold"; amount: number }
  | { type: "Settle"; amount: number }
  | { type: "Release"; amount: number };

type Reply = { type: "Account"; balance: number; pending: number; refused?: string };

/** One account: a balance and the money held for sagas still running (the semantic lock). */
class AccountNode implements ProtocolNode<Request, never> {
  balance = 100;
  private pending = 0;

  constructor(private readonly ctx: NodeContext<Reply, never>) {}

  onStart(): void {}
  onTimer(): void {}

  onMessage(from: NodeId, request: Request): void {
    let refused: string | undefined;
    switch (request.type) {
      case "Write":
        this.balance = request.balance;
        break;
      case "WriteIf":
        if (this.balance === request.expected) this.balance = request.balance;
        else refused = `the balance is ${this.balance}, not ${request.expected}: read it again`;
        break;
      case "Debit":
        this.balance -= request.amount;
        break;
      case "Credit":
        this.balance += request.amount;
        break;
      case "Hold":
        this.balance -= request.amount;
        this.pending += request.amount;
        break;
      case "Settle":
        this.pending -= request.amount;
        break;
      case "Release":
        this.pending -= request.amount;
        this.balance += request.amount;
        break;
    }
    this.ctx.send(from, { type: "Account", balance: this.balance, pending: this.pending, refused });
  }
}

/** A step of a scripted saga: at `atMs`, send `request`, or decide from the last reply what to send. */
export interface ScriptStep {
  atMs: number;
  label: string;
  request: Request | ((last: Reply | undefined) => Request | undefined);
}

class ScriptedSaga implements ProtocolNode<Reply, { step: number }> {
  last: Reply | undefined;

  constructor(
    private readonly ctx: NodeContext<Request, { step: number }>,
    private readonly steps: ScriptStep[],
    private readonly story: string[],
  ) {}

  onStart(): void {
    this.steps.forEach((step, i) => this.ctx.setTimer(step.atMs, { step: i }));
  }

  onTimer(timer: { step: number }): void {
    const step = this.steps[timer.step];
    const request = typeof step.request === "function" ? step.request(this.last) : step.request;
    this.story.push(`t=${Math.round(this.ctx.now())} ms, saga ${this.ctx.id}: ${step.label}${request ? "" : " (nothing to do)"}`);
    if (request) this.ctx.send("account", request);
  }

  onMessage(_from: NodeId, reply: Reply): void {
    this.last = reply;
    this.story.push(`t=${Math.round(this.ctx.now())} ms, saga ${this.ctx.id} hears: balance ${reply.balance}${reply.pending ? `, ${reply.pending} pending` : ""}${reply.refused ? `, refused: ${reply.refused}` : ""}`);
  }
}

export interface AnomalyRun {
  sim: Simulation;
  /** What happened, line by line. */
  story: string[];
  finalBalance: number;
}

function run(scripts: { A: ScriptStep[]; B: ScriptStep[] }): AnomalyRun {
  const sim = new Simulation({ seed: 1, network: { delay: { kind: "fixed", ms: 2 } } });
  const story: string[] = [];
  sim.addNode("account", (ctx) => new AccountNode(ctx), "server");
  sim.addNode("A", (ctx) => new ScriptedSaga(ctx, scripts.A, story), "client");
  sim.addNode("B", (ctx) => new ScriptedSaga(ctx, scripts.B, story), "client");
  sim.runFor(200);
  return { sim, story, finalBalance: sim.node<AccountNode>("account")?.balance ?? NaN };
}

/** Two sagas each take 30 from 100: read-modify-write loses one debit; a commutative debit does not. */
export function lostUpdate(commutative: boolean): AnomalyRun {
  const saga = (start: number): ScriptStep[] =>
    commutative
      ? [{ atMs: start + 20, label: "debit 30", request: { type: "Debit", amount: 30 } }]
      : [
          { atMs: start, label: "read the balance", request: { type: "Read" } },
          { atMs: start + 20, label: "write back balance - 30", request: (last) => (last ? { type: "Write", balance: last.balance - 30 } : undefined) },
        ];
  return run({ A: saga(0), B: saga(5) });
}

/**
 * Saga A takes 80 and later fails and gives it back; saga B, in between, wants to spend 50. With
 * `semanticLock`, A's 80 is held as pending, and B, seeing money pending, waits and reads again.
 */
export function dirtyRead(semanticLock: boolean): AnomalyRun {
  const A: ScriptStep[] = [
    { atMs: 0, label: semanticLock ? "step 1: hold 80 (pending)" : "step 1: debit 80", request: semanticLock ? { type: "Hold", amount: 80 } : { type: "Debit", amount: 80 } },
    { atMs: 40, label: "step 2 failed: compensate step 1", request: semanticLock ? { type: "Release", amount: 80 } : { type: "Credit", amount: 80 } },
  ];
  const buy = (last: Reply | undefined): Request | undefined => (last && last.balance >= 50 ? { type: "Debit", amount: 50 } : undefined);
  const B: ScriptStep[] = [
    { atMs: 10, label: "read the balance: can the customer spend 50?", request: { type: "Read" } },
    { atMs: 20, label: "spend 50 if the balance allows it", request: buy },
  ];
  if (semanticLock) B.push({ atMs: 60, label: "money was pending: read again", request: { type: "Read" } }, { atMs: 70, label: "spend 50 if the balance allows it", request: buy });
  return run({ A, B });
}

/**
 * Saga A reads 100 at its first step and, two steps later, debits the 60 it decided on; saga B
 * debits 50 in between. With `reread`, A's debit is a conditional write that fails when the
 * balance is no longer the one it read.
 */
export function fuzzyRead(reread: boolean): AnomalyRun {
  const A: ScriptStep[] = [
    { atMs: 0, label: "step 1: read the balance (100: enough for 60)", request: { type: "Read" } },
    {
      atMs: 40,
      label: reread ? "step 3: take 60, if the balance is still 100" : "step 3: take 60",
      request: reread ? { type: "WriteIf", expected: 100, balance: 40 } : { type: "Debit", amount: 60 },
    },
  ];
  const B: ScriptStep[] = [{ atMs: 20, label: "debit 50", request: { type: "Debit", amount: 50 } }];
  return run({ A, B });
}
