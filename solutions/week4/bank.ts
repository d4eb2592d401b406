/**
 * A replicated bank on Raft: reference solution for week 4. The contract is
 * src/contracts/bank.ts; the exercise is exercises/week4/bank.ts.
 *
 * The ledger is a deterministic state machine with a session table (client id -> last seq and
 * its result), so a command committed twice by a retrying client takes effect once. The server
 * answers only from `onApply`, after the command is committed, and reads go through the log like
 * transfers: a deposed leader cannot answer anything, so it cannot answer stale balances.
 */
import type { BankCommand, BankConfig, BankLedgerApi, BankReply, BankRequest, BankResult, BankServerApi, Balances, RaftHandle } from "../../src/contracts/bank";
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import type { ApplyMsg } from "../../src/contracts/raft";

export class BankLedger implements BankLedgerApi {
  private readonly accounts: Balances;
  /** Per client: the last seq applied and its result (Raft section 8's duplicate table). */
  private readonly sessions = new Map<string, { seq: number; result: BankResult }>();

  constructor(initial: Balances) {
    this.accounts = { ...initial };
  }

  apply(command: BankCommand): BankResult {
    const last = this.sessions.get(command.clientId);
    if (last && command.seq <= last.seq) return last.result;
    const result = command.op === "read" ? { kind: "balances" as const, balances: this.balances() } : this.transfer(command);
    this.sessions.set(command.clientId, { seq: command.seq, result });
    return result;
  }

  balances(): Balances {
    return { ...this.accounts };
  }

  private transfer(command: Extract<BankCommand, { op: "transfer" }>): BankResult {
    const { from, to, amount } = command;
    if (!Number.isInteger(amount) || amount <= 0) return { kind: "refused", reason: "bad-amount" };
    if (!Object.hasOwn(this.accounts, from) || !Object.hasOwn(this.accounts, to) || from === to) return { kind: "refused", reason: "unknown-account" };
    if (this.accounts[from] < amount) return { kind: "refused", reason: "insufficient-funds" };
    this.accounts[from] -= amount;
    this.accounts[to] += amount;
    return { kind: "transferred" };
  }
}

/** A client waiting for the command it sent to be applied at `index`. */
interface Waiting {
  client: NodeId;
  command: BankCommand;
  term: number;
}

type BankTimer = { type: "check-leadership" };

/** How often a waiting leader checks it still leads in the term it started the commands in. */
const LEADERSHIP_CHECK_MS = 100;

export class BankServer implements BankServerApi {
  private readonly ledger: BankLedger;
  private readonly waiting = new Map<number, Waiting>();
  private lastApplied = 0;

  constructor(
    private readonly ctx: NodeContext<BankRequest | BankReply, Json>,
    private readonly raft: RaftHandle,
    config: BankConfig,
  ) {
    this.ledger = new BankLedger(config.initial);
  }

  onStart(): void {
    this.ctx.setTimer(LEADERSHIP_CHECK_MS, { type: "check-leadership" });
  }

  onMessage(from: NodeId, request: BankRequest): void {
    // Stryker disable next-line ConditionalExpression: equivalent, the course routes only BankRequests here (src/bank/server-node.ts); Raft's messages go to Raft
    if (request.type !== "BankRequest") return;
    const { command } = request;
    const started = this.raft.start(command);
    if (!started.isLeader) return this.reply(from, command, { error: "not-leader" });
    // An earlier client still waiting at this index (a leader that lost the index and won again) is told.
    const earlier = this.waiting.get(started.index);
    if (earlier) this.reply(earlier.client, earlier.command, { error: "lost-leadership" });
    this.waiting.set(started.index, { client: from, command, term: started.term });
  }

  onApply(msg: ApplyMsg): void {
    const command = msg.command as BankCommand;
    const result = this.ledger.apply(command);
    this.lastApplied = msg.index;
    const waiting = this.waiting.get(msg.index);
    if (!waiting) return;
    this.waiting.delete(msg.index);
    const same = waiting.command.clientId === command.clientId && waiting.command.seq === command.seq;
    this.reply(waiting.client, waiting.command, same ? { result } : { error: "lost-leadership" });
  }

  onTimer(timer: Json): void {
    // Stryker disable next-line ConditionalExpression: equivalent, the course gives the server only its own timers (src/bank/server-node.ts), and it sets no other kind
    if ((timer as BankTimer).type !== "check-leadership") return;
    const { term, isLeader } = this.raft.getState();
    for (const [index, waiting] of this.waiting) {
      if (isLeader && waiting.term === term) continue;
      this.waiting.delete(index);
      this.reply(waiting.client, waiting.command, { error: "lost-leadership" });
    }
    this.ctx.setTimer(LEADERSHIP_CHECK_MS, { type: "check-leadership" });
  }

  inspect(): { balances: Balances; lastApplied: number } {
    return { balances: this.ledger.balances(), lastApplied: this.lastApplied };
  }

  private reply(client: NodeId, command: BankCommand, answer: { result: BankResult } | { error: "not-leader" | "lost-leadership" }): void {
    this.ctx.send(client, { type: "BankReply", clientId: command.clientId, seq: command.seq, ...answer } as BankReply);
  }
}
