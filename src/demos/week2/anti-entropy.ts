/**
 * Anti-entropy: replicas that compare what they hold and exchange what the other lacks, so that
 * they converge even on keys nobody reads. A demo for notebook 10, not an exercise (your store's
 * `antiEntropyIntervalMs` is the real thing).
 *
 * Five replicas start out of step, as after a partition: for each key, its latest write reached
 * only some of them, and the others hold an older version or nothing. Every `intervalMs` (give
 * or take a fifth, so rounds do not line up) each replica picks a peer at random and the two
 * exchange: it sends a digest (key -> the version it has), the peer answers with the entries it
 * has newer and names those it wants, and it sends those. Dynamo compares Merkle trees instead of
 * whole digests, to send little when little differs; what converges is the same.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { Rng } from "../../sim/random";
import { Simulation } from "../../sim/simulation";

/** A key's version: a higher number is a later write. */
type Digest = Record<string, number>;

type Msg =
  | { type: "Digest"; digest: Digest }
  | { type: "Newer"; entries: Digest; want: string[] }
  | { type: "Entries"; entries: Digest };

export class AntiEntropyReplica implements ProtocolNode<Msg, "round"> {
  constructor(
    private readonly ctx: NodeContext<Msg, "round">,
    readonly versions: Digest,
    private readonly intervalMs: number,
  ) {}

  onStart(): void {
    if (this.intervalMs > 0) this.ctx.setTimer(this.intervalMs * (0.8 + 0.4 * this.ctx.random()), "round");
  }

  onMessage(from: NodeId, msg: Msg): void {
    if (msg.type === "Digest") {
      const newer: Digest = {};
      for (const [key, version] of Object.entries(this.versions)) if (version > (msg.digest[key] ?? 0)) newer[key] = version;
      const want = Object.keys(msg.digest).filter((key) => msg.digest[key] > (this.versions[key] ?? 0));
      this.ctx.send(from, { type: "Newer", entries: newer, want });
    } else {
      this.merge(msg.entries);
      if (msg.type === "Newer" && msg.want.length > 0) {
        const entries: Digest = {};
        for (const key of msg.want) entries[key] = this.versions[key];
        this.ctx.send(from, { type: "Entries", entries });
      }
    }
  }

  onTimer(): void {
    const peer = this.ctx.peers[Math.floor(this.ctx.random() * this.ctx.peers.length)];
    this.ctx.send(peer, { type: "Digest", digest: { ...this.versions } });
    this.ctx.setTimer(this.intervalMs * (0.8 + 0.4 * this.ctx.random()), "round");
  }

  private merge(entries: Digest): void {
    for (const [key, version] of Object.entries(entries)) if (version > (this.versions[key] ?? 0)) this.versions[key] = version;
  }
}

export interface AntiEntropyOptions {
  seed: number;
  /** 0: no anti-entropy at all. */
  intervalMs: number;
  keys?: number;
  replicas?: number;
  durationMs?: number;
  /** How often the number of stale copies is counted. */
  sampleEveryMs?: number;
}

export interface AntiEntropyRun {
  /** Stale copies (a replica without a key's latest version) over time. */
  stale: { x: number; y: number }[];
  /** When the last stale copy was repaired, or undefined if some were left. */
  convergedAtMs: number | undefined;
  /** Digest and entry messages sent. */
  messages: number;
  /** Each replica's versions at the end. */
  replicas: { name: string; values: Record<string, number> }[];
}

/** Out of step: each key's latest version (2) reached 1 to all replicas; the others have version 1, or nothing. */
function divergedStart(seed: number, replicas: number, keys: number): Digest[] {
  const rng = Rng.derive(seed, "divergence");
  const start: Digest[] = Array.from({ length: replicas }, () => ({}));
  for (let k = 0; k < keys; k++) {
    const key = `key${k}`;
    const reached = rng.shuffle(Array.from({ length: replicas }, (_, i) => i)).slice(0, rng.int(1, replicas));
    start.forEach((digest, i) => {
      if (reached.includes(i)) digest[key] = 2;
      else if (rng.chance(0.7)) digest[key] = 1;
    });
  }
  return start;
}

export function runAntiEntropy(options: AntiEntropyOptions): AntiEntropyRun {
  const replicas = options.replicas ?? 5;
  const keys = options.keys ?? 100;
  const sim = new Simulation({ seed: options.seed, trace: false });
  const start = divergedStart(options.seed, replicas, keys);
  const ids = sim.addServers(replicas, (ctx) => new AntiEntropyReplica(ctx, { ...start[Number(ctx.id.slice(1)) - 1] }, options.intervalMs));
  const node = (id: NodeId) => sim.node<AntiEntropyReplica>(id) as AntiEntropyReplica;
  const staleNow = () => ids.reduce((sum, id) => sum + Array.from({ length: keys }, (_, k) => `key${k}`).filter((key) => node(id).versions[key] !== 2).length, 0);
  const stale: AntiEntropyRun["stale"] = [];
  let convergedAtMs: number | undefined;
  const everyMs = options.sampleEveryMs ?? 50;
  for (let t = 0; t <= (options.durationMs ?? 2000); t += everyMs) {
    sim.runUntilTime(t);
    const count = staleNow();
    stale.push({ x: t, y: count });
    if (count === 0 && convergedAtMs === undefined) convergedAtMs = t;
  }
  return { stale, convergedAtMs, messages: sim.stats.sent, replicas: ids.map((id) => ({ name: id, values: { ...node(id).versions } })) };
}
