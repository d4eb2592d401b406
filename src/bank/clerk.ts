/**
 * A bank client (MIT 6.5840's "clerk"), harness code: works through its operations one at a time,
 * each under a session (its id, and a seq that grows by one per operation and stays the same
 * across retries), and records each in a shared history the way Jepsen's clients do.
 *
 * One operation: the first attempt goes to a server drawn at random (a load balancer in front of
 * the cluster; Jepsen binds each client to one node for the same reason: every server gets asked,
 * so a server that answers when it should not is caught answering); on "not-leader" or
 * "lost-leadership" the clerk tries the next server after a short pause, and on silence for
 * `attemptMs` too; after `giveUpMs` in all it gives up and records the outcome as unknown (info):
 * the command may still be committed later, or never. Answers to other seqs (late duplicates)
 * are ignored.
 */
import type { BankCommand, BankReply, BankRequest } from "../contracts/bank";
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { HistoryRecorder } from "../check/history-recorder";
import type { BankInput, BankOutput } from "../check/bank";

export type BankStep = BankInput | { f: "pause"; ms: number };

export interface ClerkOptions {
  servers: readonly NodeId[];
  /** The operations, or a source asked for the next one until it returns undefined. */
  next: () => BankStep | undefined;
  recorder: HistoryRecorder<BankInput, BankOutput>;
  /** Silence after which the clerk tries another server (the command keeps its seq). */
  attemptMs: number;
  /** Time after which the clerk gives up on an operation (its outcome is then unknown). */
  giveUpMs: number;
  /** Pause between two operations, drawn uniformly from [0, thinkMsMax]. */
  thinkMsMax: number;
  /** Pause before trying the next server after an error answer. */
  errorPauseMs?: number;
}

type ClerkTimer = { type: "next" } | { type: "attempt"; seq: number; attempt: number } | { type: "resend"; seq: number; attempt: number };

interface Current {
  command: BankCommand;
  historyId: number;
  startedMs: number;
  attempt: number;
}

export class BankClerk implements ProtocolNode<BankReply, ClerkTimer> {
  /** Attempts per operation, for tests that count retries. */
  readonly attempts: number[] = [];
  private seq = 0;
  private target = 0;
  private current: Current | undefined;
  private finished = false;

  constructor(
    private readonly ctx: NodeContext<BankRequest, ClerkTimer>,
    private readonly options: ClerkOptions,
  ) {}

  /** True when the clerk has no operation left and none open. */
  get done(): boolean {
    return this.finished && this.current === undefined;
  }

  onStart(): void {
    this.ctx.setTimer(this.ctx.random() * this.options.thinkMsMax, { type: "next" });
  }

  onMessage(_from: NodeId, reply: BankReply): void {
    const current = this.current;
    if (!current || reply.type !== "BankReply" || reply.seq !== current.command.seq || reply.clientId !== this.ctx.id) return;
    if ("result" in reply) {
      const output = reply.result.kind === "balances" ? reply.result.balances : reply.result;
      this.options.recorder.ok(current.historyId, output, this.ctx.now());
      return this.finish();
    }
    this.target = (this.target + 1) % this.options.servers.length;
    this.ctx.setTimer(this.options.errorPauseMs ?? 10, { type: "resend", seq: current.command.seq, attempt: current.attempt });
  }

  onTimer(timer: ClerkTimer): void {
    if (timer.type === "next") return this.runNext();
    const current = this.current;
    if (!current || timer.seq !== current.command.seq || timer.attempt !== current.attempt) return; // an answer came first
    if (timer.type === "attempt") this.target = (this.target + 1) % this.options.servers.length;
    this.send();
  }

  private runNext(): void {
    const step = this.options.next();
    if (step === undefined) {
      this.finished = true;
      return;
    }
    if (step.f === "pause") {
      this.ctx.setTimer(step.ms, { type: "next" });
      return;
    }
    const seq = ++this.seq;
    const command: BankCommand = step.f === "read" ? { op: "read", clientId: this.ctx.id, seq } : { op: "transfer", clientId: this.ctx.id, seq, from: step.from, to: step.to, amount: step.amount };
    const now = this.ctx.now();
    this.current = { command, historyId: this.options.recorder.invoke(this.ctx.id, step, now), startedMs: now, attempt: 0 };
    this.attempts.push(0);
    this.target = Math.floor(this.ctx.random() * this.options.servers.length);
    this.send();
  }

  /** One more attempt of the current command, or giving up when its time is over. */
  private send(): void {
    const current = this.current as Current;
    if (this.ctx.now() - current.startedMs >= this.options.giveUpMs) {
      this.options.recorder.info(current.historyId);
      return this.finish();
    }
    current.attempt++;
    this.attempts[this.attempts.length - 1] = current.attempt;
    this.ctx.send(this.options.servers[this.target], { type: "BankRequest", command: current.command });
    this.ctx.setTimer(this.options.attemptMs, { type: "attempt", seq: current.command.seq, attempt: current.attempt });
  }

  private finish(): void {
    this.current = undefined;
    this.ctx.setTimer(this.ctx.random() * this.options.thinkMsMax, { type: "next" });
  }
}
