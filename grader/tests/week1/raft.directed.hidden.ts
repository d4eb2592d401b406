/**
 * Week 1, Raft, hidden: directed tests. Each scripts the one schedule that breaks one rule of
 * Figure 2 and looks at the rule itself, at the instant it applies, so it fails on every seed
 * when that rule alone is broken (the seed only moves delays and timeouts around). The schedules
 * use the simulator's routing (src/sim/routing.ts): single messages dropped, held and released
 * late, or delivered twice. Messages are recognised by sender, receiver, time and what the sender
 * was handling (a reply is sent while handling a message from its receiver), never by the
 * learner's message format. The rules are in raft.rules.md.
 */
import type { NodeId } from "../../../src/contracts/node";
import type { RaftCluster } from "../../../src/harness/raft";
import { isReply, type RoutedMessage } from "../../../src/sim";
import { check, fail, says, type GradedTest, type TestContext } from "../../api";
import { ELECTION_TIMEOUT_MIN_MS, isLeader, lastOf, raiseTermAlone, runUntilDelivered, termOf } from "./hidden/raft-schedules";
import { HEARTBEAT_MS, pickOtherThan, pickServers, raftScenario, startOn } from "./raft-helpers";

/**
 * Every follower but `voter` keeps running elections with no one hearing them, while `voter` is
 * down; their RequestVotes to `voter` are held (with each candidate's term when it sent it), all
 * else is dropped. Returns the held requests once the candidates' terms have climbed a while.
 */
function heldVoteRequests(ctx: TestContext, cluster: RaftCluster): { voter: NodeId; term: number; requests: (RoutedMessage & { term: number })[] } {
  const leader = cluster.checkOneLeader();
  const voter = pickOtherThan(ctx, cluster, leader);
  const term = termOf(cluster, voter);
  const terms = new Map<number, number>();
  cluster.crash(voter);
  cluster.sim.route((message) => {
    if (message.to !== voter || message.from === leader) return "drop";
    terms.set(message.msgId, termOf(cluster, message.from));
    return "hold";
  });
  cluster.sim.runFor(1_500);
  const requests = cluster.sim.heldMessages().map((message) => ({ ...message, term: terms.get(message.msgId) ?? -1 }));
  return { voter, term, requests };
}

/**
 * Let `candidate`'s requests reach the `voters` for a second, and nothing reach it (it can neither
 * win nor learn): right after each request is delivered, the voter must not have voted for it.
 */
function expectNoVoteFor(ctx: TestContext, cluster: RaftCluster, candidate: NodeId, voters: NodeId[]): void {
  const requests = new Set<number>();
  cluster.sim.route((message) => {
    if (message.to === candidate) return "drop";
    if (message.from === candidate && voters.includes(message.to)) requests.add(message.msgId);
    return "pass";
  });
  cluster.connect(candidate);
  const deadline = cluster.sim.now + 1_000;
  let asked = 0;
  while (cluster.sim.now < deadline) {
    const delivery = runUntilDelivered(cluster, (id) => requests.has(id), deadline - cluster.sim.now);
    if (!delivery) break;
    asked++;
    const voter = cluster.node(delivery.to)?.inspect();
    const term = termOf(cluster, candidate);
    if (voter && voter.votedFor === candidate && voter.term === term) {
      fail(says({ en: `rule election-restriction: ${delivery.to} granted its vote to ${candidate} in term ${term} at t=${delivery.t}ms although ${candidate}'s log ends at ${lastOf(cluster, candidate)} and ${delivery.to}'s at ${lastOf(cluster, delivery.to)}: a vote goes only to a candidate whose log is at least as up to date (a later last term, or the same last term and at least the same length; §5.4.1)`, ko: `규칙 election-restriction: ${delivery.to} 서버가 term ${term}에서 t=${delivery.t}ms에 ${candidate}에게 투표했지만 ${candidate}의 로그는 ${lastOf(cluster, candidate)}에서, ${delivery.to}의 로그는 ${lastOf(cluster, delivery.to)}에서 끝납니다. 로그가 적어도 자기만큼 최신인 candidate에게만 투표해야 합니다 (마지막 term이 더 크거나, 마지막 term이 같고 길이가 같거나 더 길어야 함; §5.4.1)` }));
    }
  }
  ctx.premise(asked > 0, () => says({ en: `no request of ${candidate} reached ${voters.join(", ")}`, ko: `${candidate}의 요청이 ${voters.join(", ")}에 하나도 닿지 않았습니다` }));
}

