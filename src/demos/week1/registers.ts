/**
 * CAP made tangible: two registers (one value each) on the same five servers, for notebook 01.
 * Demos, not exercises: neither is a way to build a real store (week 2 builds one).
 *
 * CpRegisterNode chooses consistency. One fixed primary (n3 by default) orders every operation:
 * it commits a write only once a majority of the servers stored it, answers reads from what it
 * committed, and now and then resends that to every server, so that one that missed it catches up. Other servers relay requests to it; one that cannot reach it answers
 * "unavailable". So a server cut off from the primary, or a primary cut off from a majority,
 * refuses rather than answer something that might be stale. (A fixed primary is this demo's
 * simplification: real CP systems elect a new one on the majority side, which is Raft,
 * notebooks 04 and 05.)
 *
 * ApRegisterNode chooses availability. Every server answers at once from its own copy: a write
 * is applied locally, acknowledged, then gossiped to the others, and every `syncIntervalMs` each
 * server sends its copy to all peers. Copies are ordered by a last-writer-wins stamp (the
 * writer's clock, then its id), so once the partition heals every server converges on the
 * write with the latest stamp, and the other side's writes are silently dropped.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";

export type RegisterRequest = { type: "Write"; req: string; value: string } | { type: "Read"; req: string };

export type RegisterReply =
  | { type: "WriteOk"; req: string }
  | { type: "ReadOk"; req: string; value: string | null }
  /** `definite`: the request certainly did not take effect (false: it may have, or may still). */
  | { type: "Unavailable"; req: string; why: string; definite: boolean };

type CpMessage =
  | RegisterRequest
  | { type: "Forward"; request: RegisterRequest }
  | { type: "Answer"; reply: RegisterReply }
  | { type: "Replicate"; seq: number; value: string }
  | { type: "Stored"; seq: number };

type CpTimer = { type: "write-timeout"; seq: number } | { type: "relay-timeout"; req: string } | { type: "catch-up" };

export interface CpRegisterOptions {
  primary: NodeId;
  /** How long the primary waits for a majority to store a write before it refuses it. */
  writeTimeoutMs: number;
  /** How long a relaying server waits for the primary's answer. */
  relayTimeoutMs: number;
  /** How often the primary resends its committed value, so that servers that missed it catch up. */
  catchUpIntervalMs: number;
}

export const CP_DEFAULTS: CpRegisterOptions = { primary: "n3", writeTimeoutMs: 100, relayTimeoutMs: 200, catchUpIntervalMs: 100 };

type Committed = { seq: number; value: string };

interface PendingWrite {
  req: string;
  value: string;
  /** Servers that stored it (a set, so a duplicated acknowledgement counts once). */
  storedBy: NodeId[];
  answer: (reply: RegisterReply) => void;
}

export class CpRegisterNode implements ProtocolNode<CpMessage, CpTimer> {
  private seq = 0;
  private readonly pendingWrites = new Map<number, PendingWrite>();
  /** Requests this server relayed to the primary: who asked. */
  private readonly relayed = new Map<string, NodeId>();

  constructor(
    private readonly ctx: NodeContext<CpMessage | RegisterReply, CpTimer>,
    private readonly options: CpRegisterOptions = CP_DEFAULTS,
  ) {}

  private get isPrimary(): boolean {
    return this.ctx.id === this.options.primary;
  }

  private get majority(): number {
    return Math.floor((this.ctx.peers.length + 1) / 2) + 1;
  }

  onStart(): void {
    if (this.isPrimary) this.ctx.setTimer(this.options.catchUpIntervalMs, { type: "catch-up" });
  }

  onMessage(from: NodeId, msg: CpMessage): void {
    switch (msg.type) {
      case "Write":
      case "Read":
        return this.isPrimary ? this.serve(msg, (reply) => this.ctx.send(from, reply)) : this.relay(from, msg);
      case "Forward":
        return this.serve(msg.request, (reply) => this.ctx.send(from, { type: "Answer", reply }));
      case "Answer":
        return this.passOn(msg.reply);
      case "Replicate":
        return this.store(from, msg.seq, msg.value);
      case "Stored":
        return this.countStored(from, msg.seq);
    }
  }

  onTimer(timer: CpTimer): void {
    if (timer.type === "catch-up") return this.catchUp();
    if (timer.type === "relay-timeout") {
      const why = `no answer from the primary ${this.options.primary} within ${this.options.relayTimeoutMs} ms`;
      return this.passOn({ type: "Unavailable", req: timer.req, why, definite: false });
    }
    const write = this.pendingWrites.get(timer.seq);
    if (!write) return;
    this.pendingWrites.delete(timer.seq); // refused for good: a late majority will not commit it
    const why = `only ${write.storedBy.length} of ${this.ctx.peers.length + 1} servers stored it; a write needs ${this.majority}`;
    write.answer({ type: "Unavailable", req: write.req, why, definite: true });
  }

