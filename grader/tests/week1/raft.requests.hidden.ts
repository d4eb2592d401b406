/**
 * Week 1, Raft, hidden: directed tests of how a server handles a request, whatever its role:
 * the AppendEntries consistency check, a candidate meeting the leader of its term, and a higher
 * term carried by a request. Like raft.directed.hidden.ts, each scripts the one schedule that
 * breaks its rule (crashes and restarts at chosen instants, single messages routed) and looks at
 * the receiver right after the request is delivered, so it fails on every seed when that rule
 * alone is broken. The rules are in raft.rules.md.
 */
import type { NodeId } from "../../../src/contracts/node";
import type { LogEntry } from "../../../src/contracts/raft";
import { RaftTestFailure, type RaftCluster } from "../../../src/harness/raft";
import { isReply } from "../../../src/sim";
import { check, fail, says, type GradedTest, type TestContext, type Texts } from "../../api";
import { ELECTION_TIMEOUT_MIN_MS, isLeader, raiseTermAlone, runUntilDelivered, termOf } from "./hidden/raft-schedules";
import { pickOtherThan, pickServers, raftScenario, startOn } from "./raft-helpers";

const logOf = (cluster: RaftCluster, id: NodeId): readonly LogEntry[] => cluster.node(id)?.inspect().log ?? [];
const showLog = (log: readonly LogEntry[]) => `[${log.map((entry) => `${entry.term}:${JSON.stringify(entry.command)}`).join(", ")}]`;
const sameEntry = (a: LogEntry | undefined, b: LogEntry | undefined) => a !== undefined && b !== undefined && a.term === b.term && JSON.stringify(a.command) === JSON.stringify(b.command);
const isPrefixOf = (log: readonly LogEntry[], of: readonly LogEntry[]) => log.length <= of.length && log.every((entry, i) => sameEntry(entry, of[i]));

/**
 * A follower comes back behind a new leader: everyone commits "a"; the leader first gets
 * `uncommitted` entries to the follower alone; the follower crashes and the old leader is cut off;
 * the three others elect a new leader, which gets "b" and "c" to them (uncommitted: its followers'
 * replies are lost), and another one (the first crashes and restarts), which starts "d"; the
 * follower restarts.
 * The new leader's first request to it then follows an entry it lacks (index 3, past the end of a
 * short log) or holds with an older term (a longer log of the old leader's entries). After every
 * request of the new leader, the follower's log must be as it was (refused) or a prefix of the
 * leader's (accepted where the logs agree); anything else means it took entries it could not place.
 */
