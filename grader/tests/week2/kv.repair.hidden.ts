/**
 * Week 2, key-value store: directed tests of the background machinery (anti-entropy, read repair,
 * hinted handoff) and of the coordinator's one answer per request. Each scripts the schedule that
 * breaks one rule of kv.rules.md on every seed: which messages of a replica arrive (a filter on
 * the messages a server sends on its own, or on the answers), a reply held until the read was
 * answered, replicas cut off at chosen moments, every server restarted at once. Setups that the
 * store itself could not have spoiled are checked with `ctx.premise`.
 */
import type { NodeId } from "../../../src/contracts/node";
import type { KVNodeApi } from "../../../src/contracts/kv";
import type { KvCluster } from "../../../src/kv/cluster";
import { isReply, type RoutedMessage } from "../../../src/sim";
import { check, says, type GradedTest } from "../../api";
import { cutBothWays, describeOutcome, kvCluster, replicaState, runScript, staleReplicaAfterPut, valuesOn } from "./kv-helpers";

const same = (values: readonly string[], expected: string[]) => JSON.stringify([...values].sort()) === JSON.stringify([...expected].sort());

/** Every hint the cluster's servers hold, as "holder: owner/key". */
function hintsHeld(cluster: KvCluster): { holder: NodeId; owner: NodeId; key: string }[] {
  const out: { holder: NodeId; owner: NodeId; key: string }[] = [];
  for (const holder of cluster.servers) {
    const hints = cluster.sim.node<KVNodeApi>(holder)?.pendingHints() ?? {};
    for (const [owner, keys] of Object.entries(hints)) for (const key of keys) out.push({ holder, owner, key });
  }
  return out;
}

const describeHints = (cluster: KvCluster) => hintsHeld(cluster).map(({ holder, owner, key }) => `${holder} holds ${key} for ${owner}`).join("; ") || "none";
const describeHintsKo = (cluster: KvCluster) => hintsHeld(cluster).map(({ holder, owner, key }) => `${holder}: ${owner}에 전할 ${key}`).join("; ") || "없음";

