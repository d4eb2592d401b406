/**
 * The startup's banks before Raft, for notebook 16: three stores that speak the bank's client
 * protocol (BankRequest in, BankReply out) and each break in one instructive way, so Jepsen's
 * checker has something to catch before the learner's bank exists. None of them is the exercise:
 * they have no log, no consensus and no sessions.
 *
 *   asyncBackups    the chapter's master-slave: n1 takes every transfer, applies it and answers at
 *                   once, then streams it to the others, which serve reads (read scaling). Reads
 *                   lag behind; after n1 crashes it comes back with the opening balances (it kept
 *                   them in memory).
 *   shardedTwoStep  each account lives on one server; a transfer is a debit on one and then a
 *                   credit on the other, with no transaction around the two. A read asks every
 *                   server and adds up what they say.
 *   noDedup         one server, in storage, checking funds and answering from its state: correct,
 *                   except that it applies every request it receives, so a client's retry after a
 *                   lost answer moves the money twice.
 */
import type { BankCommand, BankConfig, BankReply, BankRequest, BankResult, Balances } from "../../contracts/bank";
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { BankNodeFactory } from "../../bank/cluster";
import { transferIn } from "../../check/bank";

type Ctx = NodeContext<any, any>;

/** The contract's rules for one transfer, applied to a plain balances object in place. */
function applyTransfer(balances: Balances, command: Extract<BankCommand, { op: "transfer" }>): BankResult {
  const { next, result } = transferIn(balances, command);
  Object.assign(balances, next);
  return result;
}

function reply(ctx: Ctx, to: NodeId, command: BankCommand, answer: { result: BankResult } | { error: "not-leader" }): void {
  ctx.send(to, { type: "BankReply", clientId: command.clientId, seq: command.seq, ...answer } as BankReply);
}

// ------------------------------------------------------------------ async backups

type BackupMessage = BankRequest | { type: "Replicate"; n: number; command: Json };

class AsyncBackupsNode implements ProtocolNode<BackupMessage, never> {
  private readonly balances: Balances;
  /** Primary: transfers streamed so far. Backups: the next one to apply, and those that came early. */
  private streamed = 0;
  private nextToApply = 1;
  private readonly early = new Map<number, BankCommand>();

  constructor(
    private readonly ctx: Ctx,
    bank: BankConfig,
  ) {
    this.balances = { ...bank.initial };
  }

  private get isPrimary(): boolean {
    return this.ctx.id === "n1";
  }

  onStart(): void {}

  onTimer(): void {}

  onMessage(from: NodeId, msg: BackupMessage): void {
    if (msg.type === "Replicate") return this.receiveReplica(msg.n, msg.command as BankCommand);
    const { command } = msg;
    if (command.op === "read") return reply(this.ctx, from, command, { result: { kind: "balances", balances: { ...this.balances } } });
    if (!this.isPrimary) return reply(this.ctx, from, command, { error: "not-leader" });
    const result = applyTransfer(this.balances, command);
    reply(this.ctx, from, command, { result });
    if (result.kind !== "transferred") return;
    this.streamed++;
    for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "Replicate", n: this.streamed, command: command as unknown as Json });
  }

  /** Backups apply the stream in the primary's order (a replica that applied out of order could overdraw). */
  private receiveReplica(n: number, command: BankCommand): void {
    this.early.set(n, command);
    for (let next = this.early.get(this.nextToApply); next; next = this.early.get(this.nextToApply)) {
      this.early.delete(this.nextToApply++);
      applyTransfer(this.balances, next as Extract<BankCommand, { op: "transfer" }>);
    }
  }
}

// ------------------------------------------------------------------ sharded, two steps

type ShardMessage =
  | BankRequest
  | { type: "Debit" | "Credit"; id: string; account: string; amount: number }
  | { type: "Done"; id: string; ok: boolean }
  | { type: "ReadShard"; id: string }
  | { type: "Shard"; id: string; balances: Balances };

type ShardTimer = never;

const SHARD_KEY = "shard-balances";

class ShardedTwoStepNode implements ProtocolNode<ShardMessage, ShardTimer> {
  private readonly owned: Balances;
  private readonly servers: NodeId[];
  private requests = 0;
  private readonly pending = new Map<string, { client: NodeId; command: BankCommand; step: "debit" | "credit" | "read"; parts: Balances[] }>();

