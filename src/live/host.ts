/**
 * The real-time host: runs one protocol node (the same class the simulator runs) as a live
 * process on loopback. Real timers, the wall clock, HTTP/JSON messages, stable storage in a
 * file. Node.js runs one callback at a time, so each handler still runs to completion before
 * the next event, exactly as in the simulator.
 *
 * HTTP routes of a node on 127.0.0.1:<port>:
 *   POST /message   {from, msg}             a message from a peer (dropped if that link is cut)
 *   GET  /status                            what `status` returns (default: id, peers, annotations)
 *   POST /command   {command}               what `command` returns (e.g. Raft's start())
 *   GET  /network, POST /network {cuts: [{from, to}], description}
 *                                           the links this node treats as cut, both directions
 *                                           checked: a node drops what it would send over a cut
 *                                           link and what arrives over one
 *
 * A handler that throws or returns a Promise stops the node: `onFatal` hears why (the live
 * cluster's processes print it and exit, as a crashing server would).
 */
import type { Server } from "node:http";
import type { Json, NodeContext, NodeFactory, NodeId, ProtocolNode, StableStorage, TimerId } from "../contracts/node";
import { ASYNC_HANDLER_MESSAGE, returnedPromise } from "../sim/errors";
import { copyJson } from "../sim/json-copy";
import type { Cut } from "../sim/partition";
import { Rng } from "../sim/random";
import { FileStorage } from "./file-storage";
import { HttpError, JsonPoster, serveJson, type Routes } from "./http";

export interface LiveNodeOptions<N extends ProtocolNode<any, any>> {
  id: NodeId;
  /** The port of every server of the cluster, this one's included. */
  ports: Record<NodeId, number>;
  /**
   * Ports of nodes that are no peers but may send to this one and be answered (a test's clients):
   * not in `ctx.peers`, so Raft does not count them among its voters.
   */
  clients?: Record<NodeId, number>;
  factory: NodeFactory<any, any, N>;
  /** The file that holds this node's stable storage; a node that finds it non-empty restarts. */
  storagePath: string;
  /** Opens the node's stable storage at storagePath (default: a FileStorage, fsync'ed on every write). */
  openStorage?: (path: string, owner: NodeId) => StableStorage;
  /** Seeds ctx.random() (timing in a live cluster is never reproducible; the draws are). */
  seed: number;
  /** GET /status. */
  status?: (node: N, host: LiveNode<N>) => Json;
  /** POST /command. */
  command?: (node: N, command: Json, host: LiveNode<N>) => Json;
  /** Sees every message delivered to the node, after the node handled it. */
  onDelivered?: (from: NodeId, msg: Json) => void;
  /** Where ctx.log and the host's own lines go (default: the console, prefixed with the id). */
  log?: (line: string) => void;
  /** The node stopped because a handler broke a rule or threw. Default: log it. */
  onFatal?: (error: Error) => void;
}

/** The links a node treats as cut (the simulator's notation, shared by `npm run partition`). */
export interface NetworkState {
  cuts: Cut[];
  description: string;
}

export class LiveNode<N extends ProtocolNode<any, any>> {
  readonly id: NodeId;
  readonly peers: NodeId[];
  readonly annotations: { [key: string]: Json } = {};
  readonly counters = { sent: 0, delivered: 0, droppedAtCut: 0 };
  private network: NetworkState = { cuts: [], description: "healed: every link up" };
  private readonly cut = new Set<string>();
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();
  private nextTimerId = 1;
  private readonly poster = new JsonPoster();
  private readonly startedAtMs = Date.now();
  private server: Server | undefined;
  private stopped = false;
  node!: N;

  private constructor(private readonly options: LiveNodeOptions<N>) {
    this.id = options.id;
    if (!(options.id in options.ports)) throw new Error(`no port for ${options.id} among ${Object.keys(options.ports).join(", ")}`);
    this.peers = Object.keys(options.ports).filter((id) => id !== options.id);
  }

  /** Listen, build the node and boot it (onStart, or onRestart when storage survived). */
  static async start<N extends ProtocolNode<any, any>>(options: LiveNodeOptions<N>): Promise<LiveNode<N>> {
    const host = new LiveNode(options);
    const storage = (options.openStorage ?? ((path, owner) => new FileStorage(path, owner)))(options.storagePath, options.id);
    const restarting = storage.keys().length > 0;
    host.server = await serveJson(options.ports[options.id], host.routes());
    const ctx = host.context(storage, Rng.derive(options.seed, `node:${options.id}`));
    host.run("construct", () => {
      host.node = options.factory(ctx);
      if (host.node === null || typeof host.node !== "object" || typeof host.node.onMessage !== "function") throw new TypeError("the factory did not return a node (an object with onStart, onMessage, onTimer)");
    });
    host.log(restarting ? "restarting from stable storage" : "starting");
    host.run(restarting ? "onRestart" : "onStart", () => (restarting && host.node.onRestart ? host.node.onRestart() : host.node.onStart()));
    return host;
  }

  get port(): number {
    return this.options.ports[this.id];
  }

  get networkState(): NetworkState {
    return this.network;
  }

  get uptimeMs(): number {
    return Date.now() - this.startedAtMs;
  }

  /** Stop timers, the server and open connections. The process may then exit. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.poster.close();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  /** Run `handler` as one event of the node, like a message or a timer: for a plumbing's callbacks (a broker client's). */
  handle(event: string, handler: () => void): void {
    this.run(event, handler);
  }

