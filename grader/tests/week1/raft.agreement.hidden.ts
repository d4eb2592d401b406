/** Week 1, Raft, hidden: log replication and agreement (MIT 3B). */
import type { NodeId } from "../../../src/contracts/node";
import { check, says, type GradedTest } from "../../api";
import { ELECTION_TIMEOUT_MAX_MS, nextServer, raftScenario, startOn } from "./raft-helpers";

export const tests: GradedTest[] = [
  {
    name: "follower-failure",
    points: 3,
    visibility: "hidden",
    description: "agreement goes on with two followers cut off, and stops (nothing commits) once only two servers remain",
    descriptionIn: { ko: "follower 둘이 끊겨도 합의는 계속되고, 서버가 둘만 남으면 멈춘다 (아무것도 커밋되지 않는다)" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one(101, 5, false);
        const leader = cluster.checkOneLeader();
        cluster.disconnect(nextServer(cluster, leader, 1));
        cluster.disconnect(nextServer(cluster, leader, 2));
        cluster.one(102, 3, false);
        cluster.sim.runFor(ELECTION_TIMEOUT_MAX_MS);
        cluster.one(103, 3, false);
        cluster.disconnect(nextServer(cluster, leader, 3));
        const { index, isLeader } = startOn(cluster, leader, 104);
        check(isLeader, () => says({ en: `${leader} stopped leading although it still reached ${nextServer(cluster, leader, 4)}`, ko: `${leader} 서버가 아직 ${nextServer(cluster, leader, 4)}에 닿는데도 leader 자리에서 내려왔습니다` }));
        cluster.sim.runFor(2 * ELECTION_TIMEOUT_MAX_MS);
        const { count } = cluster.nCommitted(index);
        check(count === 0, () => says({ en: `${count} server(s) applied index ${index} although only 2 of 5 servers could talk: an entry commits only on a majority`, ko: `서버 5대 중 2대만 통신할 수 있었는데 서버 ${count}대가 ${index}번 인덱스를 적용했습니다. entry는 과반수에 있을 때만 커밋됩니다` }));
      });
    },
  },
  {
    name: "leader-failure",
    points: 3,
    visibility: "hidden",
    description: "agreement survives the leader being cut off twice; with only two servers left, nothing commits",
    descriptionIn: { ko: "leader가 두 번 끊겨도 합의는 살아남는다. 서버가 둘만 남으면 아무것도 커밋되지 않는다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one(101, 5, false);
        cluster.disconnect(cluster.checkOneLeader());
        cluster.one(102, 4, false);
        cluster.disconnect(cluster.checkOneLeader());
        cluster.one(103, 3, false);
        const third = cluster.checkOneLeader();
        cluster.disconnect(third);
        const left = cluster.connected();
        for (const id of left) startOn(cluster, id, 104);
        cluster.sim.runFor(2 * ELECTION_TIMEOUT_MAX_MS);
        const { count } = cluster.nCommitted(4);
        check(count === 0, () => says({ en: `${count} server(s) applied index 4 with only ${left.join(" and ")} connected`, ko: `${left.join(", ")} 서버만 연결되어 있었는데 서버 ${count}대가 4번 인덱스를 적용했습니다` }));
      });
    },
  },
  {
    name: "no-commit-without-quorum",
    rules: ["commit-needs-majority"],
    points: 4,
    visibility: "hidden",
    description: "a leader cut off from three of four followers does not commit; after reconnection the cluster agrees again",
    descriptionIn: { ko: "follower 넷 중 셋과 끊긴 leader는 커밋하지 않는다. 다시 연결되면 클러스터가 다시 합의한다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one(10, 5, false);
        const leader = cluster.checkOneLeader();
        const cut = [1, 2, 3].map((step) => nextServer(cluster, leader, step));
        for (const id of cut) cluster.disconnect(id);
        const { index, isLeader } = startOn(cluster, leader, 20);
        check(isLeader && index === 2, () => says({ en: `start(20) on the leader ${leader} returned index ${index}, isLeader ${isLeader}; expected index 2 on the leader`, ko: `leader ${leader}에서 start(20)이 index ${index}, isLeader ${isLeader}를 반환했습니다. leader에서는 index 2가 기댓값입니다` }));
        cluster.sim.runFor(2 * ELECTION_TIMEOUT_MAX_MS);
        const { count } = cluster.nCommitted(index);
        check(count === 0, () => says({ en: `${count} server(s) applied index ${index} while the leader reached only one follower`, ko: `leader가 follower 하나에만 닿는 동안 서버 ${count}대가 ${index}번 인덱스를 적용했습니다` }));
        for (const id of cut) cluster.connect(id);
        const next = cluster.checkOneLeader();
        const again = startOn(cluster, next, 30);
        check(again.isLeader && again.index >= 2 && again.index <= 3, () => says({ en: `after reconnection, start(30) on ${next} returned index ${again.index}; expected 2 or 3`, ko: `다시 연결한 뒤 ${next}에서 start(30)이 index ${again.index}를 반환했습니다. 기댓값은 2 또는 3입니다` }));
        cluster.one(1000, 5, true);
      });
    },
  },
  {
    name: "concurrent-starts",
    points: 3,
    visibility: "hidden",
    description: "five commands submitted to the leader at the same instant are each committed exactly once, on every server",
    descriptionIn: { ko: "같은 순간 leader에 제출한 명령 다섯 개가 모든 서버에서 각각 정확히 한 번 커밋된다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const leader = cluster.checkOneLeader();
        const commands = [1, 2, 3, 4, 5].map((i) => 100 + i);
        const indexes = commands.map((command) => startOn(cluster, leader, command).index);
        const { reached } = cluster.sim.runUntil(() => indexes.every((index) => cluster.nCommitted(index).count === 5), { timeoutMs: 5_000 });
        check(reached, () => says({ en: `not every server applied indexes ${indexes.join(", ")} within 5 s; counts: ${indexes.map((i) => cluster.nCommitted(i).count).join(", ")}`, ko: `5 s 안에 모든 서버가 ${indexes.join(", ")}번 인덱스를 적용하지는 못했습니다. 인덱스별 적용한 서버 수: ${indexes.map((i) => cluster.nCommitted(i).count).join(", ")}` }));
        const applied = indexes.map((index) => cluster.nCommitted(index).command).sort();
        check(JSON.stringify(applied) === JSON.stringify(commands), () => says({ en: `the five commands were applied as ${JSON.stringify(applied)}; each should appear exactly once`, ko: `명령 다섯 개가 적용된 결과가 ${JSON.stringify(applied)}입니다. 각 명령은 정확히 한 번씩 나타나야 합니다` }));
      });
    },
  },
  {
    name: "rejoin-of-partitioned-leader",
    points: 4,
    visibility: "hidden",
    description: "an old leader that took commands while cut off rejoins; its uncommitted entries are replaced and everyone agrees",
    descriptionIn: { ko: "끊긴 동안 명령을 받은 이전 leader가 다시 합류한다. 커밋되지 않은 그 entry들은 교체되고 모두가 합의한다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one(101, 5, true);
        const first = cluster.checkOneLeader();
        cluster.disconnect(first);
        for (const command of [102, 103, 104]) startOn(cluster, first, command); // can never commit
        const second = cluster.checkOneLeader();
        cluster.one(103, 4, true);
        cluster.disconnect(second);
        cluster.connect(first);
        cluster.one(104, 4, true);
        cluster.connect(second);
        cluster.one(105, 5, true);
      });
    },
  },
  {
    name: "fast-log-backup",
    rules: ["fast-backup"],
    points: 5,
    visibility: "hidden",
    description: "a server whose log diverges by hundreds of entries catches up quickly: the leader skips whole conflicting terms, not one entry per round trip",
    descriptionIn: { ko: "로그가 entry 수백 개만큼 어긋난 서버도 빨리 따라잡는다: leader는 왕복마다 entry 하나가 아니라 충돌하는 term 전체를 건너뛴다" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, { network: { delay: { kind: "uniform", msMin: 5, msMax: 10 } } }, (cluster) => {
        cluster.one("start", 5, true);
        const first = cluster.checkOneLeader();
        const partner = nextServer(cluster, first, 1);
        const others = cluster.servers.filter((id) => id !== first && id !== partner);
        // The old leader and one follower, cut off, pile up 150 entries that will never commit.
        cluster.partition(`${[first, partner].map((id) => id.slice(1)).join(",")}|${others.map((id) => id.slice(1)).join(",")}`);
        for (let i = 0; i < 150; i++) startOn(cluster, first, `lost-${i}`);
        cluster.sim.runFor(500);
        // The other three elect a leader and commit 150 entries of their own, over several terms.
        cluster.checkOneLeader(others);
        for (let i = 0; i < 150; i++) cluster.one(`kept-${i}`, 3, true);
        const healedAtMs = cluster.sim.now;
        cluster.heal();
        const target = cluster.one("final", 5, true);
        // Count what the final leader sent each stale server once it could reach it (since the heal,
        // or since it took office if later): fast backup needs a few AppendEntries per conflicting
        // term, one-entry-at-a-time backup about 150. Sends into the partition do not count.
        const leader = cluster.checkOneLeader();
        const since = Math.max(healedAtMs, [...cluster.watcher.leaderships].reverse().find((l) => l.node === leader)?.sinceMs ?? 0);
        for (const stale of [first, partner].filter((id) => id !== leader)) {
          const sent = cluster.sim.trace.ofKind("send").filter((event) => event.from === leader && event.to === stale && event.t >= since).length;
          check(sent <= 60, () => says({ en: `the leader ${leader} sent ${sent} messages to ${stale} to bring its diverged log up to index ${target}; skipping a whole conflicting term per round trip needs a handful, one entry per round trip about 150`, ko: `leader ${leader}가 갈라진 로그를 ${target}번 인덱스까지 맞추려고 ${stale}에게 메시지 ${sent}개를 보냈습니다. 왕복마다 충돌하는 term 전체를 건너뛰면 몇 개면 되고, 왕복마다 entry 하나씩이면 150개쯤 듭니다` }));
        }
        const laggards: NodeId[] = cluster.servers.filter((id) => (cluster.node(id)?.inspect().log.length ?? 0) < target);
        check(laggards.length === 0, () => says({ en: `${laggards.join(", ")} still have shorter logs than ${target}`, ko: `${laggards.join(", ")} 서버의 로그가 아직 ${target}보다 짧습니다` }));
      });
    },
  },
  {
    name: "agreement-message-budget",
    points: 2,
    visibility: "hidden",
    description: "committing ten commands one after another takes a bounded number of messages",
    descriptionIn: { ko: "명령 열 개를 차례로 커밋하는 데 드는 메시지 수에는 상한이 있다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.checkOneLeader();
        cluster.sim.runFor(100);
        const before = cluster.messagesSent();
        for (let i = 0; i < 10; i++) cluster.one(1000 + i, 5, false);
        const used = cluster.messagesSent() - before;
        check(used <= 600, () => says({ en: `ten commands took ${used} messages; about (4 requests + 4 replies) per command plus heartbeats should do, well under 600`, ko: `명령 열 개에 메시지 ${used}개가 들었습니다. 명령마다 (요청 4개 + 응답 4개)에 heartbeat를 더해도 600보다 훨씬 적어야 합니다` }));
      });
    },
  },
];
