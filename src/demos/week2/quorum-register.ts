/**
 * A leaderless register with quorums, small enough to read in a minute: a demo for notebooks 09
 * and 10, so quorum reads and writes can be drawn before your key-value store exists. It is not
 * that store (one value, no versions beyond a stamp, no read repair, nothing durable): your
 * exercises/week2/kv-store.ts is the real thing.
 *
 * Every server holds one copy of the register and answers the same requests as the CAP registers
 * of notebook 01 (src/demos/week1/registers.ts), so the same scenarios run it. The server a
 * client asks coordinates its request:
 *   - a write gets a stamp (a counter above every stamp the coordinator has seen, then its id),
 *     goes to every server, and is acknowledged once W of them stored it;
 *   - a read asks every server and answers with the newest of the first R replies.
 * Servers keep the copy with the highest stamp. A coordinator that does not gather its quorum
 * within `timeoutMs` answers "unavailable"; a write it gave up on may still have been stored by
 * some, so the client cannot count it as undone.
 *
 * With `sloppy`, the home replicas (`homeReplicas`) that have not acknowledged a write within
 * half the timeout get stand-ins: the write also goes to the other servers, each with a hint
 * naming the home replica it stands in for, and their acknowledgements count towards W (a
 * sloppy quorum), as in Dynamo, which writes to the first N servers that answer. A server
 * holding hints offers each to its home replica every `handoffEveryMs` and drops it once stored
 * there: hinted handoff.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { RegisterReply, RegisterRequest } from "../week1/registers";

/** [counter, server]: compared by counter, then server id. */
export type Stamp = [number, NodeId];

export interface Copy {
  value: string;
  stamp: Stamp;
}

export interface QuorumRegisterOptions {
  writeQuorum: number;
  readQuorum: number;
  /** Where the register lives; default: every server. */
  homeReplicas?: readonly NodeId[];
  timeoutMs: number;
  sloppy?: boolean;
  handoffEveryMs?: number;
}

type Msg =
  | RegisterRequest
  | { type: "Store"; op: string; copy: Copy; hintFor: NodeId | null }
  | { type: "Stored"; op: string; by: NodeId }
  | { type: "Fetch"; op: string }
  | { type: "Fetched"; op: string; copy: Copy | null }
  | { type: "Handoff"; copy: Copy; from: NodeId }
  | { type: "HandedOff"; stamp: Stamp };

type Timer = { type: "give-up"; op: string } | { type: "go-sloppy"; op: string } | { type: "handoff" };

interface Pending {
  client: NodeId;
  req: string;
  kind: "write" | "read";
  /** The client has its answer; the write may still be owed to home replicas (sloppy). */
  answered: boolean;
  copy?: Copy;
  /** Servers that stored the write (write) or answered (read): each counts once. */
  from: Set<NodeId>;
  newest: Copy | null;
}

export function newer(a: Stamp, b: Stamp): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

