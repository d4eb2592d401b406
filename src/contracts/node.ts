/**
 * The node API: the only interface protocol code (yours and the course's) is written against.
 *
 * A node is a state machine. It never calls timers, clocks, sockets or randomness of its own;
 * it reacts to three kinds of events, each handled to completion before the next one starts:
 *
 *   onStart()                 the node boots (once, at time 0 or when added)
 *   onMessage(from, msg)      a message from another node arrived
 *   onTimer(timer)            a timer it set earlier went off
 *   onRestart()               the node boots again after a crash (optional; defaults to onStart)
 *
 * Inside a handler the node may use its context (`NodeContext`): send messages, set and cancel
 * timers, read its own clock, draw random numbers, read and write stable storage, and log.
 * Handlers must be synchronous: returning a Promise (an `async` handler) is an error, because
 * a handler that waits would let other events interleave in the middle of it, which a real
 * single-threaded node cannot do either.
 *
 * The same node class runs in two hosts: the deterministic simulator (virtual time, one seed
 * decides every delay, loss and fault) and the real-time host (real timers, HTTP/JSON on
 * loopback). Code that only uses the context runs identically in both.
 *
 * What survives a crash: only what was written to `ctx.storage`. After a crash the host throws
 * the node object away and builds a fresh one with the same factory; fields of the old object
 * are gone, exactly like the memory of a process that was killed.
 */

/** A node's address. Servers are "n1", "n2", ...; clients the tests add are "c1", "c2", ... */
export type NodeId = string;

/**
 * Plain JSON data: what can cross a real network. Messages, timers and stored values must be
 * made of these (no Map, Set, Date, class instances, functions or `undefined` inside arrays),
 * because the live cluster really serializes them. The simulator copies every message on send,
 * so a sender that mutates an object after sending it does not change what the receiver gets.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Handle returned by `setTimer`, used to cancel it. */
export type TimerId = number;

/**
 * Stable storage: a small key-value store that survives crashes (think: a file fsync'ed on
 * every write). Values are copied in and out, so mutating an object after `put` does not
 * change what was stored; call `put` again to persist the new version.
 */
export interface StableStorage {
  get<T = Json>(key: string): T | undefined;
  put(key: string, value: Json): void;
  delete(key: string): void;
  keys(): string[];
}

/** What a node can do. One context per node; the host fills it in. */
export interface NodeContext<Msg = Json, Timer = Json> {
  /** This node's address, e.g. "n3". */
  readonly id: NodeId;
  /** The other servers of the cluster (never includes `id`), in a fixed order. */
  readonly peers: readonly NodeId[];
  /** Milliseconds on this node's own clock. Clocks of different nodes may be skewed and drift. */
  now(): number;
  /** Send `msg` to `to`. It may arrive late, twice, out of order, or never. */
  send(to: NodeId, msg: Msg): void;
  /** Call `onTimer(timer)` after `delayMs` of this node's clock. Returns a handle for cancelTimer. */
  setTimer(delayMs: number, timer: Timer): TimerId;
  /** Cancel a pending timer. Cancelling one that already fired or was cancelled does nothing. */
  cancelTimer(id: TimerId): void;
  /** A random number in [0, 1), from this node's own seeded stream. */
  random(): number;
  /** Storage that survives crashes. Everything else this node holds is lost on a crash. */
  readonly storage: StableStorage;
  /** A line of text into the trace (and the live node's console). */
  log(text: string): void;
  /**
   * Publish a few facts about this node's state, e.g. `{ role: "leader", term: 3 }`.
   * Pictures draw them on the node's timeline; checkers may read them. Cheap: call it whenever
   * the facts change.
   */
  annotate(state: { [key: string]: Json }): void;
}

/** A protocol node: the handlers the host calls. */
export interface ProtocolNode<Msg = Json, Timer = Json> {
  onStart(): void;
  onMessage(from: NodeId, msg: Msg): void;
  onTimer(timer: Timer): void;
  onRestart?(): void;
}

/** Builds a node around its context. Called once at boot and again after every crash. */
export type NodeFactory<Msg = Json, Timer = Json, N extends ProtocolNode<Msg, Timer> = ProtocolNode<Msg, Timer>> = (
  ctx: NodeContext<Msg, Timer>,
) => N;