export const tests: GradedTest[] = [
  {
    name: "higher-term-in-append-reply",
    points: 3,
    visibility: "hidden",
    description: "a leader that gets an AppendEntries reply carrying a higher term becomes a follower at once",
    descriptionIn: { ko: "더 큰 term을 담은 AppendEntries 응답을 받은 leader는 즉시 follower가 된다" },
    rules: ["higher-term-reply-steps-down", "stale-term-request-answered"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const leader = cluster.checkOneLeader();
        const follower = pickOtherThan(ctx, cluster, leader);
        const higher = raiseTermAlone(ctx, cluster, follower, termOf(cluster, leader));
        const term = termOf(cluster, leader);
        ctx.premise(isLeader(cluster, leader), () => says({ en: `${leader} stopped leading while ${follower} was cut off`, ko: `${follower}의 연결이 끊긴 동안 ${leader}에서 leader를 그만두었습니다` }));
        // Back on the network, the follower's only words reach the leader: its replies to it.
        const replies = new Set<number>();
        cluster.sim.route((message) => {
          if (message.from !== follower) return "pass";
          if (!(isReply(message) && message.to === leader)) return "drop";
          replies.add(message.msgId);
          return "pass";
        });
        cluster.connect(follower);
        const reply = runUntilDelivered(cluster, (id) => replies.has(id), 1_000);
        check(reply !== undefined, () => says({ en: `rule stale-term-request-answered: ${follower} (term ${higher}) sent no reply to the AppendEntries of ${leader}, leader of the older term ${term}, in 1 s: a request of an older term is answered with the receiver's term, so the old leader learns it is stale (Figure 2, AppendEntries 1)`, ko: `규칙 stale-term-request-answered: ${follower} 서버(term ${higher})가 이전 term ${term}의 leader인 ${leader}의 AppendEntries에 1 s 동안 응답하지 않았습니다. 이전 term의 요청에는 받는 쪽의 term을 담아 답해야 이전 leader가 자기가 뒤처졌음을 압니다 (Figure 2, AppendEntries 1)` }));
        const now = cluster.node(leader)?.getState();
        check(!now?.isLeader || now.term > term, () => says({ en: `rule higher-term-reply-steps-down: ${leader}, leader of term ${term}, got ${follower}'s reply (${follower} is in term ${termOf(cluster, follower)}) at t=${reply?.t}ms and is still leader of term ${now?.term}: a reply with a higher term makes a leader a follower of that term at once (Figure 2, All servers)`, ko: `규칙 higher-term-reply-steps-down: term ${term}의 leader인 ${leader} 서버가 t=${reply?.t}ms에 ${follower}의 응답(${follower} 서버는 term ${termOf(cluster, follower)})을 받고도 여전히 term ${now?.term}의 leader입니다. 더 큰 term을 담은 응답을 받은 leader는 즉시 그 term의 follower가 되어야 합니다 (Figure 2, All servers)` }));
      });
    },
  },
  {
    name: "higher-term-in-vote-reply",
    points: 3,
    visibility: "hidden",
    description: "a new leader that then gets a vote reply carrying a higher term becomes a follower at once",
    descriptionIn: { ko: "막 선출된 leader가 더 큰 term을 담은 투표 응답을 받으면 즉시 follower가 된다" },
    rules: ["higher-term-reply-steps-down"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const first = cluster.checkOneLeader();
        const [voter] = pickServers(ctx, cluster.servers.filter((id) => id !== first), 1);
        const higher = raiseTermAlone(ctx, cluster, voter, termOf(cluster, first) + 2);
        // The voter's replies are held; it says nothing else. The old leader leaves: the rest elect anew.
        const sentTerm = new Map<number, number>();
        cluster.sim.route((message) => {
          if (message.from !== voter) return "pass";
          if (!isReply(message)) return "drop";
          sentTerm.set(message.msgId, termOf(cluster, voter));
          return "hold";
        });
        cluster.connect(voter);
        cluster.disconnect(first);
        const others = cluster.servers.filter((id) => id !== first && id !== voter);
        const leader = cluster.checkOneLeader(others);
        const term = termOf(cluster, leader);
        const since = [...cluster.watcher.leaderships].reverse().find((l) => l.node === leader)?.sinceMs ?? cluster.sim.now;
        const sends = cluster.sim.trace.ofKind("send");
        const sentAt = (msgId: number) => sends.find((send) => send.msgId === msgId)?.t ?? Infinity;
        // A reply to what the new leader sent before it led: an answer to its RequestVote.
        const voteReply = cluster.sim.heldMessages().find((m) => m.to === leader && m.cause.kind === "message" && sentAt(m.cause.msgId) < since);
        ctx.premise(voteReply !== undefined, () => says({ en: `${voter} answered no RequestVote of ${leader} before ${leader} won term ${term}`, ko: `${leader}에서 term ${term}의 선거에 이기기 전에 ${voter}에서 ${leader}의 RequestVote에 하나도 답하지 않았습니다` }));
        ctx.premise((sentTerm.get(voteReply?.msgId ?? -1) ?? 0) > term, () => says({ en: `${voter} was not in a term above ${term} when it answered`, ko: `${voter}에서 답할 때 그 term이 ${term}보다 크지 않았습니다` }));
        cluster.sim.release(voteReply?.msgId as number);
        const delivered = runUntilDelivered(cluster, (id) => id === voteReply?.msgId, 100);
        ctx.premise(delivered !== undefined, says({ en: "the held vote reply was not delivered", ko: "붙잡아 둔 투표 응답이 전달되지 않았습니다" }));
        const now = cluster.node(leader)?.getState();
        check(!now?.isLeader || now.term > term, () => says({ en: `rule higher-term-reply-steps-down: ${leader}, leader of term ${term}, got ${voter}'s reply to its RequestVote (${voter} is in term ${higher}) at t=${delivered?.t}ms and is still leader of term ${now?.term}: a reply with a higher term makes any server a follower of that term at once, even a reply that comes after the election (Figure 2, All servers)`, ko: `규칙 higher-term-reply-steps-down: term ${term}의 leader인 ${leader} 서버가 t=${delivered?.t}ms에 자기 RequestVote에 대한 ${voter}의 응답(${voter} 서버는 term ${higher})을 받고도 여전히 term ${now?.term}의 leader입니다. 더 큰 term을 담은 응답은 선거 뒤에 도착했더라도 어느 서버든 즉시 그 term의 follower로 만들어야 합니다 (Figure 2, All servers)` }));
      });
    },
  },
  {
    name: "vote-denied-to-stale-log",
    points: 4,
    visibility: "hidden",
    description: "a candidate whose log lacks a committed entry asks every other server for its vote: none grants it",
    descriptionIn: { ko: "커밋된 entry가 로그에 없는 candidate가 다른 모든 서버에 투표를 요청한다: 아무도 표를 주지 않는다" },
    rules: ["election-restriction"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, true);
        const leader = cluster.checkOneLeader();
        const candidate = pickOtherThan(ctx, cluster, leader);
        cluster.disconnect(candidate);
        cluster.one("b", 4, true);
        raiseTermAlone(ctx, cluster, candidate, Math.max(...cluster.servers.map((id) => termOf(cluster, id))));
        expectNoVoteFor(ctx, cluster, candidate, cluster.servers.filter((id) => id !== candidate));
      });
    },
  },
  {
    name: "vote-denied-to-longer-older-log",
    points: 3,
    visibility: "hidden",
    description: "a candidate with a longer log whose last entry is of an older term asks the servers that hold a newer term's entry: none grants it",
    descriptionIn: { ko: "로그는 더 길지만 마지막 entry의 term이 더 오래된 candidate가 더 새로운 term의 entry를 가진 서버들에 투표를 요청한다: 아무도 표를 주지 않는다" },
    rules: ["election-restriction"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, true);
        const old = cluster.checkOneLeader();
        const [candidate] = pickServers(ctx, cluster.servers.filter((id) => id !== old), 1);
        const voters = cluster.servers.filter((id) => id !== old && id !== candidate);
        // The old leader and the candidate pile up three entries that never commit...
        cluster.partition([[old, candidate], voters].map((group) => group.map((id) => id.slice(1)).join(",")).join("|"));
        for (const command of ["x1", "x2", "x3"]) startOn(cluster, old, command);
        cluster.sim.runUntil(() => (cluster.node(candidate)?.inspect().log.length ?? 0) >= 4, { timeoutMs: 500 });
        ctx.premise((cluster.node(candidate)?.inspect().log.length ?? 0) >= 4, () => says({ en: `${candidate} did not receive ${old}'s three entries`, ko: `${candidate}에 ${old}의 entry 세 개가 도착하지 않았습니다` }));
        // ...while the others commit one entry of a newer term: a shorter log, but more up to date.
        cluster.one("b", 3, true);
        cluster.disconnect(old);
        raiseTermAlone(ctx, cluster, candidate, Math.max(...voters.map((id) => termOf(cluster, id))));
        expectNoVoteFor(ctx, cluster, candidate, voters);
      });
    },
  },
  {
    name: "heartbeats-while-idle",
    points: 3,
    visibility: "hidden",
    description: "a leader with nothing to replicate still sends every follower something at least every 100 ms (heartbeats every 50 ms)",
    descriptionIn: { ko: "복제할 것이 없는 leader도 모든 follower에게 적어도 100 ms마다 무언가를 보낸다 (heartbeat는 50 ms마다)" },
    rules: ["idle-heartbeats"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const leader = cluster.checkOneLeader();
        const term = termOf(cluster, leader);
        const since = [...cluster.watcher.leaderships].reverse().find((l) => l.node === leader)?.sinceMs ?? cluster.sim.now;
        const { atMs: until } = cluster.sim.runUntil(() => !isLeader(cluster, leader) || termOf(cluster, leader) !== term, { timeoutMs: 1_000 });
        const sends = cluster.sim.trace.ofKind("send").filter((send) => send.from === leader && send.t >= since && send.t <= until);
        const gapMax = 2 * HEARTBEAT_MS;
        for (const follower of cluster.servers.filter((id) => id !== leader)) {
          let last = since;
          for (const t of [...sends.filter((send) => send.to === follower).map((send) => send.t), until]) {
            check(t - last <= gapMax, () => says({ en: `rule idle-heartbeats: ${leader}, leader of term ${term} since t=${since}ms, sent nothing to ${follower} from t=${last}ms to t=${t}ms (${Math.round(t - last)} ms) with nothing to replicate${t === until && until < since + 1_000 ? `, and lost its leadership then` : ""}: a leader sends heartbeats (empty AppendEntries) every heartbeatMs (${HEARTBEAT_MS} ms) while idle, or followers start elections after ${ELECTION_TIMEOUT_MIN_MS} ms (Figure 2, Leaders)`, ko: `규칙 idle-heartbeats: t=${since}ms부터 term ${term}의 leader인 ${leader} 서버가 복제할 것이 없는 동안 t=${last}ms부터 t=${t}ms까지 (${Math.round(t - last)} ms) ${follower}에게 아무것도 보내지 않았습니다${t === until && until < since + 1_000 ? `. 그 시점에 leader 자리도 잃었습니다` : ""}. leader는 할 일이 없을 때도 heartbeatMs(${HEARTBEAT_MS} ms)마다 heartbeat(빈 AppendEntries)를 보내야 합니다. 그렇지 않으면 follower들이 ${ELECTION_TIMEOUT_MIN_MS} ms 뒤에 선거를 시작합니다 (Figure 2, Leaders)` }));
            last = t;
          }
        }
      });
    },
  },
  {
    name: "vote-restarts-election-timer",
    points: 3,
    visibility: "hidden",
    description: "a follower that grants a vote every 90 ms and hears nothing else does not start an election of its own",
    descriptionIn: { ko: "90 ms마다 투표를 해 주고 그 밖에는 아무것도 듣지 못한 follower는 스스로 선거를 시작하지 않는다" },
    rules: ["grant-resets-timer"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const { voter, term, requests } = heldVoteRequests(ctx, cluster);
        // Three requests of rising terms, one every 90 ms from the voter's restart: each is a vote to grant.
        const chosen: typeof requests = [];
        for (const request of [...requests].sort((a, b) => a.term - b.term)) {
          if (request.term > Math.max(term, chosen[chosen.length - 1]?.term ?? -1)) chosen.push(request);
        }
        ctx.premise(chosen.length >= 3, () => says({ en: `the candidates reached only ${chosen.length} term(s) above ${term}`, ko: `candidate들이 term ${term}보다 큰 term에 ${chosen.length}번밖에 이르지 못했습니다` }));
        cluster.sim.route(() => "drop");
        cluster.restart(voter);
        const restartedAt = cluster.sim.now;
        chosen.slice(0, 3).forEach((request, i) => cluster.sim.release(request.msgId, { delayMs: 90 * (i + 1) }));
        let granted: { at: number; to: NodeId; term: number } | undefined;
        const { reached } = cluster.sim.runUntil(() => {
          const state = cluster.node(voter)?.inspect();
          if (state?.votedFor && state.votedFor !== voter && state.term > term && state.term !== granted?.term) granted = { at: cluster.sim.now, to: state.votedFor, term: state.term };
          return state !== undefined && state.role !== "follower";
        }, { timeoutMs: 270 + ELECTION_TIMEOUT_MIN_MS - 10 });
        if (reached) {
          const since = granted ? `its last vote, for ${granted.to} in term ${granted.term} at t=${granted.at}ms` : `its restart at t=${restartedAt}ms`;
          fail(says({ en: `rule grant-resets-timer: ${voter} became a candidate at t=${cluster.sim.now}ms, ${Math.round(cluster.sim.now - (granted?.at ?? restartedAt))} ms after ${since}, having heard nothing else; an election timeout is at least ${ELECTION_TIMEOUT_MIN_MS} ms and starts again whenever a follower grants a vote (Figure 2, Followers)`, ko: `규칙 grant-resets-timer: ${voter} 서버가 ${since} 뒤 ${Math.round(cluster.sim.now - (granted?.at ?? restartedAt))} ms 만인 t=${cluster.sim.now}ms에, 그 밖에는 아무것도 듣지 못한 채 candidate가 되었습니다. election timeout은 적어도 ${ELECTION_TIMEOUT_MIN_MS} ms이고, follower가 투표를 해 줄 때마다 다시 시작해야 합니다 (Figure 2, Followers)` }));
        }
      });
    },
  },
  {
    name: "one-vote-per-term",
    points: 3,
    visibility: "hidden",
    description: "two candidates of the same term ask one server for its vote: it grants at most one",
    descriptionIn: { ko: "같은 term의 candidate 둘이 한 서버에 투표를 요청한다: 그 서버는 많아야 한 표만 준다" },
    rules: ["vote-once"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const { voter, term, requests } = heldVoteRequests(ctx, cluster);
        const first = requests.find((r) => r.term > term && requests.some((other) => other.term === r.term && other.from !== r.from));
        const second = requests.find((r) => first !== undefined && r.term === first.term && r.from !== first.from);
        ctx.premise(first !== undefined && second !== undefined, () => says({ en: `no two candidates asked ${voter} for its vote in the same term`, ko: `같은 term에 두 candidate가 ${voter}에게 표를 요청한 적이 없습니다` }));
        cluster.sim.route(() => "drop");
        cluster.restart(voter);
        const votes: NodeId[] = [];
        for (const request of [first, second] as RoutedMessage[]) {
          cluster.sim.release(request.msgId);
          runUntilDelivered(cluster, (id) => id === request.msgId, 10);
          const state = cluster.node(voter)?.inspect();
          if (state?.votedFor === request.from && state.term === first?.term) votes.push(request.from);
        }
        check(votes.length <= 1, () => says({ en: `rule vote-once: ${voter} granted its vote to ${votes.join(" and then to ")}, both in term ${first?.term}: a server votes for at most one candidate per term (Figure 2, RequestVote 2)`, ko: `규칙 vote-once: ${voter} 서버가 같은 term ${first?.term}에서 ${votes.join("에게, 그다음 ")}에게 투표했습니다. 서버는 term마다 많아야 한 candidate에게만 투표합니다 (Figure 2, RequestVote 2)` }));
      });
    },
  },
  {
    name: "resends-lost-entries",
    points: 3,
    visibility: "hidden",
    description: "the leader's first AppendEntries carrying a new entry to one follower is lost; with no new command, the leader still gets the entry to it",
    descriptionIn: { ko: "새 entry를 담아 한 follower에게 보낸 leader의 첫 AppendEntries가 유실된다. 새 명령이 없어도 leader는 그 entry를 결국 전달한다" },
    rules: ["leader-retries"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const follower = pickOtherThan(ctx, cluster, leader);
        let lost: number | undefined;
        cluster.sim.route((message) => {
          if (lost !== undefined || message.from !== leader || message.to !== follower) return "pass";
          lost = message.msgId;
          return "drop";
        });
        const { index } = startOn(cluster, leader, "b");
        const { reached } = cluster.sim.runUntil(() => cluster.applied.get(follower)?.some((msg) => msg.index === index) === true, { timeoutMs: 1_000 });
        ctx.premise(isLeader(cluster, leader), () => says({ en: `${leader} lost its leadership`, ko: `${leader}에서 leader 자리를 잃었습니다` }));
        check(reached, () => says({ en: `rule leader-retries: the first message ${leader} sent ${follower} after start("b") (index ${index}) was lost, and ${follower} had not applied index ${index} 1 s later (its log: ${lastOf(cluster, follower)}); nobody called start() again: a leader keeps sending the entries from nextIndex on (heartbeats included) until each follower has them (Figure 2, Leaders)`, ko: `규칙 leader-retries: start("b")(${index}번 인덱스) 뒤에 ${leader} 서버가 ${follower}에게 보낸 첫 메시지가 유실되었고, 1 s 뒤에도 ${follower} 서버는 ${index}번 인덱스를 적용하지 않았습니다 (로그: ${lastOf(cluster, follower)}). 아무도 start()를 다시 호출하지 않았습니다. leader는 각 follower가 nextIndex부터의 entry를 가질 때까지 (heartbeat를 포함해) 계속 보내야 합니다 (Figure 2, Leaders)` }));
      });
    },
  },
  {
    name: "late-duplicate-append-keeps-log",
    points: 3,
    visibility: "hidden",
    description: "a copy of an old AppendEntries arrives after newer ones: the follower keeps the entries it already has",
    descriptionIn: { ko: "오래된 AppendEntries의 사본이 더 새로운 것들보다 늦게 도착한다: follower는 이미 가진 entry를 유지한다" },
    rules: ["no-truncation-on-match"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const follower = pickOtherThan(ctx, cluster, leader);
        let copied: number | undefined;
        cluster.sim.route((message) => {
          if (copied !== undefined || message.from !== leader || message.to !== follower) return "pass";
          copied = message.msgId;
          return "copy";
        });
        startOn(cluster, leader, "b");
        cluster.one("c", 5, false);
        const index = cluster.one("d", 5, false);
        const before = cluster.node(follower)?.inspect().log.slice(0, index).map((entry) => JSON.stringify(entry)) ?? [];
        ctx.premise(copied !== undefined && before.length === index, () => says({ en: `${follower} did not hold ${index} entries`, ko: `${follower}의 log에 entry가 ${index}개 있지 않았습니다` }));
        cluster.sim.release(copied as number);
        const delivered = runUntilDelivered(cluster, (id) => id === copied, 10);
        const after = cluster.node(follower)?.inspect().log.map((entry) => JSON.stringify(entry)) ?? [];
        check(before.every((entry, i) => after[i] === entry), () => says({ en: `rule no-truncation-on-match: ${follower} held ${index} entries; a late copy of the AppendEntries that brought it "b" arrived at t=${delivered?.t}ms, and its log became ${after.length} entries long (${after.join(", ")}): entries that match the request stay; only a conflicting entry and those after it are deleted (Figure 2, AppendEntries 3)`, ko: `규칙 no-truncation-on-match: ${follower} 서버는 entry ${index}개를 가지고 있었습니다. "b"를 가져온 AppendEntries의 늦은 사본이 t=${delivered?.t}ms에 도착하자 로그의 entry가 ${after.length}개가 되었습니다 (${after.join(", ")}). 요청과 일치하는 entry는 그대로 두고, 충돌하는 entry와 그 뒤의 entry만 지워야 합니다 (Figure 2, AppendEntries 3)` }));
      });
    },
  },
  {
    name: "stale-leader-append-refused",
    points: 3,
    visibility: "hidden",
    description: "an AppendEntries from a deposed leader, held back and delivered after a new leader committed there, changes nothing",
    descriptionIn: { ko: "물러난 leader의 AppendEntries가 붙잡혀 있다가 새 leader가 커밋한 뒤에 전달된다: 아무것도 바뀌지 않는다" },
    rules: ["reject-stale-term"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const old = cluster.checkOneLeader();
        const [follower] = pickServers(ctx, cluster.servers.filter((id) => id !== old), 1);
        let held: number | undefined;
        cluster.sim.route((message) => {
          if (message.to === old) return "drop";
          if (message.from !== old) return "pass";
          if (held === undefined && message.to === follower) {
            held = message.msgId;
            return "hold";
          }
          return "drop";
        });
        startOn(cluster, old, "stale");
        cluster.sim.runUntil(() => held !== undefined, { timeoutMs: 200 }); // sent at once, or with the next heartbeat
        cluster.disconnect(old);
        const oldTerm = termOf(cluster, old);
        cluster.one("fresh", 4, true);
        const { reached } = cluster.sim.runUntil(() => cluster.applied.get(follower)?.some((msg) => msg.command === "fresh") === true, { timeoutMs: 2_000 });
        ctx.premise(reached && held !== undefined, () => says({ en: `${follower} did not apply "fresh"`, ko: `${follower}에서 "fresh"를 apply하지 않았습니다` }));
        const before = cluster.node(follower)?.inspect().log.map((entry) => JSON.stringify(entry)) ?? [];
        const term = termOf(cluster, follower);
        cluster.connect(old);
        cluster.sim.release(held as number);
        const delivered = runUntilDelivered(cluster, (id) => id === held, 10);
        const after = cluster.node(follower)?.inspect().log.map((entry) => JSON.stringify(entry)) ?? [];
        check(before.every((entry, i) => after[i] === entry), () => says({ en: `rule reject-stale-term: ${follower}, in term ${term}, got at t=${delivered?.t}ms an AppendEntries that ${old} had sent as leader of the older term ${oldTerm}, and its log changed from [${before.join(", ")}] to [${after.join(", ")}]: a request of an older term is refused (Figure 2, AppendEntries 1)`, ko: `규칙 reject-stale-term: term ${term}인 ${follower} 서버가 t=${delivered?.t}ms에 ${old} 서버가 이전 term ${oldTerm}의 leader로서 보낸 AppendEntries를 받았고, 로그가 [${before.join(", ")}]에서 [${after.join(", ")}]로 바뀌었습니다. 이전 term의 요청은 거절해야 합니다 (Figure 2, AppendEntries 1)` }));
      });
    },
  },
];