function rejoinBehindNewLeader(ctx: TestContext, uncommitted: number, how: Texts): void {
  raftScenario(ctx, {}, (cluster) => {
    cluster.one("a", 5, true);
    const old = cluster.checkOneLeader();
    const [follower] = pickServers(ctx, cluster.servers.filter((id) => id !== old), 1);
    const others = cluster.servers.filter((id) => id !== old && id !== follower);
    if (uncommitted > 0) {
      cluster.partition([[old, follower], others].map((group) => group.map((id) => id.slice(1)).join(",")).join("|"));
      for (let i = 1; i <= uncommitted; i++) startOn(cluster, old, `x${i}`);
      cluster.sim.runUntil(() => logOf(cluster, follower).length > uncommitted, { timeoutMs: 500 });
      ctx.premise(logOf(cluster, follower).length > uncommitted, () => says({ en: `${follower} did not receive ${old}'s ${uncommitted} entries`, ko: `${follower}에 ${old}의 entry ${uncommitted}개가 도착하지 않았습니다` }));
    }
    cluster.crash(follower);
    cluster.disconnect(old);
    const second = cluster.checkOneLeader(others);
    // From here on the leaders hear no follower but `follower`: nothing after "a" commits, so a
    // follower that takes entries it cannot place does not also apply them (that would end the run
    // on a safety violation before this test could name the rule).
    cluster.sim.route((message) => (isReply(message) && message.from !== follower && isLeader(cluster, message.to) ? "drop" : "pass"));
    startOn(cluster, second, "b");
    startOn(cluster, second, "c");
    cluster.sim.runUntil(() => others.every((id) => logOf(cluster, id).length >= 3), { timeoutMs: 200 });
    ctx.premise(others.every((id) => logOf(cluster, id).length >= 3), () => says({ en: `${others.join(", ")} did not all receive "b" and "c" from ${second}`, ko: `${others.join(", ")} 모두에 ${second}의 "b"와 "c"가 도착하지는 않았습니다` }));
    // A leader sets nextIndex past its own log when elected: one elected now sends "d" after index 3.
    cluster.crash(second);
    cluster.restart(second);
    const leader = cluster.checkOneLeader(others);
    startOn(cluster, leader, "d");
    const requests = new Set<number>();
    cluster.sim.route((message) => {
      if (message.from === leader && message.to === follower) requests.add(message.msgId);
      return isReply(message) && message.from !== follower && isLeader(cluster, message.to) ? "drop" : "pass";
    });
    cluster.restart(follower);
    const before = logOf(cluster, follower).slice();
    const checkFollower = (atMs: number) => {
      const after = logOf(cluster, follower);
      const leaderLog = logOf(cluster, leader);
      const unchanged = after.length === before.length && after.every((entry, i) => sameEntry(entry, before[i]));
      check(unchanged || isPrefixOf(after, leaderLog), () => says({
        en: `rule append-consistency-check: ${follower} (log ${showLog(before)}) got an AppendEntries from ${leader}, leader of term ${termOf(cluster, leader)} with log ${showLog(leaderLog)}, at t=${atMs}ms, and its log became ${showLog(after)}: entries of ${leader} placed where ${follower} ${how.en}. A follower whose log has no entry at prevLogIndex with term prevLogTerm answers false and changes nothing; the leader then backs up (Figure 2, AppendEntries 2)`,
        ko: `규칙 append-consistency-check: ${follower} 서버(로그 ${showLog(before)})가 t=${atMs}ms에 term ${termOf(cluster, leader)}의 leader인 ${leader}(로그 ${showLog(leaderLog)})에게서 AppendEntries를 받고 로그가 ${showLog(after)}가 되었습니다. ${follower} 서버는 ${how.ko}데도 ${leader}의 엔트리를 받아들였습니다. prevLogIndex 위치에 term이 prevLogTerm인 엔트리가 없는 follower는 false로 답하고 아무것도 바꾸지 않아야 하며, 그러면 leader가 한 칸씩 물러섭니다 (Figure 2, AppendEntries 2)`,
      }));
    };
    const deadline = cluster.sim.now + 500;
    while (cluster.sim.now < deadline && !sameEntry(logOf(cluster, follower)[3], logOf(cluster, leader)[3])) {
      let delivery;
      try {
        delivery = runUntilDelivered(cluster, (id) => requests.has(id), deadline - cluster.sim.now);
      } catch (error) {
        // The safety checks run after every event and may stop the run on the very delivery that broke the rule: name the rule first.
        if (error instanceof RaftTestFailure) checkFollower(cluster.sim.now);
        throw error;
      }
      if (!delivery) break;
      checkFollower(delivery.t);
      ctx.premise(isLeader(cluster, leader), () => says({ en: `${leader} lost its leadership`, ko: `${leader}에서 leader 자리를 잃었습니다` }));
    }
  });
}

/**
 * A candidate meets a leader: `candidate` is down from the start (term 0) while the others elect,
 * commit "a", and, the first leader cut off, elect a second leader, which commits "b". Restarted
 * and hearing nothing, `candidate` runs elections alone until it is a candidate in the term
 * `candidateTerm` picks from the leader's; then the leader's requests reach it, and its replies the leader. Returns what
 * `check` needs: the candidate, the leader and their terms, and the first request's delivery time.
 */
