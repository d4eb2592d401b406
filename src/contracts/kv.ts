/**
 * The replicated key-value store's contract (week 2, section 14.3 and the chapter's week-2
 * practice). You implement `KVNode` in exercises/week2/kv-store.ts.
 *
 * The store is leaderless, in the style of Dynamo and Cassandra. Every server runs the same
 * `KVNode`, which plays two parts:
 *   - coordinator: a client sends its request to any server; that server finds the key's N
 *     replicas, asks them, waits for W (writes) or R (reads) answers, and replies to the client;
 *   - replica: it stores versioned values for the keys it is responsible for, durably
 *     (ctx.storage) before it acknowledges.
 *
 * Clients are the tests' own nodes ("c1", "c2", ...). The messages between clients and
 * coordinators are fixed below, because the tests send and read them; the messages between
 * servers are yours to design (each with a `type`).
 *
 * Where a key lives is decided by the ring the tests give you (`config.preferenceList(key)`):
 * every server, in preference order. The first `replicas` are the key's home replicas; the rest
 * are fallbacks, used for hinted handoff when a home replica is unreachable.
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "./node";

/**
 * An opaque version the client got with a read and hands back with its next write to the same
 * key, saying "I have seen these versions". With vector clocks it is the merged clock of the
 * values read; with last-writer-wins it is whatever your scheme needs. Plain JSON.
 */
export type VersionContext = Json;

export type ClientRequest =
  | { type: "ClientGet"; reqId: string; key: string }
  | { type: "ClientPut"; reqId: string; key: string; value: string; context: VersionContext | null };

export type ClientReply =
  /** `values`: the value, or several concurrent ones (siblings), or none when the key is absent. */
  | { type: "ClientGetReply"; reqId: string; ok: true; values: string[]; context: VersionContext }
  | { type: "ClientPutReply"; reqId: string; ok: true }
  /** The coordinator could not gather its quorum in time (or refused): say why in `error`. */
  | { type: "ClientError"; reqId: string; ok: false; error: string };

export interface KVConfig {
  /** N: how many home replicas each key has. */
  replicas: number;
  /** W: replica acknowledgements a write waits for before it succeeds. */
  writeQuorum: number;
  /** R: replica answers a read waits for before it replies. */
  readQuorum: number;
  /**
   * "eventual": reply as soon as the quorum answered (read repair may run in the background).
   * "linearizable": reads write the newest version back to W replicas before replying, and
   * writes first read the newest version from R replicas to order themselves after it (ABD).
   */
  mode: "eventual" | "linearizable";
  /**
   * "vector": versions are vector clocks; concurrent writes are kept as siblings and a read
   * returns them all. "lww": last writer wins by a (counter, node) stamp; one value per key.
   */
  versioning: "vector" | "lww";
  /** Sloppy quorum: when a home replica does not answer, write to the next fallback with a hint. */
  hintedHandoff: boolean;
  /** How long a coordinator waits for its quorum before it answers ClientError. */
  requestTimeoutMs: number;
  /** Period of anti-entropy rounds between replicas (0: off). */
  antiEntropyIntervalMs: number;
  /** Every server id in preference order for `key` (home replicas first). Deterministic. */
  preferenceList(key: string): NodeId[];
}

/** One stored version of a key on one replica, as `inspect()` reports it. */
export interface StoredVersion {
  value: string;
  /** Your version stamp (a vector clock, or a last-writer-wins stamp). */
  version: Json;
}

export interface KVNodeApi extends ProtocolNode<any, any> {
  /** What this replica stores right now: key -> versions (several when siblings). Read-only. */
  inspect(): { [key: string]: readonly StoredVersion[] };
  /** Hints this server holds for other replicas (hinted handoff), as intended owner -> keys. */
  pendingHints(): { [owner: NodeId]: string[] };
}

/** How the tests build your node: `new KVNode(ctx, config)`. */
export type KVNodeConstructor = new (ctx: NodeContext<any, any>, config: KVConfig) => KVNodeApi;
