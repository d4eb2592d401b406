/**
 * Fair variant: a server that asks Raft whether it leads before it starts anything, keeps its
 * waiting clients in a list, and notices a lost leadership when the term moves on; a ledger whose
 * balances are one object copied with JSON and whose duplicate table is a plain record without a
 * prototype. Transfers are checked amount first, then accounts with `Object.keys`. Correct by the
 * contract; it must score full marks.
 */
import type { BankCommand, BankConfig, BankLedgerApi, BankReply, BankRequest, BankResult, BankServerApi, Balances, RaftHandle } from "../../../../src/contracts/bank";
import type { Json, NodeContext, NodeId } from "../../../../src/contracts/node";
import type { ApplyMsg } from "../../../../src/contracts/raft";

type Session = { seq: number; result: BankResult };

export class BankLedger implements BankLedgerApi {
  private state: Balances;
  private readonly sessions: Record<string, Session> = Object.create(null);

  constructor(initial: Balances) {
    this.state = JSON.parse(JSON.stringify(initial));
  }

  apply(command: BankCommand): BankResult {
    const session = this.sessions[command.clientId];
    if (session !== undefined && session.seq >= command.seq) return session.result;
    const result = command.op === "transfer" ? this.move(command.from, command.to, command.amount) : { kind: "balances" as const, balances: this.balances() };
    this.sessions[command.clientId] = { seq: command.seq, result };
    return result;
  }

  balances(): Balances {
    return JSON.parse(JSON.stringify(this.state));
  }

  private move(from: string, to: string, amount: number): BankResult {
    if (!(Number.isInteger(amount) && amount > 0)) return { kind: "refused", reason: "bad-amount" };
    const known = Object.keys(this.state);
    if (from === to || !known.includes(from) || !known.includes(to)) return { kind: "refused", reason: "unknown-account" };
    if (amount > this.state[from]) return { kind: "refused", reason: "insufficient-funds" };
    this.state = { ...this.state, [from]: this.state[from] - amount, [to]: this.state[to] + amount };
    return { kind: "transferred" };
  }
}

interface Waiter {
  client: NodeId;
  command: BankCommand;
  index: number;
  term: number;
}

const WATCH_MS = 250;

export class BankServer implements BankServerApi {
  private readonly ledger: BankLedger;
  private waiters: Waiter[] = [];
  private lastIndex = 0;

  constructor(
    private readonly ctx: NodeContext<BankRequest | BankReply, Json>,
    private readonly raft: RaftHandle,
    { initial }: BankConfig,
  ) {
    this.ledger = new BankLedger(initial);
  }

  onMessage(from: NodeId, request: BankRequest): void {
    if (request.type !== "BankRequest") return;
    const command = request.command;
    if (!this.raft.getState().isLeader) return this.send(from, command, { error: "not-leader" });
    const started = this.raft.start(command);
    if (!started.isLeader) return this.send(from, command, { error: "not-leader" });
    this.settle((waiter) => waiter.index === started.index, () => ({ error: "lost-leadership" }));
    this.waiters.push({ client: from, command, index: started.index, term: started.term });
  }

  onApply(msg: ApplyMsg): void {
    const applied = msg.command as BankCommand;
    const result = this.ledger.apply(applied);
    this.lastIndex = msg.index;
    this.settle(
      (waiter) => waiter.index === msg.index,
      (waiter) => (waiter.command.clientId === applied.clientId && waiter.command.seq === applied.seq ? { result } : { error: "lost-leadership" }),
    );
  }

  onStart(): void {
    this.ctx.setTimer(WATCH_MS, { watch: true });
  }

  onTimer(_timer: Json): void {
    const { term, isLeader } = this.raft.getState();
    this.settle((waiter) => !isLeader || waiter.term < term, () => ({ error: "lost-leadership" }));
    this.ctx.setTimer(WATCH_MS, { watch: true });
  }

  inspect(): { balances: Balances; lastApplied: number } {
    return { balances: this.ledger.balances(), lastApplied: this.lastIndex };
  }

  /** Answer and drop every waiter `matches` picks, each with what `answerFor` says. */
  private settle(matches: (waiter: Waiter) => boolean, answerFor: (waiter: Waiter) => { result: BankResult } | { error: "lost-leadership" }): void {
    const done = this.waiters.filter(matches);
    this.waiters = this.waiters.filter((waiter) => !matches(waiter));
    for (const waiter of done) this.send(waiter.client, waiter.command, answerFor(waiter));
  }

  private send(client: NodeId, command: BankCommand, answer: { result: BankResult } | { error: "not-leader" | "lost-leadership" }): void {
    this.ctx.send(client, { type: "BankReply", clientId: command.clientId, seq: command.seq, ...answer } as BankReply);
  }
}
