/**
 * A simulated key-value cluster for tests and notebooks: N servers running a KVNode (yours or
 * the reference), test clients that run scripts and record a history, and questions about the
 * replicas' state (who holds what, have they converged).
 *
 * Key placement uses rendezvous hashing (each server scores ringHash(`${key}|${server}`), highest
 * first), not a consistent hash ring: the store is graded on its own, independent of your ring.
 */
import { ringHash } from "../contracts/ring";
import type { KVConfig, KVNodeApi, KVNodeConstructor, StoredVersion } from "../contracts/kv";
import type { Json, NodeId } from "../contracts/node";
import { HistoryRecorder } from "../check/history-recorder";
import type { History } from "../check/history";
import type { KvInput } from "../check/models";
import { Simulation, type NetworkConfig } from "../sim";
import type { Rng } from "../sim/random";
import { KvClient, type ScriptStep } from "./client";

export type KvSettings = Omit<KVConfig, "preferenceList">;

export const DEFAULT_KV_SETTINGS: KvSettings = {
  replicas: 3,
  writeQuorum: 2,
  readQuorum: 2,
  mode: "eventual",
  versioning: "lww",
  hintedHandoff: false,
  requestTimeoutMs: 300,
  antiEntropyIntervalMs: 0,
};

export interface KvClusterOptions {
  seed: number;
  servers?: number;
  settings?: Partial<KvSettings>;
  network?: Partial<NetworkConfig>;
  trace?: boolean;
}

export interface ClientOptions {
  /** How long a client waits for an answer (default: twice the request timeout). */
  timeoutMs?: number;
  thinkMsMax?: number;
}

export class KvCluster {
  readonly sim: Simulation;
  readonly recorder = new HistoryRecorder<KvInput, Json>();
  readonly config: KVConfig;
  readonly servers: NodeId[];
  private clients = 0;

  constructor(NodeClass: KVNodeConstructor, options: KvClusterOptions) {
    this.sim = new Simulation({ seed: options.seed, network: options.network, trace: options.trace ?? true });
    const settings = { ...DEFAULT_KV_SETTINGS, ...options.settings };
    const count = options.servers ?? 5;
    const names = Array.from({ length: count }, (_, i) => `n${i + 1}`);
    this.config = { ...settings, preferenceList: (key: string) => preferenceList(key, names) };
    this.servers = this.sim.addServers(count, (ctx) => new NodeClass(ctx, this.config));
  }

  /** Add a client that runs `script` (or the script made for its id) from now on; returns its id (c1, c2, ...). */
  addClient(script: ScriptStep[] | ((id: NodeId) => ScriptStep[]), options: ClientOptions = {}): NodeId {
    const id = `c${++this.clients}`;
    if (typeof script === "function") script = script(id);
    const steps = script;
    const timeoutMs = options.timeoutMs ?? 2 * this.config.requestTimeoutMs;
    this.sim.addNode(id, (ctx) => new KvClient(ctx as never, { script: steps, recorder: this.recorder, timeoutMs, thinkMsMax: options.thinkMsMax ?? 20 }), "client");
    return id;
  }

  client(id: NodeId): KvClient {
    return this.sim.node<KvClient>(id) as KvClient;
  }

  /** True when every client has run its whole script. */
  clientsDone(): boolean {
    return this.sim.nodeIds.filter((id) => this.sim.record(id).role === "client").every((id) => this.sim.node<KvClient>(id)?.done === true);
  }

  homeReplicas(key: string): NodeId[] {
    return this.config.preferenceList(key).slice(0, this.config.replicas);
  }

  /** What server `id` stores for `key` (nothing while it is down). */
  storedOn(id: NodeId, key: string): readonly StoredVersion[] {
    return this.sim.node<KVNodeApi>(id)?.inspect()[key] ?? [];
  }

  history(): History<KvInput, Json> {
    return this.recorder.history();
  }

  /** Keys whose home replicas (those up) hold different versions, in words; empty when converged. */
  divergence(): string[] {
    const keys = new Set<string>();
    for (const id of this.servers) for (const key of Object.keys(this.sim.node<KVNodeApi>(id)?.inspect() ?? {})) keys.add(key);
    const problems: string[] = [];
    for (const key of [...keys].sort()) {
      const holdings = this.homeReplicas(key)
        .filter((id) => this.sim.isUp(id))
        .map((id) => `${id}: ${describeVersions(this.storedOn(id, key))}`);
      if (new Set(holdings.map((h) => h.slice(h.indexOf(":")))).size > 1) problems.push(`${key} differs: ${holdings.join("; ")}`);
    }
    return problems;
  }
}

/** Rendezvous (highest random weight) placement: every server in preference order for `key`. */
export function preferenceList(key: string, servers: readonly NodeId[]): NodeId[] {
  return [...servers].sort((a, b) => ringHash(`${key}|${b}`) - ringHash(`${key}|${a}`) || a.localeCompare(b));
}

export function describeVersions(versions: readonly StoredVersion[]): string {
  return versions.length === 0 ? "nothing" : versions.map((v) => `${JSON.stringify(v.value)} @ ${JSON.stringify(v.version)}`).join(" | ");
}

/** A random script: `operations` gets and puts (puts write values unique to the client) over `keys`. */
export function randomScript(rng: Rng, options: { keys: string[]; operations: number; putRate: number; client: string }): ScriptStep[] {
  return Array.from({ length: options.operations }, (_, i): ScriptStep => {
    const key = rng.pick(options.keys);
    return rng.chance(options.putRate) ? { f: "put", key, value: `${options.client}-${i}` } : { f: "get", key };
  });
}
