/**
 * Test rigs for the bank exercise.
 *
 * `ServerRig` hosts the learner's BankServer alone, on a scripted Raft: the test decides what
 * `raft.start` answers (leader or not, which index, which term), when entries are applied, and
 * when the server's timers fire (virtual time that moves only when the test says so). Directed
 * tests are written against it, so no seed can dodge them: a server that answers a read before
 * it is applied is seen doing so, whatever the network would have done.
 *
 * `bankCluster` runs the learner's BankServer on the reference Raft in the simulator, with clerks
 * and a nemesis, for the randomized tests that the bank checker judges.
 */
import type { BankCommand, BankConfig, BankLedgerApi, BankLedgerConstructor, BankReply, BankServerApi, BankServerConstructor, Balances, RaftHandle } from "../../../src/contracts/bank";
import { openingBalances } from "../../../src/contracts/bank";
import type { Json, NodeContext, NodeId } from "../../../src/contracts/node";
import type { ApplyMsg, StartResult } from "../../../src/contracts/raft";
import { BankCluster, bankOnRaft, type BankClusterOptions } from "../../../src/bank/cluster";
import { bankRaft } from "../../../src/bank/course-raft";
import { MemoryStorage } from "../../../src/sim/storage";
import { fail, says, show, type Texts, type TestContext } from "../../api";

export const ACCOUNTS = openingBalances(4, 100);

export function ledgerClass(ctx: TestContext): BankLedgerConstructor {
  return ctx.exported<BankLedgerConstructor>("BankLedger");
}

export function serverClass(ctx: TestContext): BankServerConstructor {
  return ctx.exported<BankServerConstructor>("BankServer");
}

/** A fresh ledger on `initial` (default: a1..a4 with 100 each). */
export function ledger(ctx: TestContext, initial: Balances = ACCOUNTS): BankLedgerApi {
  return new (ledgerClass(ctx))({ ...initial });
}

export function transfer(clientId: string, seq: number, from: string, to: string, amount: number): BankCommand {
  return { op: "transfer", clientId, seq, from, to, amount };
}

export function read(clientId: string, seq: number): BankCommand {
  return { op: "read", clientId, seq };
}

/** "c1#3 transfer 10 a1->a2" */
export function describeCommand(command: BankCommand): string {
  return `${command.clientId}#${command.seq} ${command.op === "read" ? "read" : `transfer ${command.amount} ${command.from}->${command.to}`}`;
}

interface PendingTimer {
  id: number;
  atMs: number;
  timer: Json;
}

/** What the scripted Raft answers to the next `start`. */
export interface RaftScript {
  isLeader: boolean;
  term: number;
  /** The index the next started command gets (then counts up). */
  nextIndex: number;
}

export class ServerRig {
  readonly server: BankServerApi;
  /** Every reply the server sent, with the virtual time it was sent at. */
  readonly replies: { to: NodeId; reply: BankReply; atMs: number }[] = [];
  /** Every command the server started in Raft, with the index it got. */
  readonly started: { command: BankCommand; index: number; term: number }[] = [];
  raft: RaftScript = { isLeader: true, term: 1, nextIndex: 1 };
  private nowMs = 0;
  private timers: PendingTimer[] = [];
  private timerIds = 0;
  private applied = 0;

  constructor(Server: BankServerConstructor, config: BankConfig = { initial: ACCOUNTS }) {
    const handle: RaftHandle = {
      start: (command: Json): StartResult => {
        if (!this.raft.isLeader) return { index: this.raft.nextIndex, term: this.raft.term, isLeader: false };
        const index = this.raft.nextIndex++;
        this.started.push({ command: command as BankCommand, index, term: this.raft.term });
        return { index, term: this.raft.term, isLeader: true };
      },
      getState: () => ({ term: this.raft.term, isLeader: this.raft.isLeader }),
    };
    const ctx: NodeContext<any, Json> = {
      id: "n1",
      peers: ["n2", "n3", "n4", "n5"],
      storage: new MemoryStorage("n1"),
      now: () => this.nowMs,
      send: (to, msg) => this.replies.push({ to, reply: msg as BankReply, atMs: this.nowMs }),
      setTimer: (delayMs, timer) => {
        const id = ++this.timerIds;
        this.timers.push({ id, atMs: this.nowMs + Math.max(0, delayMs), timer });
        return id;
      },
      cancelTimer: (id) => {
        this.timers = this.timers.filter((t) => t.id !== id);
      },
      random: () => 0.5,
      log: () => undefined,
      annotate: () => undefined,
    };
    this.server = new Server(ctx, handle, config);
    this.server.onStart();
  }

  /** Client `client` sends `command`. */
  request(client: NodeId, command: BankCommand): void {
    this.server.onMessage(client, { type: "BankRequest", command });
  }

  /** Raft applies `command` at the next index (the one after the last applied). */
  apply(command: BankCommand, term = this.raft.term): void {
    const msg: ApplyMsg = { index: ++this.applied, term, command: command as unknown as Json };
    this.server.onApply(msg);
  }

  /** Apply, in order, every command started so far that is not applied yet. */
  applyStarted(): void {
    for (const { command, index, term } of this.started) if (index > this.applied) this.apply(command, term);
  }

  /** Let `ms` of virtual time pass, firing the server's timers as they fall due. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.atMs <= end).sort((a, b) => a.atMs - b.atMs || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = due.atMs;
      this.server.onTimer(due.timer);
    }
    this.nowMs = end;
  }

  /** The replies to `client` about `seq`. */
  repliesTo(client: NodeId, seq: number): BankReply[] {
    return this.replies.filter((r) => r.to === client && r.reply.seq === seq).map((r) => r.reply);
  }

  /** The one reply to `client` about `seq`, failing in words if there is none or several different ones. */
  onlyReply(client: NodeId, seq: number, rule: string, when: Texts): BankReply {
    const replies = this.repliesTo(client, seq);
    if (replies.length === 0) fail(says({ en: `rule ${rule}: ${when.en}, ${client} got no answer about its seq ${seq}; every answer sent: ${show(this.replies.map((r) => r.reply))}`, ko: `규칙 ${rule}: ${when.ko}, ${client} 클라이언트가 자기 seq ${seq}에 대한 답을 받지 못했습니다. 보낸 답 전체: ${show(this.replies.map((r) => r.reply))}` }));
    if (new Set(replies.map((r) => JSON.stringify(r))).size > 1) fail(says({ en: `rule ${rule}: ${when.en}, ${client} got different answers about its seq ${seq}: ${show(replies)}`, ko: `규칙 ${rule}: ${when.ko}, ${client} 클라이언트가 자기 seq ${seq}에 대해 서로 다른 답을 받았습니다: ${show(replies)}` }));
    return replies[0];
  }
}

/** A simulated bank on the reference Raft with the learner's server. */
export function bankCluster(ctx: TestContext, options: Partial<BankClusterOptions> = {}): BankCluster {
  const { Raft, source } = bankRaft();
  ctx.note(`the bank runs on ${source}`);
  return new BankCluster({ seed: ctx.seed, store: bankOnRaft(Raft, serverClass(ctx)), bank: { initial: ACCOUNTS }, trace: false, ...options });
}
