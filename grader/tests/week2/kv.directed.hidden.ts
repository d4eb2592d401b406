/**
 * Week 2, key-value store: directed tests. Each one scripts the schedule that breaks one rule of
 * kv.rules.md (which replicas the coordinator reaches, a duplicated or late message, a skewed
 * clock), so it fails on every seed when that rule alone is broken. Setups that the store itself
 * could not have spoiled are checked with `ctx.premise`.
 */
import type { NodeId } from "../../../src/contracts/node";
import type { KvCluster } from "../../../src/kv/cluster";
import { check, says, type GradedTest, type TestContext } from "../../api";
import { Wire, cutBothWays, describeOutcome, kvCluster, replicaState, runScript, valuesOn, withPictures } from "./kv-helpers";

/** Every replication factor the tests' clusters allow, and every quorum size for it. */
const NS = [1, 2, 3, 4, 5];
const ONE_HOUR_MS = 3_600_000;

const answered = (values: string[] | undefined, expected: string[]) => JSON.stringify(values ?? null) === JSON.stringify(expected);

/** A server that is not a home replica of `key` (the last in its preference list). */
function outsider(cluster: KvCluster, key: string): NodeId {
  const list = cluster.config.preferenceList(key);
  return list[list.length - 1];
}

/**
 * With N replicas and W = R = q: a coordinator that reaches exactly q of them (the first N - q
 * in preference order are cut off, so a store that only asks the first q fails too) succeeds,
 * and one that reaches q - 1 never answers ok.
 */
function checkQuorums(ctx: TestContext, n: number, q: number): void {
  const cluster = kvCluster(ctx, { replicas: n, writeQuorum: q, readQuorum: q, requestTimeoutMs: 200 }, {}, { servers: n + 1, pictures: false });
  const where = `N=${n}, W=${q}, R=${q}`;
  withPictures(ctx, cluster, () => {
    for (const op of ["put", "get"] as const) {
      const key = op === "put" ? "w" : "r";
      const via = outsider(cluster, key);
      const homes = cluster.homeReplicas(key);
      if (op === "get") {
        const [stored] = runScript(cluster, [{ f: "put", key, value: "seen", via }]);
        check(stored.result === "ok", () => says({ en: `with ${where} and every replica reachable, put(${key}) through ${via} failed: ${describeOutcome(stored)}`, ko: `${where}에서 모든 replica에 닿는데도 ${via} 서버를 거친 put(${key}) 요청이 실패했습니다: ${describeOutcome(stored)}` }));
        cluster.sim.runFor(300);
        ctx.premise(homes.every((id) => valuesOn(cluster, id, key).includes("seen")), () => {
          const state = replicaState(cluster, key);
          return says({ en: `with every replica reachable, the put did not reach them all: ${state.en}`, ko: `모든 replica에 닿을 수 있는데도 put이 모두에게 가지 않았습니다: ${state.ko}` });
        });
      }
      for (const id of homes.slice(0, n - q)) cutBothWays(cluster, via, id);
      const reachable = homes.slice(n - q);
      const step = op === "put" ? ({ f: "put", key, value: "enough", via } as const) : ({ f: "get", key, via } as const);
      const [enough] = runScript(cluster, [step]);
      const fine = op === "put" ? enough.result === "ok" : enough.result === "ok" && answered(enough.values, ["seen"]);
      const quorum = op === "put" ? says({ en: `W=${q} acknowledgements`, ko: `확인 W=${q}개` }) : says({ en: `R=${q} replies`, ko: `응답 R=${q}개` });
      check(
        fine,
        () =>
          says({
            en: `with ${where}, ${op}(${key}) through ${via}, which reaches exactly ${q} of the ${n} replicas (${reachable.join(", ")}), must succeed on their ${quorum.en}; it answered ${describeOutcome(enough)}`,
            ko: `${where}에서 replica ${n}개 중 정확히 ${q}개(${reachable.join(", ")})에 닿는 ${via} 서버를 거친 ${op}(${key}) 요청은 그 replica들의 ${quorum.ko}로 성공해야 합니다. 받은 답: ${describeOutcome(enough)}`,
          }),
      );
      cutBothWays(cluster, via, homes[n - q]);
      const [short] = runScript(cluster, [op === "put" ? { f: "put", key, value: "short", via } : step]);
      check(
        short.result !== "ok",
        () =>
          says({
            en: `with ${where}, ${op}(${key}) through ${via}, which reaches only ${q - 1} of the ${n} replicas (${reachable.slice(1).join(", ") || "none"}), answered ok: it needs ${quorum.en}. It answered ${describeOutcome(short)}`,
            ko: `${where}에서 replica ${n}개 중 ${q - 1}개(${reachable.slice(1).join(", ") || "없음"})에만 닿는 ${via} 서버를 거친 ${op}(${key}) 요청이 ok로 답했습니다. ${quorum.ko}가 필요합니다. 받은 답: ${describeOutcome(short)}`,
          }),
      );
      cluster.sim.heal();
    }
  });
}