  setNetwork(state: NetworkState): void {
    this.network = state;
    this.cut.clear();
    for (const { from, to } of state.cuts) this.cut.add(`${from}->${to}`);
    this.log(`network: ${state.description}`);
  }

  private context(storage: StableStorage, rng: Rng): NodeContext<any, any> {
    return {
      id: this.id,
      peers: this.peers,
      storage,
      now: () => Date.now(),
      random: () => rng.next(),
      send: (to, msg) => this.send(to, msg),
      setTimer: (delayMs, timer) => this.setTimer(delayMs, timer),
      cancelTimer: (timerId) => {
        clearTimeout(this.timers.get(timerId));
        this.timers.delete(timerId);
      },
      log: (text) => this.log(text),
      annotate: (state) => Object.assign(this.annotations, copyJson(state, `the state ${this.id} annotated`, "state")),
    };
  }

  /** The port of a peer or a client, if `id` is one. */
  private portOf(id: NodeId): number | undefined {
    return id === this.id ? undefined : (this.options.ports[id] ?? this.options.clients?.[id]);
  }

  private send(to: NodeId, msg: unknown): void {
    const port = this.portOf(to);
    if (port === undefined) throw new Error(`${this.id} sent to "${to}", which is not a peer; peers are ${this.peers.join(", ")}`);
    const copy = copyJson(msg, `the message ${this.id} sent to ${to}`, "msg") as Json;
    if (this.stopped) return;
    this.counters.sent++;
    if (this.cut.has(`${this.id}->${to}`)) {
      this.counters.droppedAtCut++;
      return;
    }
    this.poster.post(port, "/message", { from: this.id, msg: copy });
  }

  private setTimer(delayMs: number, timer: unknown): TimerId {
    if (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`${this.id}: setTimer(${String(delayMs)}) needs a delay in ms that is a finite number >= 0`);
    const payload = copyJson(timer, `the timer ${this.id} set`, "timer") as Json;
    const timerId = this.nextTimerId++;
    this.timers.set(
      timerId,
      setTimeout(() => {
        this.timers.delete(timerId);
        this.run("onTimer", () => this.node.onTimer(payload));
      }, delayMs),
    );
    return timerId;
  }

  private deliver(body: Json): undefined {
    const { from, msg } = (body ?? {}) as { from?: unknown; msg?: Json };
    if (typeof from !== "string" || (from !== this.id && this.portOf(from) === undefined)) throw new HttpError(400, `a message needs "from", one of ${[...Object.keys(this.options.ports), ...Object.keys(this.options.clients ?? {})].join(", ")}`);
    if (this.stopped) return undefined;
    if (this.cut.has(`${from}->${this.id}`)) {
      this.counters.droppedAtCut++;
      return undefined;
    }
    this.counters.delivered++;
    this.runValue("onMessage", () => this.node.onMessage(from, msg ?? null));
    this.options.onDelivered?.(from, msg ?? null);
    return undefined;
  }

  private routes(): Routes {
    return {
      "POST /message": (body) => this.deliver(body),
      "GET /status": () => (this.options.status ? this.options.status(this.node, this) : { id: this.id, peers: this.peers, state: this.annotations }),
      "POST /command": (body) => {
        if (!this.options.command) throw new HttpError(404, "this node takes no commands");
        const command = (body as { command?: Json } | null)?.command;
        if (command === undefined) throw new HttpError(400, 'send {"command": ...}');
        return this.runValue("command", () => (this.options.command as NonNullable<LiveNodeOptions<N>["command"]>)(this.node, command, this));
      },
      "GET /network": () => this.network as unknown as Json,
      "POST /network": (body) => {
        const state = body as Partial<NetworkState> | null;
        const valid = Array.isArray(state?.cuts) && state!.cuts!.every((cut) => typeof cut?.from === "string" && typeof cut?.to === "string");
        if (!valid) throw new HttpError(400, 'send {"cuts": [{"from": "n1", "to": "n3"}, ...], "description": "..."}');
        this.setNetwork({ cuts: state!.cuts as Cut[], description: String(state!.description ?? `${state!.cuts!.length} links cut`) });
        return this.network as unknown as Json;
      },
    };
  }

  /** Run a handler to completion; a throw or a returned Promise stops this node (and `onFatal` hears why). */
  private run(event: string, handler: () => unknown): void {
    try {
      this.runValue(event, handler);
    } catch {
      // Already reported through fatal(); nobody else is waiting for this event.
    }
  }

  private runValue<T>(event: string, handler: () => T): T {
    if (this.stopped) throw new HttpError(503, `${this.id} has stopped`);
    let result: T;
    try {
      result = handler();
    } catch (error) {
      this.fatal(new Error(`${this.id} ${event} threw: ${(error as Error)?.stack ?? String(error)}`));
      throw new HttpError(500, `${this.id} ${event} threw: ${(error as Error)?.message ?? String(error)}`);
    }
    if (returnedPromise(result)) this.fatal(new Error(`${this.id} ${event}: ${ASYNC_HANDLER_MESSAGE}`));
    return result;
  }

  private fatal(error: Error): void {
    if (this.stopped) return;
    void this.stop();
    (this.options.onFatal ?? ((e) => this.log(`stopped: ${e.message}`)))(error);
  }

  private log(text: string): void {
    (this.options.log ?? console.log)(`[${this.id} +${this.uptimeMs}ms] ${text}`);
  }
}
