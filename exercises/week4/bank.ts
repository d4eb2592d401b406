/**
 * Week 4, exercise: a replicated bank, as a state machine on Raft (the chapter's week-4 Jepsen
 * test: "bank workload on 5 nodes"). The contract, with every rule in words, is
 * src/contracts/bank.ts. In short:
 *
 *   BankLedger   apply(command) applies ONE committed command and returns its result:
 *                  - transfer: amount a whole number > 0 (else "bad-amount"), from and to two
 *                    different existing accounts (else "unknown-account"), enough money in
 *                    `from` (else "insufficient-funds"); a refusal changes nothing; otherwise the
 *                    money moves in one step;
 *                  - read: a copy of every balance;
 *                  - sessions: a command whose seq is <= the last seq applied for ITS client is a
 *                    repeat (a client retried): change nothing, return that client's remembered
 *                    last result.
 *                balances(): a copy of every balance.
 *   BankServer   onMessage(from, { command }): raft.start(command); not leader -> answer
 *                  { error: "not-leader" } at once; leader -> remember (index -> client, command).
 *                onApply(msg): apply to the ledger (every entry); then answer whoever waits at
 *                  msg.index: the result if the applied command is theirs (same clientId and
 *                  seq), { error: "lost-leadership" } if another command took the index.
 *                Never answer before the command is applied: not for transfers, not for reads.
 *                A waiting client must not wait forever when this server stops leading (a timer
 *                that checks raft.getState() works).
 *                inspect(): { balances, lastApplied }.
 * Replies are { type: "BankReply", clientId, seq, result } or { type: "BankReply", clientId, seq, error }.
 * Raft is given (the reference by default); Raft's messages and timers never reach you.
 *
 * Grade it with `npm run grade week4`; watch it under faults with `npm run jepsen -- --workload bank`.
 */
import { notImplemented } from "../../src/contracts/not-implemented";
import type { BankCommand, BankConfig, BankLedgerApi, BankReply, BankRequest, BankResult, BankServerApi, Balances, RaftHandle } from "../../src/contracts/bank";
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import type { ApplyMsg } from "../../src/contracts/raft";

const FILE = "exercises/week4/bank.ts";

export class BankLedger implements BankLedgerApi {
  /** Keep a copy of the opening balances, and an empty session table (client id -> last seq, result). */
  constructor(initial: Balances) {}

  apply(command: BankCommand): BankResult {
    return notImplemented("BankLedger.apply", FILE);
  }

  balances(): Balances {
    return notImplemented("BankLedger.balances", FILE);
  }
}

export class BankServer implements BankServerApi {
  /** Build your BankLedger from config.initial; keep ctx and raft. */
  constructor(
    private readonly ctx: NodeContext<BankRequest | BankReply, Json>,
    private readonly raft: RaftHandle,
    config: BankConfig,
  ) {}

  onStart(): void {
    notImplemented("BankServer.onStart", FILE);
  }

  onMessage(from: NodeId, request: BankRequest): void {
    notImplemented("BankServer.onMessage", FILE);
  }

  onApply(msg: ApplyMsg): void {
    notImplemented("BankServer.onApply", FILE);
  }

  onTimer(timer: Json): void {
    notImplemented("BankServer.onTimer", FILE);
  }

  inspect(): { balances: Balances; lastApplied: number } {
    return notImplemented("BankServer.inspect", FILE);
  }
}
