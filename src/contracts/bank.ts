/**
 * The bank exercise's contract (week 4): a replicated bank, as a state machine on Raft. You never
 * edit this file; you implement it in exercises/week4/bank.ts.
 *
 * Jepsen's "bank" workload is the chapter's week-4 test: clients move money between accounts and
 * read every balance at once; the total must never change and no balance may go negative, under
 * partitions, crashes and clock trouble. The bank has two parts, both yours:
 *
 *   BankLedger   the state machine: a pure object that applies committed commands one at a time.
 *                Every server runs one, and every server applies the same commands in the same
 *                order (Raft's log), so every ledger goes through the same states.
 *   BankServer   the service around it on each server: takes client requests, puts each into the
 *                Raft log with `raft.start(command)`, and answers the client once that command is
 *                applied (committed), never earlier. Raft itself is given: the reference RaftNode
 *                by default, your own week-1 RaftNode with `--own-raft`.
 *
 * Client sessions (Raft paper, section 8; the MIT 6.5840 key-value lab): each client has an id
 * and numbers its operations 1, 2, 3, ... A client that hears nothing (its request or the reply
 * was lost, the leader crashed) sends the same command again, with the same seq, maybe to another
 * server. So the same command may be committed twice, and it must take effect once: the ledger
 * remembers, per client, the last seq it applied and that command's result, and answers a
 * repeat with the remembered result without applying it again.
 *
 * Reads go through the log too: a read is a command like a transfer, answered with the balances
 * the ledger holds when it is applied. A server that answered from its own ledger right away
 * could be a deposed leader that has not heard of newer transfers: a stale read.
 */
import type { Json, NodeContext, ProtocolNode } from "./node";
import type { ApplyMsg, RaftState, StartResult } from "./raft";

export type AccountId = string;

/** Every account's balance, in whole units (integers). */
export type Balances = { [account: string]: number };

/** What a client asks, with its session: the client's id and the number of this operation. */
export type BankCommand =
  | { op: "transfer"; clientId: string; seq: number; from: AccountId; to: AccountId; amount: number }
  | { op: "read"; clientId: string; seq: number };

/** Why a transfer was refused. A refused transfer changes nothing (and is still a result). */
export type RefusalReason = "insufficient-funds" | "unknown-account" | "bad-amount";

export type BankResult = { kind: "transferred" } | { kind: "refused"; reason: RefusalReason } | { kind: "balances"; balances: Balances };

/** The configuration every server gets: the accounts and their opening balances. */
export interface BankConfig {
  initial: Balances;
}

/**
 * The state machine. Deterministic: the same commands in the same order give the same results
 * and the same balances, on every server.
 *
 *   apply(command)  apply one committed command and return its result:
 *     - a transfer of `amount` (a whole number > 0, else "bad-amount") from one existing account to
 *       another existing, different one (else "unknown-account") moves the money in one step, or
 *       is refused with "insufficient-funds" when `from` holds less than `amount`; a refusal
 *       changes nothing;
 *     - a read returns a copy of every balance;
 *     - a command whose seq is not greater than the last seq applied for its client is a repeat:
 *       it changes nothing, and returns the remembered result of that client's last command
 *       (sessions are per client: client c2's seq 1 is not client c1's seq 1).
 *   balances()      a copy of every balance now.
 */
export interface BankLedgerApi {
  apply(command: BankCommand): BankResult;
  balances(): Balances;
}

export type BankLedgerConstructor = new (initial: Balances) => BankLedgerApi;

/** A client's request, and the server's answer. `seq` and `clientId` are those of `command`. */
export type BankRequest = { type: "BankRequest"; command: BankCommand };

/**
 * The server's answer: a result, or an error that tells the client to try elsewhere:
 *   "not-leader"        this server is not the leader (answer at once, so clients move on);
 *   "lost-leadership"   this server put the command in its log as leader, but a different command
 *                       was applied at that index (a newer leader overwrote it): it may still be
 *                       committed under another index, so the client retries with the same seq.
 */
export type BankReply =
  | { type: "BankReply"; clientId: string; seq: number; result: BankResult }
  | { type: "BankReply"; clientId: string; seq: number; error: "not-leader" | "lost-leadership" };

/** The part of Raft a BankServer uses: the calls of the week-1 contract (src/contracts/raft.ts). */
export interface RaftHandle {
  start(command: Json): StartResult;
  getState(): RaftState;
}

/**
 * The service on one server. The course routes for it: Raft's own messages and timers go to Raft,
 * client requests and the server's own timers come here, and every committed entry arrives, in
 * log order, through `onApply`. After a crash the server object is rebuilt and Raft applies the
 * log again from index 1: the ledger is rebuilt from it (nothing needs to be stored).
 *
 *   onMessage(from, request)  a client's BankRequest: start it in Raft; a non-leader answers
 *                             "not-leader" at once; a leader remembers which client waits for
 *                             which log index.
 *   onApply(msg)              apply `msg.command` to the ledger (every entry, whoever asked), then
 *                             answer the client waiting for that index, if any: its result when
 *                             the applied command is the one it sent (same clientId and seq),
 *                             "lost-leadership" when another command took the index.
 *   onTimer(timer)            your own timers (e.g. to notice a lost leadership while waiting).
 *   inspect()                 the ledger's balances and the last index applied, for the tests.
 */
export interface BankServerApi extends ProtocolNode<BankRequest, Json> {
  onApply(msg: ApplyMsg): void;
  inspect(): { balances: Balances; lastApplied: number };
}

/** How the course builds your server: `new BankServer(ctx, raft, config)`. */
export type BankServerConstructor = new (ctx: NodeContext<BankRequest | BankReply, Json>, raft: RaftHandle, config: BankConfig) => BankServerApi;

/** Total money in `balances`: the bank's invariant. */
export function totalOf(balances: Balances): number {
  return Object.values(balances).reduce((sum, balance) => sum + balance, 0);
}

/** Accounts a1 .. aN with `each` units apiece (the workload's default bank). */
export function openingBalances(accounts: number, each: number): Balances {
  return Object.fromEntries(Array.from({ length: accounts }, (_, i) => [`a${i + 1}`, each]));
}