export const tests: GradedTest[] = [
  {
    name: "anti-entropy-exchanges-both-ways",
    points: 3,
    visibility: "hidden",
    description: "anti-entropy between the two home replicas of a key (3 servers, N=2): the peer of a round answers with what it holds newer (the newer replica's own rounds never arrive), a round carries the sender's versions (every answer lost), and the third server, which replicates nothing of the key, never stores it",
    descriptionIn: { ko: "한 키의 home replica 둘 사이의 anti-entropy(서버 3대, N=2): 라운드를 받은 쪽은 자기가 가진 더 새로운 버전으로 답하고(더 새로운 replica가 스스로 시작한 라운드는 하나도 도착하지 않음), 라운드는 보내는 쪽의 버전을 싣고 가며(답이 모두 유실됨), 그 키를 복제하지 않는 세 번째 서버는 그 키를 절대 저장하지 않는다" },
    rules: ["anti-entropy-exchange"],
    run(ctx) {
      const cluster = kvCluster(ctx, { replicas: 2, writeQuorum: 1, readQuorum: 1, antiEntropyIntervalMs: 100, requestTimeoutMs: 200 }, {}, { servers: 3 });
      const [a, b] = cluster.homeReplicas("x");
      const outsider = cluster.servers.find((id) => id !== a && id !== b) as NodeId;
      // A server that replicates nothing of x stores nothing of it (else it could carry x from a to b).
      const checkOutsider = () =>
        check(
          cluster.storedOn(outsider, "x").length === 0,
          () =>
            says({
              en: `rule anti-entropy-exchange: ${outsider} is not a home replica of x (N=2: ${a}, ${b}), and nobody wrote x through it, yet after anti-entropy it stores ${JSON.stringify(valuesOn(cluster, outsider, "x"))}: a round sends a peer only the keys both replicate`,
              ko: `규칙 anti-entropy-exchange: ${outsider} 서버는 x의 home replica가 아니고(N=2: ${a}, ${b}) 아무도 그 서버를 거쳐 x를 쓰지 않았는데, anti-entropy 뒤에 ${JSON.stringify(valuesOn(cluster, outsider, "x"))}를 저장하고 있습니다. 라운드는 둘이 함께 복제하는 키만 상대에게 보냅니다`,
            }),
        );
      const writeOnA = (value: string) => {
        cutBothWays(cluster, a, b);
        const [put] = runScript(cluster, [{ f: "put", key: "x", value, via: a }]);
        check(put.result === "ok", () => says({ en: `put(x, "${value}") through ${a}, a home replica itself (W=1), answered ${describeOutcome(put)}`, ko: `home replica인 ${a} 서버 자신을 거친 put(x, "${value}")(W=1)가 이렇게 답했습니다: ${describeOutcome(put)}` }));
        cluster.sim.runFor(300);
        checkOutsider();
      };
      runScript(cluster, [{ f: "put", key: "x", value: "old", via: a }]);
      cluster.sim.runFor(300);
      ctx.premise(same(valuesOn(cluster, a, "x"), ["old"]) && same(valuesOn(cluster, b, "x"), ["old"]), () => {
        const state = replicaState(cluster, "x");
        return says({ en: `with every server reachable, both replicas should hold "old": ${state.en}`, ko: `모든 서버에 닿으므로 두 replica 모두 "old"를 가져야 합니다: ${state.ko}` });
      });

      // 1. The peer answers: a has "new", b "old"; every message a sends to b on its own (a timer) is lost.
      writeOnA("new");
      ctx.premise(same(valuesOn(cluster, b, "x"), ["old"]), () => {
        const state = replicaState(cluster, "x");
        return says({ en: `${b} got "new" although it was cut off from ${a}: ${state.en}`, ko: `${a} 서버와 끊겨 있었는데도 ${b} 서버가 "new"를 받았습니다: ${state.ko}` });
      });
      cluster.sim.route((message: RoutedMessage) => (message.from === a && message.to === b && message.cause.kind === "timer" ? "drop" : "pass"));
      cluster.sim.heal();
      cluster.sim.runFor(2_000);
      check(
        same(valuesOn(cluster, b, "x"), ["new"]),
        () =>
          says({
            en: `rule anti-entropy-exchange: ${a} holds "new" and ${b} "old"; for 2 s with anti-entropy every 100 ms, every message ${a} sent to ${b} on its own was lost, while ${b}'s rounds reached ${a} and ${a}'s answers reached ${b}. ${b} must catch up from those answers: the peer of a round merges what it got and sends back what it holds newer. Replicas: ${replicaState(cluster, "x").en}`,
            ko: `규칙 anti-entropy-exchange: ${a} 서버에는 "new", ${b} 서버에는 "old"가 있습니다. anti-entropy가 100 ms마다 도는 2 s 동안 ${a} 서버가 스스로 ${b} 서버에 보낸 메시지는 모두 유실됐고, ${b} 서버의 라운드는 ${a} 서버에 닿았으며 ${a} 서버의 답도 ${b} 서버에 닿았습니다. ${b} 서버는 그 답으로 따라잡아야 합니다: 라운드를 받은 쪽은 받은 것을 병합하고 자기가 가진 더 새로운 버전을 돌려보냅니다. replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
      cluster.sim.route(undefined);
      checkOutsider();

      // 2. The round carries versions: a has "newer", b "new"; every answer between a and b is lost.
      writeOnA("newer");
      ctx.premise(same(valuesOn(cluster, a, "x"), ["newer"]) && same(valuesOn(cluster, b, "x"), ["new"]), () => {
        const state = replicaState(cluster, "x");
        return says({ en: `${a} should hold "newer" and ${b}, cut off from it, "new": ${state.en}`, ko: `${a} 서버에는 "newer", 그와 끊긴 ${b} 서버에는 "new"가 있어야 합니다: ${state.ko}` });
      });
      cluster.sim.route((message: RoutedMessage) => ((message.from === a && message.to === b) || (message.from === b && message.to === a)) && isReply(message) ? "drop" : "pass");
      cluster.sim.heal();
      cluster.sim.runFor(2_000);
      check(
        same(valuesOn(cluster, b, "x"), ["newer"]),
        () =>
          says({
            en: `rule anti-entropy-exchange: ${a} holds "newer" and ${b} "new"; for 2 s with anti-entropy every 100 ms, every answer between them was lost, while the rounds each started went through. ${a}'s rounds must carry its versions of the keys both replicate, which ${b} merges. Replicas: ${replicaState(cluster, "x").en}`,
            ko: `규칙 anti-entropy-exchange: ${a} 서버에는 "newer", ${b} 서버에는 "new"가 있습니다. anti-entropy가 100 ms마다 도는 2 s 동안 둘 사이의 답은 모두 유실됐고, 각자 시작한 라운드는 전달됐습니다. ${a} 서버의 라운드는 둘이 함께 복제하는 키의 자기 버전을 싣고 가야 하고, ${b} 서버는 그것을 병합합니다. replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
      cluster.sim.route(undefined);
      checkOutsider();
    },
  },
  {
    name: "anti-entropy-after-restart",
    points: 2,
    visibility: "hidden",
    description: "a write stored on one replica only, then every server crashes and restarts at once: anti-entropy, started again at boot, brings the other replicas the write with no reads",
    descriptionIn: { ko: "replica 하나에만 저장된 쓰기 뒤에 모든 서버가 한꺼번에 크래시했다가 재시작한다: 부팅하며 다시 시작한 anti-entropy가 읽기 없이도 그 쓰기를 다른 replica들에 전한다" },
    rules: ["anti-entropy"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 1, readQuorum: 1, antiEntropyIntervalMs: 100 });
      const [a, b, c] = cluster.homeReplicas("x");
      cutBothWays(cluster, a, b);
      cutBothWays(cluster, a, c);
      const [put] = runScript(cluster, [{ f: "put", key: "x", value: "lonely", via: a }]);
      check(put.result === "ok", () => says({ en: `put(x, "lonely") through ${a}, a home replica itself (W=1), answered ${describeOutcome(put)}`, ko: `home replica인 ${a} 서버 자신을 거친 put(x, "lonely")(W=1)가 이렇게 답했습니다: ${describeOutcome(put)}` }));
      cluster.sim.runFor(300);
      ctx.premise(!valuesOn(cluster, b, "x").includes("lonely") && !valuesOn(cluster, c, "x").includes("lonely"), () => {
        const state = replicaState(cluster, "x");
        return says({ en: `${b} and ${c} were cut off from ${a}, yet got the write: ${state.en}`, ko: `${b}, ${c} 서버는 ${a} 서버와 끊겨 있었는데도 그 쓰기를 받았습니다: ${state.ko}` });
      });
      for (const server of cluster.servers) cluster.sim.crash(server);
      for (const server of cluster.servers) cluster.sim.restart(server);
      cluster.sim.heal();
      cluster.sim.runFor(3_000);
      const behind = [b, c].filter((id) => !valuesOn(cluster, id, "x").includes("lonely"));
      check(
        behind.length === 0,
        () =>
          says({
            en: `rule anti-entropy: "lonely" sat on ${a} alone; every server crashed and restarted, the network healed, and 3 s later (anti-entropy every 100 ms) ${behind.join(" and ")} still lack it. A restarted server starts its periodic timers again (onRestart). Replicas: ${replicaState(cluster, "x").en}`,
            ko: `규칙 anti-entropy: "lonely"는 ${a} 서버에만 있었습니다. 모든 서버가 크래시했다가 재시작하고 네트워크가 복구된 뒤 3 s가 지났는데도(anti-entropy는 100 ms마다) ${behind.join(", ")} 서버에는 그 값이 없습니다. 재시작한 서버는 주기적인 타이머를 다시 시작해야 합니다(onRestart). replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
    },
  },
  {
    name: "read-repair-waits-for-the-last-reply",
    points: 2,
    visibility: "hidden",
    description: "a read answered on R=2 replies before the stale replica's reply arrives (held until then) still repairs that replica when its reply comes",
    descriptionIn: { ko: "오래된 replica의 응답이 도착하기 전에(그때까지 붙잡아 둠) R=2개의 응답으로 답한 읽기도, 그 응답이 오면 그 replica를 고친다" },
    rules: ["read-repair"],
    run(ctx) {
      const cluster = kvCluster(ctx, { antiEntropyIntervalMs: 0 });
      const { writer, reader, stale } = staleReplicaAfterPut(ctx, cluster);
      // The stale replica's answers to the reader are held until the read was answered.
      cluster.sim.route((message: RoutedMessage) => (message.from === stale && message.to === reader && isReply(message) ? "hold" : "pass"));
      const [read] = runScript(cluster, [{ f: "get", key: "x", via: reader }]);
      check(read.result === "ok" && same(read.values ?? [], ["fresh"]), () => says({ en: `get(x) through ${reader}, with ${writer} and ${reader} holding "fresh" (R=2), answered ${describeOutcome(read)}`, ko: `${writer}, ${reader} 서버에 "fresh"가 있는데(R=2) ${reader} 서버를 거친 get(x)가 이렇게 답했습니다: ${describeOutcome(read)}` }));
      cluster.sim.route(undefined);
      const held = cluster.sim.heldMessages();
      ctx.premise(held.length > 0, () => says({ en: `${stale} did not answer the read of ${reader}`, ko: `${stale} 서버가 ${reader} 서버의 읽기에 답하지 않았습니다` }));
      for (const message of held) cluster.sim.release(message.msgId);
      cluster.sim.runFor(500);
      check(
        valuesOn(cluster, stale, "x").includes("fresh"),
        () =>
          says({
            en: `rule read-repair: get(x) through ${reader} was answered on the replies of ${writer} and ${reader} ("fresh"); the reply of ${stale} ("old" or nothing) arrived after the answer, and 500 ms later ${stale} still holds ${JSON.stringify(valuesOn(cluster, stale, "x"))}. Repair once every home replica answered, even after answering the client. Replicas: ${replicaState(cluster, "x").en}`,
            ko: `규칙 read-repair: ${reader} 서버를 거친 get(x)는 ${writer}, ${reader} 서버의 응답("fresh")으로 답했습니다. ${stale} 서버의 응답(옛 값이나 없음)은 답한 뒤에 도착했는데, 500 ms가 지나도 ${stale} 서버의 값은 ${JSON.stringify(valuesOn(cluster, stale, "x"))}입니다. 클라이언트에 답한 뒤라도 모든 home replica가 응답하면 고치세요. replica들: ${replicaState(cluster, "x").ko}`,
          }),
      );
    },
  },
  {
    name: "hints-for-every-silent-replica-only",
    points: 3,
    visibility: "hidden",
    description: "hinted handoff with N=3 and W=2, one home replica down: the write succeeds on two acknowledgements, and the first fallback still gets a hint for the silent replica, and only for it (none for the replicas that acknowledged); in linearizable mode no server keeps any hint",
    descriptionIn: { ko: "N=3, W=2의 hinted handoff에서 home replica 하나가 멈춰 있다: 쓰기는 확인 두 개로 성공하고, 첫 대체 서버는 그래도 침묵한 replica를 위한 hint를 받으며, 그 replica를 위한 hint만 받는다(확인한 replica를 위한 hint는 없음). linearizable 모드에서는 어떤 서버도 hint를 갖지 않는다" },
    rules: ["hinted-handoff"],
    run(ctx) {
      for (const mode of ["eventual", "linearizable"] as const) {
        const cluster = kvCluster(ctx, { mode, writeQuorum: 2, hintedHandoff: true, requestTimeoutMs: 400 }, {}, { pictures: mode === "eventual" });
        const [home, down, other] = cluster.homeReplicas("x");
        cluster.sim.crash(down);
        const [put] = runScript(cluster, [{ f: "put", key: "x", value: "hinted", via: home }]);
        check(put.result === "ok", () => says({ en: `(${mode}) with ${down} down and W=2, put(x) through ${home} should succeed on ${home} and ${other}; it answered ${describeOutcome(put)}`, ko: `(${mode}) ${down} 서버가 멈춰 있어도 W=2이면 ${home} 서버를 거친 put(x)는 ${home}, ${other} 서버로 성공해야 합니다. 받은 답: ${describeOutcome(put)}` }));
        cluster.sim.runFor(600);
        const hints = hintsHeld(cluster);
        if (mode === "linearizable") {
          check(hints.length === 0, () => says({ en: `rule hinted-handoff: in linearizable mode hinted handoff is off (a sloppy quorum breaks linearizability), but after put(x) with ${down} down the servers hold hints: ${describeHints(cluster)}`, ko: `규칙 hinted-handoff: linearizable 모드에서는 hinted handoff를 쓰지 않는데(sloppy quorum은 linearizability를 깹니다), ${down} 서버가 멈춘 채 put(x)를 한 뒤 서버들이 hint를 가지고 있습니다: ${describeHintsKo(cluster)}` }));
          continue;
        }
        check(
          hints.some((hint) => hint.owner === down && hint.key === "x"),
          () =>
            says({
              en: `rule hinted-handoff: put(x) through ${home} was acknowledged by ${home} and ${other} (W=2) while ${down} was down; 600 ms later no server holds a hint for ${down} about x (hints: ${describeHints(cluster)}). A home replica that has not acknowledged after a while gets its write through a fallback, even once W acknowledgements are in`,
              ko: `규칙 hinted-handoff: ${down} 서버가 멈춘 동안 ${home} 서버를 거친 put(x)를 ${home}, ${other} 서버가 확인했습니다(W=2). 600 ms가 지났는데 ${down} 서버에 전할 x의 hint를 가진 서버가 없습니다(hint: ${describeHintsKo(cluster)}). 한동안 확인하지 않은 home replica의 쓰기는 확인이 W개 모였더라도 대체 서버를 통해 보냅니다`,
            }),
        );
        check(
          hints.every((hint) => hint.owner === down && hint.key === "x"),
          () =>
            says({
              en: `rule hinted-handoff: only ${down} missed put(x) (${home} and ${other} acknowledged it), so the only hint may be x for ${down}; the servers hold: ${describeHints(cluster)}`,
              ko: `규칙 hinted-handoff: put(x)를 놓친 것은 ${down} 서버뿐이므로(${home}, ${other} 서버는 확인함) hint는 ${down} 서버에 전할 x뿐이어야 합니다. 서버들이 가진 hint: ${describeHintsKo(cluster)}`,
            }),
        );
      }
    },
  },
  {
    name: "hint-dropped-only-for-its-owner",
    points: 3,
    visibility: "hidden",
    description: "the first fallback holds hints for two home replicas of the same key (a key with a colon in its name); when one of them returns and acknowledges its hint, the other's hint stays until its own replica returns, and then every hint is gone",
    descriptionIn: { ko: "첫 대체 서버가 같은 키(이름에 콜론이 들어간 키)에 대해 home replica 둘을 위한 hint를 가지고 있다: 그중 하나가 돌아와 자기 hint를 확인해도 다른 replica의 hint는 그 replica가 돌아올 때까지 남고, 그 뒤에는 hint가 모두 사라진다" },
    rules: ["hinted-handoff"],
    run(ctx) {
      const key = "user:42";
      const cluster = kvCluster(ctx, { writeQuorum: 2, hintedHandoff: true, requestTimeoutMs: 400 });
      const [coordinator, first, second] = cluster.homeReplicas(key);
      const fallback = cluster.config.preferenceList(key)[3];
      const holds = (owner: NodeId) => (cluster.sim.node<KVNodeApi>(fallback)?.pendingHints()[owner] ?? []).includes(key);
      const writeMissing = (value: string, missing: NodeId) => {
        cluster.sim.heal();
        cutBothWays(cluster, coordinator, missing);
        cutBothWays(cluster, fallback, first);
        cutBothWays(cluster, fallback, second);
        const [put] = runScript(cluster, [{ f: "put", key, value, via: coordinator }]);
        check(put.result === "ok", () => says({ en: `put(${key}, "${value}") through ${coordinator}, cut off from ${missing} only (W=2), answered ${describeOutcome(put)}`, ko: `${missing} 서버와만 끊긴 ${coordinator} 서버를 거친 put(${key}, "${value}")(W=2)가 이렇게 답했습니다: ${describeOutcome(put)}` }));
        cluster.sim.runFor(600);
        check(holds(missing), () => says({ en: `rule hinted-handoff: ${missing} missed put(${key}, "${value}"), and 600 ms later the first fallback ${fallback} holds no hint for it (hints: ${describeHints(cluster)})`, ko: `규칙 hinted-handoff: ${missing} 서버가 put(${key}, "${value}")를 놓쳤는데, 600 ms가 지나도 첫 대체 서버 ${fallback}에 그 서버를 위한 hint가 없습니다(hint: ${describeHintsKo(cluster)})` }));
      };
      writeMissing("v1", first);
      writeMissing("v2", second);
      // first comes back to the fallback; second stays out of its reach.
      cluster.sim.heal();
      cutBothWays(cluster, fallback, second);
      cutBothWays(cluster, coordinator, second);
      cluster.sim.runFor(1_000);
      check(
        holds(second),
        () =>
          says({
            en: `rule hinted-handoff: ${fallback} held hints about ${key} for ${first} and for ${second}; ${first} came back and acknowledged its hint, ${second} stayed unreachable, and now ${fallback} no longer holds the hint for ${second} (hints: ${describeHints(cluster)}): an acknowledgement drops the hint of that replica and that key, no other`,
            ko: `규칙 hinted-handoff: ${fallback} 서버는 ${key}에 대해 ${first} 서버와 ${second} 서버를 위한 hint를 가지고 있었습니다. ${first} 서버가 돌아와 자기 hint를 확인했고 ${second} 서버는 여전히 닿지 않는데, 이제 ${fallback} 서버에 ${second} 서버를 위한 hint가 없습니다(hint: ${describeHintsKo(cluster)}). 확인은 그 replica와 그 키의 hint만 버립니다`,
          }),
      );
      cluster.sim.heal();
      cluster.sim.runFor(2_000);
      check(
        valuesOn(cluster, second, key).includes("v2"),
        () =>
          says({
            en: `rule hinted-handoff: 2 s after ${second} became reachable again it still lacks "v2", which ${fallback} held for it. Replicas: ${replicaState(cluster, key).en}`,
            ko: `규칙 hinted-handoff: ${second} 서버에 다시 닿게 되고 2 s가 지났는데도 ${fallback} 서버가 맡아 둔 "v2"가 그 서버에 없습니다. replica들: ${replicaState(cluster, key).ko}`,
          }),
      );
      check(
        hintsHeld(cluster).length === 0,
        () =>
          says({
            en: `rule hinted-handoff: every replica is back and has acknowledged its hint, yet hints remain: ${describeHints(cluster)}. Drop a hint once its replica acknowledged it, whatever characters the key holds`,
            ko: `규칙 hinted-handoff: 모든 replica가 돌아와 자기 hint를 확인했는데도 hint가 남아 있습니다: ${describeHintsKo(cluster)}. 키에 어떤 문자가 들어 있든, replica가 확인하면 hint를 버리세요`,
          }),
      );
    },
  },
  {
    name: "hint-dropped-only-for-its-key",
    points: 2,
    visibility: "hidden",
    description: "the first fallback holds hints about two keys for the same home replica; the replica's acknowledgement of the first key's delivery (the others held back) drops that hint only, and the second key's hint stays until acknowledged",
    descriptionIn: { ko: "첫 대체 서버가 같은 home replica를 위해 두 키의 hint를 가지고 있다: 첫 키의 전달에 대한 그 replica의 확인(나머지 확인은 붙잡아 둠)은 그 hint만 버리고, 둘째 키의 hint는 확인될 때까지 남는다" },
    rules: ["hinted-handoff"],
    run(ctx) {
      const cluster = kvCluster(ctx, { writeQuorum: 2, hintedHandoff: true, requestTimeoutMs: 400 });
      // Two keys with the same preference list (placement depends on the server names only).
      const candidates = Array.from({ length: 400 }, (_, i) => `cart-${i}`);
      const order = (key: string) => cluster.config.preferenceList(key).join(",");
      const first = candidates.find((key) => candidates.some((other) => other !== key && order(other) === order(key))) as string;
      const second = candidates.find((other) => other !== first && order(other) === order(first)) as string;
      const [coordinator, owner] = cluster.homeReplicas(first);
      const fallback = cluster.config.preferenceList(first)[3];
      const holds = (key: string) => (cluster.sim.node<KVNodeApi>(fallback)?.pendingHints()[owner] ?? []).includes(key);
      // The owner answers the fallback's deliveries, but its answers are held.
      cluster.sim.route((message: RoutedMessage) => (message.from === owner && message.to === fallback && isReply(message) ? "hold" : "pass"));
      cutBothWays(cluster, coordinator, owner);
      for (const key of [first, second]) {
        const [put] = runScript(cluster, [{ f: "put", key, value: `${key}-value`, via: coordinator }]);
        check(put.result === "ok", () => says({ en: `put(${key}) through ${coordinator}, cut off from ${owner} only (W=2), answered ${describeOutcome(put)}`, ko: `${owner} 서버와만 끊긴 ${coordinator} 서버를 거친 put(${key})(W=2)가 이렇게 답했습니다: ${describeOutcome(put)}` }));
        cluster.sim.runFor(600);
        check(holds(key), () => says({ en: `rule hinted-handoff: ${owner} missed put(${key}), and 600 ms later the first fallback ${fallback} holds no hint for it (hints: ${describeHints(cluster)})`, ko: `규칙 hinted-handoff: ${owner} 서버가 put(${key})를 놓쳤는데, 600 ms가 지나도 첫 대체 서버 ${fallback}에 그 서버를 위한 hint가 없습니다(hint: ${describeHintsKo(cluster)})` }));
      }
      const [earliest] = cluster.sim.heldMessages();
      ctx.premise(earliest !== undefined && earliest.sentAt < cluster.sim.now - 600, () => says({ en: `${owner} did not answer ${fallback}'s delivery of the hint about ${first} before ${second} was written`, ko: `${second}를 쓰기 전에 ${owner} 서버가 ${first}의 hint를 전달한 ${fallback} 서버에 답하지 않았습니다` }));
      // Only the answer to a delivery made while the first key's hint was the only one arrives (the later ones stay held).
      cluster.sim.release(earliest.msgId);
      cluster.sim.runFor(5);
      check(
        holds(second),
        () =>
          says({
            en: `rule hinted-handoff: ${fallback} held hints about ${first} and ${second} for ${owner}; the only answer of ${owner} that arrived acknowledged a delivery made before ${second} was written, and now the hint about ${second} is gone (hints: ${describeHints(cluster)}): an acknowledgement drops the hint of that replica and that key, no other`,
            ko: `규칙 hinted-handoff: ${fallback} 서버는 ${owner} 서버를 위해 ${first}, ${second}의 hint를 가지고 있었습니다. 도착한 ${owner} 서버의 답은 ${second}를 쓰기 전에 한 전달을 확인한 것 하나뿐인데, 이제 ${second}의 hint가 없습니다(hint: ${describeHintsKo(cluster)}). 확인은 그 replica와 그 키의 hint만 버립니다`,
          }),
      );
      cluster.sim.route(undefined);
      for (const message of cluster.sim.heldMessages()) cluster.sim.release(message.msgId);
      cluster.sim.heal();
      cluster.sim.runFor(1_000);
      check(
        valuesOn(cluster, owner, second).includes(`${second}-value`) && hintsHeld(cluster).length === 0,
        () =>
          says({
            en: `rule hinted-handoff: 1 s after every answer was let through, ${owner} holds ${JSON.stringify(valuesOn(cluster, owner, second))} for ${second} (expected "${second}-value") and the hints left are: ${describeHints(cluster)}`,
            ko: `규칙 hinted-handoff: 모든 답을 통과시키고 1 s가 지난 뒤 ${owner} 서버에 있는 ${second}의 값은 ${JSON.stringify(valuesOn(cluster, owner, second))}(기댓값 "${second}-value")이고, 남은 hint는 이렇습니다: ${describeHintsKo(cluster)}`,
          }),
      );
    },
  },
  {
    name: "one-answer-per-request",
    points: 2,
    visibility: "hidden",
    description: "a coordinator answers each client request once: a put and a get answered ok with one replica cut off get no ClientError at their timeout, and a put without its quorum gets one ClientError that says why",
    descriptionIn: { ko: "coordinator는 클라이언트 요청마다 한 번만 답한다: replica 하나가 끊긴 채 ok로 답한 put과 get은 timeout 때 ClientError를 또 받지 않고, quorum에 못 미친 put은 이유를 담은 ClientError를 한 번 받는다" },
    rules: ["one-answer-per-request", "quorum-error-in-time"],
    run(ctx) {
      const cluster = kvCluster(ctx, { requestTimeoutMs: 300 });
      const [, second, third] = cluster.homeReplicas("x");
      const via = cluster.config.preferenceList("x")[4];
      const answers: { to: NodeId; reqId: string; type: string; error?: unknown }[] = [];
      cluster.sim.route((message: RoutedMessage) => {
        const msg = message.msg as { type?: unknown; reqId?: unknown; error?: unknown } | null;
        if (!cluster.servers.includes(message.to) && msg !== null && typeof msg === "object") answers.push({ to: message.to, reqId: String(msg.reqId), type: String(msg.type), error: msg.error });
        return "pass";
      });
      cutBothWays(cluster, via, third);
      const fine = runScript(cluster, [
        { f: "put", key: "x", value: "v1", via },
        { f: "get", key: "x", via },
        { f: "pause", ms: 700 },
      ]);
      check(fine[0].result === "ok" && fine[1].result === "ok", () => says({ en: `with ${third} cut off from ${via}, put(x) and get(x) through ${via} (W=R=2) answered ${fine.slice(0, 2).map(describeOutcome).join("; ")}`, ko: `${third} 서버가 ${via} 서버와 끊긴 상태에서 ${via} 서버를 거친 put(x)와 get(x)(W=R=2)가 이렇게 답했습니다: ${fine.slice(0, 2).map(describeOutcome).join("; ")}` }));
      cutBothWays(cluster, via, second);
      const [short] = runScript(cluster, [{ f: "put", key: "x", value: "v2", via }, { f: "pause", ms: 700 }]);
      check(short.result === "error", () => says({ en: `put(x) through ${via}, which reaches one replica of three (W=2), should answer ClientError; it answered ${describeOutcome(short)}`, ko: `replica 셋 중 하나에만 닿는 ${via} 서버를 거친 put(x)(W=2)는 ClientError로 답해야 합니다. 받은 답: ${describeOutcome(short)}` }));
      cluster.sim.route(undefined);
      const perRequest = new Map<string, typeof answers>();
      for (const answer of answers) perRequest.set(`${answer.to}/${answer.reqId}`, [...(perRequest.get(`${answer.to}/${answer.reqId}`) ?? []), answer]);
      const twice = [...perRequest.entries()].filter(([, list]) => list.length > 1);
      check(
        twice.length === 0,
        () =>
          says({
            en: `rule one-answer-per-request: requests answered more than once: ${twice.map(([id, list]) => `${id}: ${list.map((a) => a.type).join(", then ")}`).join("; ")}. A request that was answered is done: no ClientError at its timeout, no second reply for a later acknowledgement`,
            ko: `규칙 one-answer-per-request: 두 번 이상 답한 요청이 있습니다: ${twice.map(([id, list]) => `${id}: ${list.map((a) => a.type).join(", 이어서 ")}`).join("; ")}. 답한 요청은 끝난 것입니다. timeout 때 ClientError를 보내지 말고, 나중에 온 확인에 두 번째 답을 보내지 마세요`,
          }),
      );
      const errors = answers.filter((answer) => answer.type === "ClientError");
      check(
        errors.length > 0 && errors.every((answer) => typeof answer.error === "string" && answer.error.trim().length > 0),
        () =>
          says({
            en: `rule quorum-error-in-time: a ClientError says why in \`error\`; the errors sent: ${JSON.stringify(errors.map((answer) => answer.error))}`,
            ko: `규칙 quorum-error-in-time: ClientError는 \`error\`에 이유를 말해야 합니다. 보낸 오류: ${JSON.stringify(errors.map((answer) => answer.error))}`,
          }),
      );
    },
  },
];
