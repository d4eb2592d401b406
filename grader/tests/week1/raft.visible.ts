/** Week 1, Raft: visible tests (the first two things that must work). */
import { check, says, type GradedTest } from "../../api";
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
        check(term >= 1, () => says({ en: `the term is ${term} after an election; it should be at least 1`, ko: `선거 뒤 term이 ${term}입니다. 적어도 1이어야 합니다` }));
        const quietFrom = cluster.sim.now;
        cluster.sim.runFor(2 * ELECTION_TIMEOUT_MAX_MS);
        const later = cluster.checkTerms();
        check(later === term, () => says({ en: `the term changed from ${term} to ${later} with no failures: ${whyTermChanged(cluster, leader, term, quietFrom)}`, ko: `장애가 없는데 term이 ${term}에서 ${later}로 바뀌었습니다: ${whyTermChanged(cluster, leader, term, quietFrom)}` }));
        const again = cluster.checkOneLeader();
        check(again === leader, () => says({ en: `leadership moved from ${leader} to ${again} with no failures`, ko: `장애가 없는데 leader가 ${leader}에서 ${again} 서버로 바뀌었습니다` }));
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
          check(before === 0, () => says({ en: `${before} server(s) applied index ${i} before any command was submitted`, ko: `명령을 하나도 제출하지 않았는데 서버 ${before}대가 ${i}번 인덱스를 적용했습니다` }));
          const index = cluster.one(100 + i, 5, false);
          check(index === i, () => says({ en: `the command ${100 + i} got index ${index}, expected ${i}`, ko: `명령 ${100 + i}의 인덱스가 ${index}입니다. 기댓값은 ${i}입니다` }));
        }
      });
    },
  },
];
