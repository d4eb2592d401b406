/**
 * The deterministic simulator: virtual time, one seed, a network that loses, duplicates,
 * delays and reorders, partitions, crashes and restarts, skewed clocks, and a trace of it all.
 *
 * Nodes are `ProtocolNode`s (src/contracts/node.ts). The simulator owns every source of
 * nondeterminism: it decides when each message arrives and each timer fires, and while a
 * handler runs it replaces Math.random and Date.now with seeded/virtual versions, so even code
 * that reaches for them stays reproducible. Same seed, same code: the same trace, byte for byte.
 *
 *   const sim = new Simulation({ seed: 42 });
 *   sim.addServers(5, (ctx) => new RaftNode(ctx));
 *   sim.runFor(1_000);                       // one virtual second, in a few milliseconds
 *   sim.partition("1,2|3,4,5");
 *   sim.runUntil(() => leaderOf(sim) !== undefined, { timeoutMs: 5_000 });
 *
 * A paused node (Jepsen's SIGSTOP) runs no handler: messages that reach it and timers that come
 * due wait in its inbox, in order, and are handled when it resumes (a message whose link was cut
 * meanwhile is dropped then, so a cut link never delivers); its clock keeps running meanwhile.
 */
import type { Json, NodeFactory, NodeId, ProtocolNode } from "../contracts/node";
import { NodeClock } from "./clock";
import { ASYNC_HANDLER_MESSAGE, HandlerError, LivelockError, SimulationError, returnedPromise } from "./errors";
import { EventQueue } from "./event-queue";
import { globalsPatch, type GlobalsPatch } from "./globals";
import { copyJson } from "./json-copy";
import { DEFAULT_NETWORK, describeDelay, sampleDelay, validateNetwork, type NetworkConfig } from "./network";
import { bridge, cutsBetweenGroups, formatGroups, isolate, majorityRing, parseCuts, parseGroups, type Cut } from "./partition";
import { Rng } from "./random";
import type { RoutedMessage, Router, SendCause } from "./routing";
import { SimContext } from "./sim-context";
import { MemoryStorage } from "./storage";
import { Trace, formatMs, type DropReason, type TraceEvent } from "./trace";

export interface SimulationOptions {
  /** The one number that decides every random choice of the run. */
  seed: number;
  network?: Partial<NetworkConfig>;
  /** Record the trace (default true). Off, runs are faster and checkers use hooks instead. */
  trace?: boolean;
  /** Each timer fires up to this much late, drawn from the seed (default 0). */
  timerJitterMsMax?: number;
  /** Stop with a LivelockError after this many events (default 5,000,000). */
  eventsMax?: number;
  /** Stop with a LivelockError after this many events at one virtual instant (default 100,000). */
  sameInstantEventsMax?: number;
  /**
   * What a throwing handler does: "throw" stops the run with a HandlerError that says which node,
   * event and time (the default: a bug should be loud), "crash" crashes just that node, as a
   * real process would, and the run goes on.
   */
  onHandlerError?: "throw" | "crash";
  /** Also send ctx.log lines here (e.g. console.log) besides the trace. */
  logSink?: (line: string) => void;
}

export type NodeRole = "server" | "client";

/** Everything the simulator keeps about one node. */
export interface NodeRecord {
  readonly id: NodeId;
  readonly index: number;
  readonly role: NodeRole;
  readonly factory: NodeFactory<any, any, ProtocolNode<any, any>>;
  instance: ProtocolNode<any, any> | undefined;
  up: boolean;
  started: boolean;
  /** crash() was called before the node first booted: it stays down until restart(). */
  crashedBeforeStart: boolean;
  /** Bumped on every crash: timers set by an earlier incarnation never fire. */
  incarnation: number;
  /** Stopped (SIGSTOP) by pause() until resume(): it is up, but handles nothing. */
  paused: boolean;
  readonly ctx: SimContext;
  readonly storage: MemoryStorage;
  readonly rng: Rng;
  readonly clock: NodeClock;
  /** Added to every message this node sends or receives (a slow node). */
  extraDelayMs: number;
  /** The latest facts the node published with ctx.annotate. */
  annotation: { [key: string]: Json };
}

const enum Kind {
  Start,
  Deliver,
  Timer,
  Action,
}

/** One entry of the agenda. A single shape for all kinds keeps the hot loop monomorphic. */
class Queued {
  canceled = false;
  constructor(
    public time: number,
    public seq: number,
    public kind: Kind,
    public target: number,
    public from: number,
    public msgId: number,
    public payload: Json,
    public sentAt: number,
    public incarnation: number,
    public action: (() => void) | null,
    public label: string,
  ) {}
}

