import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 0,
  title: "Warm-up: majorities and quorums",
  exercises: [{ id: "quorum", title: "Quorum sizes and partitions", titleIn: { ko: "quorum 크기와 네트워크 분할" }, file: "week0/quorum.ts" }],
};
