/**
 * Week 1, Raft, hidden: directed tests of a vote message that comes twice or comes late. A
 * three-server cluster, so one vote besides the candidate's own decides its election: the test
 * scripts the single message that matters (a RequestVote delivered again after its first reply was
 * lost; a granted reply held until its candidate has moved on to a new election) and looks at the
 * candidate right after that message's reply is delivered, so it fails on every seed when that
 * rule alone is broken. The rules are in raft.rules.md.
 */
import type { NodeId } from "../../../src/contracts/node";
import { RaftTestFailure, type RaftCluster } from "../../../src/harness/raft";
import { isReply, type RoutedMessage } from "../../../src/sim";
import { check, says, type GradedTest, type TestContext, type Texts } from "../../api";
import { isLeader, runUntilDelivered, termOf } from "./hidden/raft-schedules";
import { pickServers, raftScenario } from "./raft-helpers";

/** How long a step of the script may take: a few election timeouts. */
const STEP_TIMEOUT_MS = 1_000;

const roleOf = (cluster: RaftCluster, id: NodeId) => cluster.node(id)?.inspect().role;
const votedForOf = (cluster: RaftCluster, id: NodeId) => cluster.node(id)?.inspect().votedFor;

/** The leader three servers elect, and the two others drawn for the run: the candidate (routed so that it reaches the voter only) and its voter. */
function candidateAndVoter(ctx: TestContext, cluster: RaftCluster): { candidate: NodeId; voter: NodeId; leader: NodeId } {
  const leader = cluster.checkOneLeader();
  const [candidate, voter] = pickServers(ctx, cluster.servers.filter((id) => id !== leader), 2);
  return { candidate, voter, leader };
}

/** A RequestVote of `candidate` to `voter`: sent while a candidate, and not as a reply. */
const isVoteRequest = (cluster: RaftCluster, message: RoutedMessage, candidate: NodeId, voter: NodeId) =>
  message.from === candidate && message.to === voter && !isReply(message) && roleOf(cluster, candidate) === "candidate";

/** The answer to `request` (whatever copy of it was delivered): a reply its receiver sent while handling it. */
const answers = (message: RoutedMessage, request: RoutedMessage | undefined) =>
  request !== undefined && message.from === request.to && isReply(message) && message.cause.kind === "message" && message.cause.msgId === request.msgId;

/** Deliver the reply the schedule waits for, naming the rule first if a safety check stops the run on that very delivery. */
function deliverNamingRule(cluster: RaftCluster, wanted: (msgId: number) => boolean, checkRule: (atMs: number) => void) {
  try {
    return runUntilDelivered(cluster, wanted, STEP_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof RaftTestFailure) checkRule(cluster.sim.now);
    throw error;
  }
}

