import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 2,
  title: "Distributed data: sharding, consistent hashing, a replicated quorum store",
  exercises: [
    { id: "ring", title: "Consistent hashing with virtual nodes", file: "week2/ring.ts" },
  ],
};