export class QuorumRegisterNode implements ProtocolNode<Msg, Timer> {
  copy: Copy | null = null;
  /** Copies this server keeps for home replicas it stood in for: home replica -> copy. */
  readonly hints = new Map<NodeId, Copy>();
  private counter = 0;
  private ops = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly ctx: NodeContext<Msg | RegisterReply, Timer>,
    private readonly options: QuorumRegisterOptions,
  ) {}

  private get home(): readonly NodeId[] {
    return this.options.homeReplicas ?? [this.ctx.id, ...this.ctx.peers].sort();
  }

  onStart(): void {
    if (this.options.sloppy) this.ctx.setTimer(this.options.handoffEveryMs ?? 100, { type: "handoff" });
  }

  onMessage(from: NodeId, msg: Msg): void {
    switch (msg.type) {
      case "Write":
      case "Read":
        return this.coordinate(from, msg);
      case "Store":
        this.keep(msg.copy, msg.hintFor);
        return this.ctx.send(from, { type: "Stored", op: msg.op, by: msg.hintFor ?? this.ctx.id });
      case "Fetch":
        return this.ctx.send(from, { type: "Fetched", op: msg.op, copy: this.copy });
      case "Stored":
      case "Fetched":
        return this.answered(from, msg);
      case "Handoff":
        this.keep(msg.copy, null);
        return this.ctx.send(msg.from, { type: "HandedOff", stamp: msg.copy.stamp });
      case "HandedOff":
        for (const [owner, copy] of this.hints) {
          if (owner !== from || newer(copy.stamp, msg.stamp)) continue;
          this.hints.delete(owner);
          this.ctx.log(`handed off to ${owner}`);
        }
        return this.ctx.annotate({ hints: this.hints.size });
    }
  }

  onTimer(timer: Timer): void {
    if (timer.type === "handoff") {
      for (const [owner, copy] of this.hints) this.ctx.send(owner, { type: "Handoff", copy, from: this.ctx.id });
      this.ctx.setTimer(this.options.handoffEveryMs ?? 100, { type: "handoff" });
    } else if (timer.type === "go-sloppy") {
      this.goSloppy(timer.op);
    } else {
      const op = this.pending.get(timer.op);
      this.pending.delete(timer.op);
      if (!op || op.answered) return;
      const needed = op.kind === "write" ? this.options.writeQuorum : this.options.readQuorum;
      const why = `${op.from.size} of ${needed} ${op.kind === "write" ? "acknowledgements" : "replies"} within ${this.options.timeoutMs} ms`;
      this.ctx.send(op.client, { type: "Unavailable", req: op.req, why, definite: op.kind === "read" });
    }
  }

  private coordinate(client: NodeId, request: RegisterRequest): void {
    const op = `${this.ctx.id}:${++this.ops}`;
    if (request.type === "Write") {
      this.counter = Math.max(this.counter, this.copy?.stamp[0] ?? 0) + 1;
      const copy: Copy = { value: request.value, stamp: [this.counter, this.ctx.id] };
      this.pending.set(op, { client, req: request.req, kind: "write", answered: false, copy, from: new Set(), newest: null });
      for (const replica of this.home) this.ctx.send(replica, { type: "Store", op, copy, hintFor: null });
      if (this.options.sloppy) this.ctx.setTimer(this.options.timeoutMs / 2, { type: "go-sloppy", op });
    } else {
      this.pending.set(op, { client, req: request.req, kind: "read", answered: false, from: new Set(), newest: null });
      for (const replica of this.home) this.ctx.send(replica, { type: "Fetch", op });
    }
    this.ctx.setTimer(this.options.timeoutMs, { type: "give-up", op });
  }

  private answered(from: NodeId, msg: Extract<Msg, { type: "Stored" | "Fetched" }>): void {
    const op = this.pending.get(msg.op);
    if (!op) return; // given up
    op.from.add(msg.type === "Stored" ? msg.by : from);
    if (msg.type === "Fetched" && msg.copy && (!op.newest || newer(msg.copy.stamp, op.newest.stamp))) op.newest = msg.copy;
    if (op.answered || op.from.size < (op.kind === "write" ? this.options.writeQuorum : this.options.readQuorum)) return;
    op.answered = true;
    this.ctx.send(op.client, op.kind === "write" ? { type: "WriteOk", req: op.req } : { type: "ReadOk", req: op.req, value: op.newest?.value ?? null });
  }

  /** The home replicas that have not acknowledged yet get stand-ins: the other servers, in order. */
  private goSloppy(opId: string): void {
    const op = this.pending.get(opId);
    if (!op || !op.copy) return;
    const missing = this.home.filter((id) => !op.from.has(id));
    const standIns = [this.ctx.id, ...this.ctx.peers].sort().filter((id) => !this.home.includes(id));
    missing.forEach((owner, i) => {
      const standIn = standIns[i % Math.max(1, standIns.length)];
      if (standIn) this.ctx.send(standIn, { type: "Store", op: opId, copy: op.copy as Copy, hintFor: owner });
    });
  }

  private keep(copy: Copy, hintFor: NodeId | null): void {
    this.counter = Math.max(this.counter, copy.stamp[0]);
    if (hintFor !== null && hintFor !== this.ctx.id) {
      const held = this.hints.get(hintFor);
      if (!held || newer(copy.stamp, held.stamp)) this.hints.set(hintFor, copy);
      this.ctx.log(`hint for ${hintFor}: ${copy.value}`);
      this.ctx.annotate({ hints: this.hints.size });
      return;
    }
    if (this.copy && !newer(copy.stamp, this.copy.stamp)) return;
    this.copy = copy;
    this.ctx.annotate({ holds: copy.value });
  }
}
