/** Week 1, Raft, hidden: persistence, figure 8, unreliable networks, churn (MIT 3C) and liveness. */
import type { NodeId } from "../../../src/contracts/node";
import { healAll, randomNemesis, scheduleNemesis, UNRELIABLE_NETWORK } from "../../../src/sim";
import type { RaftCluster } from "../../../src/harness/raft";
import type { GradedTest, TestContext } from "../../api";
import { ELECTION_TIMEOUT_MAX_MS, nextServer, raftScenario, startOn } from "./raft-helpers";

/** Restart every crashed server and reconnect everyone. */
function restoreAll(cluster: RaftCluster): void {
  cluster.heal();
  for (const id of cluster.servers) if (!cluster.sim.isUp(id)) cluster.restart(id);
}

/** Every index applied anywhere holds one command everywhere (nCommitted throws otherwise). */
function checkAgreementUpTo(cluster: RaftCluster, last: number): void {
  for (let index = 1; index <= last; index++) cluster.nCommitted(index);
}

/**
 * MIT's figure-8 test: leaders come and go (crashes, or cuts on an unreliable network) while
 * commands keep arriving; then everything is restored and must agree. Committing an older term's
 * entry by counting replicas is caught here: a later leader overwrites it.
 */
function figure8(ctx: TestContext, cluster: RaftCluster, iterations: number, useCrashes: boolean): void {
  cluster.one(ctx.rng.int(0, 10_000), 1, true);
  let up = cluster.servers.length;
  for (let round = 0; round < iterations; round++) {
    let leader: NodeId | undefined;
    for (const id of cluster.connected()) if (startOn(cluster, id, ctx.rng.int(0, 10_000)).isLeader) leader = id;
    cluster.sim.runFor(ctx.rng.chance(0.1) ? ctx.rng.int(0, ELECTION_TIMEOUT_MAX_MS) : ctx.rng.int(0, 13));
    if (leader !== undefined) {
      if (useCrashes) cluster.crash(leader);
      else cluster.disconnect(leader);
      up--;
    }
    if (up < 3) {
      const down = cluster.servers.filter((id) => !cluster.connected().includes(id));
      const back = ctx.rng.pick(down);
      if (useCrashes) cluster.restart(back);
      else cluster.connect(back);
      up++;
    }
  }
  restoreAll(cluster);
  cluster.one(ctx.rng.int(0, 10_000), 5, true);
}

/** Servers crash, restart, disconnect and reconnect at random while commands keep arriving. */
function churn(ctx: TestContext, cluster: RaftCluster, durationMs: number): number {
  const end = cluster.sim.now + durationMs;
  let submitted = 0;
  while (cluster.sim.now < end) {
    for (const id of cluster.connected()) if (startOn(cluster, id, `churn-${submitted}`).isLeader) submitted++;
    const victim = ctx.rng.pick(cluster.servers);
    const roll = ctx.rng.next();
    if (roll < 0.2 && cluster.sim.isUp(victim)) cluster.crash(victim);
    else if (roll < 0.4 && !cluster.sim.isUp(victim)) cluster.restart(victim);
    else if (roll < 0.6) cluster.disconnect(victim);
    else if (roll < 0.8) cluster.connect(victim);
    cluster.sim.runFor(ctx.rng.int(10, 80));
  }
  restoreAll(cluster);
  return cluster.one("after-churn", 5, true);
}

