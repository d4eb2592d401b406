/**
 * Building blocks of the key-value store tests: a simulated cluster around the graded KVNode,
 * scripted clients, and checks that explain themselves with the history and the replicas' state.
 */
import type { KVConfig, KVNodeConstructor } from "../../../src/contracts/kv";
import type { Json, NodeContext, NodeId, ProtocolNode } from "../../../src/contracts/node";
import { checkLinearizability } from "../../../src/check/linearizability";
import { KvCluster, describeVersions, type KvSettings } from "../../../src/kv/cluster";
import type { ClientOutcome, ScriptStep } from "../../../src/kv/client";
import type { NetworkConfig } from "../../../src/sim";
import { verdictTimeline } from "../../../src/viz/history-report";
import { spaceTimeDiagram } from "../../../src/viz/space-time";
import { check, fail, says, type TestContext, type Texts } from "../../api";
import { findingTexts } from "../../i18n/messages";

/** How much of the run before a failure the space-time diagram shows, unless a check names a window. */
const PICTURE_WINDOW_MS = 600;
/** The span of time a failed check is about, for the space-time diagram. */
const focusOf = new WeakMap<KvCluster, { fromMs: number; toMs: number }>();

/**
 * The tests' hand on the wire between servers, for directed schedules: it drops what
 * `letThrough` refuses, records the messages servers send while `recording`, sends every one of them twice while `doubling` (a duplicated
 * message, each copy with its own delay), and hands a recorded message to its addressee again
 * later (a late duplicate, overtaken by newer messages). It wraps the node's context, so the
 * store cannot tell it from the network.
 */
export class Wire {
  recording = false;
  doubling = false;
  /** When set, a server's message is delivered only if this says so (a filter on one link). */
  letThrough: ((from: NodeId, to: NodeId) => boolean) | undefined;
  readonly recorded: { from: NodeId; to: NodeId; msg: Json }[] = [];

  /** The store's class, with every server's sends passing through this wire. */
  wrap(NodeClass: KVNodeConstructor): KVNodeConstructor {
    const wire = this;
    return class OnTheWire {
      constructor(ctx: NodeContext<any, any>, config: KVConfig) {
        const send = (to: NodeId, msg: unknown): void => {
          if (wire.letThrough && !wire.letThrough(ctx.id, to)) return;
          if (wire.recording) wire.recorded.push({ from: ctx.id, to, msg: JSON.parse(JSON.stringify(msg)) as Json });
          ctx.send(to, msg);
          if (wire.doubling) ctx.send(to, msg);
        };
        const wired = new Proxy(ctx, {
          get(target, property) {
            if (property === "send") return send;
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === "function" ? value.bind(target) : value;
          },
        });
        return new NodeClass(wired, config);
      }
    } as unknown as KVNodeConstructor;
  }

  /** Deliver every recorded message again now, straight to its addressee (if it is up). */
  replay(cluster: KvCluster): number {
    let delivered = 0;
    for (const { from, to, msg } of this.recorded) {
      if (!cluster.sim.isUp(to)) continue;
      const type = (msg as { type?: unknown } | null)?.type;
      cluster.sim.call(to, `a late copy of ${typeof type === "string" ? type : "a message"} from ${from}`, (node: ProtocolNode<any, any>) => node.onMessage(from, JSON.parse(JSON.stringify(msg))));
      delivered++;
    }
    return delivered;
  }
}

export interface ClusterShape {
  /** How many servers (default 5). */
  servers?: number;
  wire?: Wire;
  /** Note the run and draw it on failure (default true); see picturesOnFailure. */
  pictures?: boolean;
}

export function kvCluster(ctx: TestContext, settings: Partial<KvSettings>, network: Partial<NetworkConfig> = {}, shape: ClusterShape = {}): KvCluster {
  const NodeClass = ctx.exported<KVNodeConstructor>("KVNode");
  const cluster = new KvCluster(shape.wire ? shape.wire.wrap(NodeClass) : NodeClass, { seed: ctx.seed, settings, network, servers: shape.servers });
  if (shape.pictures !== false) picturesOnFailure(ctx, cluster);
  return cluster;
}

/**
 * Describe the cluster's run with the test's result and draw its messages if the test fails. A test
 * that builds many clusters turns this off for each and calls it for the one that failed.
 */
export function picturesOnFailure(ctx: TestContext, cluster: KvCluster): void {
  ctx.note(cluster.sim.describe());
  ctx.attachOnFailure("messages between servers and clients around the failure", () => {
    const focus = focusOf.get(cluster) ?? { fromMs: Math.max(0, cluster.sim.now - PICTURE_WINDOW_MS), toMs: cluster.sim.now };
    return spaceTimeDiagram(cluster.sim.trace.events, { ...focus, title: `t=${Math.round(focus.fromMs)}..${Math.round(focus.toMs)} ms` });
  });
}

/** Run `body` on a cluster built with `pictures: false`, drawing that cluster's run if it fails. */
export function withPictures(ctx: TestContext, cluster: KvCluster, body: () => void): void {
  try {
    body();
  } catch (error) {
    picturesOnFailure(ctx, cluster);
    throw error;
  }
}

/** Run until every client finished its script (or fail, naming the clients still busy). */
export function runClients(cluster: KvCluster, timeoutMs: number): void {
  const { reached } = cluster.sim.runUntil(() => cluster.clientsDone(), { timeoutMs });
  if (!reached) {
    const busy = cluster.sim.nodeIds.filter((id) => cluster.sim.record(id).role === "client" && !cluster.client(id).done);
    fail(
      says({
        en: `the clients ${busy.join(", ")} had not finished their scripts after ${timeoutMs} ms of virtual time; are requests answered at all?`,
        ko: `가상 시간 ${timeoutMs} ms가 지나도록 클라이언트 ${busy.join(", ")}의 스크립트가 끝나지 않았습니다. 요청에 응답하기는 하나요?`,
      }),
    );
  }
}

