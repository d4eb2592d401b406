/** Week 1, Raft, hidden: log replication and agreement (MIT 3B). */
import type { NodeId } from "../../../src/contracts/node";
import { check, says, type GradedTest, type Texts } from "../../api";
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
    name: "fast-backup-divergent-terms",
    rules: ["fast-backup", "success-advances-next-index"],
    points: 4,
    visibility: "hidden",
    description: "three stale servers catch up in a few round trips each, without the leader shipping again the entries they hold: one whose log is too short, one whose divergent entries are of a term the leader has, one whose are of a term the leader never saw; once caught up, heartbeats carry no entries",
    descriptionIn: { ko: "뒤처진 서버 셋이 각각 왕복 몇 번 만에, leader가 그 서버들이 이미 가진 entry를 다시 보내지 않고 따라잡는다: 로그가 짧은 서버, leader도 가진 term의 entry로 어긋난 서버, leader가 본 적 없는 term의 entry로 어긋난 서버. 따라잡은 뒤의 heartbeat에는 entry가 없다" },
    seeds: 4,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, { servers: 7, network: { delay: { kind: "uniform", msMin: 5, msMax: 10 } } }, (cluster) => {
        let made = 0;
        /** Submit `count` new commands to `leader` and wait until every server of `group` applied them. */
        const commit = (leader: NodeId, count: number, group: NodeId[], what: Texts) => {
          let last = 0;
          for (let i = 0; i < count; i++) {
            const result = startOn(cluster, leader, `cmd#${++made}`);
            ctx.premise(result.isLeader, () => says({ en: `${leader} stopped leading before it took ${what.en}`, ko: `${leader} 서버가 ${what.ko}을(를) 받기 전에 leader 자리에서 내려왔습니다` }));
            last = result.index;
          }
          const { reached } = cluster.sim.runUntil(() => group.every((id) => (cluster.applied.get(id)?.length ?? 0) >= last), { timeoutMs: 5_000 });
          ctx.premise(reached, () => says({ en: `${group.join(", ")} did not all apply ${what.en} (up to index ${last}) within 5 s`, ko: `${group.join(", ")} 서버가 모두 5 s 안에 ${what.ko}(${last}번 인덱스까지)을(를) 적용하지는 못했습니다` }));
        };
        /** Append `count` commands on `leader`, cut off, where they never commit. */
        const strand = (leader: NodeId, count: number) => {
          for (let i = 0; i < count; i++) startOn(cluster, leader, `cmd#${++made}`);
        };
        const logOf = (id: NodeId) => cluster.node(id)?.inspect().log ?? [];
        const rest = (without: NodeId[]) => cluster.servers.filter((id) => !without.includes(id));
        // 300 entries everyone holds, of the first leader's term.
        const short = cluster.checkOneLeader();
        commit(short, 300, cluster.servers, { en: "the first 300 commands", ko: "처음 명령 300개" });
        // That leader is cut off: its log stays 300 long, too short. The others elect a leader, who commits 5 entries of its term.
        cluster.disconnect(short);
        const known = cluster.checkOneLeader(rest([short]));
        commit(known, 5, rest([short]), { en: "5 commands of a second term", ko: "두 번째 term의 명령 5개" });
        // Cut off in turn, it appends 30 entries of that term that never commit: a term the final leader also has.
        cluster.disconnect(known);
        strand(known, 30);
        // The others elect a leader, cut off at once, before it replicates anything: its 30 entries are of a term no one else has.
        const unknown = cluster.checkOneLeader(rest([short, known]));
        cluster.disconnect(unknown);
        strand(unknown, 30);
        // The four left elect a leader and commit 60 entries; then it is cut off, and a leader with the long log is elected.
        const fourth = cluster.checkOneLeader(rest([short, known, unknown]));
        commit(fourth, 60, rest([short, known, unknown]), { en: "60 commands of a later term", ko: "나중 term의 명령 60개" });
        const stale = [short, known, unknown];
        cluster.partition(`${fourth.slice(1)}|${rest([fourth]).map((id) => id.slice(1)).join(",")}`);
        // The stale servers hear only the up-to-date ones, never each other: a stale leader still leading
        // its old term (check quorum is optional) must not replicate its log to the other two.
        for (const from of stale) for (const to of stale) if (from !== to) cluster.sim.cutOneWay(from, to);
        const leader = cluster.checkOneLeader(rest([fourth, ...stale]));
        const since = [...cluster.watcher.leaderships].reverse().find((l) => l.node === leader)?.sinceMs ?? cluster.sim.now;
        const target = logOf(leader).length;
        const lastTerm = logOf(leader)[target - 1].term;
        /** The longest prefix each stale server shares with the leader when it takes office: what it need not be sent. */
        const shared = new Map(stale.map((id) => {
          const mine = logOf(leader);
          const theirs = logOf(id);
          let agree = 0;
          while (agree < theirs.length && agree < mine.length && theirs[agree].term === mine[agree].term) agree++;
          return [id, agree];
        }));
        const caughtUpAt = new Map<NodeId, number>();
        cluster.sim.runUntil(() => {
          for (const id of stale) {
            const log = logOf(id);
            if (!caughtUpAt.has(id) && log.length >= target && log[target - 1].term === lastTerm) caughtUpAt.set(id, cluster.sim.now);
          }
          return caughtUpAt.size === stale.length;
        }, { timeoutMs: 3_000 });
        const behind = stale.filter((id) => !caughtUpAt.has(id));
        check(behind.length === 0, () => says({ en: `rule fast-backup: ${behind.join(", ")} did not catch up with the leader ${leader} (index ${target}) within 3 s: ${cluster.describeStates(stale)}`, ko: `규칙 fast-backup: ${behind.join(", ")} 서버가 3 s 안에 leader ${leader}(${target}번 인덱스)를 따라잡지 못했습니다: ${cluster.describeStates(stale)}` }));
        cluster.sim.runFor(500);
        const sends = cluster.sim.trace.ofKind("send").filter((e) => e.from === leader && e.t >= since);
        const entriesIn = (events: { msg: unknown }[]) => events.reduce((sum, e) => sum + (JSON.stringify(e.msg).match(/cmd#\d+/g)?.length ?? 0), 0);
        const kinds: Record<NodeId, Texts> = {
          [short]: { en: "its log was too short", ko: "로그가 짧았습니다" },
          [known]: { en: "its last 30 entries were of a term the leader also has", ko: "마지막 entry 30개가 leader도 가진 term이었습니다" },
          [unknown]: { en: "its last 30 entries were of a term the leader never saw", ko: "마지막 entry 30개가 leader가 본 적 없는 term이었습니다" },
        };
        for (const id of stale) {
          const doneAt = caughtUpAt.get(id) as number;
          const during = sends.filter((e) => e.to === id && e.t <= doneAt);
          const missing = target - (shared.get(id) as number);
          const shipped = entriesIn(during);
          const kind = kinds[id];
          // A few round trips: one for a log too short, one per conflicting term. One entry per round trip takes about 30.
          check(during.length <= 10, () => says({
            en: `rule fast-backup: the leader ${leader} sent ${during.length} messages to ${id} (${kind.en}) before its log matched (t=${Math.round(since)}ms to t=${Math.round(doneAt)}ms): a rejection should say where the follower's log ends, or which term conflicts and where that term starts, so that the leader skips a whole term per round trip; a handful of messages do it`,
            ko: `규칙 fast-backup: leader ${leader}가 ${id}(${kind.ko})의 로그가 맞춰지기까지 (t=${Math.round(since)}ms부터 t=${Math.round(doneAt)}ms까지) 메시지 ${during.length}개를 보냈습니다. 거절 응답은 follower의 로그가 어디서 끝나는지, 또는 어느 term이 충돌하고 그 term이 어디서 시작하는지 알려 주어, leader가 왕복마다 term 하나를 통째로 건너뛰게 해야 합니다. 메시지 몇 개면 됩니다`,
          }));
          // Entries it lacked, plus the rejected ones and a heartbeat's worth; backing up to index 1 ships the 300 shared entries again.
          check(shipped <= missing + 150, () => says({
            en: `rule fast-backup: the leader ${leader} shipped ${shipped} entries to ${id} (${kind.en}) before its log matched, though it lacked only ${missing} (it held the first ${shared.get(id)} as the leader does): the leader should back up to where the follower's log ends or where the conflicting term starts, not further`,
            ko: `규칙 fast-backup: leader ${leader}가 ${id}(${kind.ko})의 로그가 맞춰지기까지 entry ${shipped}개를 보냈는데, 그 서버에 없던 것은 ${missing}개뿐이었습니다 (처음 ${shared.get(id)}개는 leader와 같았습니다). leader는 follower의 로그가 끝나는 곳이나 충돌하는 term이 시작하는 곳까지만 물러나야 하고, 그보다 더 물러나면 안 됩니다`,
          }));
          // Once the leader has its success reply (a round trip later), heartbeats carry nothing it holds.
          const later = sends.filter((e) => e.to === id && e.t > doneAt + 25);
          const again = entriesIn(later);
          check(again <= 4, () => says({
            en: `rule success-advances-next-index: after ${id} caught up (t=${Math.round(doneAt)}ms), the leader ${leader} still shipped it ${again} entries in ${later.length} messages over ${Math.round(cluster.sim.now - doneAt - 25)} ms, with no new command: a successful AppendEntries reply moves the follower's nextIndex past what it now holds (Figure 2, Leaders)`,
            ko: `규칙 success-advances-next-index: ${id}가 따라잡은 뒤(t=${Math.round(doneAt)}ms)에도 새 명령이 없는데 leader ${leader}가 ${Math.round(cluster.sim.now - doneAt - 25)} ms 동안 메시지 ${later.length}개에 entry ${again}개를 실어 보냈습니다. AppendEntries가 성공했다는 응답을 받으면 그 follower의 nextIndex를 이제 가진 entry 뒤로 옮겨야 합니다 (Figure 2, Leaders)`,
          }));
        }
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
