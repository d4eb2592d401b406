/**
 * Week 1, Raft, hidden: two directed safety scenarios that random schedules rarely reach.
 *
 * figure-8-replayed builds the paper's Figure 8 step by step with partitions and crashes: an
 * entry of an old term reaches a majority under a new leader, that leader crashes, and a server
 * with a newer-term entry takes over. A leader that committed the old entry by counting replicas
 * has applied something the next leader overwrites.
 *
 * vote-survives-restart crashes every follower right after an election: each must come back
 * remembering its term and its vote, or it could vote twice in one term.
 */
import type { NodeId } from "../../../src/contracts/node";
import type { RaftCluster } from "../../../src/harness/raft";
import { check, says, type GradedTest } from "../../api";
import { ELECTION_TIMEOUT_MAX_MS, raftScenario, startOn } from "./raft-helpers";

const short = (ids: NodeId[]) => ids.map((id) => id.slice(1)).join(",");

/** Cut the cluster into `groups` (the rest of the servers form one more group, if any). */
function split(cluster: RaftCluster, ...groups: NodeId[][]): void {
  const rest = cluster.servers.filter((id) => !groups.flat().includes(id));
  cluster.partition([...groups, ...(rest.length > 0 ? [rest] : [])].map(short).join("|"));
}

function logLength(cluster: RaftCluster, id: NodeId): number {
  return cluster.node(id)?.inspect().log.length ?? 0;
}

export const tests: GradedTest[] = [
  {
    name: "figure-8-replayed",
    rules: ["commit-current-term-only"],
    points: 5,
    visibility: "hidden",
    description: "the paper's Figure 8, step by step: an old-term entry stored on a majority must not be committed by counting, because a newer leader may still overwrite it",
    descriptionIn: { ko: "논문의 Figure 8을 한 단계씩: 과반수에 저장된 이전 term의 entry라도 복제본 수를 세어 커밋하면 안 된다. 더 새로운 leader가 아직 덮어쓸 수 있기 때문이다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one("init", 5, true);
        // (a) The leader s1 replicates entry A to one follower s2 only, then crashes.
        const s1 = cluster.checkOneLeader();
        const [s2, s3, s4, s5] = ctx.rng.shuffle(cluster.servers.filter((id) => id !== s1));
        split(cluster, [s1, s2]);
        startOn(cluster, s1, "A");
        cluster.sim.runUntil(() => logLength(cluster, s2) >= 2, { timeoutMs: 1_000 });
        cluster.crash(s1);
        // (b) s5 becomes leader of a newer term among s3, s4, s5, takes entry B, and crashes before sending it.
        split(cluster, [s5, s3, s4], [s2]);
        cluster.checkOneLeader([s3, s4, s5]);
        const bLeader = [s3, s4, s5].find((id) => cluster.node(id)?.getState().isLeader) as NodeId;
        split(cluster, [bLeader], [s2]);
        startOn(cluster, bLeader, "B");
        cluster.crash(bLeader);
        const others = [s3, s4, s5].filter((id) => id !== bLeader);
        // (c) s1 comes back; s1 or s2 (they hold A) leads s1, s2 and one more server, and replicates A there.
        cluster.restart(s1);
        split(cluster, [s1, s2, others[0]], [others[1]]);
        const aLeader = cluster.checkOneLeader([s1, s2, others[0]]);
        cluster.sim.runUntil(() => logLength(cluster, others[0]) >= 2, { timeoutMs: 2_000 });
        cluster.sim.runFor(ELECTION_TIMEOUT_MAX_MS); // a leader that commits A by counting does it now
        cluster.crash(aLeader);
        // (d) The server holding B (newer term) leads the rest, overwrites index 2 and commits.
        cluster.restart(bLeader);
        const survivors = [bLeader, ...others];
        split(cluster, survivors);
        cluster.checkOneLeader(survivors);
        cluster.one("C", 3, true);
        // If A had been committed and applied anywhere, the watcher has already failed the run.
        for (const id of cluster.servers) if (!cluster.sim.isUp(id)) cluster.restart(id);
        cluster.heal();
        cluster.one("D", 5, true);
      });
    },
  },
  {
    name: "vote-survives-restart",
    rules: ["persist-vote"],
    points: 4,
    visibility: "hidden",
    description: "every follower that voted in an election crashes and restarts: each comes back with the same term and the same vote (persisted before it answered)",
    descriptionIn: { ko: "선거에서 투표한 follower가 모두 멈췄다가 재시작한다: 각자 같은 term과 같은 투표를 가지고 돌아온다 (응답하기 전에 저장했으므로)" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const leader = cluster.checkOneLeader();
        const before = new Map(cluster.servers.map((id) => [id, cluster.node(id)?.inspect()]));
        for (const id of cluster.servers) {
          if (id === leader) continue;
          cluster.crash(id);
          cluster.restart(id);
          const was = before.get(id);
          const now = cluster.node(id)?.inspect();
          if (!was || !now) continue;
          check(now.term >= was.term, () => says({ en: `${id} was in term ${was.term}, crashed, and came back in term ${now.term}: currentTerm must be persisted`, ko: `${id} 서버는 term ${was.term}에 있다가 멈췄고 term ${now.term} 상태로 돌아왔습니다. currentTerm은 저장해 두어야 합니다` }));
          if (now.term === was.term && was.votedFor !== null) {
            check(now.votedFor === was.votedFor, () => says({ en: `${id} voted for ${was.votedFor} in term ${was.term}, crashed, and came back with votedFor = ${JSON.stringify(now.votedFor)}: it could vote a second time in the same term`, ko: `${id} 서버는 term ${was.term}에서 ${was.votedFor}에게 투표하고 멈췄다가 votedFor = ${JSON.stringify(now.votedFor)} 상태로 돌아왔습니다. 같은 term에서 두 번 투표할 수 있게 됩니다` }));
          }
        }
        cluster.one("still-works", 5, true);
      });
    },
  },
];