/** Run one client's script to the end and return its outcomes. */
export function runScript(cluster: KvCluster, script: ScriptStep[], timeoutMs = 5_000): ClientOutcome[] {
  const id = cluster.addClient(script, { thinkMsMax: 0 });
  const { reached } = cluster.sim.runUntil(() => cluster.sim.node(id) !== undefined && cluster.client(id).done, { timeoutMs });
  if (!reached) fail(says({ en: `client ${id} did not finish ${JSON.stringify(script)} within ${timeoutMs} ms of virtual time`, ko: `가상 시간 ${timeoutMs} ms 안에 클라이언트 ${id}의 스크립트가 끝나지 않았습니다: ${JSON.stringify(script)}` }));
  return cluster.client(id).outcomes;
}

export function describeOutcome(outcome: ClientOutcome): string {
  const step = outcome.step;
  const what = step.f === "get" ? `get(${step.key})` : step.f === "put" ? `put(${step.key}, ${JSON.stringify(step.value)})` : "pause";
  if (outcome.result === "ok") return `${what} -> ${outcome.values ? JSON.stringify(outcome.values) : "ok"}`;
  return `${what} -> ${outcome.result}${outcome.error ? `: ${outcome.error}` : ""}`;
}

/** Fail unless the cluster's history is linearizable; UNKNOWN fails too (it is not a pass). `what` names the run in every language. */
export function requireLinearizable(ctx: TestContext, cluster: KvCluster, what: Texts): void {
  const result = checkLinearizability(cluster.history() as never, "kv");
  if (result.verdict === "OK") return;
  if (result.verdict === "UNKNOWN") fail(says({ en: `${what.en}: the linearizability check could not decide (${result.reason}); that is not a pass`, ko: `${what.ko}: linearizability 검사기가 판정하지 못했습니다 (${result.reason}). 통과로 치지 않습니다` }));
  ctx.attach(`the history of key ${result.part ?? "?"}, the operations that cannot be ordered outlined in red`, verdictTimeline(cluster.history() as never, result, "kv"));
  // The messages of the last offending operation (usually the read that saw too old a value).
  const last = result.core.reduce((a, b) => (b.callMs > a.callMs ? b : a));
  focusOf.set(cluster, { fromMs: Math.max(0, last.callMs - 30), toMs: (last.returnMs ?? last.callMs + 200) + 30 });
  // The checker's explanation in the report's language: its first line in the message, the operations (and where the search got stuck) in the details.
  const explained = findingTexts(result.finding);
  const [summary, ...listing] = explained.en.split("\n");
  const [summaryKo] = explained.ko.split("\n");
  fail(says({ en: `${what.en}: the clients' history is not linearizable. ${summary}`, ko: `${what.ko}: 클라이언트들의 히스토리가 linearizable하지 않습니다. ${summaryKo}` }), listing.join("\n"));
}

/** Cut `a` and `b` apart in both directions, on top of the cuts already in place. */
export function cutBothWays(cluster: KvCluster, a: NodeId, b: NodeId): void {
  cluster.sim.cutOneWay(a, b);
  cluster.sim.cutOneWay(b, a);
}

/** What every home replica of `key` stores, in words, in every language (versions are values: they stay as stored). */
export function replicaState(cluster: KvCluster, key: string): Texts {
  const replicas = cluster.homeReplicas(key).map((id: NodeId) => ({ id, up: cluster.sim.isUp(id), versions: cluster.storedOn(id, key) }));
  const state = (down: string, nothing: string) =>
    replicas.map(({ id, up, versions }) => `${id}${up ? "" : ` (${down})`}: ${versions.length === 0 ? nothing : describeVersions(versions)}`).join("; ");
  return { en: state("down", "nothing"), ko: state("멈춤", "없음") };
}

/**
 * The read-repair scene: x's home replicas [writer, reader, stale]; put(x, "fresh") through the
 * writer, which is cut off from the stale replica for the whole test, so that a store that keeps
 * re-sending the write until every replica acknowledged (allowed) still cannot reach it; 300 ms
 * later the stale replica must not hold "fresh" (a premise: the test's setup, never the learner's
 * lost point).
 */
export function staleReplicaAfterPut(ctx: TestContext, cluster: KvCluster): { writer: NodeId; reader: NodeId; stale: NodeId } {
  const [writer, reader, stale] = cluster.homeReplicas("x");
  cutBothWays(cluster, writer, stale);
  const [put] = runScript(cluster, [{ f: "put", key: "x", value: "fresh", via: writer }]);
  check(put.result === "ok", () => says({ en: `put(x, "fresh") through ${writer}, which reaches ${reader} (W=2), answered ${describeOutcome(put)}`, ko: `${reader} 서버에 닿는(W=2) ${writer} 서버를 거친 put(x, "fresh")가 이렇게 답했습니다: ${describeOutcome(put)}` }));
  cluster.sim.runFor(300);
  ctx.premise(!valuesOn(cluster, stale, "x").includes("fresh"), () => {
    const state = replicaState(cluster, "x");
    return says({ en: `${stale} got the write without any read, although it is cut off from the writer ${writer}: ${state.en}`, ko: `읽기가 없었는데도 ${stale}에 그 쓰기가 도착했습니다(쓰기를 한 ${writer}에서 ${stale}에 이르는 연결은 끊겨 있었습니다): ${state.ko}` });
  });
  return { writer, reader, stale };
}

export function valuesOn(cluster: KvCluster, id: NodeId, key: string): string[] {
  return cluster.storedOn(id, key).map((version) => version.value);
}

export type { Json };