  constructor(
    private readonly ctx: Ctx,
    bank: BankConfig,
  ) {
    this.servers = [ctx.id, ...ctx.peers].sort();
    const mine = Object.fromEntries(Object.entries(bank.initial).filter(([account]) => this.ownerOf(account) === ctx.id));
    this.owned = ctx.storage.get<Balances>(SHARD_KEY) ?? mine;
  }

  /** Account aK lives on the K-th server, round the ring. */
  private ownerOf(account: string): NodeId {
    const k = Number(account.replace(/\D/g, "")) || 0;
    return this.servers[(k + this.servers.length - 1) % this.servers.length];
  }

  onStart(): void {}

  onTimer(): void {}

  onMessage(from: NodeId, msg: ShardMessage): void {
    switch (msg.type) {
      case "BankRequest":
        return this.coordinate(from, msg.command);
      case "Debit":
      case "Credit": {
        const ok = msg.type === "Credit" || (this.owned[msg.account] ?? 0) >= msg.amount;
        if (ok) {
          this.owned[msg.account] += msg.type === "Debit" ? -msg.amount : msg.amount;
          this.ctx.storage.put(SHARD_KEY, this.owned);
        }
        return this.ctx.send(from, { type: "Done", id: msg.id, ok });
      }
      case "ReadShard":
        return this.ctx.send(from, { type: "Shard", id: msg.id, balances: { ...this.owned } });
      case "Done":
        return this.stepDone(msg.id, msg.ok);
      case "Shard":
        return this.shardRead(msg.id, msg.balances);
    }
  }

  private coordinate(client: NodeId, command: BankCommand): void {
    const id = `${this.ctx.id}:${++this.requests}`;
    if (command.op === "read") {
      this.pending.set(id, { client, command, step: "read", parts: [] });
      for (const server of this.servers) this.ctx.send(server, { type: "ReadShard", id });
      return;
    }
    const { from, amount } = command;
    if (!Number.isInteger(amount) || amount <= 0) return reply(this.ctx, client, command, { result: { kind: "refused", reason: "bad-amount" } });
    this.pending.set(id, { client, command, step: "debit", parts: [] });
    this.ctx.send(this.ownerOf(from), { type: "Debit", id, account: from, amount });
  }

  private stepDone(id: string, ok: boolean): void {
    const pending = this.pending.get(id);
    if (!pending || pending.command.op !== "transfer") return;
    if (pending.step === "debit") {
      if (!ok) {
        this.pending.delete(id);
        return reply(this.ctx, pending.client, pending.command, { result: { kind: "refused", reason: "insufficient-funds" } });
      }
      // The money has left `from` and not yet reached `to`: a read now sees it nowhere.
      pending.step = "credit";
      this.ctx.send(this.ownerOf(pending.command.to), { type: "Credit", id, account: pending.command.to, amount: pending.command.amount });
      return;
    }
    this.pending.delete(id);
    reply(this.ctx, pending.client, pending.command, { result: { kind: "transferred" } });
  }

  private shardRead(id: string, balances: Balances): void {
    const pending = this.pending.get(id);
    if (!pending || pending.step !== "read") return;
    pending.parts.push(balances);
    if (pending.parts.length < this.servers.length) return;
    this.pending.delete(id);
    reply(this.ctx, pending.client, pending.command, { result: { kind: "balances", balances: Object.assign({}, ...pending.parts) as Balances } });
  }
}

// ------------------------------------------------------------------ no dedup

const BALANCES_KEY = "balances";

class NoDedupNode implements ProtocolNode<BankRequest, never> {
  constructor(
    private readonly ctx: Ctx,
    private readonly bank: BankConfig,
  ) {}

  onStart(): void {}

  onTimer(): void {}

  onMessage(from: NodeId, msg: BankRequest): void {
    const { command } = msg;
    if (this.ctx.id !== "n1") return reply(this.ctx, from, command, { error: "not-leader" });
    const balances = this.ctx.storage.get<Balances>(BALANCES_KEY) ?? { ...this.bank.initial };
    if (command.op === "read") return reply(this.ctx, from, command, { result: { kind: "balances", balances } });
    const result = applyTransfer(balances, command);
    this.ctx.storage.put(BALANCES_KEY, balances);
    reply(this.ctx, from, command, { result });
  }
}

export const NAIVE_BANKS = {
  asyncBackups: ((ctx, bank) => new AsyncBackupsNode(ctx, bank)) as BankNodeFactory,
  shardedTwoStep: ((ctx, bank) => new ShardedTwoStepNode(ctx, bank)) as BankNodeFactory,
  noDedup: ((ctx, bank) => new NoDedupNode(ctx, bank)) as BankNodeFactory,
};
