/**
 * Fair variant: a store written from the contract rather than from the reference. Each client
 * request is an Operation object that moves through stages ("reading", then "writing"); every
 * message has a short name of its own ("get", "got", "set", "set-ok", "digest", "digest-back");
 * storage holds one key per stored key ("kv/<key>") and one per hint ("hint/<owner>/<key>").
 * Read repair is incremental: from the moment a read has its quorum, each reply is compared with
 * the merge of all replies so far and every replica behind it is sent the merge at once, instead
 * of waiting for all N replies. Hinted handoff starts after a third of the request timeout, hints
 * are dropped only when the owner acknowledged the very versions the hint holds, and
 * anti-entropy visits peers in turn rather than at random. No onRestart: the host calls onStart.
 * Correct by the contract; it must score full marks.
 */
import type { ClientReply, ClientRequest, KVConfig, KVNodeApi, StoredVersion } from "../../../../src/contracts/kv";
import type { Json, NodeContext, NodeId } from "../../../../src/contracts/node";
import { contextOf, mergeVersions, nextVersion, sameVersions, type LwwStamp } from "../../../../solutions/week2/versions";

type Entry = { key: string; versions: StoredVersion[] };
type Wire =
  | ClientRequest
  | ClientReply
  | { type: "get"; op: string; key: string }
  | { type: "got"; op: string; versions: StoredVersion[] }
  | { type: "set"; op: string; key: string; versions: StoredVersion[]; owner?: NodeId }
  | { type: "set-ok"; op: string }
  | { type: "digest"; entries: Entry[] }
  | { type: "digest-back"; entries: Entry[] };
type Tick = { kind: "deadline"; op: string } | { kind: "handoff"; op: string } | { kind: "gossip" } | { kind: "hints" };

class Operation {
  stage: "reading" | "writing" = "reading";
  answered = false;
  readonly replies = new Map<NodeId, StoredVersion[]>();
  readonly acks = new Set<NodeId>();
  /** Home replicas a fallback already stands in for. */
  readonly standIns = new Set<NodeId>();
  /** Per replica, the merge last sent to it as read repair (JSON). */
  readonly repairedWith = new Map<NodeId, string>();
  payload: StoredVersion[] = [];

  constructor(
    readonly client: NodeId,
    readonly request: ClientRequest,
    readonly replicas: NodeId[],
  ) {}

  get isGet(): boolean {
    return this.request.type === "ClientGet";
  }
}

const STORED = "kv/";
const HINT = "hint/";
const COUNTER = "stamp";

export class KVNode implements KVNodeApi {
  private readonly ops = new Map<string, Operation>();
  private opNumber = 0;
  private gossipTurn = 0;
  /** Hint deliveries in flight: op id -> the hint's storage key and the versions sent (JSON). */
  private readonly hintsInFlight = new Map<string, { storageKey: string; sent: string }>();

  constructor(
    private readonly ctx: NodeContext<Wire, Tick>,
    private readonly config: KVConfig,
  ) {}

  onStart(): void {
    if (this.config.antiEntropyIntervalMs > 0) this.ctx.setTimer(this.config.antiEntropyIntervalMs, { kind: "gossip" });
    this.ctx.setTimer(this.hintPeriodMs(), { kind: "hints" });
  }

  inspect(): { [key: string]: readonly StoredVersion[] } {
    const view: { [key: string]: StoredVersion[] } = {};
    for (const name of this.ctx.storage.keys()) if (name.startsWith(STORED)) view[name.slice(STORED.length)] = this.read(name.slice(STORED.length));
    return view;
  }

  onMessage(from: NodeId, msg: Wire): void {
    if (msg.type === "ClientGet" || msg.type === "ClientPut") this.begin(from, msg);
    else if (msg.type === "get") this.ctx.send(from, { type: "got", op: msg.op, versions: this.read(msg.key) });
    else if (msg.type === "got") this.onGot(from, msg.op, msg.versions);
    else if (msg.type === "set") this.onSet(from, msg);
    else if (msg.type === "set-ok") this.onSetOk(from, msg.op);
    else if (msg.type === "digest") this.onDigest(from, msg.entries);
    else if (msg.type === "digest-back") for (const entry of msg.entries) this.keep(entry.key, entry.versions);
  }

  onTimer(tick: Tick): void {
    if (tick.kind === "deadline") this.expire(tick.op);
    else if (tick.kind === "handoff") this.handOff(tick.op);
    else if (tick.kind === "gossip") {
      this.gossip();
      this.ctx.setTimer(this.config.antiEntropyIntervalMs, { kind: "gossip" });
    } else {
      this.deliverHints();
      this.ctx.setTimer(this.hintPeriodMs(), { kind: "hints" });
    }
  }

  // ---------------------------------------------------------------- coordinating