function candidateMeetsLeader(
  ctx: TestContext,
  cluster: RaftCluster,
  candidateTerm: (leaderTerm: number) => number,
): { candidate: NodeId; leader: NodeId; term: number; leaderTerm: number; atMs: number } {
  const [candidate] = pickServers(ctx, cluster.servers, 1);
  cluster.crash(candidate);
  const first = cluster.checkOneLeader();
  cluster.one("a", 4, true);
  cluster.disconnect(first);
  const others = cluster.servers.filter((id) => id !== first && id !== candidate);
  const leader = cluster.checkOneLeader(others);
  cluster.one("b", 3, true);
  const leaderTerm = termOf(cluster, leader);
  const term = candidateTerm(leaderTerm);
  ctx.premise(term >= 1, () => says({ en: `the leader's term ${leaderTerm} leaves no earlier term for a candidate`, ko: `leader의 term(${leaderTerm})보다 이른 term이 없어 candidate를 만들 수 없습니다` }));
  cluster.sim.route((message) => (message.from === candidate || message.to === candidate ? "drop" : "pass"));
  cluster.restart(candidate);
  const { reached } = cluster.sim.runUntil(() => cluster.node(candidate)?.inspect().role === "candidate" && termOf(cluster, candidate) === term, { timeoutMs: 3_000 });
  ctx.premise(reached, () => says({ en: `${candidate}, alone, did not become a candidate in term ${term} (it is in term ${termOf(cluster, candidate)})`, ko: `혼자 남은 ${candidate}에서 term ${term}의 candidate가 되지 않았습니다 (현재 term ${termOf(cluster, candidate)})` }));
  ctx.premise(isLeader(cluster, leader) && termOf(cluster, leader) === leaderTerm, () => says({ en: `${leader} lost its leadership`, ko: `${leader}에서 leader 자리를 잃었습니다` }));
  const requests = new Set<number>();
  cluster.sim.route((message) => {
    if (message.from === leader && message.to === candidate) {
      requests.add(message.msgId);
      return "pass";
    }
    if (message.from === candidate && message.to === leader && isReply(message)) return "pass";
    return message.from === candidate || message.to === candidate ? "drop" : "pass";
  });
  const delivery = runUntilDelivered(cluster, (id) => requests.has(id), 200);
  ctx.premise(delivery !== undefined, () => says({ en: `no request of ${leader} reached ${candidate}`, ko: `${leader}의 요청이 ${candidate}에 하나도 닿지 않았습니다` }));
  return { candidate, leader, term, leaderTerm, atMs: delivery?.t ?? cluster.sim.now };
}