tests.push(
  {
    name: "duplicate-votes-counted-once",
    points: 3,
    visibility: "hidden",
    description: "a candidate that only one other server hears gets that server's vote reply three times: it must not become leader",
    descriptionIn: { ko: "다른 서버 하나만 듣고 있는 candidate가 그 서버의 투표 응답을 세 번 받는다: leader가 되면 안 된다" },
    rules: ["votes-counted-once"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const leader = cluster.checkOneLeader();
        const [candidate, voter] = pickServers(ctx, cluster.servers.filter((id) => id !== leader), 2);
        // The candidate talks with the voter only; each of the voter's replies to it comes three times.
        cluster.sim.route((message) => {
          const ends = [message.from, message.to];
          if (!ends.includes(candidate)) return "pass";
          if (!ends.includes(voter)) return "drop";
          return message.from === voter && isReply(message) ? "copy" : "pass";
        });
        const deadline = cluster.sim.now + 1_000;
        let copies = 0;
        while (cluster.sim.now < deadline) {
          cluster.sim.runFor(5);
          for (const held of cluster.sim.heldMessages()) {
            cluster.sim.release(held.msgId, { keep: true });
            cluster.sim.release(held.msgId, { delayMs: 1 });
            copies += 2;
          }
          if (isLeader(cluster, candidate)) {
            fail(says({ en: `rule votes-counted-once: ${candidate} became leader of term ${termOf(cluster, candidate)} at t=${cluster.sim.now}ms although only ${voter} could hear it (${voter}'s replies arrived three times each): votes are counted once per voter, and a leader needs votes from a majority of distinct servers (Figure 2, Candidates)`, ko: `규칙 votes-counted-once: ${voter} 서버만 ${candidate}의 말을 들을 수 있었는데도 (${voter}의 응답은 각각 세 번씩 도착) ${candidate} 서버가 t=${cluster.sim.now}ms에 term ${termOf(cluster, candidate)}의 leader가 되었습니다. 표는 투표자마다 한 번만 세고, leader가 되려면 서로 다른 서버 과반수의 표가 필요합니다 (Figure 2, Candidates)` }));
          }
        }
        ctx.premise(copies > 0, () => says({ en: `${voter} never answered ${candidate}`, ko: `${voter}에서 ${candidate}에게 한 번도 답하지 않았습니다` }));
      });
    },
  },
  {
    name: "late-ack-does-not-commit",
    points: 3,
    visibility: "hidden",
    description: "a follower's success reply to an old heartbeat arrives after the leader appended a new entry: the leader does not count that follower for the new entry",
    descriptionIn: { ko: "오래된 heartbeat에 대한 follower의 성공 응답이 leader가 새 entry를 덧붙인 뒤에 도착한다: leader는 새 entry에 대해 그 follower를 세지 않는다" },
    rules: ["commit-needs-majority"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const [holder, late, ...cut] = pickServers(ctx, cluster.servers.filter((id) => id !== leader), 4);
        // `late` answers one heartbeat, and that answer is held; from then on `late` and the two others hear nothing.
        let heldAck: number | undefined;
        cluster.sim.route((message) => {
          if (cut.includes(message.to) || cut.includes(message.from)) return "drop";
          if (message.from === late && !isReply(message)) return "drop";
          if (message.from === late && message.to === leader && isReply(message) && heldAck === undefined) {
            heldAck = message.msgId;
            return "hold";
          }
          if (message.from === leader && message.to === late) return heldAck === undefined ? "pass" : "drop";
          return "pass";
        });
        cluster.sim.runUntil(() => heldAck !== undefined, { timeoutMs: 500 });
        ctx.premise(heldAck !== undefined && isLeader(cluster, leader), () => says({ en: `${late} did not answer ${leader}`, ko: `${late}에서 ${leader}에게 답하지 않았습니다` }));
        const { index } = startOn(cluster, leader, "b");
        cluster.sim.runUntil(() => (cluster.node(holder)?.inspect().log.length ?? 0) >= index, { timeoutMs: 200 });
        cluster.sim.release(heldAck as number);
        runUntilDelivered(cluster, (id) => id === heldAck, 10);
        cluster.sim.runFor(20);
        const holders = cluster.servers.filter((id) => (cluster.node(id)?.inspect().log.length ?? 0) >= index);
        const commit = cluster.node(leader)?.inspect().commitIndex ?? 0;
        check(commit < index, () => says({ en: `rule commit-needs-majority: ${leader} committed index ${index} (commitIndex ${commit}) although only ${holders.join(" and ")} hold it: ${late}'s late success reply answered a request sent before index ${index} existed; count a follower for an index only when its reply says it holds it (matchIndex; Figure 2, Leaders)`, ko: `규칙 commit-needs-majority: ${holders.join(", ")} 서버만 ${index}번 인덱스를 가지고 있는데 ${leader} 서버가 그것을 커밋했습니다 (commitIndex ${commit}). ${late}의 늦은 성공 응답은 ${index}번 인덱스가 생기기 전에 보낸 요청에 대한 것이었습니다. follower가 어떤 인덱스를 가졌다고 응답이 말할 때만 그 인덱스에 대해 그 follower를 세야 합니다 (matchIndex; Figure 2, Leaders)` }));
      });
    },
  },
  {
    name: "reply-of-older-term-not-counted",
    points: 3,
    visibility: "hidden",
    description: "a follower's success reply from the leader's earlier term, held back, arrives when that server leads again with another log: the leader does not count it",
    descriptionIn: { ko: "leader의 이전 term에 follower가 보낸 성공 응답이 붙잡혀 있다가, 그 서버가 다른 로그로 다시 leader가 되었을 때 도착한다: leader는 그 응답을 세지 않는다" },
    rules: ["commit-needs-majority"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const [acker, ...rest] = pickServers(ctx, cluster.servers.filter((id) => id !== leader), 4);
        const logLength = (id: NodeId) => cluster.node(id)?.inspect().log.length ?? 0;
        const carries = (message: RoutedMessage, prefix: string) => JSON.stringify(message.msg).includes(`"${prefix}`);
        // In the leader's first term, "x-1".."x-3" reach `acker` only, and its answers are held.
        cluster.sim.route((message) => {
          if (message.from === leader && rest.includes(message.to) && carries(message, "x-")) return "drop";
          return message.from === acker && message.to === leader && isReply(message) ? "hold" : "pass";
        });
        for (const command of ["x-1", "x-2", "x-3"]) startOn(cluster, leader, command);
        cluster.sim.runUntil(() => logLength(acker) >= 4, { timeoutMs: 100 });
        ctx.premise(logLength(acker) >= 4 && cluster.sim.heldMessages().length > 0, () => says({ en: `${acker} did not receive and answer "x-1".."x-3"`, ko: `${acker}에서 "x-1".."x-3"을 받아 답하지 않았습니다` }));
        const oldTerm = termOf(cluster, leader);
        // The leader goes down and `acker` is cut off; the three others elect a leader and commit "y", which then replaces the x entries on both.
        cluster.sim.route((message) => (message.from === acker && message.to === leader && isReply(message) ? "drop" : "pass"));
        cluster.crash(leader);
        cluster.disconnect(acker);
        const second = cluster.checkOneLeader(rest);
        cluster.one("y", 3, false);
        cluster.restart(leader);
        cluster.connect(acker);
        const replaced = (id: NodeId) => logLength(id) === 2 && cluster.node(id)?.inspect().log[1]?.command === "y";
        cluster.sim.runUntil(() => replaced(leader) && replaced(acker), { timeoutMs: 1_000 });
        ctx.premise(replaced(leader) && replaced(acker), () => says({ en: `${second} did not replace the x entries of ${leader} and ${acker} with "y"`, ko: `${second}에서 ${leader}, ${acker}의 x entry를 "y"로 바꾸지 않았습니다` }));
        // The first leader leads again (the second is cut off; only its RequestVotes pass), and "z-1" reaches one follower only.
        const [holder] = rest.filter((id) => id !== second);
        cluster.sim.route((message) => {
          if (message.from === leader) return carries(message, "z-") && message.to !== holder ? "drop" : "pass";
          return !isReply(message) && cluster.node(message.from)?.inspect().role === "candidate" ? "drop" : "pass";
        });
        cluster.disconnect(second);
        const again = cluster.checkOneLeader(cluster.servers.filter((id) => id !== second));
        ctx.premise(again === leader, () => says({ en: `${leader} did not lead again (${again} does)`, ko: `${leader}가 다시 leader가 되지 않았습니다 (${again}가 leader입니다)` }));
        const { index } = startOn(cluster, leader, "z-1");
        cluster.sim.runUntil(() => logLength(holder) >= index, { timeoutMs: 100 });
        cluster.sim.runFor(30);
        ctx.premise(logLength(holder) >= index && isLeader(cluster, leader) && (cluster.node(leader)?.inspect().commitIndex ?? 0) < index, () => says({ en: `"z-1" did not reach ${holder} alone, uncommitted`, ko: `"z-1"이 커밋되지 않은 채 ${holder}에만 도달하지는 않았습니다` }));
        const term = termOf(cluster, leader);
        // Now `acker`'s held answers of the first term, which acknowledged the x entries, arrive.
        for (const message of cluster.sim.heldMessages()) cluster.sim.release(message.msgId);
        cluster.sim.runFor(30);
        const commit = cluster.node(leader)?.inspect().commitIndex ?? 0;
        const holders = cluster.servers.filter((id) => logLength(id) >= index);
        check(commit < index, () => says({
          en: `rule commit-needs-majority: ${leader}, leader of term ${term}, committed index ${index} ("z-1", commitIndex ${commit}) although only ${holders.join(" and ")} hold it: it counted ${acker}'s success replies of its term ${oldTerm}, held back, which acknowledged entries since replaced. A leader ignores replies of an older term; a matchIndex comes only from a reply of its current term (Figure 2, Leaders; §5.1)`,
          ko: `규칙 commit-needs-majority: term ${term}의 leader ${leader}가 ${holders.join(", ")} 서버만 가진 ${index}번 인덱스("z-1")를 커밋했습니다 (commitIndex ${commit}). 붙잡혀 있던 ${acker}의 term ${oldTerm} 성공 응답을 센 것인데, 그 응답이 확인한 entry는 이미 교체되었습니다. leader는 이전 term의 응답을 무시합니다. matchIndex는 현재 term의 응답에서만 나옵니다 (Figure 2, Leaders; §5.1)`,
        }));
      });
    },
  },
  {
    name: "late-lower-ack-keeps-match-index",
    points: 3,
    visibility: "hidden",
    description: "an old success reply of a follower arrives after its newer one: the leader does not lower that follower's matchIndex, and commits as soon as the next follower's reply makes a majority",
    descriptionIn: { ko: "follower의 오래된 성공 응답이 더 새로운 응답 뒤에 도착한다: leader는 그 follower의 matchIndex를 낮추지 않고, 다음 follower의 응답으로 과반수가 되는 즉시 커밋한다" },
    rules: ["match-index-never-back"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const [first, second, ...cut] = pickServers(ctx, cluster.servers.filter((id) => id !== leader), 4);
        const holds = (id: NodeId, index: number) => (cluster.node(id)?.inspect().log.length ?? 0) >= index;
        // Two followers are cut off: every commit needs both `first` and `second`. A copy of `first`'s answer to "x" is kept.
        let stale: number | undefined;
        let phase: "x" | "y" = "x";
        let ackOfY: number | undefined;
        cluster.sim.route((message) => {
          if (cut.includes(message.to) || cut.includes(message.from)) return "drop";
          if (message.to !== leader || !isReply(message)) return "pass";
          if (phase === "x") {
            if (message.from === first && stale === undefined && holds(first, 2)) {
              stale = message.msgId;
              return "copy";
            }
            return "pass";
          }
          // While "y" goes out: `first`'s answer that it holds "y" passes, its later ones and all of `second`'s are held.
          if (message.from === first && ackOfY === undefined && holds(first, 3)) {
            ackOfY = message.msgId;
            return "pass";
          }
          return "hold";
        });
        const x = startOn(cluster, leader, "x-1");
        cluster.sim.runUntil(() => stale !== undefined && (cluster.node(leader)?.inspect().commitIndex ?? 0) >= x.index, { timeoutMs: 500 });
        ctx.premise(stale !== undefined && (cluster.node(leader)?.inspect().commitIndex ?? 0) >= x.index, () => says({ en: `${leader} did not commit "x-1" with ${first}'s answer kept`, ko: `${first}의 응답 사본을 남긴 채 ${leader}에서 "x-1"을 커밋하지 않았습니다` }));
        phase = "y";
        const y = startOn(cluster, leader, "y-1");
        const delivered = runUntilDelivered(cluster, (id) => id === ackOfY, 200);
        ctx.premise(delivered !== undefined && holds(second, y.index), () => says({ en: `${first}'s answer that it holds "y-1" did not reach ${leader}, or ${second} did not receive "y-1"`, ko: `${first}가 "y-1"을 가졌다는 응답이 ${leader}에 닿지 않았거나, ${second}에 "y-1"이 도착하지 않았습니다` }));
        cluster.sim.runUntil(() => cluster.sim.heldMessages().some((message) => message.from === second && message.msgId > (ackOfY ?? 0)), { timeoutMs: 100 });
        ctx.premise((cluster.node(leader)?.inspect().commitIndex ?? 0) < y.index, () => says({ en: `${leader} committed "y-1" before ${second}'s answers were released`, ko: `${second}의 응답을 풀어 주기 전에 ${leader}에서 "y-1"을 커밋했습니다` }));
        // Now the old copy of `first`'s answer arrives, then `second`'s answers (the last one says it holds "y-1").
        const fromSecond = cluster.sim.heldMessages().filter((message) => message.from === second);
        cluster.sim.release(stale as number);
        for (const message of fromSecond) cluster.sim.release(message.msgId);
        cluster.sim.runFor(1);
        const commit = cluster.node(leader)?.inspect().commitIndex ?? 0;
        check(commit >= y.index, () => says({
          en: `rule match-index-never-back: ${first} and ${second} both answered that they hold index ${y.index} ("y-1"), which with ${leader} is a majority of 5, yet ${leader}'s commitIndex is ${commit} right after ${second}'s answers: an older copy of ${first}'s answer (from when it held index ${x.index}), delivered just before them, must have moved ${first}'s matchIndex back. Replies can come late and twice: a reply never lowers matchIndex (or nextIndex)`,
          ko: `규칙 match-index-never-back: ${first}, ${second} 서버가 모두 ${y.index}번 인덱스("y-1")를 가졌다고 답했고 ${leader}까지 더하면 5대 중 과반수인데, ${second}의 응답 직후 ${leader}의 commitIndex가 ${commit}입니다. 바로 앞에 도착한 ${first}의 오래된 응답 사본(${x.index}번 인덱스까지 가졌을 때의 응답)이 ${first}의 matchIndex를 되돌린 것입니다. 응답은 늦게, 두 번 올 수 있습니다: 응답이 matchIndex(나 nextIndex)를 낮추면 안 됩니다`,
        }));
      });
    },
  },
  {
    name: "commit-before-next-entry-replicated",
    points: 3,
    visibility: "hidden",
    description: "an entry reaches a majority, and the leader has appended another one that reaches no one: the leader commits the first without waiting for the second",
    descriptionIn: { ko: "entry 하나가 과반수에 도달했고, leader는 아무에게도 도달하지 않는 entry를 하나 더 덧붙였다: leader는 두 번째를 기다리지 않고 첫 번째를 커밋한다" },
    rules: ["commit-when-majority-holds"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, { servers: 3 }, (cluster) => {
        cluster.one("a", 3, false);
        const leader = cluster.checkOneLeader();
        const followers = cluster.servers.filter((id) => id !== leader);
        // The followers' answers are held until "y" is appended; every request carrying "y" is lost.
        let holding = true;
        cluster.sim.route((message) => {
          if (message.from === leader) return JSON.stringify(message.msg).includes('"y-entry"') ? "drop" : "pass";
          return holding && message.to === leader && isReply(message) ? "hold" : "pass";
        });
        const { index } = startOn(cluster, leader, "x-entry");
        cluster.sim.runUntil(() => followers.every((id) => (cluster.node(id)?.inspect().log.length ?? 0) >= index), { timeoutMs: 100 });
        ctx.premise(followers.every((id) => (cluster.node(id)?.inspect().log.length ?? 0) >= index) && isLeader(cluster, leader), () => says({ en: `${followers.join(" and ")} did not both receive index ${index} from ${leader}`, ko: `${followers.join(", ")} 서버 모두에 ${leader}의 ${index}번 인덱스가 도착하지는 않았습니다` }));
        startOn(cluster, leader, "y-entry");
        holding = false;
        for (const message of cluster.sim.heldMessages()) cluster.sim.release(message.msgId);
        cluster.sim.runUntil(() => (cluster.node(leader)?.inspect().commitIndex ?? 0) >= index, { timeoutMs: 60 });
        const commit = cluster.node(leader)?.inspect().commitIndex ?? 0;
        check(commit >= index, () => says({
          en: `rule commit-when-majority-holds: ${followers.join(" and ")} answered that they hold index ${index} ("x-entry", of the leader's term), yet ${leader}'s commitIndex is ${commit} 60 ms after those answers were released: the leader had meanwhile appended index ${index + 1}, which no follower holds. A leader commits the highest N that a majority holds and that is of its term, whatever entries follow it (Figure 2, Leaders)`,
          ko: `규칙 commit-when-majority-holds: ${followers.join(", ")} 서버가 ${index}번 인덱스("x-entry", leader의 term)를 가졌다고 답했는데, 그 응답을 풀어 준 지 60 ms 뒤에도 ${leader}의 commitIndex가 ${commit}입니다. 그 사이 leader는 어느 follower도 가지지 않은 ${index + 1}번 인덱스를 덧붙였습니다. leader는 과반수가 가진, 자기 term의 가장 높은 N을 커밋합니다. 그 뒤에 어떤 entry가 있든 상관없습니다 (Figure 2, Leaders)`,
        }));
      });
    },
  },
  {
    name: "follower-waits-for-leader-commit",
    points: 3,
    visibility: "hidden",
    description: "an entry reaches the leader and one follower only: that follower stores it but does not apply it",
    descriptionIn: { ko: "entry가 leader와 follower 하나에만 도달한다: 그 follower는 entry를 저장하지만 적용하지는 않는다" },
    rules: ["follower-commit"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const [holder, ...others] = pickServers(ctx, cluster.servers.filter((id) => id !== leader), 4);
        cluster.sim.route((message) => (message.from === leader && others.includes(message.to) ? "drop" : "pass"));
        const { index } = startOn(cluster, leader, "b");
        // Less than an election timeout: the cut-off followers do not elect anyone meanwhile.
        cluster.sim.runFor(80);
        const state = cluster.node(holder)?.inspect();
        ctx.premise((state?.log.length ?? 0) >= index, () => says({ en: `${holder} did not receive index ${index}`, ko: `${holder}에 index ${index}의 entry가 도착하지 않았습니다` }));
        const applied = cluster.applied.get(holder)?.find((msg) => msg.index === index);
        check(applied === undefined, () => says({ en: `rule follower-commit: ${holder} applied index ${index} (${JSON.stringify(applied?.command)}) although only ${leader} and ${holder} hold it and the leader's commitIndex is ${cluster.node(leader)?.inspect().commitIndex}: a follower commits up to min(leaderCommit, its last new entry), never an entry the leader has not committed (Figure 2, AppendEntries 5)`, ko: `규칙 follower-commit: ${leader}, ${holder} 서버만 ${index}번 인덱스를 가지고 있고 leader의 commitIndex가 ${cluster.node(leader)?.inspect().commitIndex}인데 ${holder} 서버가 그 인덱스(${JSON.stringify(applied?.command)})를 적용했습니다. follower는 min(leaderCommit, 마지막 새 entry)까지만 커밋하고, leader가 커밋하지 않은 entry는 절대 적용하지 않습니다 (Figure 2, AppendEntries 5)` }));
      });
    },
  },
  {
    name: "lagging-follower-applies-in-order",
    points: 3,
    visibility: "hidden",
    description: "a follower down while three entries commit comes back and applies them all, in order, each once",
    descriptionIn: { ko: "entry 세 개가 커밋되는 동안 내려가 있던 follower가 돌아와 모두를 순서대로 한 번씩 적용한다" },
    rules: ["apply-in-order"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const follower = pickOtherThan(ctx, cluster, leader);
        // Crashed, not cut off: it comes back in its old term and disrupts no one (it restarts applying from index 1).
        cluster.crash(follower);
        for (const command of ["b", "c", "d"]) cluster.one(command, 4, false);
        cluster.restart(follower);
        const index = cluster.one("e", 5, false);
        const got = (cluster.applied.get(follower) ?? []).map((msg) => `${msg.index}:${JSON.stringify(msg.command)}`);
        const want = ["a", "b", "c", "d", "e"].map((command, i) => `${i + 1}:${JSON.stringify(command)}`);
        check(JSON.stringify(got) === JSON.stringify(want), () => says({ en: `rule apply-in-order: ${follower} applied ${got.join(", ")} up to index ${index}; expected ${want.join(", ")}: every committed entry is applied once, in order (Figure 2, All servers)`, ko: `규칙 apply-in-order: ${follower} 서버가 ${index}번 인덱스까지 ${got.join(", ")} 순서로 적용했습니다. 기댓값은 ${want.join(", ")}입니다. 커밋된 entry는 순서대로 한 번씩 적용해야 합니다 (Figure 2, All servers)` }));
      });
    },
  },
  {
    name: "start-contract",
    points: 2,
    visibility: "hidden",
    description: "start() on the leader returns the next index, its term and isLeader; on a follower it returns isLeader false and changes nothing",
    descriptionIn: { ko: "leader에서 start()는 다음 인덱스, 자기 term, isLeader를 반환한다. follower에서는 isLeader false를 반환하고 아무것도 바꾸지 않는다" },
    rules: ["start-contract"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("a", 5, false);
        const leader = cluster.checkOneLeader();
        const follower = pickOtherThan(ctx, cluster, leader);
        const logOf = (id: NodeId) => JSON.stringify(cluster.node(id)?.inspect().log ?? []);
        const before = logOf(follower);
        const refused = startOn(cluster, follower, "not-here");
        check(!refused.isLeader && logOf(follower) === before, () => says({ en: `rule start-contract: start("not-here") on the follower ${follower} returned ${JSON.stringify(refused)} and its log went from ${before} to ${logOf(follower)}: a server that is not the leader returns isLeader false and does nothing else`, ko: `규칙 start-contract: follower ${follower}에서 start("not-here")가 ${JSON.stringify(refused)} 값을 반환했고 로그가 ${before}에서 ${logOf(follower)}로 바뀌었습니다. leader가 아닌 서버는 isLeader false를 반환하고 아무 일도 하지 않아야 합니다` }));
        const term = termOf(cluster, leader);
        const length = cluster.node(leader)?.inspect().log.length ?? 0;
        const result = startOn(cluster, leader, "b");
        check(result.isLeader && result.index === length + 1 && result.term === term, () => says({ en: `rule start-contract: start("b") on the leader ${leader} (term ${term}, ${length} entries in its log) returned ${JSON.stringify(result)}; expected { index: ${length + 1}, term: ${term}, isLeader: true }: the index the command will have if it commits`, ko: `규칙 start-contract: leader ${leader}(term ${term}, 로그에 entry ${length}개)에서 start("b")가 ${JSON.stringify(result)} 값을 반환했습니다. 기댓값은 { index: ${length + 1}, term: ${term}, isLeader: true }입니다 (명령이 커밋된다면 가질 인덱스)` }));
      });
    },
  },
);
