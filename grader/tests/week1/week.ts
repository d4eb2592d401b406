import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 1,
  title: "Time, order and consensus: logical clocks and Raft",
  titleIn: { ko: "시간, 순서, 합의: 논리 시계와 Raft" },
  exercises: [
    { id: "clocks", title: "Logical clocks: Lamport, vector, hybrid", titleIn: { ko: "논리 시계: Lamport, 벡터, 하이브리드" }, file: "week1/clocks.ts" },
    { id: "raft", title: "Raft: leader election, log replication, persistence", titleIn: { ko: "Raft: 리더 선출, 로그 복제, 영속성" }, file: "week1/raft.ts" },
  ],
};