export const tests: GradedTest[] = [
  {
    name: "persistence-basic",
    rules: ["persist-log"],
    points: 4,
    visibility: "hidden",
    description: "every server crashes and restarts: committed entries survive and agreement goes on; the same for the leader alone and for a follower",
    descriptionIn: { ko: "모든 서버가 멈췄다가 재시작한다: 커밋된 entry는 살아남고 합의는 계속된다. leader 하나만, follower 하나만 그래도 마찬가지다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one(11, 5, true);
        for (const id of cluster.servers) cluster.crash(id);
        for (const id of cluster.servers) cluster.restart(id);
        cluster.one(12, 5, true);
        const leader = cluster.checkOneLeader();
        cluster.crash(leader);
        cluster.restart(leader);
        cluster.one(13, 5, true);
        const follower = nextServer(cluster, cluster.checkOneLeader(), 1);
        cluster.crash(follower);
        cluster.one(14, 4, true);
        cluster.restart(follower);
        const index = cluster.one(15, 5, true);
        checkAgreementUpTo(cluster, index);
      });
    },
  },
  {
    name: "persistence-repeated-crashes",
    points: 4,
    visibility: "hidden",
    description: "five rounds of crashing and restarting different servers between commands: nothing committed is lost",
    descriptionIn: { ko: "명령 사이사이에 서로 다른 서버를 멈췄다 재시작하기를 다섯 번: 커밋된 것은 하나도 잃지 않는다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        let command = 1;
        cluster.one(command++, 5, true);
        for (let round = 0; round < 5; round++) {
          const leader = cluster.checkOneLeader();
          const [a, b] = [nextServer(cluster, leader, 1), nextServer(cluster, leader, 2)];
          cluster.crash(a);
          cluster.crash(b);
          cluster.one(command++, 3, true);
          const [c, d, e] = [leader, nextServer(cluster, leader, 3), nextServer(cluster, leader, 4)];
          cluster.crash(c);
          cluster.crash(d);
          cluster.crash(e);
          cluster.restart(a);
          cluster.restart(b);
          cluster.sim.runFor(ELECTION_TIMEOUT_MAX_MS);
          cluster.restart(c);
          cluster.one(command++, 3, true);
          cluster.restart(d);
          cluster.restart(e);
        }
        const index = cluster.one(1000, 5, true);
        checkAgreementUpTo(cluster, index);
      });
    },
  },
  {
    name: "persistence-partitioned-leader",
    points: 3,
    visibility: "hidden",
    description: "a partition and a leader crash together: the survivors agree, and so does everyone once restored",
    descriptionIn: { ko: "네트워크 분할과 leader 장애가 함께 일어난다: 살아남은 서버들이 합의하고, 복구되면 모두가 합의한다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.one(101, 5, true);
        const leader = cluster.checkOneLeader();
        cluster.disconnect(nextServer(cluster, leader, 2));
        cluster.one(102, 4, true);
        cluster.crash(leader);
        cluster.crash(nextServer(cluster, leader, 1));
        cluster.connect(nextServer(cluster, leader, 2));
        cluster.restart(leader);
        cluster.one(103, 4, true);
        cluster.restart(nextServer(cluster, leader, 1));
        const index = cluster.one(104, 5, true);
        checkAgreementUpTo(cluster, index);
      });
    },
  },
  {
    name: "figure-8",
    rules: ["commit-current-term-only", "election-restriction", "persist-log"],
    points: 5,
    visibility: "hidden",
    description: "the paper's figure-8 hazard, provoked: 100 rounds of leaders crashing mid-replication; committed entries are never overwritten",
    descriptionIn: { ko: "논문 Figure 8의 위험을 일부러 일으킨다: 복제 도중 leader가 멈추기를 100번 해도 커밋된 entry는 절대 덮어쓰이지 않는다" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => figure8(ctx, cluster, 100, true));
    },
  },
  {
    name: "figure-8-unreliable",
    rules: ["commit-current-term-only", "no-truncation-on-match", "leader-retries"],
    points: 4,
    visibility: "hidden",
    description: "the figure-8 scenario on a network that loses, duplicates and reorders messages, leaders cut off instead of crashed",
    descriptionIn: { ko: "메시지를 잃고, 복제하고, 순서를 바꾸는 네트워크에서의 Figure 8 시나리오 (leader는 멈추는 대신 끊긴다)" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, { network: UNRELIABLE_NETWORK }, (cluster) => figure8(ctx, cluster, 100, false));
    },
  },
  {
    name: "unreliable-agreement",
    rules: ["leader-retries", "no-truncation-on-match", "apply-in-order"],
    points: 4,
    visibility: "hidden",
    description: "fifty commands agreed on over a network that loses 10%, duplicates 5% and reorders messages",
    descriptionIn: { ko: "메시지를 10% 잃고, 5% 복제하고, 순서를 바꾸는 네트워크에서 명령 50개에 합의한다" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, { network: UNRELIABLE_NETWORK }, (cluster) => {
        for (let i = 0; i < 50; i++) cluster.one(i, 1, true);
        const index = cluster.one(100, 5, true);
        checkAgreementUpTo(cluster, index);
      });
    },
  },
  {
    name: "churn",
    rules: ["persist-vote", "persist-log", "election-restriction"],
    points: 4,
    visibility: "hidden",
    description: "two seconds of random crashes, restarts and partitions while commands arrive; afterwards every server agrees on every index",
    descriptionIn: { ko: "명령이 들어오는 동안 2초 동안 무작위 장애, 재시작, 분할이 일어난다: 그 뒤 모든 서버가 모든 인덱스에 합의한다" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => checkAgreementUpTo(cluster, churn(ctx, cluster, 2_000)));
    },
  },
  {
    name: "churn-unreliable",
    rules: ["persist-vote", "persist-log", "reject-stale-term"],
    points: 4,
    visibility: "hidden",
    description: "the same churn on an unreliable network",
    descriptionIn: { ko: "신뢰할 수 없는 네트워크에서 같은 혼란" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, { network: UNRELIABLE_NETWORK }, (cluster) => checkAgreementUpTo(cluster, churn(ctx, cluster, 2_000)));
    },
  },
  {
    name: "liveness-after-faults",
    points: 4,
    visibility: "hidden",
    description: "three seconds of random partitions, crashes, clock jumps and slow servers; once all is healed, a leader commits a new command within 10 s",
    descriptionIn: { ko: "3초 동안 무작위 분할, 장애, 시계 점프, 느린 서버: 모두 복구되면 leader가 10 s 안에 새 명령을 커밋한다" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const nemesis = randomNemesis(ctx.seed, { servers: cluster.servers, startMs: 200, endMs: 3_000, intervalMsMin: 100, intervalMsMax: 400, kinds: ["partition", "isolate", "majority-ring", "bridge", "crash", "clock", "slow"] });
        scheduleNemesis(cluster.sim, nemesis);
        for (let i = 0; cluster.sim.now < 3_000; i++) {
          for (const id of cluster.connected()) startOn(cluster, id, `during-${i}`);
          cluster.sim.runFor(100);
        }
        healAll(cluster.sim);
        const index = cluster.one("after-healing", 5, true);
        checkAgreementUpTo(cluster, index);
      });
    },
  },
];
