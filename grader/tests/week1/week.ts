import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 1,
  title: "Time, order and consensus: logical clocks and Raft",
  exercises: [
    { id: "clocks", title: "Logical clocks: Lamport, vector, hybrid", file: "week1/clocks.ts" },
    { id: "raft", title: "Raft: leader election, log replication, persistence", file: "week1/raft.ts" },
  ],
};
