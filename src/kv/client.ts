/**
 * A test client of the key-value store: a simulated node that works through a script of
 * operations one at a time (send, wait for the reply or a timeout, pause, next) and records
 * each in a shared history, the way Jepsen's clients do. It is harness code: learners never
 * write it, and the store under test cannot tell it from any other node.
 *
 * Outcomes recorded: a reply is `ok`; an error reply or a timeout is `info` (indeterminate),
 * because a write the coordinator gave up on may still have reached some replicas and spread.
 */
import type { ClientReply, ClientRequest, VersionContext } from "../contracts/kv";
import type { Json, NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { HistoryRecorder } from "../check/history-recorder";
import type { KvInput } from "../check/models";

export type ScriptStep =
  | { f: "get"; key: string; via?: NodeId }
  /** `context: "last-read"` writes with the context of this client's last read of the key. */
  | { f: "put"; key: string; value: string; via?: NodeId; context?: "last-read" | null }
  /** Do nothing for a while. */
  | { f: "pause"; ms: number };

export interface ClientOutcome {
  step: ScriptStep;
  /** "ok", "error" (the store said why) or "timeout" (no answer). */
  result: "ok" | "error" | "timeout";
  values?: string[];
  context?: VersionContext;
  error?: string;
  callMs: number;
  returnMs?: number;
}

export interface KvClientOptions {
  script: ScriptStep[];
  recorder: HistoryRecorder<KvInput, Json>;
  /** How long the client waits for an answer before it gives up (its outcome is then unknown). */
  timeoutMs: number;
  /** Pause between two operations, drawn uniformly from [0, thinkMsMax]. */
  thinkMsMax: number;
}

type Timer = { type: "next" } | { type: "give-up"; reqId: string };

export class KvClient implements ProtocolNode<ClientReply, Timer> {
  readonly outcomes: ClientOutcome[] = [];
  private position = 0;
  private current: { reqId: string; historyId: number | undefined; step: ScriptStep; callMs: number } | undefined;
  private readonly lastContext = new Map<string, VersionContext>();
  private sent = 0;

  constructor(
    private readonly ctx: NodeContext<ClientRequest | ClientReply, Timer>,
    private readonly options: KvClientOptions,
  ) {}

  /** True when the whole script has run. */
  get done(): boolean {
    return this.position >= this.options.script.length && this.current === undefined;
  }

  onStart(): void {
    this.ctx.setTimer(this.ctx.random() * this.options.thinkMsMax, { type: "next" });
  }

  onMessage(_from: NodeId, reply: ClientReply): void {
    const current = this.current;
    if (!current || reply.reqId !== current.reqId) return; // a late or duplicated answer
    const { step } = current;
    const outcome: ClientOutcome = { step, result: reply.ok ? "ok" : "error", callMs: current.callMs, returnMs: this.ctx.now() };
    if (reply.type === "ClientGetReply") {
      outcome.values = reply.values;
      outcome.context = reply.context;
      if (step.f === "get") this.lastContext.set(step.key, reply.context);
      if (current.historyId !== undefined) this.options.recorder.ok(current.historyId, registerView(reply.values), this.ctx.now());
    } else if (reply.type === "ClientPutReply") {
      if (current.historyId !== undefined) this.options.recorder.ok(current.historyId, null, this.ctx.now());
    } else {
      outcome.error = reply.error;
      if (current.historyId !== undefined) this.options.recorder.info(current.historyId);
    }
    this.finish(outcome);
  }

  onTimer(timer: Timer): void {
    if (timer.type === "next") return this.runNext();
    const current = this.current;
    if (!current || current.reqId !== timer.reqId) return;
    if (current.historyId !== undefined) this.options.recorder.info(current.historyId);
    this.finish({ step: current.step, result: "timeout", callMs: current.callMs });
  }

  private runNext(): void {
    const step = this.options.script[this.position++];
    if (step === undefined) return;
    if (step.f === "pause") {
      this.ctx.setTimer(step.ms, { type: "next" });
      return;
    }
    const reqId = `${this.ctx.id}:${this.sent++}`;
    const via = step.via ?? this.ctx.peers[Math.floor(this.ctx.random() * this.ctx.peers.length)];
    const now = this.ctx.now();
    let historyId: number | undefined;
    if (step.f === "get") {
      historyId = this.options.recorder.invoke(this.ctx.id, { f: "get", key: step.key }, now);
      this.ctx.send(via, { type: "ClientGet", reqId, key: step.key });
    } else {
      const context = step.context === "last-read" ? (this.lastContext.get(step.key) ?? null) : null;
      historyId = this.options.recorder.invoke(this.ctx.id, { f: "put", key: step.key, value: step.value }, now);
      this.ctx.send(via, { type: "ClientPut", reqId, key: step.key, value: step.value, context });
    }
    this.current = { reqId, historyId, step, callMs: now };
    this.ctx.setTimer(this.options.timeoutMs, { type: "give-up", reqId });
  }

  private finish(outcome: ClientOutcome): void {
    this.outcomes.push(outcome);
    this.current = undefined;
    this.ctx.setTimer(this.ctx.random() * this.options.thinkMsMax, { type: "next" });
  }
}

/** A read as a register sees it: nothing is null, one value is that value, siblings stay a list. */
function registerView(values: string[]): Json {
  return values.length === 0 ? null : values.length === 1 ? values[0] : [...values].sort();
}
