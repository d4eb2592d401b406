/** Week 1, Raft: visible tests (the first two things that must work). */
import { check, type GradedTest } from "../../api";
import { ELECTION_TIMEOUT_MAX_MS, raftScenario, whyTermChanged } from "./raft-helpers";

export const tests: GradedTest[] = [
  {
    name: "initial-election",
    rules: ["randomized-election-timeout", "idle-heartbeats"],
    points: 3,
    visibility: "visible",
    description: "five servers elect exactly one leader within 5 s, agree on the term, and keep that leader and term while nothing fails",
    descriptionIn: { ko: "서버 다섯 대가 5 s 안에 정확히 한 leader를 선출하고, term에 합의하며, 아무 장애가 없는 동안 그 leader와 term을 유지한다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        const leader = cluster.checkOneLeader();
        cluster.sim.runFor(50);
        const term = cluster.checkTerms();
        check(term >= 1, () => `the term is ${term} after an election; it should be at least 1`);
        const quietFrom = cluster.sim.now;
        cluster.sim.runFor(2 * ELECTION_TIMEOUT_MAX_MS);
        const later = cluster.checkTerms();
        check(later === term, () => `the term changed from ${term} to ${later} with no failures: ${whyTermChanged(cluster, leader, term, quietFrom)}`);
        const again = cluster.checkOneLeader();
        check(again === leader, () => `leadership moved from ${leader} to ${again} with no failures`);
      });
    },
  },
  {
    name: "basic-agreement",
    rules: ["apply-in-order", "commit-needs-majority"],
    points: 3,
    visibility: "visible",
    description: "three commands submitted to the leader are applied by all five servers, at indexes 1, 2 and 3",
    descriptionIn: { ko: "leader에 제출한 명령 세 개를 서버 다섯 대가 모두 인덱스 1, 2, 3에 적용한다" },
    seeds: 10,
    run(ctx) {
      raftScenario(ctx, {}, (cluster) => {
        cluster.checkOneLeader();
        for (let i = 1; i <= 3; i++) {
          const before = cluster.nCommitted(i).count;
          check(before === 0, () => `${before} server(s) applied index ${i} before any command was submitted`);
          const index = cluster.one(100 + i, 5, false);
          check(index === i, () => `the command ${100 + i} got index ${index}, expected ${i}`);
        }
      });
    },
  },
];