  private begin(client: NodeId, request: ClientRequest): void {
    const id = `${this.ctx.id}/${++this.opNumber}`;
    const op = new Operation(client, request, this.homeOf(request.key));
    this.ops.set(id, op);
    this.ctx.setTimer(this.config.requestTimeoutMs, { kind: "deadline", op: id });
    if (request.type === "ClientPut" && this.config.mode === "eventual") return this.write(id, op, [this.newVersion(request.value, request.context ?? null)]);
    for (const replica of op.replicas) this.ctx.send(replica, { type: "get", op: id, key: request.key });
  }

  private onGot(from: NodeId, id: string, versions: StoredVersion[]): void {
    const op = this.ops.get(id);
    if (!op || !op.replicas.includes(from)) return;
    this.learn(versions);
    if (op.stage === "reading" || op.isGet) op.replies.set(from, versions);
    const merged = this.mergeReplies(op);
    if (op.stage === "reading" && op.replies.size >= this.config.readQuorum) {
      if (op.request.type === "ClientPut") return this.write(id, op, [this.newVersion(op.request.value, contextOf(merged, this.config.versioning))]);
      if (this.config.mode === "linearizable") this.write(id, op, merged);
      else this.reply(op, { type: "ClientGetReply", reqId: op.request.reqId, ok: true, values: merged.map((v) => v.value), context: contextOf(merged, this.config.versioning) });
    }
    if (op.answered || op.stage === "writing") this.repair(id, op, merged);
  }

  /** Read repair, as replies come: every replica that answered with less than the merge gets it. */
  private repair(id: string, op: Operation, merged: StoredVersion[]): void {
    if (!op.isGet) return;
    const shape = JSON.stringify(merged);
    op.replies.forEach((versions, replica) => {
      if (sameVersions(versions, merged) || op.repairedWith.get(replica) === shape) return;
      op.repairedWith.set(replica, shape);
      this.ctx.send(replica, { type: "set", op: `${id}/repair`, key: op.request.key, versions: merged });
    });
  }

  private write(id: string, op: Operation, versions: StoredVersion[]): void {
    op.stage = "writing";
    op.payload = versions;
    for (const replica of op.replicas) this.ctx.send(replica, { type: "set", op: id, key: op.request.key, versions });
    if (this.config.hintedHandoff && this.config.mode === "eventual") this.ctx.setTimer(this.config.requestTimeoutMs / 3, { kind: "handoff", op: id });
  }

  private onSetOk(from: NodeId, id: string): void {
    const delivery = this.hintsInFlight.get(id);
    if (delivery) return this.hintDelivered(id, delivery);
    const op = this.ops.get(id);
    if (!op || op.stage !== "writing") return;
    op.acks.add(from);
    if (op.answered || op.acks.size < this.config.writeQuorum) return;
    if (op.isGet) {
      this.reply(op, { type: "ClientGetReply", reqId: op.request.reqId, ok: true, values: op.payload.map((v) => v.value), context: contextOf(op.payload, this.config.versioning) });
    } else {
      this.reply(op, { type: "ClientPutReply", reqId: op.request.reqId, ok: true });
    }
  }

  /** Sloppy quorum: each silent home replica gets a stand-in, the next unused fallback. */
  private handOff(id: string): void {
    const op = this.ops.get(id);
    if (!op || op.stage !== "writing") return;
    const used = new Set<NodeId>([...op.acks]);
    const fallbacks = this.config.preferenceList(op.request.key).slice(this.config.replicas);
    for (const owner of op.replicas) {
      if (op.acks.has(owner) || op.standIns.has(owner)) continue;
      const standIn = fallbacks.find((node) => !used.has(node));
      if (standIn === undefined) return;
      used.add(standIn);
      fallbacks.splice(fallbacks.indexOf(standIn), 1);
      op.standIns.add(owner);
      this.ctx.send(standIn, { type: "set", op: id, key: op.request.key, versions: op.payload, owner });
    }
  }

  private expire(id: string): void {
    const op = this.ops.get(id);
    this.ops.delete(id);
    if (!op || op.answered) return;
    const reading = op.stage === "reading";
    const got = reading ? op.replies.size : op.acks.size;
    const needed = reading ? this.config.readQuorum : this.config.writeQuorum;
    this.reply(op, {
      type: "ClientError",
      reqId: op.request.reqId,
      ok: false,
      error: `no quorum within ${this.config.requestTimeoutMs} ms: ${got} of ${needed} ${reading ? "read replies" : "write acknowledgements"} (replicas ${op.replicas.join(", ")})`,
    });
  }

  private reply(op: Operation, answer: ClientReply): void {
    op.answered = true;
    this.ctx.send(op.client, answer);
  }

  private mergeReplies(op: Operation): StoredVersion[] {
    let merged: StoredVersion[] = [];
    for (const versions of op.replies.values()) merged = mergeVersions(merged, versions, this.config.versioning);
    return merged;
  }