export const tests: GradedTest[] = [
  {
    name: "append-refused-past-log-end",
    points: 3,
    visibility: "hidden",
    description: "a follower that comes back with a short log gets an AppendEntries whose prevLogIndex is past its last entry: it refuses it and appends nothing",
    descriptionIn: { ko: "짧은 로그를 가지고 돌아온 follower가 prevLogIndex가 자기 마지막 엔트리 너머인 AppendEntries를 받는다: 거절하고 아무것도 덧붙이지 않는다" },
    rules: ["append-consistency-check"],
    seeds: 3,
    run: (ctx) => rejoinBehindNewLeader(ctx, 0, { en: "has no entry at prevLogIndex (its log is shorter)", ko: "prevLogIndex 위치에 엔트리가 없는(로그가 더 짧은)" }),
  },
  {
    name: "append-refused-on-term-mismatch",
    points: 3,
    visibility: "hidden",
    description: "a follower that holds uncommitted entries of an old leader gets an AppendEntries whose prevLogIndex holds an entry of another term: it refuses it and changes nothing",
    descriptionIn: { ko: "이전 leader의 커밋되지 않은 엔트리를 가진 follower가 prevLogIndex 위치에 다른 term의 엔트리가 있는 AppendEntries를 받는다: 거절하고 아무것도 바꾸지 않는다" },
    rules: ["append-consistency-check"],
    seeds: 3,
    run: (ctx) => rejoinBehindNewLeader(ctx, 4, { en: "holds an entry of another term than prevLogTerm at prevLogIndex", ko: "prevLogIndex 위치에 prevLogTerm과 다른 term의 엔트리를 가지고 있는" }),
  },
  {
    name: "candidate-yields-to-leader-of-its-term",
    points: 3,
    visibility: "hidden",
    description: "a candidate gets AppendEntries from the leader of its own term: it becomes a follower at once and takes the leader's entries",
    descriptionIn: { ko: "candidate가 자기와 같은 term의 leader에게서 AppendEntries를 받는다: 즉시 follower가 되고 leader의 엔트리를 받아들인다" },
    rules: ["candidate-yields-to-leader"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const { candidate, leader, term, atMs } = candidateMeetsLeader(ctx, cluster, (leaderTerm) => leaderTerm);
        const role = cluster.node(candidate)?.inspect().role;
        check(role === "follower" && termOf(cluster, candidate) === term, () => says({
          en: `rule candidate-yields-to-leader: ${candidate}, a candidate in term ${term}, got an AppendEntries from ${leader}, leader of that same term, at t=${atMs}ms and is now ${role} in term ${termOf(cluster, candidate)}: a candidate that hears from the leader of its term becomes its follower (Figure 2, Candidates: "If AppendEntries RPC received from new leader: convert to follower")`,
          ko: `규칙 candidate-yields-to-leader: term ${term}의 candidate인 ${candidate} 서버가 t=${atMs}ms에 같은 term의 leader인 ${leader}에게서 AppendEntries를 받았는데, 지금 term ${termOf(cluster, candidate)}의 ${role}입니다. 자기 term의 leader에게서 소식을 들은 candidate는 그 leader의 follower가 되어야 합니다 (Figure 2, Candidates: "If AppendEntries RPC received from new leader: convert to follower")`,
        }));
        const { reached } = cluster.sim.runUntil(() => isPrefixOf(logOf(cluster, leader), logOf(cluster, candidate)), { timeoutMs: 500 });
        check(reached, () => says({
          en: `rule candidate-yields-to-leader: ${candidate} followed ${leader} from t=${atMs}ms but 500 ms later its log is ${showLog(logOf(cluster, candidate))} and the leader's ${showLog(logOf(cluster, leader))}: the candidate that steps down takes the leader's entries like any follower (Figure 2, Candidates; AppendEntries 3 and 4)`,
          ko: `규칙 candidate-yields-to-leader: ${candidate} 서버가 t=${atMs}ms부터 ${leader}를 따랐지만 500 ms 뒤에도 로그가 ${showLog(logOf(cluster, candidate))}이고 leader의 로그는 ${showLog(logOf(cluster, leader))}입니다. 물러난 candidate도 다른 follower처럼 leader의 엔트리를 받아들여야 합니다 (Figure 2, Candidates; AppendEntries 3, 4)`,
        }));
      });
    },
  },
  {
    name: "higher-term-in-append-request",
    points: 3,
    visibility: "hidden",
    description: "a candidate of an older term gets AppendEntries from a leader of a newer term: it adopts that term and becomes a follower at once",
    descriptionIn: { ko: "이전 term의 candidate가 더 새로운 term의 leader에게서 AppendEntries를 받는다: 그 term을 받아들이고 즉시 follower가 된다" },
    rules: ["higher-term-request-steps-down"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const { candidate, leader, term, leaderTerm, atMs } = candidateMeetsLeader(ctx, cluster, (t) => t - 1);
        const now = cluster.node(candidate)?.inspect();
        check(now?.role === "follower" && now.term === leaderTerm, () => says({
          en: `rule higher-term-request-steps-down: ${candidate}, a candidate in term ${term}, got an AppendEntries of term ${leaderTerm} from ${leader} at t=${atMs}ms and is now ${now?.role} in term ${now?.term}: a request with a higher term makes the receiver adopt that term and become a follower at once (Figure 2, All servers)`,
          ko: `규칙 higher-term-request-steps-down: term ${term}의 candidate인 ${candidate} 서버가 t=${atMs}ms에 ${leader}에게서 term ${leaderTerm}의 AppendEntries를 받았는데, 지금 term ${now?.term}의 ${now?.role}입니다. 더 큰 term의 요청을 받은 서버는 그 term을 받아들이고 즉시 follower가 되어야 합니다 (Figure 2, All servers)`,
        }));
      });
    },
  },
  {
    name: "higher-term-in-vote-request",
    points: 3,
    visibility: "hidden",
    description: "a leader gets a RequestVote of a higher term from a candidate whose log lacks a committed entry: it refuses the vote, but adopts the term and becomes a follower, which sends no heartbeats",
    descriptionIn: { ko: "leader가 커밋된 엔트리가 빠진 로그를 가진 candidate에게서 더 큰 term의 RequestVote를 받는다: 투표는 거절하지만 그 term을 받아들이고 follower가 되며, 그 뒤로 heartbeat를 보내지 않는다" },
    rules: ["higher-term-request-steps-down"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, true);
        const leader = cluster.checkOneLeader();
        const candidate = pickOtherThan(ctx, cluster, leader);
        cluster.disconnect(candidate);
        cluster.one("b", 4, true);
        const term = termOf(cluster, leader);
        raiseTermAlone(ctx, cluster, candidate, Math.max(...cluster.servers.map((id) => termOf(cluster, id))));
        // Back on the network, the candidate's only words reach the leader: its requests; it hears nothing.
        const sentTerm = new Map<number, number>();
        // What the leader sends of its own accord (not a reply), with its term and role as it sends it.
        const ownSends: { t: number; term: number; role: string | undefined }[] = [];
        cluster.sim.route((message) => {
          if (message.from === leader && !isReply(message)) ownSends.push({ t: cluster.sim.now, term: termOf(cluster, leader), role: cluster.node(leader)?.inspect().role });
          if (message.to === candidate) return "drop";
          if (message.from !== candidate) return "pass";
          if (message.to !== leader || isReply(message)) return "drop";
          sentTerm.set(message.msgId, termOf(cluster, candidate));
          return "pass";
        });
        cluster.connect(candidate);
        const delivery = runUntilDelivered(cluster, (id) => sentTerm.has(id), 1_000);
        ctx.premise(delivery !== undefined, () => says({ en: `no RequestVote of ${candidate} reached ${leader}`, ko: `${candidate}의 RequestVote가 ${leader}에 하나도 닿지 않았습니다` }));
        const higher = sentTerm.get(delivery?.msgId ?? -1) ?? 0;
        ctx.premise(higher > term, () => says({ en: `${candidate} asked in term ${higher}, not above ${term}`, ko: `${candidate}의 요청은 term ${higher}의 것으로, ${term}보다 크지 않습니다` }));
        const now = cluster.node(leader)?.inspect();
        if (now?.role === "leader" || (now?.term ?? 0) < higher) {
          fail(says({
            en: `rule higher-term-request-steps-down: ${leader}, leader of term ${term}, got a RequestVote of term ${higher} from ${candidate} at t=${delivery?.t}ms (${candidate}'s log lacks the committed "b", so the vote is refused) and is now ${now?.role} in term ${now?.term}: a request with a higher term makes the receiver adopt that term and become a follower, even when it refuses the request (Figure 2, All servers)`,
            ko: `규칙 higher-term-request-steps-down: term ${term}의 leader인 ${leader} 서버가 t=${delivery?.t}ms에 ${candidate}에게서 term ${higher}의 RequestVote를 받았는데(${candidate}의 로그에는 커밋된 "b"가 없으므로 투표는 거절됨), 지금 term ${now?.term}의 ${now?.role}입니다. 더 큰 term의 요청을 받은 서버는 요청을 거절하더라도 그 term을 받아들이고 follower가 되어야 합니다 (Figure 2, All servers)`,
          }));
        }
        // A follower now, it sends nothing of its own in that term: no heartbeat of the term it led goes on ticking.
        const steppedDownAt = delivery?.t ?? cluster.sim.now;
        cluster.sim.runFor(ELECTION_TIMEOUT_MIN_MS - 50);
        const asFollower = ownSends.filter((send) => send.t >= steppedDownAt && send.term === higher && send.role === "follower");
        check(asFollower.length === 0, () => says({
          en: `rule higher-term-request-steps-down: ${leader} stepped down at t=${steppedDownAt}ms to follow term ${higher}, yet as a follower of that term it sent ${asFollower.length} request(s) of its own within ${ELECTION_TIMEOUT_MIN_MS - 50} ms (first at t=${asFollower[0]?.t}ms): its heartbeat timer of term ${term} still ran and sent AppendEntries in the new term. A server that steps down is a follower: only a leader sends heartbeats, and a heartbeat timer of a term it no longer leads does nothing (Figure 2, All servers and Leaders)`,
          ko: `규칙 higher-term-request-steps-down: ${leader} 서버가 t=${steppedDownAt}ms에 term ${higher}를 따르는 follower로 내려왔는데, 그 term의 follower인 채로 ${ELECTION_TIMEOUT_MIN_MS - 50} ms 안에 스스로 요청을 ${asFollower.length}개 보냈습니다 (처음은 t=${asFollower[0]?.t}ms). term ${term}의 heartbeat 타이머가 계속 돌면서 새 term으로 AppendEntries를 보낸 것입니다. 내려온 서버는 follower입니다: heartbeat는 leader만 보내고, 더는 이끌지 않는 term의 heartbeat 타이머는 아무 일도 하지 않아야 합니다 (Figure 2, All servers, Leaders)`,
        }));
      });
    },
  },
  {
    name: "vote-refused-to-older-term",
    points: 3,
    visibility: "hidden",
    description: "a RequestVote of an older term, held back, reaches a server that has not voted in its newer term: it refuses the vote",
    descriptionIn: { ko: "붙잡혀 있던 이전 term의 RequestVote가, 더 새로운 자기 term에서 아직 투표하지 않은 서버에 도착한다: 투표를 거절한다" },
    rules: ["stale-vote-request-refused"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        // The voter is down from the start: the RequestVotes (sent by candidates) of the first election to it are held.
        const [voter] = pickServers(ctx, cluster.servers, 1);
        cluster.crash(voter);
        const sentTerm = new Map<number, number>();
        cluster.sim.route((message) => {
          if (message.to !== voter) return "pass";
          if (cluster.node(message.from)?.inspect().role !== "candidate") return "drop";
          sentTerm.set(message.msgId, termOf(cluster, message.from));
          return "hold";
        });
        const first = cluster.checkOneLeader();
        // A second leader, of a newer term, the first one down: the held requests are now of an older term.
        // (Down, not cut off: its held request still reaches the voter, and it runs no elections meanwhile.)
        cluster.sim.route((message) => (message.to === voter ? "drop" : "pass"));
        cluster.crash(first);
        const leader = cluster.checkOneLeader(cluster.servers.filter((id) => id !== first && id !== voter));
        const term = termOf(cluster, leader);
        const stale = cluster.sim.heldMessages().find((message) => (sentTerm.get(message.msgId) ?? term) < term);
        ctx.premise(stale !== undefined, () => says({ en: `no RequestVote of a term below ${term} was held for ${voter}`, ko: `${voter}에 보낼, term ${term}보다 작은 RequestVote를 하나도 붙잡아 두지 못했습니다` }));
        // The voter comes back and follows the new leader (adopting its term, with no vote cast in it)...
        cluster.sim.route(undefined);
        cluster.restart(voter);
        cluster.sim.runUntil(() => termOf(cluster, voter) === term, { timeoutMs: 200 });
        const before = cluster.node(voter)?.inspect();
        ctx.premise(before?.term === term && before.votedFor === null, () => says({ en: `${voter} did not follow ${leader} in term ${term} without a vote of its own (it is in term ${before?.term}, votedFor ${before?.votedFor})`, ko: `${voter}에서 자기 표 없이 term ${term}의 leader ${leader}의 follower가 되지 않았습니다 (현재 term ${before?.term}, votedFor ${before?.votedFor})` }));
        // ...then gets the older term's request, from a candidate whose log is as up to date as its own.
        cluster.sim.release(stale?.msgId as number);
        const delivery = runUntilDelivered(cluster, (id) => id === stale?.msgId, 10);
        ctx.premise(delivery !== undefined, says({ en: "the held RequestVote was not delivered", ko: "붙잡아 둔 RequestVote가 전달되지 않았습니다" }));
        const after = cluster.node(voter)?.inspect();
        check(after?.votedFor !== stale?.from, () => says({
          en: `rule stale-vote-request-refused: ${voter}, in term ${term}, granted its vote to ${stale?.from} at t=${delivery?.t}ms for a RequestVote of the older term ${sentTerm.get(stale?.msgId ?? -1)} (held back since the first election): a RequestVote of an older term is answered false with the receiver's term (Figure 2, RequestVote 1)`,
          ko: `규칙 stale-vote-request-refused: term ${term}에 있는 ${voter} 서버가 t=${delivery?.t}ms에 이전 term ${sentTerm.get(stale?.msgId ?? -1)}의 RequestVote(첫 선거 때부터 붙잡혀 있던 것)에 대해 ${stale?.from}에게 투표했습니다. 이전 term의 RequestVote에는 받는 쪽의 term을 담아 false로 답해야 합니다 (Figure 2, RequestVote 1)`,
        }));
      });
    },
  },
  {
    name: "late-append-keeps-commit-index",
    points: 3,
    visibility: "hidden",
    description: "a copy of an old AppendEntries, whose leaderCommit is below what the follower has committed since, arrives late: the follower's commitIndex stays where it was",
    descriptionIn: { ko: "오래된 AppendEntries의 사본이 늦게 도착하는데, 그 leaderCommit은 follower가 그 뒤에 커밋한 것보다 작다: follower의 commitIndex는 그대로다" },
    rules: ["commit-monotonic"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, { servers: 3 }, (cluster) => {
        cluster.one("a", 3, true);
        const leader = cluster.checkOneLeader();
        const follower = pickOtherThan(ctx, cluster, leader);
        // The leader's next request to the follower (it commits index 1 at most) is delivered, and a copy held.
        let held: number | undefined;
        cluster.sim.route((message) => {
          if (held !== undefined || message.from !== leader || message.to !== follower || isReply(message)) return "pass";
          held = message.msgId;
          return "copy";
        });
        cluster.sim.runUntil(() => held !== undefined, { timeoutMs: 200 });
        ctx.premise(held !== undefined, () => says({ en: `${leader} sent ${follower} nothing for 200 ms`, ko: `${leader}에서 200 ms 동안 ${follower}에 아무것도 보내지 않았습니다` }));
        const term = termOf(cluster, leader);
        for (const command of ["b", "c", "d"]) cluster.one(command, 3, false);
        cluster.sim.runUntil(() => (cluster.node(follower)?.inspect().commitIndex ?? 0) >= 4, { timeoutMs: 500 });
        const before = cluster.node(follower)?.inspect().commitIndex ?? 0;
        ctx.premise(before >= 4 && isLeader(cluster, leader) && termOf(cluster, leader) === term, () => says({ en: `${follower} did not commit index 4 under ${leader} in term ${term} (its commitIndex is ${before})`, ko: `${follower}에서 term ${term}의 leader ${leader} 아래 4번 인덱스를 커밋하지 않았습니다 (commitIndex ${before})` }));
        // The copy, sent when at most index 1 was committed, arrives now.
        cluster.sim.release(held as number);
        const checkRule = (atMs: number) => {
          const after = cluster.node(follower)?.inspect().commitIndex ?? 0;
          check(after >= before, () => says({
            en: `rule commit-monotonic: ${follower} had committed up to index ${before}; at t=${atMs}ms a late copy of an AppendEntries of ${leader} (same term ${term}, sent when at most index 1 was committed) arrived, and its commitIndex is now ${after}: commitIndex only increases (Figure 2), so a request whose leaderCommit or last new entry is below it leaves it as it is`,
            ko: `규칙 commit-monotonic: ${follower}는 ${before}번 인덱스까지 커밋했는데, t=${atMs}ms에 ${leader}의 AppendEntries 사본(같은 term ${term}, 1번 인덱스까지만 커밋되었을 때 보낸 것)이 늦게 도착한 뒤 commitIndex가 ${after}입니다. commitIndex는 늘기만 하므로 (Figure 2), leaderCommit이나 마지막 새 entry가 그보다 작은 요청은 commitIndex를 그대로 두어야 합니다`,
          }));
        };
        let delivery;
        try {
          delivery = runUntilDelivered(cluster, (id) => id === held, 100);
        } catch (error) {
          if (error instanceof RaftTestFailure) checkRule(cluster.sim.now);
          throw error;
        }
        ctx.premise(delivery !== undefined, says({ en: "the held copy was not delivered", ko: "붙잡아 둔 사본이 전달되지 않았습니다" }));
        checkRule(delivery?.t ?? cluster.sim.now);
      });
    },
  },
];