export const tests: GradedTest[] = [
  {
    name: "duplicate-vote-request-granted-again",
    points: 3,
    visibility: "hidden",
    description: "a server votes for a candidate, its reply is lost, and the same RequestVote comes again: it grants the vote again, so the candidate wins with it",
    descriptionIn: { ko: "서버가 candidate에게 투표했는데 그 응답이 유실되고, 같은 RequestVote가 다시 도착한다: 다시 표를 주어야 하고, candidate는 그 표로 선거에서 이긴다" },
    rules: ["repeat-vote-granted"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, { servers: 3 }, (cluster) => {
        const { candidate, voter } = candidateAndVoter(ctx, cluster);
        // The candidate's first RequestVote to the voter is delivered and a copy held; the voter's
        // answer to it is lost; the answer to the copy passes. Everything else to or from the candidate is lost.
        let request: RoutedMessage | undefined;
        let term = 0;
        let lostReply: number | undefined;
        let answer: number | undefined;
        cluster.sim.route((message) => {
          if (message.from !== candidate && message.to !== candidate) return "pass";
          if (request === undefined && isVoteRequest(cluster, message, candidate, voter)) {
            request = message;
            term = termOf(cluster, candidate);
            return "copy";
          }
          const answersRequest = answers(message, request);
          if (answersRequest && lostReply === undefined) {
            lostReply = message.msgId;
            return "drop";
          }
          if (answersRequest && answer === undefined) {
            answer = message.msgId;
            return "pass";
          }
          return "drop";
        });
        cluster.sim.runUntil(() => lostReply !== undefined, { timeoutMs: STEP_TIMEOUT_MS });
        ctx.premise(request !== undefined && lostReply !== undefined, () => says({ en: `${voter} did not answer a RequestVote of ${candidate}`, ko: `${voter}에서 ${candidate}의 RequestVote에 답하지 않았습니다` }));
        ctx.premise(votedForOf(cluster, voter) === candidate && termOf(cluster, voter) === term, () => says({ en: `${voter} did not vote for ${candidate} in term ${term} (it is in term ${termOf(cluster, voter)}, votedFor ${votedForOf(cluster, voter)})`, ko: `${voter}에서 term ${term}에 ${candidate}에게 투표하지 않았습니다 (현재 term ${termOf(cluster, voter)}, votedFor ${votedForOf(cluster, voter)})` }));
        ctx.premise(roleOf(cluster, candidate) === "candidate" && termOf(cluster, candidate) === term, () => says({ en: `${candidate} is no longer a candidate in term ${term}`, ko: `${candidate}의 상태가 더 이상 term ${term}의 candidate가 아닙니다` }));
        const sentAtMs = request?.sentAt;
        cluster.sim.release(request?.msgId as number);
        const checkRule = (atMs: number) =>
          check(isLeader(cluster, candidate) && termOf(cluster, candidate) === term, (): Texts => says({
            en: `rule repeat-vote-granted: ${voter} voted for ${candidate} in term ${term} (RequestVote sent at t=${sentAtMs}ms; that reply was lost), then got the same RequestVote again; ${candidate} had that second reply at t=${atMs}ms and is ${roleOf(cluster, candidate)} in term ${termOf(cluster, candidate)}, not leader of term ${term}: a server grants its vote when votedFor is null OR the requesting candidate, so a duplicated or retransmitted RequestVote is granted again (Figure 2, RequestVote 2)`,
            ko: `규칙 repeat-vote-granted: ${voter}는 term ${term}에서 ${candidate}에게 투표했고 (t=${sentAtMs}ms에 보낸 RequestVote, 그 응답은 유실됨), 같은 RequestVote를 다시 받았습니다. ${candidate}는 t=${atMs}ms에 두 번째 응답을 받았는데 term ${term}의 leader가 아니라 term ${termOf(cluster, candidate)}의 ${roleOf(cluster, candidate)}입니다. votedFor가 null이거나 요청한 candidate 자신이면 표를 주어야 하므로, 중복되거나 재전송된 RequestVote에는 다시 표를 줍니다 (Figure 2, RequestVote 2)`,
          }));
        const delivery = deliverNamingRule(cluster, (id) => id === answer, checkRule);
        ctx.premise(delivery !== undefined, () => says({ en: `${voter}'s answer to the second copy did not reach ${candidate}`, ko: `두 번째 사본에 대한 ${voter}의 답이 ${candidate}에 닿지 않았습니다` }));
        ctx.premise(termOf(cluster, candidate) === term || isLeader(cluster, candidate), () => says({ en: `${candidate} moved on from term ${term} before the second answer arrived`, ko: `두 번째 답이 도착하기 전에 ${candidate}의 term이 ${term}에서 넘어갔습니다` }));
        checkRule(delivery?.t ?? cluster.sim.now);
      });
    },
  },
  {
    name: "late-vote-of-older-term-not-counted",
    points: 3,
    visibility: "hidden",
    description: "a candidate's election fails, and the vote granted in it arrives while the candidate runs a newer election: that old vote does not count",
    descriptionIn: { ko: "candidate의 선거가 실패하고, 그 선거에서 받은 표가 candidate가 더 새로운 선거를 치르는 동안 도착한다: 그 오래된 표는 세지 않는다" },
    rules: ["stale-vote-reply-ignored"],
    seeds: 3,
    run(ctx) {
      raftScenario(ctx, { servers: 3 }, (cluster) => {
        const { candidate, voter, leader } = candidateAndVoter(ctx, cluster);
        // The candidate's first RequestVote reaches the voter, whose answer is held; everything else to or from the candidate is lost.
        let request: RoutedMessage | undefined;
        let grant: number | undefined;
        cluster.sim.route((message) => {
          if (message.from !== candidate && message.to !== candidate) return "pass";
          if (request === undefined && isVoteRequest(cluster, message, candidate, voter)) {
            request = message;
            return "pass";
          }
          if (grant === undefined && answers(message, request)) {
            grant = message.msgId;
            return "hold";
          }
          return "drop";
        });
        cluster.sim.runUntil(() => grant !== undefined, { timeoutMs: STEP_TIMEOUT_MS });
        const term = termOf(cluster, voter);
        ctx.premise(grant !== undefined, () => says({ en: `${voter} did not answer a RequestVote of ${candidate}`, ko: `${voter}에서 ${candidate}의 RequestVote에 답하지 않았습니다` }));
        ctx.premise(votedForOf(cluster, voter) === candidate, () => says({ en: `${voter} did not vote for ${candidate} (it is in term ${term}, votedFor ${votedForOf(cluster, voter)})`, ko: `${voter}에서 ${candidate}에게 투표하지 않았습니다 (현재 term ${term}, votedFor ${votedForOf(cluster, voter)})` }));
        // The old leader is down, so no one else wins a term while the candidate starts over alone.
        cluster.crash(leader);
        cluster.sim.runUntil(() => roleOf(cluster, candidate) === "candidate" && termOf(cluster, candidate) > term, { timeoutMs: STEP_TIMEOUT_MS });
        const newTerm = termOf(cluster, candidate);
        ctx.premise(roleOf(cluster, candidate) === "candidate" && newTerm > term, () => says({ en: `${candidate} did not start a newer election than term ${term}`, ko: `${candidate}에서 term ${term}보다 새로운 선거를 시작하지 않았습니다` }));
        cluster.sim.release(grant as number);
        const checkRule = (atMs: number) =>
          check(!isLeader(cluster, candidate), (): Texts => says({
            en: `rule stale-vote-reply-ignored: ${candidate}, a candidate in term ${newTerm}, got at t=${atMs}ms ${voter}'s vote granted in term ${term} (the answer to its RequestVote of its earlier election, held back) and became leader of term ${termOf(cluster, candidate)}, with no vote of that term but its own: a candidate counts only votes granted in its current term; a reply whose term is older is ignored (§5.2: a candidate wins with votes from a majority for the same term; Figure 2, Candidates)`,
            ko: `규칙 stale-vote-reply-ignored: term ${newTerm}의 candidate인 ${candidate}가 t=${atMs}ms에 ${voter}가 term ${term}에서 준 표(이전 선거의 RequestVote에 대한 응답, 지연됨)를 받고, 그 term에서 자기 표 말고는 한 표도 없이 term ${termOf(cluster, candidate)}의 leader가 되었습니다. candidate는 현재 term에서 받은 표만 세고, term이 더 오래된 응답은 무시해야 합니다 (§5.2: candidate는 같은 term의 과반수 표로 이긴다; Figure 2, Candidates)`,
          }));
        const delivery = deliverNamingRule(cluster, (id) => id === grant, checkRule);
        ctx.premise(delivery !== undefined, () => says({ en: `${voter}'s held vote did not reach ${candidate}`, ko: `붙잡아 둔 ${voter}의 표가 ${candidate}에 닿지 않았습니다` }));
        checkRule(delivery?.t ?? cluster.sim.now);
      });
    },
  },
];
