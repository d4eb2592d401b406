/**
 * Fair variant: a bank kept in Maps, with its checks in another order. The ledger holds balances
 * and sessions in Maps, checks the accounts before the amount (the contract gives no precedence
 * between "unknown-account" and "bad-amount"), and copies its results out; the server remembers
 * waiting clients by client id (each client has one command in flight), with the log index and
 * term it was started at, and checks its leadership every 500 ms. Correct by the contract; it
 * must score full marks.
 */
import type { BankCommand, BankConfig, BankLedgerApi, BankReply, BankRequest, BankResult, BankServerApi, Balances, RaftHandle } from "../../../../src/contracts/bank";
import type { Json, NodeContext, NodeId } from "../../../../src/contracts/node";
import type { ApplyMsg } from "../../../../src/contracts/raft";

export class BankLedger implements BankLedgerApi {
  private readonly accounts = new Map<string, number>();
  private readonly lastSeq = new Map<string, number>();
  private readonly lastResult = new Map<string, BankResult>();

  constructor(initial: Balances) {
    for (const account of Object.keys(initial)) this.accounts.set(account, initial[account]);
  }

  apply(command: BankCommand): BankResult {
    const seen = this.lastSeq.get(command.clientId);
    if (seen !== undefined && command.seq <= seen) return copyResult(this.lastResult.get(command.clientId) as BankResult);
    let result: BankResult;
    if (command.op === "read") {
      result = { kind: "balances", balances: this.balances() };
    } else {
      result = this.refusal(command) ?? { kind: "transferred" };
      if (result.kind === "transferred") {
        this.accounts.set(command.from, (this.accounts.get(command.from) as number) - command.amount);
        this.accounts.set(command.to, (this.accounts.get(command.to) as number) + command.amount);
      }
    }
    this.lastSeq.set(command.clientId, command.seq);
    this.lastResult.set(command.clientId, copyResult(result));
    return result;
  }

  balances(): Balances {
    const copy: Balances = {};
    this.accounts.forEach((balance, account) => {
      copy[account] = balance;
    });
    return copy;
  }

  private refusal(transfer: Extract<BankCommand, { op: "transfer" }>): BankResult | undefined {
    if (!this.accounts.has(transfer.from) || !this.accounts.has(transfer.to) || transfer.from === transfer.to) return { kind: "refused", reason: "unknown-account" };
    if (typeof transfer.amount !== "number" || !Number.isSafeInteger(transfer.amount) || transfer.amount < 1) return { kind: "refused", reason: "bad-amount" };
    if ((this.accounts.get(transfer.from) as number) < transfer.amount) return { kind: "refused", reason: "insufficient-funds" };
    return undefined;
  }
}

function copyResult(result: BankResult): BankResult {
  return result.kind === "balances" ? { kind: "balances", balances: { ...result.balances } } : { ...result };
}

interface Pending {
  from: NodeId;
  command: BankCommand;
  index: number;
  term: number;
}

const CHECK_EVERY_MS = 500;

export class BankServer implements BankServerApi {
  private readonly ctx: NodeContext<BankRequest | BankReply, Json>;
  private readonly raft: RaftHandle;
  private readonly ledger: BankLedger;
  /** Per client id: the command it waits for. */
  private readonly pending = new Map<string, Pending>();
  private applied = 0;

  constructor(ctx: NodeContext<BankRequest | BankReply, Json>, raft: RaftHandle, config: BankConfig) {
    this.ctx = ctx;
    this.raft = raft;
    this.ledger = new BankLedger(config.initial);
  }

  onStart(): void {
    this.ctx.setTimer(CHECK_EVERY_MS, "check");
  }

  onMessage(from: NodeId, request: BankRequest): void {
    if (request.type !== "BankRequest") return;
    const command = request.command;
    const { index, term, isLeader } = this.raft.start(command);
    if (!isLeader) {
      this.answer(from, command, { error: "not-leader" });
      return;
    }
    for (const [clientId, other] of this.pending) {
      // Someone else waited at this index: a leader that lost it and won again reuses it.
      if (other.index === index && clientId !== command.clientId) this.give(clientId, { error: "lost-leadership" });
    }
    const previous = this.pending.get(command.clientId);
    if (previous && previous.command.seq !== command.seq) this.give(command.clientId, { error: "lost-leadership" });
    this.pending.set(command.clientId, { from, command, index, term });
  }

  onApply(msg: ApplyMsg): void {
    const command = msg.command as BankCommand;
    const result = this.ledger.apply(command);
    this.applied = msg.index;
    for (const [clientId, waiting] of this.pending) {
      if (waiting.index !== msg.index) continue;
      const same = clientId === command.clientId && waiting.command.seq === command.seq;
      this.give(clientId, same ? { result } : { error: "lost-leadership" });
    }
  }

  onTimer(_timer: Json): void {
    const state = this.raft.getState();
    for (const [clientId, waiting] of this.pending) {
      if (!state.isLeader || state.term !== waiting.term) this.give(clientId, { error: "lost-leadership" });
    }
    this.ctx.setTimer(CHECK_EVERY_MS, "check");
  }

  inspect(): { balances: Balances; lastApplied: number } {
    return { balances: this.ledger.balances(), lastApplied: this.applied };
  }

  /** Answer the client waiting under `clientId` and forget it. */
  private give(clientId: string, answer: { result: BankResult } | { error: "not-leader" | "lost-leadership" }): void {
    const waiting = this.pending.get(clientId);
    if (!waiting) return;
    this.pending.delete(clientId);
    this.answer(waiting.from, waiting.command, answer);
  }

  private answer(to: NodeId, command: BankCommand, answer: { result: BankResult } | { error: "not-leader" | "lost-leadership" }): void {
    this.ctx.send(to, { type: "BankReply", clientId: command.clientId, seq: command.seq, ...answer } as BankReply);
  }
}
