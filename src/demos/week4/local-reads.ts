/**
 * Two banks for notebook 16 that answer reads without the log, a shortcut real systems take for
 * speed: the learner's BankServer on Raft, with one shortcut in front of it. Transfers still go
 * through the log; only reads skip it, and each shortcut is wrong in one instructive way.
 *
 *   followerReads    every server answers a read at once from the balances it has applied. A
 *                    follower hears of a commit only with the leader's next message, so it can
 *                    miss a transfer the leader has already confirmed to its client.
 *   wallClockLease   the leader answers reads at once while it holds a lease. Every heartbeat it
 *                    asks the others; each grants "no other leader before T", with T its own wall
 *                    clock plus LEASE_MS, and the leader reads locally while its wall clock is below
 *                    what a majority granted (it must have applied an entry of the lease's term,
 *                    and no other server may have shown it a newer term). With
 *                    clocks that agree, this holds: the lease ends before anyone can be elected.
 *                    The bug is comparing two machines' wall clocks: once one clock is bumped, the
 *                    leader's lease runs seconds too long, and when it is cut off and replaced it
 *                    keeps answering with the balances it has: stale reads.
 */
import type { BankConfig, BankReply, BankRequest, BankServerConstructor } from "../../contracts/bank";
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { RaftNodeConstructor } from "../../contracts/raft";
import type { BankNodeFactory } from "../../bank/cluster";
import { BankServerNode, contextWithTimers, isBankRequest } from "../../bank/server-node";

/** Shorter than the election timeout (150 ms at least), so that with agreeing clocks the lease ends first. */
export const LEASE_MS = 80;
const ASK_EVERY_MS = 40;

type LeaseMessage = { type: "LeaseAsk"; term: number } | { type: "LeaseGrant"; term: number; untilMs: number };
type LocalReadsTimer = { kind: "bank"; timer: Json } | { kind: "ask-lease" };
type ReadLocally = "always" | "under-lease";

class LocalReadsNode implements ProtocolNode<Json, LocalReadsTimer> {
  private readonly bank: BankServerNode;
  /** Peer -> the wall-clock time (the peer's) until which it promised, for `grantsTerm`. */
  private grants = new Map<NodeId, number>();
  private grantsTerm = 0;
  /** The newest term any other server's Raft message carried: a newer one means someone else may lead. */
  private newestTermHeard = 0;

  constructor(
    private readonly ctx: NodeContext<Json, LocalReadsTimer>,
    private readonly readLocally: ReadLocally,
    options: { Raft: RaftNodeConstructor; Server: BankServerConstructor; bank: BankConfig },
  ) {
    const view = contextWithTimers(ctx, (timer): LocalReadsTimer => ({ kind: "bank", timer }));
    this.bank = new BankServerNode(view as NodeContext<Json, never>, options);
  }

  onStart(): void {
    this.bank.onStart();
    this.askForLeaseLater();
  }

  onRestart(): void {
    this.bank.onRestart();
    this.askForLeaseLater();
  }

  onMessage(from: NodeId, msg: Json): void {
    const message = msg as LeaseMessage | BankRequest;
    if (message.type === "LeaseAsk") return this.grant(from, message.term);
    if (message.type === "LeaseGrant") return this.granted(from, message.term, message.untilMs);
    if (isBankRequest(message as BankRequest) && (message as BankRequest).command.op === "read" && this.mayReadLocally()) {
      const { command } = message as BankRequest;
      const balances = this.bank.server.inspect().balances;
      return this.ctx.send(from, { type: "BankReply", clientId: command.clientId, seq: command.seq, result: { kind: "balances", balances } } satisfies BankReply);
    }
    this.newestTermHeard = Math.max(this.newestTermHeard, (msg as { term?: number }).term ?? 0);
    this.bank.onMessage(from, msg as never);
  }

  onTimer(timer: LocalReadsTimer): void {
    if (timer.kind === "bank") return this.bank.onTimer(timer.timer as never);
    const { term, isLeader } = this.bank.raft.getState();
    if (isLeader) for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "LeaseAsk", term } satisfies LeaseMessage);
    this.askForLeaseLater();
  }

  private askForLeaseLater(): void {
    if (this.readLocally === "under-lease") this.ctx.setTimer(ASK_EVERY_MS, { kind: "ask-lease" });
  }

  /** A server grants only a leader of its own term or newer. */
  private grant(leader: NodeId, term: number): void {
    if (term >= this.bank.raft.getState().term) this.ctx.send(leader, { type: "LeaseGrant", term, untilMs: this.ctx.now() + LEASE_MS } satisfies LeaseMessage);
  }

  private granted(from: NodeId, term: number, untilMs: number): void {
    if (term !== this.grantsTerm) {
      this.grants = new Map();
      this.grantsTerm = term;
    }
    this.grants.set(from, untilMs);
  }

  private mayReadLocally(): boolean {
    if (this.readLocally === "always") return true;
    // Grants come only to a leader. Its Raft may have given up leading since (check quorum, then an
    // election of its own), but until another server shows a newer term, the lease says nobody
    // else leads yet: a lease is meant to be trusted on its own.
    const raft = this.bank.raft.inspect();
    if (this.newestTermHeard > this.grantsTerm || raft.log[raft.lastApplied - 1]?.term !== this.grantsTerm) return false;
    // The leader counts itself: a majority needs this many grants from the others.
    const needed = Math.floor((this.ctx.peers.length + 1) / 2);
    const untils = [...this.grants.values()].sort((a, b) => b - a);
    return untils.length >= needed && this.ctx.now() < untils[needed - 1]; // the bug: the others' clocks against its own
  }
}

function localReads(readLocally: ReadLocally) {
  return (Raft: RaftNodeConstructor, Server: BankServerConstructor): BankNodeFactory =>
    (ctx, bank) => new LocalReadsNode(ctx, readLocally, { Raft, Server, bank });
}

export const LOCAL_READ_BANKS = {
  followerReads: localReads("always"),
  wallClockLease: localReads("under-lease"),
};