  /** The primary: reads from what it committed, writes once a majority stored them. */
  private serve(request: RegisterRequest, answer: (reply: RegisterReply) => void): void {
    if (request.type === "Read") return answer({ type: "ReadOk", req: request.req, value: this.committed()?.value ?? null });
    const seq = ++this.seq;
    this.pendingWrites.set(seq, { req: request.req, value: request.value, storedBy: [], answer });
    this.ctx.setTimer(this.options.writeTimeoutMs, { type: "write-timeout", seq });
    this.store(this.ctx.id, seq, request.value);
    for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "Replicate", seq, value: request.value });
  }

  private relay(client: NodeId, request: RegisterRequest): void {
    this.relayed.set(request.req, client);
    this.ctx.send(this.options.primary, { type: "Forward", request });
    this.ctx.setTimer(this.options.relayTimeoutMs, { type: "relay-timeout", req: request.req });
  }

  /** Hand the primary's answer (or the relay's own "unavailable") to the client, once. */
  private passOn(reply: RegisterReply): void {
    const client = this.relayed.get(reply.req);
    if (client === undefined) return; // already answered
    this.relayed.delete(reply.req);
    this.ctx.send(client, reply);
  }

  /** Every server keeps the newest replicated value on disk and says so to the primary. */
  private store(primary: NodeId, seq: number, value: string): void {
    if (seq > (this.ctx.storage.get<number>("seq") ?? 0)) {
      this.ctx.storage.put("seq", seq);
      this.ctx.storage.put("value", value);
      this.ctx.annotate({ holds: value });
    }
    if (primary === this.ctx.id) this.countStored(primary, seq);
    else this.ctx.send(primary, { type: "Stored", seq });
  }

  private countStored(server: NodeId, seq: number): void {
    const write = this.pendingWrites.get(seq);
    if (!write || write.storedBy.includes(server)) return;
    write.storedBy.push(server);
    if (write.storedBy.length < this.majority) return;
    this.pendingWrites.delete(seq);
    // A write overtaken by a newer one that committed first is done too: it took effect just before it.
    if (seq > (this.committed()?.seq ?? 0)) this.ctx.storage.put("committed", { seq, value: write.value });
    write.answer({ type: "WriteOk", req: write.req });
  }

  private committed(): Committed | undefined {
    return this.ctx.storage.get<Committed>("committed");
  }

  private catchUp(): void {
    const committed = this.committed();
    if (committed) for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "Replicate", ...committed });
    this.ctx.setTimer(this.options.catchUpIntervalMs, { type: "catch-up" });
  }
}

/** A last-writer-wins stamp: the writer's clock, then its id to break ties. */
type Stamp = { ms: number; node: NodeId };

type ApMessage = RegisterRequest | { type: "Gossip"; value: string; stamp: Stamp };
type ApTimer = { type: "sync" };

export interface ApRegisterOptions {
  /** How often every server sends its copy to all the others (anti-entropy). */
  syncIntervalMs: number;
}

export const AP_DEFAULTS: ApRegisterOptions = { syncIntervalMs: 100 };

export class ApRegisterNode implements ProtocolNode<ApMessage, ApTimer> {
  constructor(
    private readonly ctx: NodeContext<ApMessage | RegisterReply, ApTimer>,
    private readonly options: ApRegisterOptions = AP_DEFAULTS,
  ) {}

  onStart(): void {
    this.ctx.setTimer(this.options.syncIntervalMs, { type: "sync" });
  }

  onMessage(from: NodeId, msg: ApMessage): void {
    if (msg.type === "Read") {
      this.ctx.send(from, { type: "ReadOk", req: msg.req, value: this.ctx.storage.get<string>("value") ?? null });
    } else if (msg.type === "Write") {
      this.adopt(msg.value, { ms: this.ctx.now(), node: this.ctx.id });
      this.ctx.send(from, { type: "WriteOk", req: msg.req }); // answered before any other server knows
      this.gossip();
    } else {
      this.adopt(msg.value, msg.stamp);
    }
  }

  onTimer(): void {
    this.gossip();
    this.ctx.setTimer(this.options.syncIntervalMs, { type: "sync" });
  }

  private adopt(value: string, stamp: Stamp): void {
    const mine = this.ctx.storage.get<Stamp>("stamp");
    if (mine && !newer(stamp, mine)) return;
    this.ctx.storage.put("stamp", stamp);
    this.ctx.storage.put("value", value);
    this.ctx.annotate({ holds: value });
  }

  private gossip(): void {
    const value = this.ctx.storage.get<string>("value");
    const stamp = this.ctx.storage.get<Stamp>("stamp");
    if (value === undefined || stamp === undefined) return;
    for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "Gossip", value, stamp });
  }
}

function newer(a: Stamp, b: Stamp): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.node > b.node);
}
