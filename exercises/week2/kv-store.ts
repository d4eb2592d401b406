/**
 * Week 2, exercise 4: a replicated key-value store with quorums (section 14.3, practice week 2).
 * The contract, with the client messages the tests send, is src/contracts/kv.ts. Notebooks
 * 09-replication and 10-quorums-and-versions run it; `npm run grade week2` grades it.
 *
 * The chapter's sketch, and why it is not enough:
 *
 *     func (dkv *DistributedKV) Put(key, value string) error {
 *         nodes := dkv.hash.GetNodes(key, 3)
 *         for _, node := range nodes { node.Put(key, value) }     // one after another, no versions
 *         if len(errors) <= len(nodes)/2 { return nil }           // W = majority, hard-wired
 *     }
 *     func (dkv *DistributedKV) Get(key string) (string, error) {
 *         // "Read Repair": read every replica, return the most common value
 *     }
 *
 *  - it has no versions, so "most common" lets two stale replicas outvote the fresh one;
 *  - its "read repair" repairs nothing: stale replicas stay stale;
 *  - it calls replicas one after another and waits for each (a slow replica stalls everyone);
 *  - W and R are fixed, so you cannot trade consistency for latency, or back.
 *
 * What to build: every server runs this KVNode and plays two parts.
 *
 * As COORDINATOR of a client request (ClientGet / ClientPut from a client "cN"):
 *   - the key's home replicas are config.preferenceList(key).slice(0, config.replicas);
 *   - send to all of them at once; answer the client when W acknowledgements (put) or R
 *     replies (get) arrived; if that does not happen within config.requestTimeoutMs, answer
 *     ClientError with the reason (e.g. "quorum not reached: 1 of 2 write acknowledgements ...");
 *   - a put gets a version newer than the client's context (versions.ts: nextVersion, with a
 *     counter you keep in ctx.storage so it never repeats after a crash);
 *   - a get returns the values of the merged newest versions (mergeVersions of the replies) and
 *     their context (contextOf): one value under lww, all concurrent siblings under vector;
 *   - read repair: once every home replica answered a get, send the merged versions to each
 *     replica whose answer differed, so stale replicas catch up;
 *   - config.mode "linearizable" (use lww stamps): a get first writes the version it is about to
 *     return back to W replicas, then answers; a put first asks R replicas for their newest
 *     stamp and writes with a higher one (the ABD algorithm). Why both halves matter is
 *     notebook 10's subject;
 *   - config.hintedHandoff (eventual mode only): if a home replica has not acknowledged a write
 *     after a while (say half the request timeout), send the write to the next server of the
 *     preference list after the home replicas, with a hint naming the replica it stands in for.
 *     Its acknowledgement counts towards W (a "sloppy quorum").
 *
 * As REPLICA:
 *   - answer reads with the versions you store for the key;
 *   - merge written versions into what you store (mergeVersions), and store them in
 *     ctx.storage BEFORE you acknowledge: an acknowledged write must survive a crash;
 *   - a write that carries a hint for another server is kept apart (pendingHints()) and handed
 *     to that server once it answers again; drop the hint when it acknowledges;
 *   - anti-entropy (config.antiEntropyIntervalMs > 0): now and then, send a peer the versions of
 *     the keys you both replicate; each side merges what the other has, so replicas converge
 *     even for keys nobody reads.
 *
 * The tests check, over many seeds, partitions, crashes, lost and duplicated messages: the
 * linearizable mode's histories pass the linearizability checker; with W + R <= N stale reads do
 * happen; acknowledged writes survive while a write quorum of their replicas does; read repair
 * repairs; replicas converge after healing; concurrent writes are kept as siblings under vector
 * clocks; a coordinator without a quorum answers an error in time.
 */
import type { ClientReply, ClientRequest, KVConfig, KVNodeApi, StoredVersion } from "../../src/contracts/kv";
import type { NodeContext, NodeId } from "../../src/contracts/node";
import { notImplemented } from "../../src/contracts/not-implemented";
// The helpers you will need, from your versions.ts (exercise 3):
import { contextOf, mergeVersions, nextVersion, sameVersions } from "./versions";

const FILE = "exercises/week2/kv-store.ts";

/** Messages between servers: a suggestion, change them as you like (each needs a `type`). */
export type KVMessage =
  | ClientRequest
  | ClientReply
  | { type: "Read"; req: string; key: string }
  | { type: "ReadReply"; req: string; key: string; versions: StoredVersion[] }
  | { type: "Write"; req: string; key: string; versions: StoredVersion[]; hintFor: NodeId | null }
  | { type: "WriteAck"; req: string }
  | { type: "Sync"; entries: { key: string; versions: StoredVersion[] }[] }
  | { type: "SyncBack"; entries: { key: string; versions: StoredVersion[] }[] };

export type KVTimer = { type: "request-timeout"; req: string } | { type: "use-fallbacks"; req: string } | { type: "anti-entropy" } | { type: "deliver-hints" };

/** Stored under this prefix: "data:<key>" -> StoredVersion[] (inspect() below reads it). */
const DATA = "data:";

export class KVNode implements KVNodeApi {
  constructor(
    private readonly ctx: NodeContext<KVMessage, KVTimer>,
    private readonly config: KVConfig,
  ) {}

  /** Boot: start the periodic timers you need (anti-entropy, hint delivery). */
  onStart(): void {
    notImplemented("KVNode.onStart", FILE);
  }

  /** Boot after a crash: requests in flight are gone (their clients time out); storage is intact. */
  onRestart(): void {
    this.onStart();
  }

  onMessage(from: NodeId, msg: KVMessage): void {
    notImplemented("KVNode.onMessage", FILE);
  }

  onTimer(timer: KVTimer): void {
    notImplemented("KVNode.onTimer", FILE);
  }

  /** Plumbing for the tests: what this replica stores. Keep it in sync with your storage layout. */
  inspect(): { [key: string]: readonly StoredVersion[] } {
    const out: { [key: string]: StoredVersion[] } = {};
    for (const name of this.ctx.storage.keys()) {
      if (name.startsWith(DATA)) out[name.slice(DATA.length)] = this.ctx.storage.get<StoredVersion[]>(name) ?? [];
    }
    return out;
  }

  /** The hints this server holds for others: owner -> keys. */
  pendingHints(): { [owner: NodeId]: string[] } {
    return notImplemented("KVNode.pendingHints", FILE);
  }
}