export class Simulation {
  readonly seed: number;
  readonly trace = new Trace();
  readonly stats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, timersFired: 0, events: 0 };

  private readonly tracing: boolean;
  private readonly network: NetworkConfig;
  private readonly networkRng: Rng;
  private readonly jitterRng: Rng;
  private readonly globals: GlobalsPatch;
  private readonly timerJitterMsMax: number;
  private readonly eventsMax: number;
  private readonly sameInstantEventsMax: number;
  private readonly onHandlerError: "throw" | "crash";
  private readonly logSink: ((line: string) => void) | undefined;

  private readonly queue = new EventQueue<Queued>();
  private readonly records: NodeRecord[] = [];
  private readonly byId = new Map<NodeId, NodeRecord>();
  private readonly pendingTimers = new Map<number, Queued>();
  /** What waits for each paused node (by index): messages that arrived and timers that came due. */
  private readonly inboxes = new Map<number, Queued[]>();
  private readonly hooks: (() => void)[] = [];
  private readonly recent: Queued[] = [];
  private serverIds: NodeId[] = [];
  private readonly peersCache = new Map<NodeId, readonly NodeId[]>();
  private cuts = new Uint8Array(0);
  private cutsStride = 0;
  private readonly lastArrival = new Map<number, number>();
  private networkDescription = "fully connected";

  private nowMs = 0;
  private seq = 0;
  private nextMsgId = 1;
  private nextTimerId = 1;
  private sameInstantCount = 0;
  private started = false;
  private current: NodeRecord | undefined;
  /**
   * What the running handler is handling, for the router (the cause of the messages it sends):
   * the delivery or timer event, a test's call (its label), or undefined for a node's start.
   */
  private causing: Queued | string | undefined;
  private router: Router | undefined;
  private readonly held = new Map<number, RoutedMessage>();

  constructor(options: SimulationOptions) {
    if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${options.seed}`);
    }
    this.seed = options.seed;
    this.network = { ...DEFAULT_NETWORK, ...options.network };
    validateNetwork(this.network);
    this.tracing = options.trace ?? true;
    this.timerJitterMsMax = options.timerJitterMsMax ?? 0;
    this.eventsMax = options.eventsMax ?? 5_000_000;
    this.sameInstantEventsMax = options.sameInstantEventsMax ?? 100_000;
    this.onHandlerError = options.onHandlerError ?? "throw";
    this.logSink = options.logSink;
    this.networkRng = Rng.derive(this.seed, "network");
    this.jitterRng = Rng.derive(this.seed, "timer-jitter");
    this.globals = globalsPatch(Rng.derive(this.seed, "Math.random"), () => this.currentLocalTime());
  }

  // ---------------------------------------------------------------- nodes

  /** Add servers n1..nK (numbered after any existing servers). Returns their ids. */
  addServers<N extends ProtocolNode<any, any>>(count: number, factory: NodeFactory<any, any, N>): NodeId[] {
    const ids: NodeId[] = [];
    for (let i = 0; i < count; i++) {
      const id = `n${this.serverIds.length + 1}`;
      this.addNode(id, factory, "server");
      ids.push(id);
    }
    return ids;
  }

  /** Add one node. Servers are each other's peers; clients see all servers as peers. */
  addNode<N extends ProtocolNode<any, any>>(id: NodeId, factory: NodeFactory<any, any, N>, role: NodeRole = "client"): NodeRecord {
    if (this.byId.has(id)) throw new SimulationError(`a node named ${id} already exists`);
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new SimulationError(`node ids are letters, digits, - and _, got "${id}"`);
    const index = this.records.length;
    const record: NodeRecord = {
      id,
      index,
      role,
      factory,
      instance: undefined,
      up: false,
      started: false,
      crashedBeforeStart: false,
      incarnation: 0,
      paused: false,
      ctx: undefined as unknown as SimContext,
      storage: new MemoryStorage(id),
      rng: Rng.derive(this.seed, `node:${id}`),
      clock: new NodeClock(),
      extraDelayMs: 0,
      annotation: {},
    };
    (record as { ctx: SimContext }).ctx = new SimContext(this, record);
    this.records.push(record);
    this.byId.set(id, record);
    if (role === "server") {
      this.serverIds = [...this.serverIds, id];
      this.peersCache.clear();
    }
    this.growCuts();
    if (this.started) this.scheduleStart(record);
    return record;
  }

  /** The servers' ids, in order. */
  get servers(): readonly NodeId[] {
    return this.serverIds;
  }

  /** Every node's id, in the order they were added. */
  get nodeIds(): NodeId[] {
    return this.records.map((record) => record.id);
  }

  /** The live object of node `id` (undefined while it is crashed). */
  node<N extends ProtocolNode<any, any>>(id: NodeId): N | undefined {
    return this.record(id).instance as N | undefined;
  }

  isUp(id: NodeId): boolean {
    return this.record(id).up;
  }

  isPaused(id: NodeId): boolean {
    return this.record(id).paused;
  }

  /** The facts node `id` last published with ctx.annotate. */
  annotation(id: NodeId): { readonly [key: string]: Json } {
    return this.record(id).annotation;
  }

  /** Stable storage of node `id` (survives its crashes). */
  storage(id: NodeId): MemoryStorage {
    return this.record(id).storage;
  }

  record(id: NodeId): NodeRecord {
    const record = this.byId.get(id);
    if (!record) throw new SimulationError(`unknown node "${id}" (known: ${this.nodeIds.join(", ")})`);
    return record;
  }

  /** Node ids other than `id` that are servers, in order (what ctx.peers returns). */
  peersOf(id: NodeId): readonly NodeId[] {
    let peers = this.peersCache.get(id);
    if (peers === undefined) {
      peers = Object.freeze(this.serverIds.filter((server) => server !== id));
      this.peersCache.set(id, peers);
    }
    return peers;
  }

  // ---------------------------------------------------------------- time

  /** Virtual time in milliseconds. */
  get now(): number {
    return this.nowMs;
  }

  /** Boot every node added so far at the current time (runs call this for you). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const record of this.records) this.scheduleStart(record);
  }

  /** Run `durationMs` of virtual time. */
  runFor(durationMs: number): void {
    if (!(durationMs >= 0)) throw new RangeError(`runFor needs a duration >= 0, got ${durationMs}`);
    this.runUntilTime(this.nowMs + durationMs);
  }

  /** Run until virtual time `endMs` (events at exactly endMs included). */
  runUntilTime(endMs: number): void {
    this.start();
    this.withGlobals(() => {
      for (let next = this.queue.peek(); next !== undefined && next.time <= endMs; next = this.queue.peek()) {
        this.processNext();
      }
    });
    if (endMs > this.nowMs) this.nowMs = endMs;
  }

  /**
   * Run until `predicate()` holds (checked before the first event and after each one) or
   * `timeoutMs` of virtual time pass. Returns whether it held and when.
   */
  runUntil(predicate: () => boolean, options: { timeoutMs: number }): { reached: boolean; atMs: number } {
    this.start();
    const deadline = this.nowMs + options.timeoutMs;
    let reached = predicate();
    this.withGlobals(() => {
      for (let next = this.queue.peek(); !reached && next !== undefined && next.time <= deadline; next = this.queue.peek()) {
        this.processNext();
        reached = predicate();
      }
    });
    if (!reached && deadline > this.nowMs) this.nowMs = deadline;
    return { reached, atMs: this.nowMs };
  }

  /** Process one event. Returns false when nothing is scheduled. */
  step(): boolean {
    this.start();
    if (this.queue.size === 0) return false;
    this.withGlobals(() => this.processNext());
    return true;
  }

  /** Events still scheduled (messages in flight, timers, actions). */
  get pending(): number {
    return this.queue.size;
  }

  /** Run `action` at virtual time `atMs` (harness code: faults, client requests, checks). */
  at(atMs: number, label: string, action: () => void): void {
    if (!(atMs >= this.nowMs)) throw new SimulationError(`cannot schedule "${label}" at t=${atMs}ms, in the past (now ${this.nowMs}ms)`);
    this.queue.push(new Queued(atMs, this.seq++, Kind.Action, -1, -1, 0, null, this.nowMs, 0, action, label));
  }

  /** Run `action` after `delayMs` of virtual time. */
  after(delayMs: number, label: string, action: () => void): void {
    this.at(this.nowMs + delayMs, label, action);
  }

  /** Call `hook` after every event; a hook that throws stops the run (invariant checks). */
  afterEachEvent(hook: () => void): void {
    this.hooks.push(hook);
  }

  /**
   * Call into node `id` from outside (a client library call such as raft.start(command)), as
   * if the node handled a local request now. Messages and timers it creates are the node's.
   */
  call<N extends ProtocolNode<any, any>, R>(id: NodeId, label: string, fn: (node: N) => R): R {
    const record = this.record(id);
    if (!record.up || !record.instance) throw new SimulationError(`cannot call ${label} on ${id}: it is down`);
    if (record.paused) throw new SimulationError(`cannot call ${label} on ${id}: it is paused until resume("${id}")`);
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "call", node: id, label });
    let result: R | undefined;
    this.withGlobals(() => {
      result = this.withCause(label, () => this.runHandler(record, () => `${label} (called by the test)`, (node) => fn(node as N))) as R;
    });
    return result as R;
  }

  // ---------------------------------------------------------------- faults

  /** Cut the network: "1,2|3,4,5" (groups) or "1->2" (one direction). Replaces earlier cuts. */
  partition(spec: string): void {
    if (spec.includes("->")) return this.setCuts(parseCuts(spec, this.nodeIds), `one way: ${spec}`);
    const groups = parseGroups(spec, this.nodeIds);
    this.setCuts(cutsBetweenGroups(groups), `partition ${formatGroups(groups)}`);
  }

  /** Cut one node off from every other node. */
  isolate(id: NodeId): void {
    this.record(id);
    const groups = isolate(id, this.nodeIds);
    this.setCuts(cutsBetweenGroups(groups), `isolate ${id}: ${formatGroups(groups)}`);
  }

  /** Add a one-way cut on top of the current ones: `from` can no longer reach `to`. */
  cutOneWay(from: NodeId, to: NodeId): void {
    this.record(from);
    this.record(to);
    this.setCuts([...this.currentCuts(), { from, to }], `${this.networkDescription}; ${from}->${to} cut`);
  }

  /** Servers split into two halves that both reach the middle one. */
  bridge(): void {
    this.setCuts(bridge(this.serverIds), `bridge through ${this.serverIds[Math.floor(this.serverIds.length / 2)]}`);
  }

  /** Every server sees a majority, no two the same one. */
  majorityRing(): void {
    this.setCuts(majorityRing(this.serverIds), "majority ring");
  }

  /** Reconnect everything. */
  heal(): void {
    this.setCuts([], "healed: fully connected");
  }

  /** True when `from` can currently reach `to`. */
  canReach(from: NodeId, to: NodeId): boolean {
    return this.cuts[this.record(from).index * this.cutsStride + this.record(to).index] === 0;
  }

  /** Crash node `id` now: volatile state and pending timers are gone; storage stays. */
  crash(id: NodeId): void {
    const record = this.record(id);
    if (!record.started) {
      // Crashed before it ever booted: it stays down until restart() boots it for the first time.
      if (!record.crashedBeforeStart && this.tracing) this.trace.add({ t: this.nowMs, kind: "crash", node: id });
      record.crashedBeforeStart = true;
      return;
    }
    if (!record.up) return;
    record.up = false;
    record.instance = undefined;
    // A stopped process can still be killed: what waited for it dies with it.
    record.paused = false;
    this.inboxes.delete(record.index);
    record.annotation = {}; // volatile: a restarted node publishes its state afresh
    record.incarnation++;
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "crash", node: id });
  }

  /** Restart a crashed node: a fresh object from its factory, then onRestart (or onStart). */
  restart(id: NodeId): void {
    const record = this.record(id);
    if (record.up || (!record.started && !record.crashedBeforeStart)) return;
    const firstBoot = !record.started;
    record.crashedBeforeStart = false;
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "restart", node: id });
    this.withGlobals(() => this.boot(record, !firstBoot));
  }

  /**
   * Pause node `id` (Jepsen's SIGSTOP): no timer fires and no message is handled until resume();
   * messages sent to it still cross the network as usual and wait in its inbox. Its clock runs on.
   * Like SIGSTOP to a process that is not running, pausing a node that is down does nothing.
   */
  pause(id: NodeId): void {
    const record = this.record(id);
    if (record.paused || !record.up) return;
    record.paused = true;
    this.inboxes.set(record.index, []);
    this.fault(`${id} paused`);
  }

  /** Resume a paused node (SIGCONT): what waited in its inbox runs now, in the order it arrived. */
  resume(id: NodeId): void {
    const record = this.record(id);
    if (!record.paused) return;
    record.paused = false;
    const waiting = this.inboxes.get(record.index) ?? [];
    this.inboxes.delete(record.index);
    const messages = waiting.filter((event) => event.kind === Kind.Deliver).length;
    this.fault(`${id} resumed: ${messages} waiting message(s) and ${waiting.length - messages} overdue timer(s) run now`);
    for (const event of waiting) {
      event.time = this.nowMs;
      event.seq = this.seq++;
      if (event.kind === Kind.Timer) this.pendingTimers.set(event.msgId, event);
      this.queue.push(event);
    }
  }

  /** Set node `id`'s clock: jump it by `jumpMs` and make it drift by `driftRate` from now on. */
  setClock(id: NodeId, jumpMs: number, driftRate = 0): void {
    this.record(id).clock.adjust(this.nowMs, jumpMs, driftRate);
    this.fault(`${id} clock jumps ${jumpMs}ms, drift ${driftRate}`);
  }

  /** Make node `id` slow: every message it sends or receives takes `extraDelayMs` longer. */
  setSlow(id: NodeId, extraDelayMs: number): void {
    if (!(extraDelayMs >= 0)) throw new RangeError(`extraDelayMs must be >= 0, got ${extraDelayMs}`);
    this.record(id).extraDelayMs = extraDelayMs;
    this.fault(extraDelayMs === 0 ? `${id} is no longer slow` : `${id} slow: +${extraDelayMs}ms per message`);
  }

  /** Change the network's loss, duplication or delay from now on. */
  configureNetwork(change: Partial<NetworkConfig>): void {
    const next = { ...this.network, ...change };
    validateNetwork(next);
    Object.assign(this.network, next);
    this.fault(`network: ${describeNetwork(this.network)}`);
  }

  /**
   * Decide the fate of every message sent from now on, one by one (directed tests; see
   * routing.ts): "pass" (or undefined) as usual, "drop", "hold" until release(), or "copy":
   * delivered as usual with a copy held for a later release. Messages over a cut link are
   * dropped before the router sees them. `route(undefined)` stops routing; held messages stay.
   */
  route(router: Router | undefined): void {
    this.router = router;
    this.fault(router ? "messages routed by the test" : "messages no longer routed by the test");
  }

  /** Messages held by the router, oldest first. */
  heldMessages(): RoutedMessage[] {
    return [...this.held.values()];
  }

  /**
   * Deliver held message `msgId` after `delayMs` (default 0), subject to the cuts and crashes at
   * that time. With `keep`, a copy stays held, so it can be delivered again (a duplicate).
   */
  release(msgId: number, options: { delayMs?: number; keep?: boolean } = {}): void {
    const message = this.held.get(msgId);
    if (message === undefined) throw new SimulationError(`no held message #${msgId} (held: ${[...this.held.keys()].join(", ") || "none"})`);
    if (!options.keep) this.held.delete(msgId);
    const delayMs = options.delayMs ?? 0;
    if (!(delayMs >= 0)) throw new RangeError(`release needs a delay >= 0, got ${delayMs}`);
    this.fault(`#${msgId} ${message.from}->${message.to} released by the test${options.keep ? " (a copy stays held)" : ""}`);
    const from = this.record(message.from).index;
    const to = this.record(message.to).index;
    this.queue.push(new Queued(roundTime(this.nowMs + delayMs), this.seq++, Kind.Deliver, to, from, msgId, message.msg, message.sentAt, 0, null, "copy"));
  }

  /** Record a fault or harness note in the trace. */
  fault(description: string): void {
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "fault", description });
  }

  // ---------------------------------------------------------------- description

  /** The seed and every parameter derived from it or set for this run, one per line. */
  describe(): string {
    const lines = [
      `seed ${this.seed}`,
      `nodes ${this.records.map((r) => r.id).join(", ")}`,
      `network ${describeNetwork(this.network)}`,
      `timer jitter up to ${this.timerJitterMsMax}ms; budget ${this.eventsMax} events, ${this.sameInstantEventsMax} at one instant`,
      `streams: network=${this.networkRng.seed} timer-jitter=${this.jitterRng.seed} ` +
        this.records.map((r) => `${r.id}=${r.rng.seed}`).join(" "),
    ];
    const clocks = this.records.filter((r) => r.clock.drift !== 0 || r.clock.skewAt(this.nowMs) !== 0);
    if (clocks.length > 0) {
      lines.push(`clocks ${clocks.map((r) => `${r.id} skew ${formatMs(r.clock.skewAt(this.nowMs))}ms drift ${r.clock.drift}`).join(", ")}`);
    }
    return lines.join("\n");
  }

  // ---------------------------------------------------------------- used by SimContext

  /** @internal */ sendFrom(record: NodeRecord, to: NodeId, msg: unknown): void {
    const target = this.byId.get(to);
    if (target === undefined) {
      throw new SimulationError(`${record.id} sent a message to unknown node "${to}" (known: ${this.nodeIds.join(", ")})`);
    }
    const snapshot = copyJson(msg, `the message ${record.id} sent to ${to}`, "msg") as Json;
    const msgId = this.nextMsgId++;
    const net = this.network;
    const rng = this.networkRng;
    const copies = rng.chance(net.duplicateRate) ? 1 + rng.int(1, net.duplicatesMax) : 1;
    this.stats.sent++;
    if (copies > 1) this.stats.duplicated++;
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "send", from: record.id, to, msgId, msg: snapshot, copies });
    const link = record.index * this.cutsStride + target.index;
    if (this.cuts[link] !== 0) return this.drop(record.index, target.index, msgId, snapshot, this.nowMs, "partition");
    if (this.router !== undefined && this.routed(record, target, msgId, snapshot)) return;
    if (rng.chance(net.dropRate)) return this.drop(record.index, target.index, msgId, snapshot, this.nowMs, "loss");
    for (let copy = 0; copy < copies; copy++) {
      let arrival = this.nowMs + sampleDelay(net.delay, rng) + record.extraDelayMs + target.extraDelayMs;
      if (net.fifo) {
        arrival = Math.max(arrival, this.lastArrival.get(link) ?? 0);
        this.lastArrival.set(link, arrival);
      }
      this.queue.push(
        new Queued(roundTime(arrival), this.seq++, Kind.Deliver, target.index, record.index, msgId, snapshot, this.nowMs, 0, null, copies > 1 ? "copy" : ""),
      );
    }
  }

  /** Ask the router about one message; true when it took the message out of the normal path. */
  private routed(record: NodeRecord, target: NodeRecord, msgId: number, snapshot: Json): boolean {
    const message: RoutedMessage = { msgId, from: record.id, to: target.id, msg: snapshot, sentAt: this.nowMs, cause: this.currentCause() };
    const routing = (this.router as Router)(message) ?? "pass";
    if (routing === "drop") {
      this.drop(record.index, target.index, msgId, snapshot, this.nowMs, "test");
      return true;
    }
    if (routing === "hold" || routing === "copy") {
      this.held.set(msgId, message);
      this.fault(`#${msgId} ${record.id}->${target.id} ${routing === "hold" ? "held" : "delivered, and a copy held"} by the test`);
    }
    return routing === "hold";
  }

  /** @internal */ setTimerFor(record: NodeRecord, delayMs: number, timer: unknown): number {
    if (typeof delayMs !== "number" || !(delayMs >= 0) || !Number.isFinite(delayMs)) {
      throw new SimulationError(`${record.id} set a timer with delay ${String(delayMs)}ms; the delay must be a finite number >= 0`);
    }
    const payload = copyJson(timer, `the timer ${record.id} set`, "timer") as Json;
    const jitter = this.timerJitterMsMax > 0 ? this.jitterRng.between(0, this.timerJitterMsMax) : 0;
    const time = roundTime(this.nowMs + record.clock.virtualDuration(delayMs) + jitter);
    const id = this.nextTimerId++;
    const event = new Queued(time, this.seq++, Kind.Timer, record.index, -1, id, payload, this.nowMs, record.incarnation, null, "");
    this.pendingTimers.set(id, event);
    this.queue.push(event);
    return id;
  }

  /** @internal */ cancelTimerFor(record: NodeRecord, id: number): void {
    const event = this.pendingTimers.get(id);
    if (event === undefined || event.target !== record.index) return;
    event.canceled = true;
    this.pendingTimers.delete(id);
  }

  /** @internal */ localTime(record: NodeRecord): number {
    return record.clock.localAt(this.nowMs);
  }

  /** @internal */ logFrom(record: NodeRecord, text: string): void {
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "log", node: record.id, text: String(text) });
    this.logSink?.(`[t=${formatMs(this.nowMs)} ${record.id}] ${text}`);
  }

  /**
   * Record facts about a node's state in the trace on its behalf, as if it had called
   * ctx.annotate: for harnesses that read state the node does not publish itself (the Raft
   * harness publishes every server's role and term, so pictures work for any RaftNode).
   */
  annotate(id: NodeId, state: { [key: string]: Json }): void {
    this.annotateFrom(this.record(id), state);
  }

  /** @internal */ annotateFrom(record: NodeRecord, state: { [key: string]: Json }): void {
    let changed: { [key: string]: Json } | undefined;
    for (const key in state) {
      const value = state[key];
      if (value === undefined) continue;
      const previous = record.annotation[key];
      // Primitives compare directly; objects (rare in annotations) by their JSON text.
      const same = typeof value === "object" && value !== null ? JSON.stringify(previous) === JSON.stringify(value) : previous === value;
      if (same) continue;
      changed ??= {};
      changed[key] = copyJson(value, `the state ${record.id} annotated`, `state.${key}`);
    }
    if (changed === undefined) return;
    record.annotation = { ...record.annotation, ...changed };
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "annotate", node: record.id, state: changed });
  }

  // ---------------------------------------------------------------- the loop

  private processNext(): void {
    const event = this.queue.pop() as Queued;
    if (event.kind === Kind.Timer) {
      if (event.canceled) return;
      this.pendingTimers.delete(event.msgId);
    }
    if (event.time === this.nowMs) {
      if (++this.sameInstantCount > this.sameInstantEventsMax) {
        throw new LivelockError(
          `${this.sameInstantEventsMax} events at one virtual instant: a handler keeps creating work with no delay`,
          this.nowMs,
          this.lastEvents(),
        );
      }
    } else {
      this.nowMs = event.time;
      this.sameInstantCount = 0;
    }
    if (++this.stats.events > this.eventsMax) {
      throw new LivelockError(`the event budget of ${this.eventsMax} events is used up (livelock or a run far too long)`, this.nowMs, this.lastEvents());
    }
    this.remember(event);
    switch (event.kind) {
      case Kind.Deliver:
        this.deliver(event);
        break;
      case Kind.Timer:
        this.fireTimer(event);
        break;
      case Kind.Start: {
        const record = this.records[event.target];
        if (!record.crashedBeforeStart && !record.started) this.boot(record, false);
        break;
      }
      case Kind.Action:
        (event.action as () => void)();
        break;
    }
    for (let i = 0; i < this.hooks.length; i++) this.hooks[i]();
  }

  private deliver(event: Queued): void {
    const target = this.records[event.target];
    const from = this.records[event.from];
    if (!target.up) return this.drop(event.from, event.target, event.msgId, event.payload, event.sentAt, "down");
    if (this.cuts[event.from * this.cutsStride + event.target] !== 0) {
      return this.drop(event.from, event.target, event.msgId, event.payload, event.sentAt, "partition");
    }
    // Checked again on resume: a link cut meanwhile drops what waited (cut links never deliver).
    if (target.paused) return this.wait(target, event);
    this.stats.delivered++;
    // The receiver gets its own copy whenever someone else may still read the snapshot.
    const msg = this.tracing || event.label === "copy" ? copyJson(event.payload, "a message") : event.payload;
    if (this.tracing) {
      this.trace.add({ t: this.nowMs, kind: "deliver", from: from.id, to: target.id, msgId: event.msgId, msg: event.payload, sentAt: event.sentAt });
    }
    this.withCause(event, () => this.runHandler(target, () => `onMessage from ${from.id} ${describePayload(event.payload)}`, (node) => node.onMessage(from.id, msg)));
  }

  private fireTimer(event: Queued): void {
    const record = this.records[event.target];
    if (!record.up || record.incarnation !== event.incarnation) return;
    if (record.paused) return this.wait(record, event);
    this.stats.timersFired++;
    if (this.tracing) this.trace.add({ t: this.nowMs, kind: "timer", node: record.id, timerId: event.msgId, timer: event.payload });
    const timer = copyJson(event.payload, "a timer");
    this.withCause(event, () => this.runHandler(record, () => `onTimer ${describePayload(event.payload)}`, (node) => node.onTimer(timer)));
  }

  private boot(record: NodeRecord, isRestart: boolean): void {
    record.up = true;
    record.started = true;
    record.instance = undefined;
    if (this.tracing && !isRestart) this.trace.add({ t: this.nowMs, kind: "start", node: record.id });
    const phase = isRestart ? "restart" : "start";
    let instance: ProtocolNode<any, any> | undefined;
    this.runHandler(record, () => `its constructor (${phase})`, () => {
      instance = record.factory(record.ctx);
    });
    if (!instance || !record.up) return;
    for (const method of ["onStart", "onMessage", "onTimer"] as const) {
      if (typeof instance[method] !== "function") {
        this.handlerFailed(record, `its constructor (${phase})`, new TypeError(`the node object has no ${method}() method`));
        return;
      }
    }
    record.instance = instance;
    this.withCause(undefined, () =>
      this.runHandler(record, () => (isRestart ? "onRestart" : "onStart"), (node) =>
        isRestart && typeof node.onRestart === "function" ? node.onRestart() : node.onStart(),
      ),
    );
  }

  /** Keep an event for a paused node until it resumes. */
  private wait(record: NodeRecord, event: Queued): void {
    (this.inboxes.get(record.index) as Queued[]).push(event);
  }

  private scheduleStart(record: NodeRecord): void {
    this.queue.push(new Queued(this.nowMs, this.seq++, Kind.Start, record.index, -1, 0, null, this.nowMs, 0, null, ""));
  }

  private runHandler(record: NodeRecord, during: () => string, handler: (node: ProtocolNode<any, any>) => unknown): unknown {
    const previous = this.current;
    this.current = record;
    let result: unknown;
    try {
      result = handler(record.instance as ProtocolNode<any, any>);
    } catch (error) {
      this.current = previous;
      this.handlerFailed(record, during(), error);
      return undefined;
    }
    this.current = previous;
    if (returnedPromise(result)) this.handlerFailed(record, during(), new SimulationError(ASYNC_HANDLER_MESSAGE));
    return result;
  }

  private withCause<T>(causing: Queued | string | undefined, body: () => T): T {
    const previous = this.causing;
    this.causing = causing;
    try {
      return body();
    } finally {
      this.causing = previous;
    }
  }

  private currentCause(): SendCause {
    const causing = this.causing;
    if (causing === undefined) return { kind: "start" };
    if (typeof causing === "string") return { kind: "call", label: causing };
    return causing.kind === Kind.Deliver ? { kind: "message", from: this.records[causing.from].id, msgId: causing.msgId } : { kind: "timer" };
  }

  private handlerFailed(record: NodeRecord, during: string, error: unknown): void {
    if (error instanceof LivelockError || error instanceof HandlerError) throw error;
    if (this.onHandlerError === "throw") throw new HandlerError(record.id, during, this.nowMs, error);
    this.logFrom(record, `crashed by an exception in ${during}: ${error instanceof Error ? error.message : String(error)}`);
    this.crash(record.id);
  }

  private drop(fromIndex: number, toIndex: number, msgId: number, msg: Json, sentAt: number, reason: DropReason): void {
    this.stats.dropped++;
    if (this.tracing) {
      this.trace.add({ t: this.nowMs, kind: "drop", from: this.records[fromIndex].id, to: this.records[toIndex].id, msgId, msg, sentAt, reason });
    }
  }

  private withGlobals(body: () => void): void {
    this.globals.install();
    try {
      body();
    } finally {
      this.globals.uninstall();
    }
  }

  /** The local clock of the node whose handler is running (what Date.now returns inside it). */
  private currentLocalTime(): number {
    return this.current ? this.current.clock.localAt(this.nowMs) : this.nowMs;
  }

  // ---------------------------------------------------------------- cuts

  private setCuts(cuts: readonly Cut[], description: string): void {
    this.cuts.fill(0);
    for (const cut of cuts) this.cuts[this.record(cut.from).index * this.cutsStride + this.record(cut.to).index] = 1;
    this.networkDescription = description;
    if (this.tracing) {
      this.trace.add({ t: this.nowMs, kind: "network", description, cuts: cuts.map((cut) => [cut.from, cut.to] as [NodeId, NodeId]) });
    }
  }

  private currentCuts(): Cut[] {
    const cuts: Cut[] = [];
    for (const from of this.records) {
      for (const to of this.records) if (this.cuts[from.index * this.cutsStride + to.index] !== 0) cuts.push({ from: from.id, to: to.id });
    }
    return cuts;
  }

  /** Keep the cut matrix square as nodes are added (doubling, so this is rare). */
  private growCuts(): void {
    if (this.records.length <= this.cutsStride) return;
    const stride = Math.max(8, this.cutsStride * 2);
    const grown = new Uint8Array(stride * stride);
    for (let from = 0; from < this.cutsStride; from++) {
      for (let to = 0; to < this.cutsStride; to++) grown[from * stride + to] = this.cuts[from * this.cutsStride + to];
    }
    this.cuts = grown;
    this.cutsStride = stride;
  }

  // ---------------------------------------------------------------- livelock reports

  private remember(event: Queued): void {
    this.recent[this.stats.events % RECENT_EVENTS] = event;
  }

  private lastEvents(): TraceEvent[] {
    if (this.tracing) return this.trace.tail(RECENT_EVENTS);
    const ordered = this.recent.slice().sort((a, b) => a.time - b.time || a.seq - b.seq);
    return ordered.map((event) => this.describeQueued(event));
  }

  private describeQueued(event: Queued): TraceEvent {
    const target = this.records[event.target]?.id ?? "harness";
    switch (event.kind) {
      case Kind.Deliver:
        return { t: event.time, kind: "deliver", from: this.records[event.from].id, to: target, msgId: event.msgId, msg: event.payload, sentAt: event.sentAt };
      case Kind.Timer:
        return { t: event.time, kind: "timer", node: target, timerId: event.msgId, timer: event.payload };
      case Kind.Start:
        return { t: event.time, kind: "start", node: target };
      case Kind.Action:
        return { t: event.time, kind: "fault", description: event.label };
    }
  }
}

const RECENT_EVENTS = 20;

/** Times are kept to the microsecond so traces stay short and readable. */
function roundTime(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function describePayload(payload: Json): string {
  if (payload !== null && typeof payload === "object" && !Array.isArray(payload) && typeof payload.type === "string") {
    return `(${payload.type})`;
  }
  const text = JSON.stringify(payload);
  return text.length > 60 ? `(${text.slice(0, 59)}…)` : `(${text})`;
}

function describeNetwork(network: NetworkConfig): string {
  return (
    `delay ${describeDelay(network.delay)}, drop ${network.dropRate}, duplicate ${network.duplicateRate}` +
    ` (up to ${network.duplicatesMax} extra), ${network.fifo ? "FIFO links" : "reordering allowed"}`
  );
}
