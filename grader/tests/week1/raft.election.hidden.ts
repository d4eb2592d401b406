/** Week 1, Raft, hidden: elections (MIT 3A and the chapter's partition). */
import { check, says, type GradedTest } from "../../api";
import { ELECTION_TIMEOUT_MIN_MS, isLeader, termOf } from "./hidden/raft-schedules";
import { ELECTION_TIMEOUT_MAX_MS, pickOtherThan, pickServers, raftScenario, startOn } from "./raft-helpers";

/** How late past electionTimeoutMsMax an election may start: one tick, for tick sizes up to the heartbeat interval (50 ms). */
const TICK_ALLOWANCE_MS = 50;
/** How long a lone leader may take to commit what it appended: one heartbeat interval (50 ms), and a little. */
const COMMIT_ALONE_MS = 60;

export const tests: GradedTest[] = [
  {
    name: "election-timeouts-within-range",
    rules: ["randomized-election-timeout"],
    points: 2,
    visibility: "hidden",
    description: "a follower cut off alone runs election after election: each one starts between electionTimeoutMsMin and electionTimeoutMsMax after the one before",
    descriptionIn: { ko: "혼자 끊긴 follower는 선거를 거듭한다: 각 선거는 이전 선거로부터 electionTimeoutMsMin과 electionTimeoutMsMax 사이에 시작된다" },
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const leader = cluster.checkOneLeader();
        const alone = pickOtherThan(ctx, cluster, leader);
        cluster.disconnect(alone);
        // Each new term of the cut-off server is one election: when each began.
        const starts: number[] = [];
        let term = termOf(cluster, alone);
        const endMs = cluster.sim.now + 8_000;
        cluster.sim.runUntil(() => {
          const now = termOf(cluster, alone);
          if (now > term) starts.push(cluster.sim.now);
          term = now;
          return cluster.sim.now >= endMs;
        }, { timeoutMs: 8_000 });
        ctx.premise(starts.length >= 2, () => says({ en: `${alone}, cut off alone for 8 s, started ${starts.length} election(s)`, ko: `8 s 동안 혼자 끊긴 ${alone}에서 선거를 ${starts.length}번 시작했습니다` }));
        const gaps = starts.slice(1).map((t, i) => t - starts[i]);
        // A timeout checked on a periodic tick (a ticker, as in the 6.5840 labs) fires up to one tick
        // late: ticks of up to a heartbeat interval are allowed past the max. Drawing from [min, max + min]
        // still shows: a third of its waits exceed max + 50 ms, and a run has about 25 of them.
        const outside = gaps.filter((gap) => gap < ELECTION_TIMEOUT_MIN_MS - 1 || gap > ELECTION_TIMEOUT_MAX_MS + TICK_ALLOWANCE_MS);
        check(outside.length === 0, () => says({
          en: `rule randomized-election-timeout: ${alone}, cut off alone, started ${starts.length} elections in 8 s; ${outside.length} of the ${gaps.length} waits between one and the next were outside [${ELECTION_TIMEOUT_MIN_MS}, ${ELECTION_TIMEOUT_MAX_MS}] ms, even allowing ${TICK_ALLOWANCE_MS} ms past the max for a timer checked on a tick (${outside.slice(0, 5).map((gap) => `${Math.round(gap)} ms`).join(", ")}): each election timeout is drawn at random from [electionTimeoutMsMin, electionTimeoutMsMax] (min + random() * (max - min))`,
          ko: `규칙 randomized-election-timeout: 혼자 끊긴 ${alone}에서 8 s 동안 선거를 ${starts.length}번 시작했는데, 선거 사이 대기 ${gaps.length}번 중 ${outside.length}번이 [${ELECTION_TIMEOUT_MIN_MS}, ${ELECTION_TIMEOUT_MAX_MS}] ms를 벗어났습니다. 주기적인 tick으로 타이머를 확인하는 경우를 위해 max보다 ${TICK_ALLOWANCE_MS} ms 늦는 것까지 허용했습니다 (${outside.slice(0, 5).map((gap) => `${Math.round(gap)} ms`).join(", ")}). election timeout은 매번 [electionTimeoutMsMin, electionTimeoutMsMax]에서 무작위로 뽑습니다 (min + random() * (max - min))`,
        }));
      });
    },
  },
  {
    name: "re-election",
    points: 4,
    visibility: "hidden",
    description: "a new leader after the leader is cut off; no leader while only 2 of 5 can talk; leadership again once a majority is back",
    descriptionIn: { ko: "leader가 끊기면 새 leader가 선출되고, 5대 중 2대만 통신할 수 있는 동안에는 leader가 없으며, 과반수가 돌아오면 다시 leader가 생긴다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const first = cluster.checkOneLeader();
        cluster.disconnect(first);
        cluster.checkOneLeader();
        cluster.connect(first); // the old leader returns: it must not disturb the new one for long
        const second = cluster.checkOneLeader();
        const gone = [second, ...pickServers(ctx, cluster.servers.filter((id) => id !== second), 2)];
        for (const id of gone) cluster.disconnect(id);
        cluster.sim.runFor(2 * ELECTION_TIMEOUT_MAX_MS);
        cluster.checkNoLeader(cluster.connected());
        cluster.connect(gone[1]);
        cluster.checkOneLeader();
        for (const id of gone) cluster.connect(id);
        cluster.checkOneLeader();
      });
    },
  },
  {
    name: "chapter-partition",
    rules: ["majority-elects", "commit-needs-majority"],
    points: 5,
    visibility: "hidden",
    description: 'the chapter\'s partition "1,2|3,4,5": the majority elects a leader and commits; the minority elects no new leader and commits nothing; after healing all agree',
    descriptionIn: { ko: "장에 나온 분할 \"1,2|3,4,5\": 과반수 쪽은 leader를 선출하고 커밋한다. 소수 쪽은 새 leader를 선출하지 못하고 아무것도 커밋하지 않는다. 분할이 복구되면 모두 합의한다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.checkOneLeader();
        cluster.one("before-split", 5, true);
        const termBefore = cluster.checkTerms();
        const minority = ["n1", "n2"];
        const commitBefore = new Map(minority.map((id) => [id, cluster.node(id)?.inspect().commitIndex ?? 0]));
        cluster.partition("1,2|3,4,5");
        cluster.checkOneLeader(["n3", "n4", "n5"]);
        cluster.one("majority-side", 3, true);
        for (const id of minority) if (cluster.node(id)?.getState().isLeader) startOn(cluster, id, "minority-side");
        cluster.sim.runFor(2_000);
        for (const id of minority) {
          const state = cluster.node(id)?.inspect();
          check(state !== undefined && state.commitIndex === commitBefore.get(id), () => says({ en: `${id}, on the minority side of 1,2|3,4,5, advanced its commit index from ${commitBefore.get(id)} to ${state?.commitIndex}: only a majority may commit`, ko: `1,2|3,4,5의 소수 쪽에 있는 ${id} 서버가 commit index를 ${commitBefore.get(id)}에서 ${state?.commitIndex}로 올렸습니다. 과반수만 커밋할 수 있습니다` }));
          const leader = cluster.leadersAmong([id])[0];
          check(!leader || leader.term <= termBefore, () => says({ en: `${id} became leader of term ${leader?.term} on the minority side of 1,2|3,4,5: 2 votes of 5 are not a majority`, ko: `${id} 서버가 1,2|3,4,5의 소수 쪽에서 term ${leader?.term}의 leader가 되었습니다. 5표 중 2표는 과반수가 아닙니다` }));
        }
        cluster.heal();
        cluster.one("after-heal", 5, true);
      });
    },
  },
  {
    name: "even-cluster-partition",
    rules: ["majority-elects", "commit-needs-majority"],
    points: 2,
    visibility: "hidden",
    description: 'four servers split "1,2|3,4": half of the cluster is not a majority, so neither half elects a new leader, and the leader\'s half commits nothing; after healing all agree',
    descriptionIn: { ko: '서버 네 대를 "1,2|3,4"로 나눈다: 클러스터의 절반은 과반수가 아니므로 어느 쪽도 새 leader를 선출하지 못하고, leader가 있는 쪽도 아무것도 커밋하지 못한다. 분할이 복구되면 모두 합의한다' },
    seeds: 4,
    run(ctx) {
      // Every other test has an odd cluster, where "half or more" and "more than half" agree.
      raftScenario(ctx, { servers: 4 }, (cluster) => {
        cluster.checkOneLeader();
        cluster.one("before-split", 4, true);
        // First no command at all, so that only the election rule can fail.
        const termBefore = cluster.checkTerms();
        cluster.partition("1,2|3,4");
        cluster.sim.runFor(2_000);
        for (const leader of cluster.leadersAmong(cluster.servers)) {
          check(leader.term <= termBefore, () => says({ en: `rule majority-elects: ${leader.id} became leader of term ${leader.term} on one half of 1,2|3,4: 2 votes of 4 are not a majority`, ko: `규칙 majority-elects: ${leader.id} 서버가 1,2|3,4의 한쪽 절반에서 term ${leader.term}의 leader가 되었습니다. 4표 중 2표는 과반수가 아닙니다` }));
        }
        // Then a command offered to the leader of one half: 2 replicas of 4 must not commit it.
        cluster.heal();
        cluster.one("after-first-heal", 4, true);
        const commitBefore = new Map(cluster.servers.map((id) => [id, cluster.node(id)?.inspect().commitIndex ?? 0]));
        cluster.partition("1,2|3,4");
        for (const { id } of cluster.leadersAmong(cluster.servers)) startOn(cluster, id, "half-side");
        cluster.sim.runFor(2_000);
        for (const id of cluster.servers) {
          const commitIndex = cluster.node(id)?.inspect().commitIndex;
          check(commitIndex === commitBefore.get(id), () => says({ en: `rule commit-needs-majority: ${id}, on one half of 1,2|3,4, advanced its commit index from ${commitBefore.get(id)} to ${commitIndex}: 2 servers of 4 are not a majority`, ko: `규칙 commit-needs-majority: 1,2|3,4의 한쪽 절반에 있는 ${id} 서버가 commit index를 ${commitBefore.get(id)}에서 ${commitIndex}로 올렸습니다. 4대 중 2대는 과반수가 아닙니다` }));
        }
        cluster.heal();
        cluster.one("after-second-heal", 4, true);
      });
    },
  },
  {
    name: "one-server-cluster",
    rules: ["majority-elects", "commit-needs-majority"],
    points: 2,
    visibility: "hidden",
    description: "a cluster of one server: its own vote is a majority, so it leads after its first election timeout, and commits each command alone, within a heartbeat interval",
    descriptionIn: { ko: "서버 한 대짜리 클러스터: 자기 표가 곧 과반수이므로 첫 election timeout 뒤에 leader가 되고, 명령마다 혼자서 heartbeat 간격 안에 커밋한다" },
    seeds: 3,
    run(ctx) {
      // No peer ever answers here: a leader elected, or an entry committed, only when a reply arrives never happens.
      raftScenario(ctx, { servers: 1 }, (cluster) => {
        const [alone] = cluster.servers;
        cluster.sim.runUntil(() => isLeader(cluster, alone), { timeoutMs: ELECTION_TIMEOUT_MAX_MS + TICK_ALLOWANCE_MS });
        check(isLeader(cluster, alone), () => says({ en: `rule majority-elects: ${alone}, alone in a cluster of one, is not leader ${ELECTION_TIMEOUT_MAX_MS + TICK_ALLOWANCE_MS} ms after it started (term ${termOf(cluster, alone)}): its own vote is 1 of 1, a majority, so it leads as soon as it votes for itself; no reply will ever come`, ko: `규칙 majority-elects: 한 대짜리 클러스터의 ${alone} 서버가 시작하고 ${ELECTION_TIMEOUT_MAX_MS + TICK_ALLOWANCE_MS} ms가 지나도 leader가 아닙니다 (term ${termOf(cluster, alone)}). 자기 표 1표는 1표 중 과반수이므로 자신에게 투표하자마자 leader가 됩니다. 응답은 영영 오지 않습니다` }));
        for (const command of ["solo-1", "solo-2"]) {
          const { index } = startOn(cluster, alone, command);
          // A leader may commit when it appends, or on its next heartbeat tick (50 ms).
          cluster.sim.runFor(COMMIT_ALONE_MS);
          const commitIndex = cluster.node(alone)?.inspect().commitIndex ?? 0;
          check(commitIndex >= index, () => says({ en: `rule commit-needs-majority: ${alone}, the leader of a cluster of one, appended "${command}" at index ${index}, and ${COMMIT_ALONE_MS} ms later its commitIndex is ${commitIndex}: the leader alone is a majority of one, so it commits without any reply (when it appends, or at its next heartbeat); no reply will ever come`, ko: `규칙 commit-needs-majority: 한 대짜리 클러스터의 leader ${alone} 서버가 "${command}"를 ${index}번 인덱스에 덧붙였는데, ${COMMIT_ALONE_MS} ms 뒤 commitIndex가 ${commitIndex}입니다. leader 혼자가 한 대 중 과반수이므로 응답 없이(덧붙일 때나 다음 heartbeat에) 커밋합니다. 응답은 영영 오지 않습니다` }));
        }
      });
    },
  },
  {
    name: "many-elections",
    points: 3,
    visibility: "hidden",
    description: "seven servers; ten times, three of them are cut off at random: each time the other four keep or elect one leader",
    descriptionIn: { ko: "서버 일곱 대 중 셋을 무작위로 끊는 일을 열 번 한다: 매번 나머지 넷이 leader 하나를 유지하거나 선출한다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, { servers: 7 }, (cluster) => {
        cluster.checkOneLeader();
        for (let round = 0; round < 10; round++) {
          const cut = pickServers(ctx, cluster.servers, 3);
          for (const id of cut) cluster.disconnect(id);
          cluster.checkOneLeader();
          for (const id of cut) cluster.connect(id);
        }
        cluster.checkOneLeader();
      });
    },
  },
  {
    name: "election-message-budget",
    points: 2,
    visibility: "hidden",
    description: "electing the first leader and then idling for a second take a reasonable number of messages (no vote storms, no flood of heartbeats)",
    descriptionIn: { ko: "첫 leader를 선출하고 1초 동안 쉬는 데 적당한 수의 메시지만 든다 (투표 폭주도, heartbeat 홍수도 없다)" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.checkOneLeader();
        const forElection = cluster.messagesSent();
        check(forElection <= 120, () => says({ en: `${forElection} messages were sent before the first leader emerged; a clean election of 5 servers needs about 16 (4 requests and 4 replies per candidate)`, ko: `첫 leader가 나오기 전에 메시지 ${forElection}개가 오갔습니다. 서버 5대의 깔끔한 선거에는 16개쯤이면 됩니다 (candidate마다 요청 4개와 응답 4개)` }));
        const start = cluster.messagesSent();
        cluster.sim.runFor(1_000);
        const idle = cluster.messagesSent() - start;
        check(idle <= 400, () => says({ en: `${idle} messages in one idle second; heartbeats every 50 ms to 4 followers, with replies, are 160`, ko: `할 일이 없는 1초 동안 메시지가 ${idle}개 오갔습니다. follower 4대에게 50 ms마다 보내는 heartbeat와 그 응답을 합하면 160개입니다` }));
      });
    },
  },
];