  // ---------------------------------------------------------------- storing

  private onSet(from: NodeId, msg: Extract<Wire, { type: "set" }>): void {
    this.learn(msg.versions);
    if (msg.owner !== undefined && msg.owner !== this.ctx.id) {
      const name = `${HINT}${msg.owner}/${msg.key}`;
      const held = this.ctx.storage.get<StoredVersion[]>(name) ?? [];
      this.ctx.storage.put(name, mergeVersions(held, msg.versions, this.config.versioning) as unknown as Json);
    } else {
      this.keep(msg.key, msg.versions);
    }
    this.ctx.send(from, { type: "set-ok", op: msg.op }); // stored first, acknowledged second
  }

  private read(key: string): StoredVersion[] {
    return this.ctx.storage.get<StoredVersion[]>(STORED + key) ?? [];
  }

  /** Merge by version into what is stored (written back even when nothing changed). */
  private keep(key: string, versions: readonly StoredVersion[]): void {
    this.ctx.storage.put(STORED + key, mergeVersions(this.read(key), versions, this.config.versioning) as unknown as Json);
  }

  // ---------------------------------------------------------------- hints and anti-entropy

  pendingHints(): { [owner: NodeId]: string[] } {
    const byOwner: { [owner: NodeId]: string[] } = {};
    for (const name of this.hintKeys()) {
      const [owner, key] = splitHintKey(name);
      (byOwner[owner] ??= []).push(key);
    }
    return byOwner;
  }

  private hintKeys(): string[] {
    return this.ctx.storage.keys().filter((name) => name.startsWith(HINT));
  }

  private deliverHints(): void {
    for (const name of this.hintKeys()) {
      const [owner, key] = splitHintKey(name);
      const versions = this.ctx.storage.get<StoredVersion[]>(name) ?? [];
      const id = `${this.ctx.id}/hint/${++this.opNumber}`;
      this.hintsInFlight.set(id, { storageKey: name, sent: JSON.stringify(versions) });
      this.ctx.send(owner, { type: "set", op: id, key, versions });
    }
  }

  /** The owner stored what was sent: drop the hint, unless it has grown since. */
  private hintDelivered(id: string, delivery: { storageKey: string; sent: string }): void {
    this.hintsInFlight.delete(id);
    const now = this.ctx.storage.get<StoredVersion[]>(delivery.storageKey);
    if (now !== undefined && JSON.stringify(now) === delivery.sent) this.ctx.storage.delete(delivery.storageKey);
  }

  private gossip(): void {
    if (this.ctx.peers.length === 0) return;
    const peer = this.ctx.peers[this.gossipTurn++ % this.ctx.peers.length];
    const shared: Entry[] = [];
    for (const [key, versions] of Object.entries(this.inspect())) {
      const home = this.homeOf(key);
      if (home.includes(peer) && home.includes(this.ctx.id)) shared.push({ key, versions: versions.slice() });
    }
    if (shared.length > 0) this.ctx.send(peer, { type: "digest", entries: shared });
  }

  private onDigest(from: NodeId, entries: Entry[]): void {
    const newer: Entry[] = [];
    for (const { key, versions } of entries) {
      this.keep(key, versions);
      const mine = this.read(key);
      if (!sameVersions(mine, versions)) newer.push({ key, versions: mine });
    }
    if (newer.length > 0) this.ctx.send(from, { type: "digest-back", entries: newer });
  }

  // ---------------------------------------------------------------- versions

  private homeOf(key: string): NodeId[] {
    return this.config.preferenceList(key).slice(0, this.config.replicas);
  }

  private hintPeriodMs(): number {
    return Math.max(50, this.config.requestTimeoutMs / 2);
  }

  private newVersion(value: string, context: Json): StoredVersion {
    const counter = (this.ctx.storage.get<number>(COUNTER) ?? 0) + 1;
    this.ctx.storage.put(COUNTER, counter); // persisted before use: a restart never reissues it
    return { value, version: nextVersion(context, this.ctx.id, counter, this.config.versioning) };
  }

  /** Last-writer-wins: never stamp below a stamp already seen. */
  private learn(versions: readonly StoredVersion[]): void {
    if (this.config.versioning !== "lww") return;
    let highest = this.ctx.storage.get<number>(COUNTER) ?? 0;
    for (const { version } of versions) highest = Math.max(highest, (version as LwwStamp).t);
    if (highest > (this.ctx.storage.get<number>(COUNTER) ?? 0)) this.ctx.storage.put(COUNTER, highest);
  }
}

function splitHintKey(name: string): [NodeId, string] {
  const rest = name.slice(HINT.length);
  const slash = rest.indexOf("/");
  return [rest.slice(0, slash), rest.slice(slash + 1)];
}
