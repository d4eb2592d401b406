import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 0,
  title: "Warm-up: majorities and quorums",
  exercises: [{ id: "quorum", title: "Quorum sizes and partitions", file: "week0/quorum.ts" }],
};
