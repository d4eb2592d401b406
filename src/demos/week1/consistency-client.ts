/**
 * A scripted client for the consistency demos of notebook 03: it works through its steps one at
 * a time (send, wait for the answer or give up, next) and records each in a shared history, so
 * the course's checkers can judge what the replicated stores (consistency-leader-follower.ts,
 * consistency-multi-leader.ts) let their clients see. Harness code, as src/kv/client.ts is.
 *
 * Writes go to one server; each read goes to a fixed server or to a random one of a list. With
 * `sessionToken`, the client sends with each read the highest log position its session has seen
 * (its own writes and its earlier reads), and a replica that is behind it must not answer from
 * its stale copy: the usual way to give read-your-writes and monotonic reads.
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { HistoryRecorder } from "../../check/history-recorder";
import type { KvInput } from "../../check/models";

export type Step = { f: "put"; key: string; value: Json } | { f: "get"; key: string } | { f: "pause"; ms: number };

/** What a client asks a store. `client` is who gets the answer (a replica may forward the request). */
export type StoreRequest =
  | { type: "Put"; reqId: string; client: NodeId; key: string; value: Json }
  | { type: "Get"; reqId: string; client: NodeId; key: string; atLeast: number };

/** A store's answer: the value read (null for a put) and the log position the answer reflects. */
export interface StoreReply {
  type: "Reply";
  reqId: string;
  value: Json;
  position: number;
}

export interface ConsistencyClientOptions {
  script: Step[];
  recorder: HistoryRecorder<KvInput, Json>;
  writeTo: NodeId;
  /** A server, or a list to pick from at random for each read. */
  readFrom: NodeId | readonly NodeId[];
  sessionToken: boolean;
  /** How long to wait for an answer before giving up (the operation's outcome is then unknown). */
  timeoutMs: number;
}

type Timer = { type: "next" } | { type: "give-up"; reqId: string };

/** A client takes a millisecond to issue its next operation, so no two of its operations share an instant. */
const NEXT_OPERATION_AFTER_MS = 1;

export class ConsistencyClient implements ProtocolNode<StoreReply, Timer> {
  /** The steps still to run. */
  private readonly steps: Step[];
  private sent = 0;
  private seenPosition = 0;
  private current: { reqId: string; historyId: number } | undefined;

  constructor(
    private readonly ctx: NodeContext<StoreRequest | StoreReply, Timer>,
    private readonly options: ConsistencyClientOptions,
  ) {
    this.steps = [...options.script];
  }

  get done(): boolean {
    return this.steps.length === 0 && this.current === undefined;
  }

  onStart(): void {
    this.runNext();
  }

  onMessage(_from: NodeId, reply: StoreReply): void {
    if (!this.current || reply.reqId !== this.current.reqId) return; // late: the client gave up on it
    this.seenPosition = Math.max(this.seenPosition, reply.position);
    this.options.recorder.ok(this.current.historyId, reply.value, this.ctx.now());
    this.finish();
  }

  onTimer(timer: Timer): void {
    if (timer.type === "next") return this.runNext();
    if (!this.current || this.current.reqId !== timer.reqId) return;
    this.options.recorder.info(this.current.historyId);
    this.finish();
  }

  private runNext(): void {
    const step = this.steps.shift();
    if (step === undefined) return;
    if (step.f === "pause") {
      this.ctx.setTimer(step.ms, { type: "next" });
      return;
    }
    const reqId = `${this.ctx.id}:${this.sent++}`;
    const client = this.ctx.id;
    if (step.f === "put") {
      this.current = { reqId, historyId: this.options.recorder.invoke(client, { f: "put", key: step.key, value: step.value }, this.ctx.now()) };
      this.ctx.send(this.options.writeTo, { type: "Put", reqId, client, key: step.key, value: step.value });
    } else {
      this.current = { reqId, historyId: this.options.recorder.invoke(client, { f: "get", key: step.key }, this.ctx.now()) };
      const atLeast = this.options.sessionToken ? this.seenPosition : 0;
      this.ctx.send(this.readServer(), { type: "Get", reqId, client, key: step.key, atLeast });
    }
    this.ctx.setTimer(this.options.timeoutMs, { type: "give-up", reqId });
  }

  private readServer(): NodeId {
    const { readFrom } = this.options;
    return typeof readFrom === "string" ? readFrom : readFrom[Math.floor(this.ctx.random() * readFrom.length)];
  }

  private finish(): void {
    this.current = undefined;
    this.ctx.setTimer(NEXT_OPERATION_AFTER_MS, { type: "next" });
  }
}