export const tests: GradedTest[] = [
  {
    name: "quorum-sizes-every-n",
    points: 4,
    visibility: "hidden",
    description: "for every N from 1 to 5 (even ones too) and every W = R from 1 to N, a coordinator that reaches exactly W (or R) replicas succeeds, and one that reaches one fewer never answers ok",
    descriptionIn: { ko: "1부터 5까지의 모든 N(짝수 포함)과 1부터 N까지의 모든 W = R에서, replica에 정확히 W개(또는 R개) 닿는 coordinator는 성공하고, 하나 적게 닿는 coordinator는 절대 ok로 답하지 않는다" },
    rules: ["write-quorum", "read-quorum"],
    run(ctx) {
      for (const n of NS) for (let q = 1; q <= n; q++) checkQuorums(ctx, n, q);
    },
  },
  {
    name: "duplicates-count-once",
    points: 3,
    visibility: "hidden",
    description: "every message between servers delivered twice: requests still work, and one replica's duplicated acknowledgement or reply never counts as two (W=2 and R=2 with one replica reachable fail)",
    descriptionIn: { ko: "서버 사이의 모든 메시지가 두 번 배달된다: 요청은 여전히 동작하고, 한 replica의 중복된 확인이나 응답은 결코 둘로 세지 않는다(replica 하나에만 닿으면 W=2와 R=2는 실패)" },
    rules: ["distinct-replicas"],
    run(ctx) {
      const wire = new Wire();
      wire.doubling = true;
      const cluster = kvCluster(ctx, { requestTimeoutMs: 200 }, {}, { wire });
      const via = outsider(cluster, "x");
      const homes = cluster.homeReplicas("x");
      const quiet = runScript(cluster, [
        { f: "put", key: "x", value: "v1", via },
        { f: "get", key: "x", via },
      ]);
      check(quiet[0].result === "ok" && answered(quiet[1].values, ["v1"]), () => says({ en: `with every message duplicated and every replica reachable, a put then a get through ${via} answered ${quiet.map(describeOutcome).join(", ")}`, ko: `모든 메시지가 중복되고 모든 replica에 닿는 상태에서 ${via} 서버를 거친 put과 get이 이렇게 답했습니다: ${quiet.map(describeOutcome).join(", ")}` }));
      cluster.sim.runFor(300);
      cutBothWays(cluster, via, homes[1]);
      cutBothWays(cluster, via, homes[2]);
      const [put, get] = runScript(cluster, [
        { f: "put", key: "x", value: "v2", via },
        { f: "get", key: "x", via },
      ]);
      check(put.result !== "ok", () => says({ en: `${via} reaches only ${homes[0]} of the replicas ${homes.join(", ")}, whose acknowledgement arrived twice; put(x, "v2") answered ok with W=2: count acknowledgements per replica, not per message`, ko: `${via} 서버는 replica ${homes.join(", ")} 중 ${homes[0]}에만 닿고, 그 확인이 두 번 도착했습니다. 그런데 W=2에서 put(x, "v2")가 ok로 답했습니다. 확인은 메시지가 아니라 replica 단위로 세세요` }));
      check(get.result !== "ok", () => says({ en: `${via} reaches only ${homes[0]} of the replicas ${homes.join(", ")}, whose reply arrived twice; get(x) answered ${describeOutcome(get)} with R=2: count replies per replica, not per message`, ko: `${via} 서버는 replica ${homes.join(", ")} 중 ${homes[0]}에만 닿고, 그 응답이 두 번 도착했습니다. 그런데 R=2에서 get(x)가 이렇게 답했습니다: ${describeOutcome(get)}. 응답은 메시지가 아니라 replica 단위로 세세요` }));
    },
  },
  {
    name: "late-old-write-changes-nothing",
    points: 3,
    visibility: "hidden",
    description: "every server message of an old write, delivered again after a newer write (a late duplicate), leaves every replica with the newer version, with last-writer-wins and with vector clocks",
    descriptionIn: { ko: "옛 쓰기의 서버 메시지를 모두 더 새로운 쓰기 뒤에 다시 배달해도(늦게 온 중복) 모든 replica에 더 새로운 버전이 남는다. last-writer-wins와 벡터 시계 모두 마찬가지다" },
    rules: ["replicas-merge-by-version"],
    run(ctx) {
      for (const versioning of ["lww", "vector"] as const) {
        const wire = new Wire();
        const cluster = kvCluster(ctx, { versioning, writeQuorum: 3, readQuorum: 3 }, {}, { wire, pictures: false });
        withPictures(ctx, cluster, () => {
          const homes = cluster.homeReplicas("x");
          wire.recording = true;
          const [old] = runScript(cluster, [{ f: "put", key: "x", value: "old", via: homes[0] }]);
          wire.recording = false;
          check(old.result === "ok", () => says({ en: `put(x, "old") with every replica reachable answered ${describeOutcome(old)}`, ko: `모든 replica에 닿는데 put(x, "old")가 이렇게 답했습니다: ${describeOutcome(old)}` }));
          const steps = runScript(cluster, [
            { f: "get", key: "x", via: homes[0] },
            { f: "put", key: "x", value: "new", via: homes[0], context: "last-read" },
          ]);
          check(steps[1].result === "ok", () => says({ en: `put(x, "new") with every replica reachable answered ${describeOutcome(steps[1])}`, ko: `모든 replica에 닿는데 put(x, "new")가 이렇게 답했습니다: ${describeOutcome(steps[1])}` }));
          cluster.sim.runFor(300);
          ctx.premise(homes.every((id) => answered(valuesOn(cluster, id, "x"), ["new"])), () => {
            const state = replicaState(cluster, "x");
            return says({ en: `with W=3 every replica should hold "new" alone before the replay: ${state.en}`, ko: `W=3이면 재전송 전에 모든 replica가 "new"만 가지고 있어야 합니다: ${state.ko}` });
          });
          const replayed = wire.replay(cluster);
          cluster.sim.runFor(300);
          const rolledBack = homes.filter((id) => !answered(valuesOn(cluster, id, "x"), ["new"]));
          check(
            rolledBack.length === 0,
            () =>
              says({
                en: `(${versioning}) the ${replayed} server messages of put(x, "old") were delivered again after put(x, "new") (written with the context of a read that saw "old"); replicas must keep the newer version, but now: ${replicaState(cluster, "x").en}. Merge by version, never overwrite`,
                ko: `(${versioning}) put(x, "old")의 서버 메시지 ${replayed}개를 put(x, "new")("old"를 본 읽기의 context로 씀) 뒤에 다시 배달했습니다. replica들은 더 새로운 버전을 지켜야 하는데 지금은 이렇습니다: ${replicaState(cluster, "x").ko}. 덮어쓰지 말고 버전으로 병합하세요`,
              }),
          );
        });
      }
    },
  },
  {
    name: "newest-beats-stale-majority",
    points: 3,
    visibility: "hidden",
    description: "with N=3, W=1 and R=3, a read that finds the newest version on one replica and an older one on two returns the newest (versions decide, not votes)",
    descriptionIn: { ko: "N=3, W=1, R=3에서 가장 새로운 버전을 replica 하나에서, 더 오래된 버전을 replica 둘에서 찾은 읽기는 가장 새로운 버전을 돌려준다(투표가 아니라 버전이 정한다)" },
    rules: ["newest-version-wins"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 1, readQuorum: 3 });
      const via = outsider(cluster, "x");
      const homes = cluster.homeReplicas("x");
      runScript(cluster, [{ f: "put", key: "x", value: "old", via }]);
      cluster.sim.runFor(300);
      cutBothWays(cluster, via, homes[1]);
      cutBothWays(cluster, via, homes[2]);
      const steps = runScript(cluster, [
        { f: "get", key: "x", via },
        { f: "put", key: "x", value: "new", via, context: "last-read" },
      ]);
      check(steps[1].result === "ok", () => says({ en: `put(x, "new") through ${via} with W=1 and ${homes[0]} reachable answered ${describeOutcome(steps[1])}`, ko: `W=1이고 ${homes[0]}에 닿는데 ${via} 서버를 거친 put(x, "new")가 이렇게 답했습니다: ${describeOutcome(steps[1])}` }));
      cluster.sim.runFor(300);
      ctx.premise(!valuesOn(cluster, homes[1], "x").includes("new") && !valuesOn(cluster, homes[2], "x").includes("new"), () => {
        const state = replicaState(cluster, "x");
        return says({ en: `the cut replicas got "new" anyway: ${state.en}`, ko: `끊어 둔 replica들이 그래도 "new"를 받았습니다: ${state.ko}` });
      });
      cluster.sim.heal();
      const [read] = runScript(cluster, [{ f: "get", key: "x", via }]);
      check(
        answered(read.values, ["new"]),
        () =>
          says({
            en: `a read with R=3 found "new" on ${homes[0]} and "old" on ${homes[1]} and ${homes[2]}; it must return the newest version, and answered ${describeOutcome(read)}. Replicas: ${replicaState(cluster, "x").en}`,
            ko: `R=3인 읽기가 ${homes[0]}에서 "new"를, ${homes[1]}, ${homes[2]}에서 "old"를 찾았습니다. 가장 새로운 버전을 돌려줘야 하는데 이렇게 답했습니다: ${describeOutcome(read)}. replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
    },
  },
  {
    name: "skewed-clocks-do-not-reorder-writes",
    points: 3,
    visibility: "hidden",
    description: "last-writer-wins with one coordinator's clock an hour ahead and another's an hour behind: a write made after reading the first still wins, in eventual and linearizable mode (stamps are logical, not wall-clock times)",
    descriptionIn: { ko: "한 coordinator의 시계는 한 시간 빠르고 다른 coordinator의 시계는 한 시간 느린 last-writer-wins: eventual 모드와 linearizable 모드 모두에서, 앞의 쓰기를 읽은 뒤에 한 쓰기가 여전히 이긴다(스탬프는 벽시계 시간이 아니라 논리적인 값이다)" },
    rules: ["lww-stamps-are-logical"],
    run(ctx) {
      for (const mode of ["eventual", "linearizable"] as const) {
        const cluster = kvCluster(ctx, { mode, versioning: "lww" }, {}, { pictures: false });
        withPictures(ctx, cluster, () => {
          const [ahead, behind] = [cluster.homeReplicas("x")[0], outsider(cluster, "x")];
          cluster.sim.setClock(ahead, ONE_HOUR_MS);
          cluster.sim.setClock(behind, -ONE_HOUR_MS);
          const steps = runScript(cluster, [
            { f: "put", key: "x", value: "first", via: ahead },
            { f: "get", key: "x", via: behind },
            { f: "put", key: "x", value: "second", via: behind, context: "last-read" },
          ]);
          cluster.sim.runFor(300);
          const [read] = runScript(cluster, [{ f: "get", key: "x", via: ahead }]);
          check(
            answered(read.values, ["second"]),
            () =>
              says({
                en: `(${mode}) ${ahead}'s clock runs an hour ahead, ${behind}'s an hour behind. ${steps.map(describeOutcome).join("; ")}; then get(x) -> ${read.values ? JSON.stringify(read.values) : read.result}, expected ["second"]: a write ordered after what its client read must win, whatever the coordinators' clocks say. Replicas: ${replicaState(cluster, "x").en}`,
                ko: `(${mode}) ${ahead} 서버의 시계는 한 시간 빠르고 ${behind} 서버의 시계는 한 시간 느립니다. ${steps.map(describeOutcome).join("; ")}; 이어서 get(x) -> ${read.values ? JSON.stringify(read.values) : read.result}, 기댓값은 ["second"]입니다. 클라이언트가 읽은 것보다 뒤에 오는 쓰기는 coordinator들의 시계가 뭐라고 하든 이겨야 합니다. replica들: ${replicaState(cluster, "x").ko}`,
              }),
          );
        });
      }
    },
  },
  {
    name: "linearizable-write-orders-after-newest",
    points: 2,
    visibility: "hidden",
    description: "linearizable mode: a put through a server that never saw the key (its own counter is behind) still supersedes the five puts acknowledged before it",
    descriptionIn: { ko: "linearizable 모드: 그 키를 본 적이 없는(자기 카운터가 뒤처진) 서버를 거친 put도 그 전에 확인된 put 다섯 개를 대체한다" },
    rules: ["linearizable-writes-read-first"],
    run(ctx) {
      const cluster = kvCluster(ctx, { mode: "linearizable", versioning: "lww" });
      const busy = cluster.homeReplicas("x")[0];
      const fresh = outsider(cluster, "x");
      const script = [1, 2, 3, 4, 5].map((i) => ({ f: "put", key: "x", value: `a${i}`, via: busy }) as const);
      runScript(cluster, [...script, { f: "put", key: "x", value: "b", via: fresh }, { f: "get", key: "x", via: busy }]);
      const outcomes = cluster.client("c1").outcomes;
      check(
        answered(outcomes[6]?.values, ["b"]),
        () =>
          says({
            en: `five puts through ${busy}, then put(x, "b") through ${fresh}, then get(x): ${outcomes.slice(5).map(describeOutcome).join("; ")}. In linearizable mode a write first reads the newest stamp from R replicas and goes after it. Replicas: ${replicaState(cluster, "x").en}`,
            ko: `${busy} 서버를 거친 put 다섯 개, 이어서 ${fresh} 서버를 거친 put(x, "b"), 그리고 get(x): ${outcomes.slice(5).map(describeOutcome).join("; ")}. linearizable 모드에서 쓰기는 먼저 replica R개에서 가장 새로운 스탬프를 읽고 그보다 뒤에 와야 합니다. replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
    },
  },
  {
    name: "linearizable-read-writes-back",
    points: 3,
    visibility: "hidden",
    description: "linearizable mode: a read that returns a value held by one replica only writes it back to W replicas before answering, so a later read through the other replicas sees it too",
    descriptionIn: { ko: "linearizable 모드: replica 하나에만 있는 값을 돌려주는 읽기는 답하기 전에 그 값을 replica W개에 다시 써 넣으므로, 나중에 다른 replica들을 거친 읽기도 그 값을 본다" },
    rules: ["linearizable-reads-write-back"],
    run(ctx) {
      const wire = new Wire();
      const cluster = kvCluster(ctx, { mode: "linearizable", versioning: "lww", requestTimeoutMs: 200 }, {}, { wire });
      const [r1, r2, r3] = cluster.homeReplicas("x");
      const others = cluster.servers.filter((id) => !cluster.homeReplicas("x").includes(id));
      const [writer, reader] = others;
      runScript(cluster, [{ f: "put", key: "x", value: "old", via: writer }]);
      cluster.sim.runFor(300);
      // A half-done write: its query reaches r1 and r2, its write r1 alone (r3 is cut off, and
      // every message from the writer to r2 after the first is lost).
      cutBothWays(cluster, writer, r3);
      let toR2 = 0;
      wire.letThrough = (from, to) => !(from === writer && to === r2 && ++toR2 > 1);
      runScript(cluster, [{ f: "put", key: "x", value: "new", via: writer }]);
      cluster.sim.runFor(300);
      wire.letThrough = undefined;
      ctx.premise(valuesOn(cluster, r1, "x").includes("new") && !valuesOn(cluster, r2, "x").includes("new") && !valuesOn(cluster, r3, "x").includes("new"), () => {
        const state = replicaState(cluster, "x");
        return says({ en: `the half-done write should sit on ${r1} alone: ${state.en}`, ko: `절반만 된 쓰기는 ${r1}에만 있어야 합니다: ${state.ko}` });
      });
      cluster.sim.heal();
      cutBothWays(cluster, reader, r3);
      const [first] = runScript(cluster, [{ f: "get", key: "x", via: reader }]);
      check(first.result === "ok", () => says({ en: `get(x) through ${reader}, which reaches ${r1} and ${r2} (R=2), answered ${describeOutcome(first)}`, ko: `${r1}, ${r2} 서버에 닿는(R=2) ${reader} 서버를 거친 get(x)가 이렇게 답했습니다: ${describeOutcome(first)}` }));
      ctx.premise(answered(first.values, ["new"]), () => says({ en: `the first read returned ${JSON.stringify(first.values)}; this test needs it to have returned "new"`, ko: `첫 읽기의 반환값은 ${JSON.stringify(first.values)}입니다. 이 테스트는 첫 읽기가 "new"를 돌려주어야 성립합니다` }));
      cluster.sim.heal();
      cutBothWays(cluster, writer, r1);
      const [second] = runScript(cluster, [{ f: "get", key: "x", via: writer }]);
      check(
        answered(second.values, ["new"]),
        () =>
          says({
            en: `get(x) through ${reader} (reaching ${r1}, ${r2}) returned ["new"], then get(x) through ${writer} (reaching ${r2}, ${r3}) answered ${describeOutcome(second)}: a value went back to "old" after a read returned "new", which is not linearizable. Write what a read returns back to W replicas before answering (ABD). Replicas: ${replicaState(cluster, "x").en}`,
            ko: `(${r1}, ${r2} 서버에 닿는) ${reader} 서버를 거친 get(x)가 ["new"]를 돌려준 뒤, (${r2}, ${r3} 서버에 닿는) ${writer} 서버를 거친 get(x)가 이렇게 답했습니다: ${describeOutcome(second)}. 읽기가 "new"를 돌려준 뒤에 값이 "old"로 되돌아갔으므로 linearizable하지 않습니다. 읽기가 돌려줄 값은 답하기 전에 replica W개에 다시 써 넣으세요 (ABD). replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
    },
  },
];
